using System.Text.Json.Nodes;
using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>What the manifest promises a user: personal chat only, Dutch first, English too.</summary>
public sealed class ManifestContentTests
{
    private static readonly string[] DutchCommands =
        ["help", "routes", "vertrouwenspersonen", "afspraak", "mijn afspraken", "wat bewaar je", "vergeet mij"];

    private readonly JsonObject _manifest = ReadJson("manifest.json");

    [Fact]
    public void The_bot_can_only_be_installed_in_a_personal_chat()
    {
        var scopeLists = FindProperties(_manifest, "scopes").ToList();
        Assert.NotEmpty(scopeLists);
        Assert.All(scopeLists, scopes => Assert.Equal(["personal"], scopes.AsArray().Select(scope => (string?)scope)));

        Assert.Equal("personal", (string?)_manifest["defaultInstallScope"]);
        var bot = Assert.Single(_manifest["bots"]!.AsArray())!;
        Assert.Null(bot["configuration"]);
        Assert.False((bool?)bot["supportsFiles"]);
        Assert.False((bool?)bot["supportsCalling"]);
        Assert.False((bool?)bot["supportsVideo"]);

        // Tabs, message extensions and meeting surfaces would each open a way into a team or group chat.
        foreach (var surface in new[] { "configurableTabs", "staticTabs", "composeExtensions", "meetingExtensionDefinition", "defaultGroupCapability" })
        {
            Assert.False(_manifest.ContainsKey(surface), $"The manifest must not declare {surface}.");
        }

        var text = _manifest.ToJsonString();
        Assert.DoesNotContain("\"team\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("groupChat", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("copilot", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Dutch_is_the_default_language_with_the_dutch_command_words()
    {
        Assert.Equal("nl-nl", (string?)_manifest["localizationInfo"]!["defaultLanguageTag"]);
        var commands = _manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
        Assert.Equal(DutchCommands, commands.Select(command => (string?)command!["title"]));
        Assert.All(commands, command => Assert.False(string.IsNullOrWhiteSpace((string?)command!["description"])));
    }

    [Fact]
    public void English_translates_every_name_description_and_command()
    {
        var language = Assert.Single(_manifest["localizationInfo"]!["additionalLanguages"]!.AsArray())!;
        Assert.Equal("en-us", (string?)language["languageTag"]);
        var english = ReadJson((string)language["file"]!);

        foreach (var key in new[] { "name.short", "name.full", "description.short", "description.full" })
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)english[key]), $"en-us.json lacks {key}.");
        }

        var commandCount = _manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray().Count;
        for (var i = 0; i < commandCount; i++)
        {
            foreach (var field in new[] { "title", "description" })
            {
                var key = $"bots[0].commandLists[0].commands[{i}].{field}";
                Assert.False(string.IsNullOrWhiteSpace((string?)english[key]), $"en-us.json lacks {key}.");
            }
        }

        Assert.Contains("forget me", english.Select(pair => (string?)pair.Value));
        Assert.NotEqual((string?)_manifest["description"]!["full"], (string?)english["description.full"]);
    }

    [Fact]
    public void The_template_carries_placeholders_for_the_ids_host_and_version()
    {
        Assert.Equal("{{APP_ID}}", (string?)_manifest["id"]);
        Assert.Equal("{{BOT_ID}}", (string?)_manifest["bots"]![0]!["botId"]);
        Assert.Equal("{{VERSION}}", (string?)_manifest["version"]);
        Assert.Equal(["{{HOST_NAME}}"], _manifest["validDomains"]!.AsArray().Select(domain => (string?)domain));
        Assert.Null(_manifest["webApplicationInfo"]);
    }

    private static JsonObject ReadJson(string fileName) =>
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.PathTo("manifest", fileName)))!.AsObject();

    private static IEnumerable<JsonNode> FindProperties(JsonNode node, string name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (key == name)
                    {
                        yield return value;
                    }

                    foreach (var found in FindProperties(value, name))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                foreach (var found in array.OfType<JsonNode>().SelectMany(item => FindProperties(item, name)))
                {
                    yield return found;
                }

                break;
        }
    }
}
