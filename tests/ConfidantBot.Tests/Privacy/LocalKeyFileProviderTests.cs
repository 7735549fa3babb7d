using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Tests.Privacy;

public sealed class LocalKeyFileProviderTests : IDisposable
{
    private readonly TemporaryKeyFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task First_start_creates_an_owner_only_key_file_in_an_owner_only_folder()
    {
        Assert.False(File.Exists(folder.KeyFilePath));

        var key = await folder.NewProvider().GetCurrentDataKeyAsync();

        Assert.True(File.Exists(folder.KeyFilePath));
        Assert.Equal(VersionedKey.Length, key.Material.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.KeyFilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder.DataDirectory));
        }

        Assert.Empty(Directory.GetFiles(folder.DataDirectory, "*.tmp"));
    }

    [Fact]
    public async Task A_second_instance_reuses_the_same_keys()
    {
        var first = folder.NewProvider();
        var dataKey = await first.GetCurrentDataKeyAsync();
        var hmacKey = await first.GetHmacKeyAsync();

        var second = folder.NewProvider();

        Assert.Equal(dataKey.Material.ToArray(), (await second.GetCurrentDataKeyAsync()).Material.ToArray());
        Assert.Equal(hmacKey.Material.ToArray(), (await second.GetHmacKeyAsync()).Material.ToArray());
        Assert.NotEqual(dataKey.Material.ToArray(), hmacKey.Material.ToArray());
    }

    [Fact]
    public async Task Instances_starting_at_the_same_moment_agree_on_one_key()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => (await folder.NewProvider().GetCurrentDataKeyAsync()).Material.ToArray())));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Fact]
    public async Task Rotation_keeps_old_versions_and_survives_a_restart()
    {
        var provider = folder.NewProvider();
        var v1 = await provider.GetCurrentDataKeyAsync();

        var v2 = await provider.RotateDataKeyAsync();
        var restarted = folder.NewProvider();

        Assert.Equal("2", (await restarted.GetCurrentDataKeyAsync()).Version);
        Assert.Equal(v1.Material.ToArray(), (await restarted.GetDataKeyAsync("1")).ToArray());
        Assert.Equal(v2.Material.ToArray(), (await restarted.GetDataKeyAsync("2")).ToArray());
        await Assert.ThrowsAsync<UnknownKeyVersionException>(() => restarted.GetDataKeyAsync("3").AsTask());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.KeyFilePath));
        }
    }

    [Fact]
    public async Task A_key_file_readable_by_others_is_tightened_to_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await folder.NewProvider().GetCurrentDataKeyAsync();
        File.SetUnixFileMode(folder.KeyFilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await folder.NewProvider().GetCurrentDataKeyAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.KeyFilePath));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"format":1,"dataKeys":[{"version":"1","key":"c2hvcnQ="}],"hmacKey":{"version":"1","key":"c2hvcnQ="}}""")]
    public async Task A_damaged_key_file_is_reported_clearly_and_never_silently_replaced(string content)
    {
        Directory.CreateDirectory(folder.DataDirectory);
        await File.WriteAllTextAsync(folder.KeyFilePath, content);

        var ex = await Assert.ThrowsAsync<KeyUnavailableException>(() => folder.NewProvider().GetCurrentDataKeyAsync().AsTask());

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.Contains(folder.KeyFilePath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(folder.KeyFilePath));
    }
}
