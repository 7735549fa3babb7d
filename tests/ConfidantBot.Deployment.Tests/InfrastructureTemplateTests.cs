using System.Text.Json.Nodes;
using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>
/// The compiled template of infra/main.bicep, checked for the least-privilege and privacy
/// settings the deployment promises.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InfrastructureTemplateTests(CompiledInfrastructure compiled)
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    private ArmTemplate Template
    {
        get
        {
            Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
            return compiled.Template;
        }
    }

    [Fact]
    public void App_settings_hold_only_identifiers_and_endpoints()
    {
        var app = Template.SingleResource("Microsoft.Web/sites");
        var names = app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(setting => (string?)setting!["name"])
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "APPLICATIONINSIGHTS_CONNECTION_STRING",
                "ASPNETCORE_ENVIRONMENT",
                "AZURE_CLIENT_ID",
                "Booking__ServiceMailbox",
                "Bot__AppId",
                "Bot__TenantId",
                "DOTNET_GCgen0size",
                "InvitationAddresses__AllowedDomains__0",
                "KeyVault__VaultUri",
                "Storage__TableEndpoint",
            ],
            names);
        Assert.Empty(Template.AllResources("Microsoft.Web/sites/config"));
    }

    [Fact]
    public void The_app_and_a_local_run_get_the_gc_budget_the_benchmarks_were_measured_with()
    {
        var app = Template.SingleResource("Microsoft.Web/sites");
        var launch = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryRoot.PathTo("src", "ConfidantBot", "Properties", "launchSettings.json")))!;
        var local = launch["profiles"]!.AsObject().Single().Value!["environmentVariables"]!["DOTNET_GCgen0size"];

        // The runtime reads the value as hexadecimal: 0x2000000 bytes is 32 MB.
        Assert.Equal("0x2000000", Setting(app, "DOTNET_GCgen0size"));
        Assert.Equal("0x2000000", (string?)local);
    }

    [Fact]
    public void No_secure_parameter_or_listed_key_reaches_the_app_settings()
    {
        var secureParameters = Template.SelfAndNested()
            .SelectMany(template => template.Parameters)
            .Where(parameter => ((string?)parameter.Definition["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true);

        Assert.Empty(SecretFlowCheck.FindSecretsInAppSettings(Template));
        Assert.Empty(secureParameters);
    }

    [Fact]
    public async Task The_secret_flow_check_finds_a_secure_parameter_handed_to_a_module_under_another_name()
    {
        using var temp = new TemporaryFolder();
        Directory.CreateDirectory(temp.File("modules"));
        await File.WriteAllTextAsync(temp.File("main.bicep"), """
            @secure()
            @description('A password that must never reach app settings.')
            param sqlPassword string

            module web 'modules/web.bicep' = {
              name: 'web'
              params: {
                connection: 'Server=x;Password=${sqlPassword}'
              }
            }
            """);
        await File.WriteAllTextAsync(temp.File("modules/web.bicep"), """
            @description('Connection text.')
            param connection string

            resource app 'Microsoft.Web/sites@2024-04-01' = {
              name: 'leaky'
              location: resourceGroup().location
              properties: {
                siteConfig: {
                  appSettings: [
                    {
                      name: 'Db'
                      value: connection
                    }
                  ]
                }
              }
            }
            """);

        var build = await BicepCli.RunAsync("build", "--no-restore", temp.File("main.bicep"), "--stdout");
        Assert.True(build.ExitCode == 0, build.Describe());

        var finding = Assert.Single(SecretFlowCheck.FindSecretsInAppSettings(ArmTemplate.Parse(build.StandardOutput)));
        Assert.Contains("main/web", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_runs_dotnet_10_on_linux_over_https_only_with_a_health_check()
    {
        var app = Template.SingleResource("Microsoft.Web/sites");
        var properties = app["properties"]!;
        var siteConfig = properties["siteConfig"]!;

        Assert.Equal("DOTNETCORE|10.0", (string?)siteConfig["linuxFxVersion"]);
        Assert.True((bool?)properties["httpsOnly"]);
        Assert.Equal("1.2", (string?)siteConfig["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)siteConfig["ftpsState"]);
        Assert.Equal("/healthz/ready", (string?)siteConfig["healthCheckPath"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.True((bool?)Template.SingleResource("Microsoft.Web/serverfarms")["properties"]!["reserved"], "The plan must be a Linux plan.");
        Assert.Equal("Production", Setting(app, "ASPNETCORE_ENVIRONMENT"));

        var basicAuth = Template.AllResources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, basicAuth.Count);
        Assert.All(basicAuth, policy => Assert.False((bool?)policy["properties"]!["allow"]));
    }

    [Fact]
    public void Key_vault_uses_rbac_soft_delete_and_purge_protection()
    {
        var vault = Template.SingleResource("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool?)vault["enableRbacAuthorization"]);
        Assert.True((bool?)vault["enableSoftDelete"]);
        Assert.True((bool?)vault["enablePurgeProtection"]);
        Assert.Null(vault["accessPolicies"]);
        Assert.Empty(Template.AllResources("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public void The_identity_gets_exactly_secret_read_on_the_vault_and_table_data_on_the_storage_account()
    {
        var grants = Template.SelfAndNested()
            .SelectMany(template => template.Resources
                .Where(resource => (string?)resource["type"] == "Microsoft.Authorization/roleAssignments")
                .Select(assignment => (
                    Scope: (string?)assignment["scope"] ?? string.Empty,
                    Role: template.ResolveVariables((string?)assignment["properties"]!["roleDefinitionId"] ?? string.Empty),
                    PrincipalType: (string?)assignment["properties"]!["principalType"])))
            .ToList();

        Assert.Equal(2, grants.Count);
        Assert.Contains(grants, grant => grant.Scope.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal) && grant.Role.Contains(KeyVaultSecretsUser, StringComparison.Ordinal));
        Assert.Contains(grants, grant => grant.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) && grant.Role.Contains(StorageTableDataContributor, StringComparison.Ordinal));
        Assert.All(grants, grant => Assert.Equal("ServicePrincipal", grant.PrincipalType));
    }

    [Fact]
    public void Storage_accepts_only_entra_identities_over_tls_1_2_and_serves_no_public_blobs()
    {
        var storage = Template.SingleResource("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool?)storage["allowSharedKeyAccess"]);
        Assert.False((bool?)storage["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
        Assert.True((bool?)storage["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void The_bot_is_single_tenant_signs_in_as_the_managed_identity_and_talks_only_to_teams()
    {
        var bot = Template.SingleResource("Microsoft.BotService/botServices")["properties"]!;
        var botModule = Template.NestedDeployments.Single(nested => (string?)nested.Deployment["name"] == "bot").Deployment;

        Assert.Equal("UserAssignedMSI", (string?)bot["msaAppType"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)bot["msaAppId"]);
        Assert.Contains(".outputs.clientId.value", (string?)botModule["properties"]!["parameters"]!["identityClientId"]!["value"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)bot["msaAppTenantId"]));
        Assert.False(string.IsNullOrEmpty((string?)bot["msaAppMSIResourceId"]));
        Assert.Equal("[parameters('endpoint')]", (string?)bot["endpoint"]);
        var endpoint = (string?)botModule["properties"]!["parameters"]!["endpoint"]!["value"];
        Assert.StartsWith("[format('https://{0}/api/messages', ", endpoint, StringComparison.Ordinal);
        Assert.Contains("outputs.defaultHostName.value", endpoint, StringComparison.Ordinal);

        var channel = Assert.Single(Template.AllResources("Microsoft.BotService/botServices/channels"));
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
    }

    [Fact]
    public void Telemetry_masks_client_addresses_and_is_kept_briefly()
    {
        var insights = Template.SingleResource("Microsoft.Insights/components")["properties"]!;

        Assert.False((bool?)insights["DisableIpMasking"]);
        Assert.NotNull(insights["WorkspaceResourceId"]);
        var retention = Template.Root["parameters"]!["logRetentionInDays"]!;
        Assert.Equal(30, (int?)retention["defaultValue"]);
    }

    private static string? Setting(JsonObject app, string name) =>
        (string?)app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Single(setting => (string?)setting!["name"] == name)!["value"];
}
