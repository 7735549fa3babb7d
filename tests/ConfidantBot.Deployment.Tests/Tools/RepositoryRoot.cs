namespace ConfidantBot.Deployment.Tests.Tools;

internal static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConfidantBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ConfidantBot.sln not found above the test output folder.");
    }

    public static string PathTo(params string[] parts) => Path.Combine([Find(), .. parts]);
}
