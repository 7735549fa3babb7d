using Azure.Identity;
using ConfidantBot.BotFramework.Authentication;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConfidantBot.Hosting;

public static class ProtocolExtensions
{
    /// <summary>
    /// The Bot Framework protocol: inbound authentication (off only in local mode), the connector
    /// client with the bot's managed identity, and the adapter that runs turns.
    /// </summary>
    public static WebApplicationBuilder AddBotProtocol(this WebApplicationBuilder builder)
    {
        var bot = builder.Configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        var services = builder.Services;

        if (!bot.IsLocalMode)
        {
            services.AddBotAuthentication(options =>
            {
                builder.Configuration.GetSection("BotAuthentication").Bind(options);
                options.AppId = bot.AppId;
                options.TenantId = bot.TenantId;
                foreach (var tenant in bot.AllowedTenantIds.Where(t => !options.AllowedTenantIds.Contains(t)))
                {
                    options.AllowedTenantIds.Add(tenant);
                }
            });
        }

        services.AddBotConnector(options =>
        {
            builder.Configuration.GetSection("Connector").Bind(options);
            options.LocalMode = bot.IsLocalMode;
            // The Azure Bot uses the user-assigned managed identity whose client id is the app id; no secret exists.
            options.Credential = bot.IsLocalMode ? null : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(bot.AppId!));
        });

        services.TryAddSingleton<CloudAdapter>();
        services.TryAddSingleton<BotAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        return builder;
    }

    /// <summary>
    /// The store: Azure Table Storage with managed identity when <c>Storage:TableEndpoint</c> is set
    /// (several instances), otherwise SQLite in the data folder. A connection string is accepted only
    /// outside production (Azurite).
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Storage");
        var tableEndpoint = section["TableEndpoint"];
        var connectionString = section["ConnectionString"];
        if (!string.IsNullOrWhiteSpace(tableEndpoint) || !string.IsNullOrWhiteSpace(connectionString))
        {
            var clientId = builder.Configuration["AZURE_CLIENT_ID"];
            builder.Services.AddAzureTableStorage(options =>
            {
                options.TableName = section["TableName"] is { Length: > 0 } table ? table : options.TableName;
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    options.ConnectionString = connectionString;
                }
                else
                {
                    options.ServiceUri = new Uri(tableEndpoint!);
                    options.Credential = string.IsNullOrWhiteSpace(clientId)
                        ? new DefaultAzureCredential()
                        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }
        else
        {
            var dataDirectory = builder.ResolveDataDirectory();
            builder.Services.AddSqliteStorage(options => options.DataDirectory = dataDirectory);
        }

        return builder;
    }
}
