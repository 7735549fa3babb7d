using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Roster.InvitationAddresses;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Roster;

/// <summary>The whole roster: small enough to be one document, which makes an import atomic.</summary>
public sealed record RosterDocument(IReadOnlyList<Confidant> Confidants, IReadOnlyList<RouteContact> Contacts)
{
    public static RosterDocument Empty { get; } = new([], []);
}

/// <summary>Another admin saved this record first; the edit was not applied.</summary>
public sealed class RosterConflictException(string recordId) : Exception($"Record '{recordId}' was changed by someone else since it was opened.")
{
    public string RecordId { get; } = recordId;
}

/// <summary>The change does not meet the rules; nothing was saved.</summary>
public sealed class RosterValidationException(IReadOnlyList<FieldError> errors, int? entryIndex = null, string? entryId = null, string? section = null)
    : Exception("The roster change is not valid: " + string.Join(", ", errors.Select(error => $"{error.Field} ({error.Code})")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    /// <summary>For an import: the 1-based position of the first bad entry.</summary>
    public int? EntryIndex { get; } = entryIndex;

    public string? EntryId { get; } = entryId;

    /// <summary>For an import: which list the bad entry is in (<c>confidants</c> or <c>contacts</c>).</summary>
    public string? Section { get; } = section;
}

/// <summary>
/// Reads and changes the roster with optimistic concurrency: each record carries a version, the
/// document an ETag. Every change is written to the audit log (which admin, what, when).
/// </summary>
/// <remarks>
/// A confidant's invitation address decides where every later booking request goes, so it may only
/// be set within <see cref="InvitationAddressOptions.AllowedDomains"/>, and a change is written to the
/// audit with the address before and after and announced to both addresses (<see cref="IInvitationAddressNotifier"/>).
/// </remarks>
public sealed partial class RosterStore(
    IStorage storage,
    TimeProvider clock,
    IOptions<InvitationAddressOptions>? invitationAddresses = null,
    IInvitationAddressNotifier? addressNotifier = null,
    ILogger<RosterStore>? logger = null)
{
    private static readonly StorageKey DocumentKey = new("roster", "current");
    private readonly InvitationAddressOptions _invitationAddresses = invitationAddresses?.Value ?? new InvitationAddressOptions();

    public async Task<RosterDocument> ReadAsync(CancellationToken cancellationToken)
        => (await ReadWithETagAsync(cancellationToken).ConfigureAwait(false)).Document;

    public async Task<IReadOnlyList<Confidant>> ListForAudienceAsync(Audience audience, CancellationToken cancellationToken)
    {
        var roster = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return roster.Confidants.Where(confidant => confidant.Active && confidant.Audiences.Contains(audience)).OrderBy(confidant => confidant.DisplayName, StringComparer.CurrentCulture).ToList();
    }

    public async Task<Confidant?> FindAsync(string id, CancellationToken cancellationToken)
        => (await ReadAsync(cancellationToken).ConfigureAwait(false)).Confidants.FirstOrDefault(confidant => confidant.Id == id);

    public Task<Confidant> AddAsync(Confidant confidant, string adminId, CancellationToken cancellationToken)
        => ChangeAsync(adminId, "add", confidant.Id, roster =>
        {
            ThrowIfInvalid(confidant);
            ThrowIfAddressNotAllowed(confidant);
            if (roster.Confidants.Any(existing => existing.Id == confidant.Id))
            {
                throw new RosterValidationException([new FieldError(nameof(Confidant.Id), "id-taken")]);
            }

            var added = confidant with { Version = 1 };
            return (roster with { Confidants = [.. roster.Confidants, added] }, added);
        }, cancellationToken);

    /// <summary>Saves an edit made on <paramref name="confidant"/>'s <see cref="Confidant.Version"/>.</summary>
    public async Task<Confidant> UpdateAsync(Confidant confidant, string adminId, CancellationToken cancellationToken)
    {
        Confidant? before = null;
        var saved = await ChangeAsync(adminId, "edit", confidant.Id, roster =>
        {
            ThrowIfInvalid(confidant);
            var current = roster.Confidants.FirstOrDefault(existing => existing.Id == confidant.Id)
                ?? throw new RosterValidationException([new FieldError(nameof(Confidant.Id), "not-found")]);
            if (current.Version != confidant.Version)
            {
                throw new RosterConflictException(confidant.Id);
            }

            if (AddressChanged(current, confidant))
            {
                ThrowIfAddressNotAllowed(confidant);
            }

            before = current;
            var saved = confidant with { Version = current.Version + 1 };
            return (roster with { Confidants = roster.Confidants.Select(existing => existing.Id == saved.Id ? saved : existing).ToList() }, saved);
        }, cancellationToken).ConfigureAwait(false);

        await RecordAddressChangesAsync(adminId, [(before!, saved)], cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public Task<Confidant> SetActiveAsync(string id, bool active, int expectedVersion, string adminId, CancellationToken cancellationToken)
        => ChangeAsync(adminId, active ? "reactivate" : "deactivate", id, roster =>
        {
            var latest = roster.Confidants.FirstOrDefault(existing => existing.Id == id)
                ?? throw new RosterValidationException([new FieldError(nameof(Confidant.Id), "not-found")]);
            if (latest.Version != expectedVersion)
            {
                throw new RosterConflictException(id);
            }

            var saved = latest with { Active = active, Version = latest.Version + 1 };
            return (roster with { Confidants = roster.Confidants.Select(existing => existing.Id == id ? saved : existing).ToList() }, saved);
        }, cancellationToken);

    public Task<RouteContact> SaveContactAsync(RouteContact contact, string adminId, CancellationToken cancellationToken)
        => ChangeAsync(adminId, "contact", contact.Key, roster =>
        {
            var errors = ConfidantValidator.ValidateContact(contact);
            if (errors.Count > 0)
            {
                throw new RosterValidationException(errors);
            }

            var current = roster.Contacts.FirstOrDefault(existing => existing.Key == contact.Key);
            if (current is not null && current.Version != contact.Version)
            {
                throw new RosterConflictException(contact.Key);
            }

            var saved = contact with { Version = (current?.Version ?? 0) + 1 };
            var contacts = current is null ? [.. roster.Contacts, saved] : roster.Contacts.Select(existing => existing.Key == saved.Key ? saved : existing).ToList();
            return (roster with { Contacts = contacts }, saved);
        }, cancellationToken);

    /// <summary>
    /// Replaces the whole roster at once, after every entry passed validation. Versions in the
    /// import are ignored: a record that did not change keeps its version, a changed or new one
    /// gets a higher one, so an edit opened before the import is refused rather than lost.
    /// </summary>
    public async Task<RosterDocument> ImportAsync(RosterDocument imported, string adminId, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(imported);
        List<(Confidant Before, Confidant After)> changedAddresses = [];
        var result = await ChangeAsync(adminId, "import", $"{imported.Confidants.Count} confidants, {imported.Contacts.Count} contacts", roster =>
        {
            changedAddresses = [];
            for (var index = 0; index < imported.Confidants.Count; index++)
            {
                var incoming = imported.Confidants[index];
                var current = roster.Confidants.FirstOrDefault(c => c.Id == incoming.Id);
                if (current is null || AddressChanged(current, incoming))
                {
                    ThrowIfAddressNotAllowed(incoming, index + 1);
                }

                if (current is not null && AddressChanged(current, incoming))
                {
                    changedAddresses.Add((current, incoming));
                }
            }

            var versioned = new RosterDocument(
                imported.Confidants.Select(confidant => confidant with { Version = NextVersion(confidant, roster.Confidants.FirstOrDefault(c => c.Id == confidant.Id)) }).ToList(),
                imported.Contacts.Select(contact => contact with { Version = NextVersion(contact, roster.Contacts.FirstOrDefault(c => c.Key == contact.Key)) }).ToList());
            return (versioned, versioned);
        }, cancellationToken).ConfigureAwait(false);

        await RecordAddressChangesAsync(adminId, changedAddresses, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static bool AddressChanged(Confidant before, Confidant after) =>
        !string.Equals(before.InvitationEmail.Trim(), after.InvitationEmail.Trim(), StringComparison.OrdinalIgnoreCase);

    private void ThrowIfAddressNotAllowed(Confidant confidant, int? entryIndex = null)
    {
        if (!_invitationAddresses.Allows(confidant.InvitationEmail))
        {
            throw entryIndex is null
                ? new RosterValidationException([new FieldError(nameof(Confidant.InvitationEmail), "email-domain")])
                : new RosterValidationException([new FieldError(nameof(Confidant.InvitationEmail), "email-domain")], entryIndex, confidant.Id, "confidants");
        }
    }

    /// <summary>
    /// Each changed address goes into the audit with its value before and after, and both addresses
    /// get a notice. A notice that cannot be sent does not undo the saved change; it is audited as
    /// failed, so HR sees it in the log.
    /// </summary>
    private async Task RecordAddressChangesAsync(string adminId, IReadOnlyList<(Confidant Before, Confidant After)> changes, CancellationToken cancellationToken)
    {
        foreach (var (before, after) in changes)
        {
            if (!AddressChanged(before, after))
            {
                continue;
            }

            await WriteAuditAsync(adminId, "invitation-address", after.Id, cancellationToken, before.InvitationEmail, after.InvitationEmail).ConfigureAwait(false);
            if (addressNotifier is null)
            {
                continue;
            }

            try
            {
                await addressNotifier.NotifyAsync(
                    new InvitationAddressChange(after.Id, after.DisplayName, before.InvitationEmail, after.InvitationEmail, clock.GetUtcNow()),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (logger is not null)
                {
                    LogNoticeFailed(logger, exception.GetType().Name);
                }

                await WriteAuditAsync(adminId, "invitation-address-notice-failed", after.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "The notice of a changed invitation address could not be sent ({Failure})")]
    private static partial void LogNoticeFailed(ILogger logger, string failure);

    /// <summary>Checks a whole roster as an import would; the first bad entry is named by its list, 1-based position and id.</summary>
    public static void ThrowIfInvalid(RosterDocument roster)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < roster.Confidants.Count; index++)
        {
            var confidant = roster.Confidants[index];
            var errors = ConfidantValidator.Validate(confidant);
            if (errors.Count == 0 && !seenIds.Add(confidant.Id))
            {
                errors = [new FieldError(nameof(Confidant.Id), "id-taken")];
            }

            if (errors.Count > 0)
            {
                throw new RosterValidationException(errors, index + 1, confidant.Id, "confidants");
            }
        }

        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < roster.Contacts.Count; index++)
        {
            var contact = roster.Contacts[index];
            var errors = ConfidantValidator.ValidateContact(contact);
            if (errors.Count == 0 && !seenKeys.Add(contact.Key))
            {
                errors = [new FieldError(nameof(RouteContact.Key), "id-taken")];
            }

            if (errors.Count > 0)
            {
                throw new RosterValidationException(errors, index + 1, contact.Key, "contacts");
            }
        }
    }

    // Records holding lists compare lists by reference, so content is compared as JSON without the version.
    private static int NextVersion(Confidant incoming, Confidant? current)
        => current is null ? 1 : RosterJson.ContentEquals(incoming, current) ? current.Version : current.Version + 1;

    private static int NextVersion(RouteContact incoming, RouteContact? current)
        => current is null ? 1 : RosterJson.ContentEquals(incoming, current) ? current.Version : current.Version + 1;

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.QueryAsync(AuditEntry.Partition, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize<AuditEntry>(item.Data.Span, NodaJson.Options)!;
        }
    }

    private async Task<T> ChangeAsync<T>(string adminId, string action, string subject, Func<RosterDocument, (RosterDocument Roster, T Result)> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (roster, etag) = await ReadWithETagAsync(cancellationToken).ConfigureAwait(false);
            var (changed, result) = change(roster);
            try
            {
                await storage.WriteAsync(DocumentKey, JsonSerializer.SerializeToUtf8Bytes(changed, NodaJson.Options), etag, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Another record changed in between: apply this change again on the newer document; a
                // change to the same record is refused by its version check on the next pass.
                continue;
            }

            await WriteAuditAsync(adminId, action, subject, cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<(RosterDocument Document, string? ETag)> ReadWithETagAsync(CancellationToken cancellationToken)
    {
        var item = await storage.ReadAsync(DocumentKey, cancellationToken).ConfigureAwait(false);
        return item is null
            ? (RosterDocument.Empty, null)
            : (JsonSerializer.Deserialize<RosterDocument>(item.Data.Span, NodaJson.Options) ?? RosterDocument.Empty, item.ETag);
    }

    private Task WriteAuditAsync(string adminId, string action, string subject, CancellationToken cancellationToken, string? before = null, string? after = null)
    {
        var now = clock.GetUtcNow();
        var entry = new AuditEntry(now, adminId, action, subject, before, after);
        // The suffix only keeps two entries of the same tick apart and is no secret: Random instead of the
        // CSPRNG, which would load OpenSSL at start (about 4 MB resident) just to seed the local demo roster.
        var id = $"{now.UtcTicks:D19}-{Random.Shared.GetHexString(8)}";
        return storage.WriteAsync(new StorageKey(AuditEntry.Partition, id), JsonSerializer.SerializeToUtf8Bytes(entry, NodaJson.Options), ifMatch: null, cancellationToken: cancellationToken);
    }

    private static void ThrowIfInvalid(Confidant confidant)
    {
        var errors = ConfidantValidator.Validate(confidant);
        if (errors.Count > 0)
        {
            throw new RosterValidationException(errors);
        }
    }
}

/// <summary>
/// One roster change: which admin, what, when, and for a changed invitation address the address
/// before and after. Never anything about the people who use the bot.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string AdminId, string Action, string Subject, string? Before = null, string? After = null)
{
    public const string Partition = "audit";
}
