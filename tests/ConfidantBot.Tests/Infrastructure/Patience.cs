namespace ConfidantBot.Tests.Infrastructure;

/// <summary>How long a test waits for something that will happen (a reply, a background pass, an event).</summary>
/// <remarks>
/// Generous on purpose: a passing test stops waiting as soon as the thing happens, so only a failing test waits this
/// long. A short deadline fails on a loaded or slow CI machine (runs here saw a load average of 30 on 2 cores), where a
/// bot turn or a background pass can take many seconds.
/// </remarks>
public static class Patience
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);
}
