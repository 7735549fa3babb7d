using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.State;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>What a waterfall step sees: the options the waterfall was begun with, its persisted values, and the previous step's result.</summary>
public sealed class WaterfallStepContext : DialogContext
{
    private readonly WaterfallDialog _waterfall;
    private readonly JsonNode? _options;
    private bool _nextCalled;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, JsonNode? options, JsonObject values, int index, DialogReason reason, object? result)
        : base(dc)
    {
        _waterfall = waterfall;
        _options = options;
        Values = values;
        Index = index;
        Reason = reason;
        Result = result;
    }

    /// <summary>The zero-based index of the running step.</summary>
    public int Index { get; }

    /// <summary>Why this step runs: begun, resumed after a child ended, or <see cref="NextAsync"/>.</summary>
    public DialogReason Reason { get; }

    /// <summary>The previous step's result (e.g. a prompt's value). In memory only; never persisted.</summary>
    public object? Result { get; }

    /// <summary>Values kept across the waterfall's steps and turns (persisted: ids and choices only, never free text).</summary>
    public JsonObject Values { get; }

    /// <summary>The options the waterfall was begun with, as JSON.</summary>
    public JsonNode? Options => _options;

    /// <summary>The options the waterfall was begun with, read back as the record the caller passed.</summary>
    public T? GetOptions<T>() => _options is null ? default : _options.Deserialize<T>(StateJson.Options);

    /// <summary>The previous step's result as <typeparamref name="T"/> (a prompt's value, or JSON converted).</summary>
    public T? GetResult<T>() => Result switch
    {
        T typed => typed,
        JsonNode node => node.Deserialize<T>(StateJson.Options),
        _ => default,
    };

    public T? GetValue<T>(string name) => Values[name] is { } node ? node.Deserialize<T>(StateJson.Options) : default;

    /// <summary>Keeps a value for later steps. Ids and choices only: free text must not be stored.</summary>
    public void SetValue<T>(string name, T value) => Values[name] = JsonSerializer.SerializeToNode(value, StateJson.Options);

    /// <summary>Skips to the next step with <paramref name="result"/> (no prompt this step).</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (_nextCalled)
        {
            throw new InvalidOperationException($"NextAsync was already called in step {Index} of '{_waterfall.Id}'.");
        }

        _nextCalled = true;
        return _waterfall.ResumeDialogAsync(this, DialogReason.NextCalled, result, cancellationToken);
    }
}
