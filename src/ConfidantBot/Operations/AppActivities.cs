using System.Diagnostics;

namespace ConfidantBot.Operations;

/// <summary>The app's spans: calls to Graph and Key Vault (see <see cref="BotFramework.Telemetry.DependencyActivity"/>).</summary>
public static class AppActivities
{
    public const string SourceName = "ConfidantBot";

    internal static readonly ActivitySource Source = new(SourceName);
}
