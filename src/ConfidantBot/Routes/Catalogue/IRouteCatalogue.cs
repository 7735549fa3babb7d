namespace ConfidantBot.Routes.Catalogue;

/// <summary>The routes this municipality offers, read from the bot's store (cached in memory).</summary>
public interface IRouteCatalogue
{
    /// <summary>A snapshot with the configured contacts; routes that need a contact are left out without one.</summary>
    ValueTask<RouteCatalogue> GetAsync(CancellationToken cancellationToken = default);
}
