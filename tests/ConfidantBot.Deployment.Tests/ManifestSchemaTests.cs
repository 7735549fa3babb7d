using System.IO.Compression;
using System.Text.Json.Nodes;
using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>The packed manifest and its language file against the official Teams schemas, offline.</summary>
public sealed class ManifestSchemaTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();

    [Fact]
    public async Task Packed_manifest_and_english_file_validate_against_the_schema_of_the_version_they_declare()
    {
        var declaredVersion = (string?)JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.PathTo("manifest", "manifest.json")))!["manifestVersion"];
        var folder = await PackAndExtractAsync();

        var result = await NodeValidator.ValidateFolderAsync(folder);

        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([$"OK manifest.json v{declaredVersion}", $"OK en-us.json v{declaredVersion}"], lines);
    }

    [Fact]
    public async Task A_language_file_with_an_unknown_key_or_too_long_text_is_rejected()
    {
        var folder = await PackAndExtractAsync();
        var english = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "en-us.json")))!.AsObject();
        english["bots[0].commandLists[0].commands[0].titel"] = "help";
        english["description.short"] = new string('x', 81);
        await File.WriteAllTextAsync(Path.Combine(folder, "en-us.json"), english.ToJsonString());

        var result = await NodeValidator.ValidateFolderAsync(folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("OK manifest.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("INVALID en-us.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("commands[0].titel", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/description.short", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_with_an_unknown_bot_scope_is_rejected()
    {
        var folder = await PackAndExtractAsync();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")))!.AsObject();
        manifest["bots"]![0]!["scopes"] = new JsonArray("personal", "groupchats");
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());

        var result = await NodeValidator.ValidateFolderAsync(folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INVALID manifest.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/bots/0/scopes/1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_file_on_another_schema_version_than_the_manifest_is_rejected()
    {
        var folder = await PackAndExtractAsync();
        var englishPath = Path.Combine(folder, "en-us.json");
        var english = JsonNode.Parse(await File.ReadAllTextAsync(englishPath))!.AsObject();
        english["$schema"] = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.Localization.schema.json";
        await File.WriteAllTextAsync(englishPath, english.ToJsonString());

        var result = await NodeValidator.ValidateFolderAsync(folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INVALID en-us.json: declares schema v1.19", result.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<string> PackAndExtractAsync()
    {
        var zip = _temp.File("app.zip");
        var pack = await TeamsAppPackage.PackSampleAsync(zip);
        Assert.True(pack.ExitCode == 0, pack.Describe());
        var folder = _temp.File("extracted");
        await ZipFile.ExtractToDirectoryAsync(zip, folder);
        return folder;
    }
}
