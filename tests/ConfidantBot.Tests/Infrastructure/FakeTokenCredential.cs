using Azure.Core;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>A credential that never leaves the machine; counts how often a token was asked for.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    private int _requests;

    public int Requests => _requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return new AccessToken("fake-token-" + string.Join(",", requestContext.Scopes), DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
