using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>Seeds the catalogue when the app starts, so the first person who asks does not wait for it.</summary>
internal sealed class RouteCatalogueStartup(IRouteCatalogue catalogue) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await catalogue.GetAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
