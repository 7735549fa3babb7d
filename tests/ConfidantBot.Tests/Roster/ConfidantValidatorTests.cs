using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

public sealed class ConfidantValidatorTests
{
    private static readonly Confidant Valid = RosterTestKit.Confidant("c-1", "Anna");

    public static TheoryData<string, Func<Confidant, Confidant>, string, string> Faults => new()
    {
        { "no name", c => c with { DisplayName = " " }, "DisplayName", "required" },
        { "no organisation", c => c with { Organisation = "" }, "Organisation", "required" },
        { "no Dutch bio", c => c with { Bio = new LocalizedText("", "Listens.") }, "BioNl", "required" },
        { "no English bio", c => c with { Bio = new LocalizedText("Luistert.", "") }, "BioEn", "required" },
        { "id with spaces", c => c with { Id = "anna de vries" }, "Id", "id-format" },
        { "id too long", c => c with { Id = new string('a', 65) }, "Id", "id-format" },
        { "no email", c => c with { InvitationEmail = "" }, "InvitationEmail", "required" },
        { "email without domain dot", c => c with { InvitationEmail = "anna@localhost" }, "InvitationEmail", "email-format" },
        { "email with display name", c => c with { InvitationEmail = "Anna <anna@example.org>" }, "InvitationEmail", "email-format" },
        { "calendar neither email nor guid", c => c with { CalendarUserId = "anna" }, "CalendarUserId", "calendar-format" },
        { "phone with letters", c => c with { PhoneNumber = "bel me" }, "PhoneNumber", "phone-format" },
        { "no audience", c => c with { Audiences = [] }, "Audiences", "required" },
        { "no language", c => c with { Languages = [] }, "Languages", "required" },
        { "language not a code", c => c with { Languages = ["Nederlands"] }, "Languages", "language-unknown" },
        { "no hours", c => c with { ConsultationHours = [] }, "ConsultationHours", "hours-format" },
        { "end before start", c => c with { ConsultationHours = [new ConsultationHours(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(9, 0))] }, "ConsultationHours", "hours-format" },
        { "overlapping hours", c => c with { ConsultationHours = [new ConsultationHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)), new ConsultationHours(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(13, 0))] }, "ConsultationHours", "hours-overlap" },
        { "slot too short", c => c with { SlotMinutes = 14 }, "SlotMinutes", "slot-range" },
        { "slot too long", c => c with { SlotMinutes = 121 }, "SlotMinutes", "slot-range" },
        { "negative buffer", c => c with { BufferMinutes = -1 }, "BufferMinutes", "buffer-range" },
        { "buffer over an hour", c => c with { BufferMinutes = 61 }, "BufferMinutes", "buffer-range" },
        { "bio too long", c => c with { Bio = new LocalizedText(new string('x', 601), "ok") }, "BioNl", "too-long" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Each_fault_is_reported_on_its_field(string fault, Func<Confidant, Confidant> change, string field, string code)
    {
        var errors = ConfidantValidator.Validate(change(Valid));

        Assert.True(errors.Contains(new FieldError(field, code)), $"{fault}: expected {field}/{code}, got {string.Join(", ", errors)}");
        Assert.Single(errors);
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(120, 60)]
    [InlineData(45, 15)]
    public void The_limits_themselves_are_allowed(int slot, int buffer)
        => Assert.Empty(ConfidantValidator.Validate(Valid with { SlotMinutes = slot, BufferMinutes = buffer }));

    [Fact]
    public void A_complete_record_with_optional_fields_is_valid()
        => Assert.Empty(ConfidantValidator.Validate(Valid with
        {
            CalendarUserId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            PhoneNumber = "+31 (0)20 123-4567",
            Languages = ["nl", "en", "pl"],
        }));

    [Theory]
    [InlineData("griffier", "Griffie", null, null, null, null, null)]
    [InlineData("", "Griffie", null, null, null, "Key", "required")]
    [InlineData("griffie r", "Griffie", null, null, null, "Key", "id-format")]
    [InlineData("griffier", "", null, null, null, "NameNl", "required")]
    [InlineData("griffier", "Griffie", "griffie@", null, null, "Email", "email-format")]
    [InlineData("griffier", "Griffie", null, "ja", null, "Phone", "phone-format")]
    [InlineData("griffier", "Griffie", null, null, "http://example.org", "Url", "url-format")]
    [InlineData("griffier", "Griffie", null, null, "javascript:alert(1)", "Url", "url-format")]
    public void Route_contacts_are_validated(string key, string name, string? email, string? phone, string? url, string? field, string? code)
    {
        var errors = ConfidantValidator.ValidateContact(new RouteContact { Key = key, Name = new LocalizedText(name, name), Email = email, Phone = phone, Url = url });

        if (field is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([new FieldError(field, code!)], errors);
        }
    }
}
