namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// The connector client refused a service URL before sending anything: it was not received in an
/// authenticated activity, or it breaks the local/https rule.
/// </summary>
public sealed class UntrustedServiceUrlException : Exception
{
    public UntrustedServiceUrlException(string message)
        : base(message)
    {
    }

    public UntrustedServiceUrlException()
    {
    }

    public UntrustedServiceUrlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
