using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>
/// Runs the Bicep CLI once for every test that needs it (each call takes seconds): build of
/// infra/main.bicep, lint of every .bicep file under infra/, and build of the example
/// parameters file.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    public const string LintPattern = "infra/**/*.bicep";

    public ToolResult Build { get; private set; } = new(-1, string.Empty, string.Empty);

    public ToolResult Lint { get; private set; } = new(-1, string.Empty, string.Empty);

    public ToolResult BuildParameters { get; private set; } = new(-1, string.Empty, string.Empty);

    internal ArmTemplate Template => ArmTemplate.Parse(Build.StandardOutput);

    public async Task InitializeAsync()
    {
        var build = BicepCli.RunAsync("build", "--no-restore", RepositoryRoot.PathTo("infra", "main.bicep"), "--stdout");
        var lint = BicepCli.RunAsync("lint", "--no-restore", "--pattern", LintPattern);
        var buildParameters = BicepCli.RunAsync("build-params", "--no-restore", RepositoryRoot.PathTo("infra", "main.bicepparam"), "--stdout");
        Build = await build;
        Lint = await lint;
        BuildParameters = await buildParameters;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "Compiled infrastructure";
}
