using System.Text;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Sealing;

namespace ConfidantBot.Tests.Privacy;

public sealed class RoutingSealerTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("pseudonym Kiwi, phone +31 6 12345678");

    private readonly TemporaryKeyFolder folder = new();
    private readonly LocalKeyFileProvider keys;
    private readonly RoutingSealer sealer;

    public RoutingSealerTests()
    {
        keys = folder.NewProvider();
        sealer = new RoutingSealer(keys);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Sealed_record_round_trips_through_its_stored_bytes()
    {
        var sealedRecord = await sealer.SealAsync("rec-1", "booking", Secret);

        var reopened = await sealer.OpenAsync("rec-1", "booking", SealedRecord.Parse(sealedRecord.ToBytes()));

        Assert.Equal(Secret, reopened);
        Assert.Equal("1", sealedRecord.KeyVersion);
    }

    [Fact]
    public async Task Same_plaintext_sealed_twice_gives_different_bytes()
    {
        var first = (await sealer.SealAsync("rec-1", "booking", Secret)).ToBytes();
        var second = (await sealer.SealAsync("rec-1", "booking", Secret)).ToBytes();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Flipped_ciphertext_byte_fails_as_tampered()
    {
        var bytes = (await sealer.SealAsync("rec-1", "booking", Secret)).ToBytes();
        bytes[2 + 1 + SealedRecord.NonceLength + 3] ^= 0x01;

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "booking", SealedRecord.Parse(bytes)).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
        Assert.Contains("integrity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flipped_tag_byte_fails_as_tampered()
    {
        var bytes = (await sealer.SealAsync("rec-1", "booking", Secret)).ToBytes();
        bytes[^1] ^= 0x80;

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "booking", SealedRecord.Parse(bytes)).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Fact]
    public async Task Flipped_nonce_byte_fails_as_tampered()
    {
        var bytes = (await sealer.SealAsync("rec-1", "booking", Secret)).ToBytes();
        bytes[3] ^= 0x01;

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "booking", SealedRecord.Parse(bytes)).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Fact]
    public async Task Record_copied_under_another_id_does_not_open()
    {
        var sealedRecord = await sealer.SealAsync("rec-1", "booking", Secret);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-2", "booking", sealedRecord).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Fact]
    public async Task Record_opened_for_another_purpose_does_not_open()
    {
        var sealedRecord = await sealer.SealAsync("rec-1", "booking", Secret);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "reminder", sealedRecord).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Fact]
    public async Task Unknown_key_version_fails_with_a_clear_message()
    {
        var sealedRecord = await sealer.SealAsync("rec-1", "booking", Secret);
        var relabelled = new SealedRecord(sealedRecord.Format, "99", sealedRecord.Nonce, sealedRecord.Ciphertext, sealedRecord.Tag);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "booking", relabelled).AsTask());

        Assert.Equal(SealedRecordProblem.UnknownKeyVersion, ex.Problem);
        Assert.Contains("'99'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_version_label_moved_to_another_existing_version_does_not_open()
    {
        var sealedRecord = await sealer.SealAsync("rec-1", "booking", Secret);
        await keys.RotateDataKeyAsync();
        var relabelled = new SealedRecord(sealedRecord.Format, "2", sealedRecord.Nonce, sealedRecord.Ciphertext, sealedRecord.Tag);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => sealer.OpenAsync("rec-1", "booking", relabelled).AsTask());

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 1, (byte)'1' })]
    [InlineData(new byte[] { 9, 1, (byte)'1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 200, (byte)'1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 1, (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Garbage_bytes_are_reported_as_malformed_not_crashing(byte[] bytes)
    {
        var ex = Assert.Throws<SealedRecordException>(() => SealedRecord.Parse(bytes));

        Assert.Equal(SealedRecordProblem.Malformed, ex.Problem);
    }

    [Fact]
    public async Task Rotation_new_seals_use_the_new_version_and_old_records_still_open()
    {
        var old = await sealer.SealAsync("rec-old", "booking", Secret);

        var rotated = await keys.RotateDataKeyAsync();
        var fresh = await sealer.SealAsync("rec-new", "booking", Secret);

        Assert.Equal("1", old.KeyVersion);
        Assert.Equal("2", rotated.Version);
        Assert.Equal("2", fresh.KeyVersion);
        Assert.Equal(Secret, await sealer.OpenAsync("rec-old", "booking", old));
        Assert.Equal(Secret, await sealer.OpenAsync("rec-new", "booking", fresh));
    }

    [Fact]
    public async Task Another_instance_opens_records_sealed_after_a_rotation_it_did_not_see()
    {
        var otherInstance = new RoutingSealer(folder.NewProvider());
        Assert.Equal("1", (await otherInstance.SealAsync("warm-up", "booking", Secret)).KeyVersion);

        await keys.RotateDataKeyAsync();
        var fresh = await sealer.SealAsync("rec-new", "booking", Secret);

        Assert.Equal(Secret, await otherInstance.OpenAsync("rec-new", "booking", fresh));
    }

    [Theory]
    [InlineData("", "booking")]
    [InlineData("rec\n1", "booking")]
    [InlineData("rec-1", "Booking")]
    [InlineData("rec-1", "book\ning")]
    public async Task Invalid_ids_and_purposes_are_refused_before_sealing(string recordId, string purpose)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => sealer.SealAsync(recordId, purpose, Secret).AsTask());
    }
}
