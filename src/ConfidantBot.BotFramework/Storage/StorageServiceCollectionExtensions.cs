using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteStorage"/> as the singleton <see cref="IStorage"/>. Options are validated at start.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddValidatedOptions(services, configure);
        services.AddSingleton<IStorage>(provider => new SqliteStorage(
            provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Registers <see cref="AzureTableStorage"/> as the singleton <see cref="IStorage"/>. Options are validated at start.</summary>
    public static IServiceCollection AddAzureTableStorage(this IServiceCollection services, Action<AzureTableStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddValidatedOptions(services, configure);
        services.AddSingleton<IStorage>(provider => new AzureTableStorage(
            provider.GetRequiredService<IOptions<AzureTableStorageOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, Action<TOptions> configure)
        where TOptions : class, IStorageOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, StorageOptionsValidator<TOptions>>());
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
    }
}
