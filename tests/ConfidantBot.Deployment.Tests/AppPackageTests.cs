using System.IO.Compression;
using System.Text.Json.Nodes;
using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>manifest/pack.sh: the zip an administrator uploads to the Teams admin centre.</summary>
public sealed class AppPackageTests : IDisposable
{
    private const string AppId = TeamsAppPackage.SampleAppId;
    private const string BotId = TeamsAppPackage.SampleBotId;
    private const string Host = TeamsAppPackage.SampleHostName;

    private readonly TemporaryFolder _temp = new();

    [Fact]
    public async Task The_zip_holds_exactly_the_manifest_the_language_file_and_both_icons_at_its_root()
    {
        var zipPath = _temp.File("ConfidantBot-teams.zip");

        var result = await TeamsAppPackage.PackSampleAsync(zipPath);

        Assert.True(result.ExitCode == 0, result.Describe());
        using var zip = await ZipFile.OpenReadAsync(zipPath);
        Assert.Equal(
            ["color.png", "en-us.json", "manifest.json", "outline.png"],
            zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));

        foreach (var file in new[] { "color.png", "outline.png", "en-us.json" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(RepositoryRoot.PathTo("manifest", file)), await ReadEntryAsync(zip, file));
        }
    }

    [Fact]
    public async Task The_packed_manifest_has_every_placeholder_filled()
    {
        var zipPath = _temp.File("app.zip");

        var result = await TeamsAppPackage.PackSampleAsync(zipPath);

        Assert.True(result.ExitCode == 0, result.Describe());
        using var zip = await ZipFile.OpenReadAsync(zipPath);
        var text = System.Text.Encoding.UTF8.GetString(await ReadEntryAsync(zip, "manifest.json"));
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("1.0.0", (string?)manifest["version"]);
        Assert.Equal([Host], manifest["validDomains"]!.AsArray().Select(domain => (string?)domain));
        Assert.Equal($"https://{Host}/privacy", (string?)manifest["developer"]!["privacyUrl"]);
    }

    [Theory]
    [InlineData("not-a-guid", BotId, Host, "APP_ID 'not-a-guid' is not a GUID")]
    [InlineData(AppId, "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}", Host, "BOT_ID '{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}' is not a GUID")]
    [InlineData(AppId, BotId, "https://" + Host, "must not include a scheme")]
    [InlineData(AppId, BotId, Host + "/api/messages", "is not a host name")]
    [InlineData(AppId, BotId, Host + ":443", "is not a host name")]
    [InlineData(AppId, BotId, "bot.example.nl;rm", "is not a host name")]
    public async Task Bad_ids_or_host_names_are_refused_and_no_zip_is_written(string appId, string botId, string hostName, string expectedMessage)
    {
        var zipPath = _temp.File("refused.zip");

        var result = await TeamsAppPackage.PackAsync(zipPath, appId, botId, hostName);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expectedMessage, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task Missing_arguments_print_the_usage()
    {
        var result = await ToolProcess.RunAsync("bash", [RepositoryRoot.PathTo("manifest", "pack.sh"), AppId], RepositoryRoot.Find());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("usage: manifest/pack.sh APP_ID BOT_ID HOST_NAME [OUT]", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<byte[]> ReadEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{name} is not in the zip.");
        await using var stream = await entry.OpenAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
