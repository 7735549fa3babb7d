using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>`bicep build` and `bicep lint` on every template: no errors, no warnings.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BicepTests(CompiledInfrastructure compiled)
{
    [Fact]
    public void Main_template_builds_without_errors_or_warnings()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
        Assert.Equal(string.Empty, compiled.Build.StandardError.Trim());
        Assert.StartsWith("{", compiled.Build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_template_lints_without_errors_or_warnings()
    {
        Assert.True(compiled.Lint.ExitCode == 0, compiled.Lint.Describe());
        Assert.Equal(string.Empty, (compiled.Lint.StandardOutput + compiled.Lint.StandardError).Trim());
    }

    [Fact]
    public void The_lint_pattern_covers_the_main_template_and_all_seven_modules()
    {
        var root = RepositoryRoot.Find();
        var templates = BicepCli.TemplateFiles().Select(file => Path.GetRelativePath(root, file).Replace('\\', '/')).ToList();

        Assert.Equal("infra/**/*.bicep", CompiledInfrastructure.LintPattern);
        Assert.Contains("infra/main.bicep", templates);
        foreach (var module in new[] { "identity", "monitoring", "keyvault", "storage", "appservice", "bot", "alerts" })
        {
            Assert.Contains($"infra/modules/{module}.bicep", templates);
        }
    }

    [Fact]
    public void Example_parameters_file_builds_without_errors_or_warnings()
    {
        Assert.True(compiled.BuildParameters.ExitCode == 0, compiled.BuildParameters.Describe());
        Assert.Equal(string.Empty, compiled.BuildParameters.StandardError.Trim());
    }

    [Fact]
    public async Task The_linter_configuration_turns_a_secret_looking_plain_parameter_into_an_error()
    {
        using var temp = new TemporaryFolder();
        File.Copy(RepositoryRoot.PathTo("infra", "bicepconfig.json"), temp.File("bicepconfig.json"));
        var probe = temp.File("probe.bicep");
        await File.WriteAllTextAsync(probe, "@description('x')\nparam adminPassword string\noutput length int = length(adminPassword)\n");

        var result = await BicepCli.RunAsync("build", "--no-restore", probe, "--stdout");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error secure-secrets-in-params", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_parameter_of_every_module_has_a_description()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
        var templates = compiled.Template.SelfAndNested().ToList();
        var missing = templates
            .SelectMany(template => template.Parameters
                .Where(parameter => string.IsNullOrWhiteSpace((string?)parameter.Definition["metadata"]?["description"]))
                .Select(parameter => $"{template.Path}: {parameter.Name}"))
            .ToList();

        Assert.Equal(8, templates.Count);
        Assert.Empty(missing);
    }
}
