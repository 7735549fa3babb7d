using ConfidantBot.Booking;
using System.Text;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ConfidantBot.Tests.Privacy;

/// <summary>Runs on <see cref="InMemoryTestStorage"/>; to be repeated on SqliteStorage and Azure Tables (Azurite).</summary>
public sealed class SealedRoutingStoreTests : IDisposable
{
    private const string Tenant = Canaries.TenantId;
    private const string Alice = "11111111-1111-4111-8111-111111111111";
    private const string Bob = "22222222-2222-4222-8222-222222222222";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly TemporaryKeyFolder folder = new();
    private readonly LocalKeyFileProvider keys;
    private readonly InMemoryTestStorage storage;
    private readonly SealedRoutingStore store;
    private readonly PersonKeyHasher hasher;

    public SealedRoutingStoreTests()
    {
        keys = folder.NewProvider(clock);
        storage = new InMemoryTestStorage(clock);
        store = new SealedRoutingStore(storage, new RoutingSealer(keys), clock, NullLogger<SealedRoutingStore>.Instance);
        hasher = new PersonKeyHasher(keys);
    }

    public void Dispose() => folder.Dispose();

    private DateTimeOffset InTwoWeeks => clock.GetUtcNow().AddDays(14);

    [Fact]
    public async Task Saved_record_opens_with_everything_a_proactive_message_needs()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);

        await store.SaveAsync("bk-1", RoutingPurposes.Booking, Canaries.Record(), alice, InTwoWeeks);
        var opened = await store.OpenAsync("bk-1", RoutingPurposes.Booking);

        Assert.NotNull(opened);
        Assert.Equal(Canaries.Pseudonym, opened.Pseudonym);
        Assert.Equal(Canaries.PhoneNumber, opened.PhoneNumber);
        Assert.Equal(MeetingMode.PhoneConfidantCalls, opened.ContactMode);
        var reference = opened.Address.ToConversationReference();
        Assert.Equal(Canaries.ConversationId, reference.Conversation!.Id);
        Assert.Equal(Canaries.TenantId, reference.Conversation.TenantId);
        Assert.Equal(Canaries.UserId, reference.User!.Id);
        Assert.Equal("28:bot-app-id", reference.Bot!.Id);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("msteams", reference.ChannelId);
        Assert.Equal("nl-NL", reference.Locale);
    }

    [Fact]
    public async Task The_record_keeps_no_names_and_no_Entra_object_id()
    {
        var record = Canaries.Record();
        var reference = record.Address.ToConversationReference();

        Assert.Null(reference.User!.Name);
        Assert.Null(reference.User.AadObjectId);
        Assert.Null(reference.Bot!.Name);
        Assert.Null(reference.Conversation!.Name);
        Assert.Null(reference.ActivityId);
        Assert.DoesNotContain(Canaries.UserName, record.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canaries.Pseudonym, record.ToString(), StringComparison.Ordinal);

        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-1", RoutingPurposes.Booking, record, alice, InTwoWeeks);
        var opened = await store.OpenAsync("bk-1", RoutingPurposes.Booking);
        Assert.Null(opened!.Address.ToConversationReference().User!.AadObjectId);
    }

    [Fact]
    public async Task Stored_bytes_and_keys_contain_no_canary_in_clear()
    {
        var person = await hasher.HashAsync(Tenant, Canaries.EntraObjectId);
        await store.SaveAsync("bk-1", RoutingPurposes.Booking, Canaries.Record(), person, InTwoWeeks);
        await store.SaveAsync("bk-2", RoutingPurposes.Booking, Canaries.Record(phone: null), person, InTwoWeeks);

        Assert.Equal(4, storage.Count);
        foreach (var (key, data) in storage.RawItems)
        {
            var texts = new[]
            {
                key.Partition, key.Id,
                Encoding.UTF8.GetString(data), Encoding.Unicode.GetString(data), Encoding.Latin1.GetString(data),
            };
            foreach (var canary in Canaries.All.Append(Canaries.TenantId).Append("Kiwi").Append("99887766"))
            {
                Assert.All(texts, text => Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public async Task Find_by_person_returns_exactly_that_persons_records()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        var bob = await hasher.HashAsync(Tenant, Bob);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record("Alice one"), alice, InTwoWeeks);
        await store.SaveAsync("bk-a2", RoutingPurposes.Booking, Canaries.Record("Alice two"), alice, InTwoWeeks.AddDays(3));
        await store.SaveAsync("bk-b1", RoutingPurposes.Booking, Canaries.Record("Bob one"), bob, InTwoWeeks);

        var found = await store.FindByPersonAsync(alice);

        Assert.Equal(["Alice one", "Alice two"], found.Select(f => f.Record.Pseudonym).Order());
        Assert.Equal(["bk-a1", "bk-a2"], found.Select(f => f.Reference.RecordId).Order());
        Assert.Equal(InTwoWeeks.AddDays(3), found.Single(f => f.Reference.RecordId == "bk-a2").ExpiresAt);
    }

    [Fact]
    public async Task Forget_me_removes_exactly_the_persons_records_and_leaves_others()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        var bob = await hasher.HashAsync(Tenant, Bob);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record("Alice one"), alice, InTwoWeeks);
        await store.SaveAsync("bk-a2", "reminder", Canaries.Record("Alice two"), alice, InTwoWeeks);
        await store.SaveAsync("bk-b1", RoutingPurposes.Booking, Canaries.Record("Bob one"), bob, InTwoWeeks);

        var result = await store.DeleteAllForPersonAsync(alice);

        Assert.Equal(2, result.RecordCount);
        Assert.Equal(2, result.IndexEntriesDeleted);
        Assert.Empty(await store.FindByPersonAsync(alice));
        Assert.Null(await store.OpenAsync("bk-a1", RoutingPurposes.Booking));
        Assert.Null(await store.OpenAsync("bk-a2", "reminder"));
        Assert.Equal("Bob one", (await store.OpenAsync("bk-b1", RoutingPurposes.Booking))!.Pseudonym);
        Assert.Single(await store.FindByPersonAsync(bob));
        Assert.Equal(2, storage.Count);
        Assert.Equal(0, (await store.DeleteAllForPersonAsync(alice)).RecordCount);
    }

    [Fact]
    public async Task A_forged_index_entry_neither_shows_nor_deletes_someone_elses_record()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        var bob = await hasher.HashAsync(Tenant, Bob);
        await store.SaveAsync("bk-b1", RoutingPurposes.Booking, Canaries.Record("Bob one"), bob, InTwoWeeks);
        await storage.WriteAsync(SealedRoutingStore.IndexKey(alice, "bk-b1", RoutingPurposes.Booking), "{}"u8.ToArray(), ETags.Any, InTwoWeeks);

        Assert.Empty(await store.FindByPersonAsync(alice));
        var result = await store.DeleteAllForPersonAsync(alice);

        Assert.Equal(0, result.RecordCount);
        Assert.NotNull(await store.OpenAsync("bk-b1", RoutingPurposes.Booking));
        Assert.Single(await store.FindByPersonAsync(bob));
    }

    [Fact]
    public async Task An_index_entry_whose_record_is_gone_is_skipped()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record("Alice one"), alice, InTwoWeeks);
        await store.SaveAsync("bk-a2", RoutingPurposes.Booking, Canaries.Record("Alice two"), alice, InTwoWeeks);
        await storage.DeleteAsync(SealedRoutingStore.RecordKey("bk-a1", RoutingPurposes.Booking));

        var found = await store.FindByPersonAsync(alice);

        Assert.Equal("bk-a2", Assert.Single(found).Reference.RecordId);
    }

    [Fact]
    public async Task A_tampered_record_is_reported_on_open_and_skipped_by_find()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record("Alice one"), alice, InTwoWeeks);
        await store.SaveAsync("bk-a2", RoutingPurposes.Booking, Canaries.Record("Alice two"), alice, InTwoWeeks);
        var key = SealedRoutingStore.RecordKey("bk-a1", RoutingPurposes.Booking);
        var bytes = (await storage.ReadAsync(key))!.Data.ToArray();
        bytes[20] ^= 0xff;
        await storage.WriteAsync(key, bytes, ETags.Any, InTwoWeeks);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => store.OpenAsync("bk-a1", RoutingPurposes.Booking));
        var found = await store.FindByPersonAsync(alice);

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
        Assert.Equal("bk-a2", Assert.Single(found).Reference.RecordId);
    }

    [Fact]
    public async Task A_record_copied_to_another_id_in_storage_does_not_open()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record(), alice, InTwoWeeks);
        var original = await storage.ReadAsync(SealedRoutingStore.RecordKey("bk-a1", RoutingPurposes.Booking));
        await storage.WriteAsync(SealedRoutingStore.RecordKey("bk-x9", RoutingPurposes.Booking), original!.Data, null, InTwoWeeks);

        var ex = await Assert.ThrowsAsync<SealedRecordException>(() => store.OpenAsync("bk-x9", RoutingPurposes.Booking));

        Assert.Equal(SealedRecordProblem.TamperedOrMisplaced, ex.Problem);
    }

    [Fact]
    public async Task Delete_removes_the_record_and_its_index_entry()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record(), alice, InTwoWeeks);

        Assert.True(await store.DeleteAsync("bk-a1", RoutingPurposes.Booking));
        Assert.False(await store.DeleteAsync("bk-a1", RoutingPurposes.Booking));

        Assert.Equal(0, storage.Count);
        Assert.Empty(await store.FindByPersonAsync(alice));
    }

    [Fact]
    public async Task Nothing_is_stored_when_the_keys_are_unavailable()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        var noKeys = new Mock<IKeyProvider>();
        noKeys.Setup(k => k.GetCurrentDataKeyAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new KeyUnavailableException("vault down"));
        var storeWithoutKeys = new SealedRoutingStore(storage, new RoutingSealer(noKeys.Object), clock, NullLogger<SealedRoutingStore>.Instance);

        await Assert.ThrowsAsync<KeyUnavailableException>(() => storeWithoutKeys.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record(), alice, InTwoWeeks));

        Assert.Equal(0, storage.Count);
    }

    [Fact]
    public async Task A_record_must_expire_in_the_future()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record(), alice, clock.GetUtcNow()));
    }

    [Fact]
    public async Task Records_sealed_before_a_key_rotation_are_still_found_and_opened()
    {
        var alice = await hasher.HashAsync(Tenant, Alice);
        await store.SaveAsync("bk-a1", RoutingPurposes.Booking, Canaries.Record("Before"), alice, InTwoWeeks);

        await keys.RotateDataKeyAsync();
        await store.SaveAsync("bk-a2", RoutingPurposes.Booking, Canaries.Record("After"), alice, InTwoWeeks);

        var found = await store.FindByPersonAsync(alice);
        Assert.Equal(["After", "Before"], found.Select(f => f.Record.Pseudonym).Order());
        var versions = storage.RawItems.Where(i => i.Key.Partition.StartsWith(SealedRoutingStore.RecordPartitionPrefix, StringComparison.Ordinal))
            .Select(i => SealedRecord.Parse(i.Data).KeyVersion).Order();
        Assert.Equal(["1", "2"], versions);
    }

    [Fact]
    public void A_reference_without_the_ids_a_proactive_message_needs_is_refused_clearly()
    {
        var reference = Canaries.Reference();
        reference.Conversation = null;

        var ex = Assert.Throws<ArgumentException>(() => RoutingRecord.Create(reference, "Kiwi", MeetingMode.Online));

        Assert.Contains("conversation.id", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a-pseudonym-that-is-far-too-long-to-be-a-pseudonym-anyone-would-pick")]
    public void An_empty_or_overlong_pseudonym_is_refused(string pseudonym)
    {
        Assert.Throws<ArgumentException>(() => RoutingRecord.Create(Canaries.Reference(), pseudonym, MeetingMode.Online));
    }
}
