using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no socket, so its requests carry no remote address, and local
/// mode refuses any caller it cannot see on loopback. A host driven in process by a test is on
/// this machine by definition: this gives its requests the loopback address a socket would have.
/// </summary>
public static class InProcessLoopback
{
    public static IServiceCollection AddInProcessLoopback(this IServiceCollection services)
        => services.AddSingleton<IStartupFilter, Filter>();

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}
