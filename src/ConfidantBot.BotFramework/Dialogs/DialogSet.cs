using ConfidantBot.BotFramework.Hosting;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>The dialogs that can be begun by id from one dialog context.</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogSet Add(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        if (!_dialogs.TryAdd(dialog.Id, dialog) && !ReferenceEquals(_dialogs[dialog.Id], dialog))
        {
            throw new ArgumentException($"A different dialog with id '{dialog.Id}' is already in this set.", nameof(dialog));
        }

        return this;
    }

    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);

    public IEnumerable<Dialog> All => _dialogs.Values;

    public DialogContext CreateContext(ITurnContext turnContext, DialogState state) => new(this, turnContext, state);
}
