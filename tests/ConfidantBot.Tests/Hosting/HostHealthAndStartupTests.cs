using System.Net;
using ConfidantBot.Hosting;

namespace ConfidantBot.Tests.Hosting;

public sealed class HostHealthTests
{
    [Fact]
    public async Task Healthz_is_200_while_the_store_works()
    {
        await using var host = new BotHostFactory().Start();
        using var client = host.CreateHttpClient();

        var response = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_without_details_when_the_data_folder_is_replaced_by_a_file_while_liveness_stays_200()
    {
        await using var host = new BotHostFactory().Start();
        using var client = host.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz/ready")).StatusCode);

        Directory.Delete(host.DataDirectory, recursive: true);
        await File.WriteAllTextAsync(host.DataDirectory, "not a folder");
        var ready = await client.GetAsync("healthz/ready");
        var live = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        // Liveness asks nothing outside the process: the platform must not restart an instance for a store outage.
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }
}

public sealed class HostStartupCheckTests
{
    [Fact]
    public async Task Production_without_app_id_tenant_vault_and_invitation_domains_refuses_to_start_naming_each_setting()
    {
        await using var host = new BotHostFactory(new BotHostSettings { Environment = "Production" });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        Assert.Contains("Bot:AppId", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:TenantId", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("KeyVault:VaultUri", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("InvitationAddresses:AllowedDomains", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(4, refusal.Problems.Count);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Test")]
    public async Task An_environment_other_than_Development_with_an_empty_app_id_refuses_to_start_naming_the_setting(string environment)
    {
        await using var host = new BotHostFactory(new BotHostSettings { Environment = environment });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        var problem = Assert.Single(refusal.Problems);
        Assert.StartsWith("Bot:AppId is empty", problem, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_with_an_empty_app_id_starts_in_local_mode_with_the_local_chat_page()
    {
        await using var host = new BotHostFactory(new BotHostSettings { Environment = "Development" }).Start();
        using var client = host.CreateHttpClient();

        using var page = await client.GetAsync("/");
        using var unauthenticated = await host.PostActivityAsync(ProtocolBody.TypedMessage(host.BaseUrl + "local/connector/", ProtocolBody.NewConversationId(), "hallo"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task The_removed_unanswered_request_setting_is_refused_so_nobody_relies_on_it()
    {
        await using var host = new BotHostFactory(new BotHostSettings { Settings = new Dictionary<string, string?> { ["Retention:UnansweredRequestDays"] = "7" } });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        Assert.StartsWith("Retention:UnansweredRequestDays is no longer read", Assert.Single(refusal.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_a_storage_connection_string()
    {
        await using var host = new BotHostFactory(new BotHostSettings
        {
            Environment = "Production",
            Settings = new Dictionary<string, string?>
            {
                ["Bot:AppId"] = BotHostFactory.AppId,
                ["Bot:TenantId"] = BotHostFactory.TenantId,
                ["KeyVault:VaultUri"] = "https://confidantbot-test.vault.azure.net/",
                ["Booking:ServiceMailbox"] = BotHostFactory.ServiceMailbox,
                ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
                ["InvitationAddresses:AllowedDomains:0"] = "gemeente.example",
            },
        });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        Assert.Equal("Storage:ConnectionString", Assert.Single(refusal.Problems).Split(' ')[0]);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Outside_local_mode_without_a_service_mailbox_the_host_refuses_to_start_naming_the_setting(string environment)
    {
        await using var host = new BotHostFactory(new BotHostSettings
        {
            Environment = environment,
            Settings = new Dictionary<string, string?>
            {
                ["Bot:AppId"] = BotHostFactory.AppId,
                ["Bot:TenantId"] = BotHostFactory.TenantId,
                ["KeyVault:VaultUri"] = "https://confidantbot-test.vault.azure.net/",
                ["InvitationAddresses:AllowedDomains:0"] = "gemeente.example",
            },
        });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        var problem = Assert.Single(refusal.Problems, p => p.Contains("ServiceMailbox", StringComparison.Ordinal));
        Assert.StartsWith("Booking:ServiceMailbox (or Graph:ServiceMailbox) is missing.", problem, StringComparison.Ordinal);
        Assert.Contains("the local calendar is for local mode only", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:3978")]
    [InlineData("http://*:3978")]
    [InlineData("http://192.0.2.10:3978")]
    public async Task Local_mode_refuses_to_listen_beyond_loopback(string url)
    {
        await using var host = new BotHostFactory(new BotHostSettings { Settings = new Dictionary<string, string?> { ["urls"] = url } });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        var problem = Assert.Single(refusal.Problems);
        Assert.Contains(url, problem, StringComparison.Ordinal);
        Assert.Contains("Bot:AppId", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_id_that_is_not_a_guid_is_refused()
    {
        await using var host = new BotHostFactory(new BotHostSettings { Settings = new Dictionary<string, string?> { ["Bot:AppId"] = "my-bot" } });

        var refusal = Assert.Throws<InvalidConfigurationException>(() => host.Start());

        Assert.Contains(refusal.Problems, problem => problem.StartsWith("Bot:AppId must be a GUID", StringComparison.Ordinal));
    }
}
