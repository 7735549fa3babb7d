namespace ConfidantBot.BotFramework.Connector;

/// <summary>Supplies the bearer token for connector calls.</summary>
public interface IConnectorTokenProvider
{
    /// <summary>The access token to send, or <see langword="null"/> to send none (local mode).</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Local mode (no app id): connector calls carry no token.</summary>
public sealed class NoConnectorTokenProvider : IConnectorTokenProvider
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
