namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>Runs manifest/pack.sh the way an operator would.</summary>
internal static class TeamsAppPackage
{
    public const string SampleAppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string SampleBotId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    public const string SampleHostName = "confidantbot.gemeente.example";

    public static Task<ToolResult> PackAsync(string outputZip, params string[] arguments) =>
        ToolProcess.RunAsync(
            "bash",
            [RepositoryRoot.PathTo("manifest", "pack.sh"), .. arguments, outputZip],
            RepositoryRoot.Find());

    public static Task<ToolResult> PackSampleAsync(string outputZip) =>
        PackAsync(outputZip, SampleAppId, SampleBotId, SampleHostName);
}
