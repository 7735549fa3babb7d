namespace ConfidantBot.Deployment.Tests;

public class RepositoryLayoutTests
{
    [Fact]
    public void Manifest_and_infra_folders_exist_at_the_repository_root()
    {
        var root = RepositoryRoot.Find();
        Assert.True(Directory.Exists(Path.Combine(root, "manifest")));
        Assert.True(Directory.Exists(Path.Combine(root, "infra")));
    }
}

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
}
