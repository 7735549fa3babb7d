using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>Options that can say, in one sentence naming the setting, what is wrong with them.</summary>
internal interface IStorageOptions
{
    /// <summary>A message naming the setting to fix, or null when the options are usable.</summary>
    string? FindProblem();
}

internal static class StorageOptionsCheck
{
    public static void ThrowIfInvalid(IStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FindProblem() is { } problem)
        {
            throw new OptionsValidationException(options.GetType().Name, options.GetType(), [problem]);
        }
    }
}

internal sealed class StorageOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IStorageOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        options.FindProblem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
