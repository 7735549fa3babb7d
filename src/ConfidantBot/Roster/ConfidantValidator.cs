using System.Net.Mail;

namespace ConfidantBot.Roster;

/// <summary>A problem with one field of a confidant record; <see cref="Code"/> selects the text shown to HR.</summary>
public sealed record FieldError(string Field, string Code);

/// <summary>The rules a confidant record must meet before it is saved or imported.</summary>
public static class ConfidantValidator
{
    public const int MinSlotMinutes = 15;
    public const int MaxSlotMinutes = 120;
    public const int MaxBufferMinutes = 60;
    public const int MaxTextLength = 600;

    public static IReadOnlyList<FieldError> Validate(Confidant confidant)
    {
        var errors = new List<FieldError>();
        Required(errors, nameof(Confidant.Id), confidant.Id);
        Required(errors, nameof(Confidant.DisplayName), confidant.DisplayName);
        Required(errors, nameof(Confidant.Organisation), confidant.Organisation);
        Required(errors, "BioNl", confidant.Bio?.Nl);
        Required(errors, "BioEn", confidant.Bio?.En);

        if (!string.IsNullOrEmpty(confidant.Id) && (confidant.Id.Length > 64 || !confidant.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add(new FieldError(nameof(Confidant.Id), "id-format"));
        }

        if (string.IsNullOrWhiteSpace(confidant.InvitationEmail))
        {
            errors.Add(new FieldError(nameof(Confidant.InvitationEmail), "required"));
        }
        else if (!IsPlainEmail(confidant.InvitationEmail))
        {
            errors.Add(new FieldError(nameof(Confidant.InvitationEmail), "email-format"));
        }

        if (!string.IsNullOrWhiteSpace(confidant.CalendarUserId) && !IsPlainEmail(confidant.CalendarUserId) && !Guid.TryParse(confidant.CalendarUserId, out _))
        {
            errors.Add(new FieldError(nameof(Confidant.CalendarUserId), "calendar-format"));
        }

        if (!string.IsNullOrWhiteSpace(confidant.PhoneNumber) && !IsPhoneNumber(confidant.PhoneNumber))
        {
            errors.Add(new FieldError(nameof(Confidant.PhoneNumber), "phone-format"));
        }

        if (confidant.Audiences is null || confidant.Audiences.Count == 0)
        {
            errors.Add(new FieldError(nameof(Confidant.Audiences), "required"));
        }

        if (confidant.Languages is null || confidant.Languages.Count == 0)
        {
            errors.Add(new FieldError(nameof(Confidant.Languages), "required"));
        }
        else if (confidant.Languages.Any(language => language is null || language.Length != 2 || !language.All(char.IsAsciiLetterLower)))
        {
            errors.Add(new FieldError(nameof(Confidant.Languages), "language-unknown"));
        }

        if (confidant.ConsultationHours is null || confidant.ConsultationHours.Count == 0)
        {
            errors.Add(new FieldError(nameof(Confidant.ConsultationHours), "hours-format"));
        }
        else if (confidant.ConsultationHours.Any(block => block is null || block.End <= block.Start))
        {
            errors.Add(new FieldError(nameof(Confidant.ConsultationHours), "hours-format"));
        }
        else if (ConsultationHoursFormat.Overlap(confidant.ConsultationHours))
        {
            errors.Add(new FieldError(nameof(Confidant.ConsultationHours), "hours-overlap"));
        }

        if (confidant.SlotMinutes is < MinSlotMinutes or > MaxSlotMinutes)
        {
            errors.Add(new FieldError(nameof(Confidant.SlotMinutes), "slot-range"));
        }

        if (confidant.BufferMinutes is < 0 or > MaxBufferMinutes)
        {
            errors.Add(new FieldError(nameof(Confidant.BufferMinutes), "buffer-range"));
        }

        foreach (var (field, value) in new[] { (nameof(Confidant.DisplayName), confidant.DisplayName), (nameof(Confidant.Organisation), confidant.Organisation), ("BioNl", confidant.Bio?.Nl), ("BioEn", confidant.Bio?.En), (nameof(Confidant.OfficeAddress), confidant.OfficeAddress) })
        {
            if (value is { Length: > MaxTextLength })
            {
                errors.Add(new FieldError(field, "too-long"));
            }
        }

        return errors;
    }

    /// <summary>
    /// The rules for a route contact: a known key shape, a Dutch name when the receiver exists here
    /// (one recorded as not present needs none), and well-formed ways to reach it.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateContact(RouteContact contact)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(contact.Key))
        {
            errors.Add(new FieldError(nameof(RouteContact.Key), "required"));
        }
        else if (contact.Key.Length > 64 || !contact.Key.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add(new FieldError(nameof(RouteContact.Key), "id-format"));
        }

        if (contact.Active)
        {
            Required(errors, "NameNl", contact.Name?.Nl);
        }

        if (!string.IsNullOrWhiteSpace(contact.Email) && !IsPlainEmail(contact.Email))
        {
            errors.Add(new FieldError(nameof(RouteContact.Email), "email-format"));
        }

        if (!string.IsNullOrWhiteSpace(contact.Phone) && !IsPhoneNumber(contact.Phone))
        {
            errors.Add(new FieldError(nameof(RouteContact.Phone), "phone-format"));
        }

        if (!string.IsNullOrWhiteSpace(contact.Url)
            && !(Uri.TryCreate(contact.Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps))
        {
            errors.Add(new FieldError(nameof(RouteContact.Url), "url-format"));
        }

        foreach (var (field, value) in new[] { ("NameNl", contact.Name?.Nl), ("NameEn", contact.Name?.En), ("NoteNl", contact.Note?.Nl), ("NoteEn", contact.Note?.En) })
        {
            if (value is { Length: > MaxTextLength })
            {
                errors.Add(new FieldError(field, "too-long"));
            }
        }

        return errors;
    }

    /// <summary>A bare address (no display name, no list), as an invitation needs.</summary>
    public static bool IsPlainEmail(string value)
        => MailAddress.TryCreate(value, out var address) && address.Address == value.Trim() && address.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>Digits with the usual separators, e.g. <c>+31 20 123 4567</c> or <c>(020) 123-4567</c>.</summary>
    public static bool IsPhoneNumber(string value)
        => value.Length <= 32 && value.Count(char.IsAsciiDigit) >= 3 && value.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')');

    private static void Required(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "required"));
        }
    }
}
