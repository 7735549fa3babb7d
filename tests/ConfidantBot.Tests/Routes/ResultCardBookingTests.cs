using System.Text.Json.Nodes;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RosterAudience = ConfidantBot.Roster.Audience;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// From the advice card to the confidants a person can book, per role, through the real host in
/// local mode with the demo roster: the guide is walked by pressing the buttons a person presses,
/// then the book button under an advised route is pressed. What the person sees is checked: the
/// internal confidant is advised as internal and has no book button; the book button offers exactly
/// the confidants for that role's audience (employees: the external one for employees; council and
/// college members: their own); an internal confidant, where the bot does offer one, says so on its button.
/// </summary>
public sealed class ResultCardBookingTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    // The demo roster (Roster/Data/demo-roster.json): Anna external for employees, Karim internal for employees,
    // Marloes external for council and college, Joost external for employees and council but inactive.
    private const string Anna = "voorbeeld-anna";
    private const string Karim = "voorbeeld-karim";
    private const string Marloes = "voorbeeld-marloes";

    public static TheoryData<string, string, string, string> Situations() => new()
    {
        // answers (question=answer; wish ticks joined by '+'), the route whose book button is pressed, the audience it must carry, the confidants it must offer
        { "topic=UndesirableBehaviour involved=Colleague reportedBefore=No wish=ConfidentialTalk role=Employee", "externalConfidant", "Employees", Anna },
        { "topic=UndesirableBehaviour involved=Manager reportedBefore=No wish=ConfidentialTalk role=Employee", "externalConfidant", "Employees", Anna },
        { "topic=UndesirableBehaviour involved=Colleague reportedBefore=No wish=ConfidentialTalk role=TempWorker", "externalConfidant", "Employees", Anna },
        { "topic=UndesirableBehaviour involved=CouncilMember reportedBefore=No wish=ConfidentialTalk role=CouncilMember councilConduct=Yes", "councilConfidant", "Council", Marloes },
        { "topic=UndesirableBehaviour involved=Mayor reportedBefore=No wish=ConfidentialTalk role=CollegeMember", "councilConfidant", "College", Marloes },
        { "topic=IntegritySuspicion involved=Alderman reportedBefore=No wish=ConfidentialTalk role=CollegeMember", "councilConfidant", "College", Marloes },
    };

    [Theory]
    [MemberData(nameof(Situations))]
    public async Task The_book_button_under_an_advised_route_offers_exactly_the_confidants_of_the_persons_audience(string answers, string routeId, string audience, string expected)
    {
        foreach (var locale in new[] { "nl-NL", "en-US" })
        {
            var culture = Locales.FromActivityLocale(locale);
            var conversationId = ProtocolBody.NewConversationId();
            var result = await WalkGuideAsync(conversationId, locale, answers);

            // No book button on the advice card ever leads to internal confidants.
            var bookButtons = CardChecks.Submits(result).Where(data => (string?)data["command"] == "book").ToList();
            Assert.NotEmpty(bookButtons);
            Assert.All(bookButtons, data => Assert.NotEqual(nameof(ConfidantKind.Internal), (string?)data["kind"]));
            Assert.All(bookButtons, data => Assert.Equal(audience, (string?)data["audience"]));

            var book = Assert.Single(bookButtons, data => (string?)data["route"] == routeId);
            Assert.Equal(nameof(ConfidantKind.External), (string?)book["kind"]);
            var confidantsCard = await fixture.SubmitAsync(conversationId, locale, (JsonObject)book.DeepClone());

            var offered = OfferedConfidants(confidantsCard);
            Assert.Equal([expected], offered);
            Assert.Equal(offered, await ActiveConfidantsAsync(Enum.Parse<RosterAudience>(audience), ConfidantKind.External));
            Assert.DoesNotContain(CardChecks.Texts(confidantsCard), text => text.Contains(Texts.Get(culture, "booking.confidant.internal"), StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("nl-NL", "Interne vertrouwenspersoon")]
    [InlineData("en-US", "Internal confidant")]
    public async Task An_employee_is_advised_the_internal_confidant_as_internal_with_no_book_button_under_it(string locale, string internalTitle)
    {
        var conversationId = ProtocolBody.NewConversationId();

        var result = await WalkGuideAsync(conversationId, locale, "topic=UndesirableBehaviour involved=Colleague reportedBefore=No wish=ConfidentialTalk role=Employee");

        var internalRoute = RouteContainer(result, "internalConfidant");
        var heading = CardChecks.Texts(internalRoute)[0];
        Assert.EndsWith(internalTitle, heading, StringComparison.Ordinal);
        Assert.Equal(internalTitle, RouteSeed.Document.Routes.Single(route => route.Id == "internalConfidant").Title.In(Locales.FromActivityLocale(locale)));
        Assert.DoesNotContain(CardChecks.Submits(internalRoute), data => (string?)data["command"] == "book");
        Assert.Contains(CardChecks.Submits(internalRoute), data => (string?)data["action"] == "contact" && (string?)data["route"] == "internalConfidant");

        // The external confidant next to it can be booked.
        Assert.Contains(CardChecks.Submits(RouteContainer(result, "externalConfidant")), data => (string?)data["command"] == "book");
    }

    [Theory]
    [InlineData("nl-NL")]
    [InlineData("en-US")]
    public async Task Where_the_general_book_command_offers_an_internal_confidant_its_button_and_line_say_internal(string locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        var conversationId = ProtocolBody.NewConversationId();

        var card = await fixture.SubmitAsync(conversationId, locale, new JsonObject { ["command"] = "book" });

        Assert.Equal([Anna, Karim], OfferedConfidants(card));
        var roster = await fixture.Host.Services.GetRequiredService<RosterStore>().ReadAsync(CancellationToken.None);
        var karim = roster.Confidants.Single(confidant => confidant.Id == Karim);
        var anna = roster.Confidants.Single(confidant => confidant.Id == Anna);
        var buttons = CardChecks.Submits(card).ToDictionary(data => (string)data["choice"]!, data => ButtonTitle(card, data));
        Assert.Equal(Texts.Format(culture, "booking.confidant.choose", Texts.Format(culture, "booking.confidant.nameInternal", karim.DisplayName)), buttons[Karim]);
        Assert.Equal(Texts.Format(culture, "booking.confidant.choose", anna.DisplayName), buttons[Anna]);
        Assert.Contains(CardChecks.Texts(card), text => text.EndsWith(Texts.Get(culture, "booking.confidant.internal"), StringComparison.Ordinal));
    }

    /// <summary>Answers the guide's questions one card at a time, as a person presses the buttons; returns the advice card.</summary>
    private async Task<JsonNode> WalkGuideAsync(string conversationId, string locale, string answers)
    {
        var given = answers.Split(' ').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]);
        var card = await fixture.SubmitAsync(conversationId, locale, new JsonObject { ["command"] = "guide" });
        for (var asked = 0; HostCardChat.QuestionOf(card) is { } question; asked++)
        {
            Assert.True(asked < 6, "more than six questions");
            Assert.True(given.TryGetValue(question, out var answer), $"the guide asked {question}, which the situation does not answer");
            var button = question == "wish"
                ? CardChecks.Submits(card).Single(data => (string?)data["guide"] == "answer")
                : CardChecks.Submits(card).SingleOrDefault(data => (string?)data["guide"] == "answer" && (string?)data["q"] == question && (string?)data["a"] == answer);
            Assert.True(button is not null, $"the {question} card has no button for {answer}");
            var submit = (JsonObject)button!.DeepClone();
            if (question == "wish")
            {
                submit["a"] = answer!.Replace('+', ',');
                submit["easyToRecognise"] = "false";
            }

            card = await fixture.SubmitAsync(conversationId, locale, submit);
        }

        Assert.Contains(Texts.Get(Locales.FromActivityLocale(locale), "routes.result.title"), CardChecks.Texts(card));
        return card;
    }

    /// <summary>The block of the advice card that shows one route: the container holding that route's "more" button.</summary>
    private static JsonObject RouteContainer(JsonNode card, string routeId)
    {
        var container = CardChecks.Descendants(card).OfType<JsonObject>()
            .Where(element => (string?)element["type"] == "Container")
            .LastOrDefault(element => CardChecks.Submits(element).Any(data => (string?)data["action"] == "route" && (string?)data["route"] == routeId));
        Assert.True(container is not null, $"{routeId} is not on the advice card: " + string.Join(" | ", CardChecks.Texts(card)));
        return container!;
    }

    /// <summary>The confidants a booking card offers by name (the "first available" choice left out), in order.</summary>
    private static List<string> OfferedConfidants(JsonNode card) =>
        [.. CardChecks.Submits(card)
            .Select(data => (string?)data["choice"])
            .OfType<string>()
            .Where(choice => choice != BookingDialog.AnyConfidant)
            .Order(StringComparer.Ordinal)];

    private static string ButtonTitle(JsonNode card, JsonObject data) =>
        (string)CardChecks.Descendants(card).OfType<JsonObject>().Single(action => (string?)action["type"] == "Action.Submit" && JsonNode.DeepEquals(action["data"], data))["title"]!;

    private async Task<List<string>> ActiveConfidantsAsync(RosterAudience audience, ConfidantKind kind) =>
        [.. (await fixture.Host.Services.GetRequiredService<RosterStore>().ListForAudienceAsync(audience, CancellationToken.None))
            .Where(confidant => confidant.Kind == kind)
            .Select(confidant => confidant.Id)
            .Order(StringComparer.Ordinal)];
}
