using System.Text.Json.Nodes;
using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>
/// infra/modules/alerts.bicep, compiled: each alert the operator relies on exists, reads what the app really
/// emits, takes its threshold from a parameter of main.bicep (with a default), and goes to the action group
/// whose e-mail address is a parameter.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AlertRulesTests(CompiledInfrastructure compiled)
{
    private ArmTemplate Alerts
    {
        get
        {
            Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
            return Assert.Single(compiled.Template.SelfAndNested(), template => template.Path == "main/alerts");
        }
    }

    [Theory]
    [InlineData("server-errors", "serverErrorPercentThreshold", "/api/messages", 5)]
    [InlineData("graph-failures", "graphFailureThreshold", "confidantbot.graph.errors", 5)]
    [InlineData("relay-lag", "relayLagThresholdSeconds", "confidantbot.relay.lag", 900)]
    [InlineData("key-vault-failures", "keyVaultFailureThreshold", "confidantbot.keyvault.failures", 0)]
    public void A_log_alert_rule_queries_what_the_app_emits_with_its_threshold_from_a_main_parameter(string rule, string thresholdParameter, string queried, int defaultThreshold)
    {
        var rules = Alerts.Root["variables"]!["logRules"]!.AsArray().Select(node => node!.AsObject()).ToList();
        var definition = Assert.Single(rules, candidate => (string?)candidate["name"] == rule);

        Assert.Contains(queried, (string?)definition["query"], StringComparison.Ordinal);
        Assert.Equal($"[parameters('{thresholdParameter}')]", (string?)definition["threshold"]);
        AssertPassedFromMainWithDefault(thresholdParameter, defaultThreshold);

        var scheduled = Alerts.SingleResource("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal("[length(variables('logRules'))]", (string?)scheduled["copy"]!["count"]);
        var criterion = scheduled["properties"]!["criteria"]!["allOf"]![0]!;
        Assert.Equal("[variables('logRules')[copyIndex()].threshold]", (string?)criterion["threshold"]);
        Assert.Equal("[variables('logRules')[copyIndex()].query]", (string?)criterion["query"]);
        Assert.Equal("GreaterThan", (string?)criterion["operator"]);
        AssertSentToTheOperators(scheduled["properties"]!["actions"]!["actionGroups"]![0]);
    }

    [Fact]
    public void The_metric_names_in_the_queries_are_the_ones_the_app_defines()
    {
        var metricsSource = File.ReadAllText(RepositoryRoot.PathTo("src", "ConfidantBot", "Operations", "ConfidantBotMetrics.cs"));
        var queries = Alerts.Root["variables"]!["logRules"]!.AsArray().Select(node => (string?)node!["query"] ?? "");

        foreach (var name in queries.SelectMany(query => System.Text.RegularExpressions.Regex.Matches(query, "confidantbot\\.[a-z.]+").Select(match => match.Value)))
        {
            Assert.Contains($"\"{name}\"", metricsSource, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_app_being_down_is_an_availability_test_on_healthz_with_a_failed_locations_threshold()
    {
        var test = Alerts.SingleResource("Microsoft.Insights/webtests");
        Assert.Equal("standard", (string?)test["kind"]);
        Assert.Equal("[format('https://{0}/healthz', parameters('hostName'))]", (string?)test["properties"]!["Request"]!["RequestUrl"]);
        // The app's own azurewebsites.net name: it answers whether or not a custom domain is bound yet.
        Assert.EndsWith(".outputs.defaultHostName.value]", (string?)AlertsDeployment()["properties"]!["parameters"]!["hostName"]!["value"], StringComparison.Ordinal);
        Assert.Equal(200, (int?)test["properties"]!["ValidationRules"]!["ExpectedHttpStatusCode"]);

        var alert = Alerts.SingleResource("Microsoft.Insights/metricAlerts");
        var criteria = alert["properties"]!["criteria"]!;
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", (string?)criteria["odata.type"]);
        Assert.Equal("[parameters('availabilityFailedLocationThreshold')]", (string?)criteria["failedLocationCount"]);
        AssertPassedFromMainWithDefault("availabilityFailedLocationThreshold", 2);
        AssertSentToTheOperators(alert["properties"]!["actions"]![0]!["actionGroupId"]);
    }

    [Fact]
    public void Alerts_go_by_e_mail_to_the_address_given_as_a_parameter()
    {
        var group = Alerts.SingleResource("Microsoft.Insights/actionGroups");
        var receiver = Assert.Single(group["properties"]!["emailReceivers"]!.AsArray());

        Assert.Equal("[parameters('alertEmailAddress')]", (string?)receiver!["emailAddress"]);
        var main = compiled.Template.Root["parameters"]!["alertEmailAddress"]!;
        Assert.Null(main["defaultValue"]);
        Assert.Equal("[parameters('alertEmailAddress')]", (string?)AlertsDeployment()["properties"]!["parameters"]!["alertEmailAddress"]!["value"]);
    }

    [Fact]
    public void App_Service_takes_instances_out_on_readiness_and_the_availability_test_calls_liveness()
    {
        var app = compiled.Template.SingleResource("Microsoft.Web/sites");

        Assert.Equal("/healthz/ready", (string?)app["properties"]!["siteConfig"]!["healthCheckPath"]);
    }

    private JsonObject AlertsDeployment() =>
        compiled.Template.Resources.Single(resource => (string?)resource["type"] == "Microsoft.Resources/deployments" && (string?)resource["name"] == "alerts");

    private void AssertPassedFromMainWithDefault(string parameter, int defaultValue)
    {
        var main = compiled.Template.Root["parameters"]![parameter];
        Assert.True(main is not null, $"main.bicep has no parameter {parameter}");
        Assert.Equal(defaultValue, (int?)main["defaultValue"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)main["metadata"]?["description"]));
        Assert.Equal($"[parameters('{parameter}')]", (string?)AlertsDeployment()["properties"]!["parameters"]![parameter]!["value"]);
        Assert.NotNull(Alerts.Root["parameters"]![parameter]);
    }

    private static void AssertSentToTheOperators(JsonNode? actionGroupId) =>
        Assert.Contains("Microsoft.Insights/actionGroups", (string?)actionGroupId, StringComparison.Ordinal);
}
