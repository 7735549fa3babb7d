namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>
/// Runs validate-manifest.mjs, which checks a manifest folder against the Teams JSON schemas
/// bundled in the npm package @microsoft/app-manifest (installed at the repository root).
/// </summary>
internal static class NodeValidator
{
    public static async Task<ToolResult> ValidateFolderAsync(string folder)
    {
        var root = RepositoryRoot.Find();
        var package = Path.Combine(root, "node_modules", "@microsoft", "app-manifest", "package.json");
        var fsExtra = Path.Combine(root, "node_modules", "fs-extra", "package.json");
        Assert.True(
            File.Exists(package) && File.Exists(fsExtra),
            $"The Teams manifest schemas are missing: run 'npm ci' (or 'npm install') at the repository root ({root}) to install @microsoft/app-manifest and fs-extra into node_modules.");

        var script = Path.Combine(root, "tests", "ConfidantBot.Deployment.Tests", "validate-manifest.mjs");
        return await ToolProcess.RunAsync("node", [script, folder], root);
    }
}
