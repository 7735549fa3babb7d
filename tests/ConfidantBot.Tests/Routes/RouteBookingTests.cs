using System.Text.Json.Nodes;
using ConfidantBot.Roster;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// A booking begun from a route offers the confidants that route is about: its book button carries
/// the audience and kind, and the booking dialog (through the real host, local mode, demo roster)
/// lists exactly the active confidants of that audience and kind.
/// </summary>
public sealed class RouteBookingTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    /// <summary>Every bookable route, from its detail card and from the advice of each role it serves.</summary>
    public static TheoryData<string, string> BookableRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in RouteSeed.Document.Routes.Where(route => route.Bookable))
        {
            data.Add(route.Id, "detail");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BookableRoutes))]
    public async Task The_book_button_of_a_route_carries_its_audience_and_kind_into_the_booking_dialog(string routeId, string source)
    {
        Assert.Equal("detail", source);
        var conversationId = ProtocolBody.NewConversationId();
        var booking = AdviceRules.Default.BookingOf(routeId);

        var detail = await fixture.SubmitAsync(conversationId, "nl-NL", new JsonObject { ["command"] = "routes", ["action"] = "route", ["route"] = routeId });
        var book = CardChecks.Submits(detail).Single(data => (string?)data["command"] == "book" && (string?)data["route"] == routeId);
        Assert.Equal(booking.Audience.ToString(), (string?)book["audience"]);
        Assert.Equal(booking.Kind?.ToString(), (string?)book["kind"]);

        var confidantsCard = await fixture.SubmitAsync(conversationId, "nl-NL", (JsonObject)book.DeepClone());

        var roster = fixture.Host.Services.GetRequiredService<RosterStore>();
        var expected = (await roster.ListForAudienceAsync(booking.Audience, CancellationToken.None))
            .Where(confidant => booking.Kind is null || confidant.Kind == booking.Kind)
            .Select(confidant => confidant.Id)
            .Order()
            .ToList();
        var offered = CardChecks.Submits(confidantsCard)
            .Select(data => (string?)data["choice"])
            .OfType<string>()
            .Where(choice => choice != ConfidantBot.Booking.Dialogs.BookingDialog.AnyConfidant)
            .Order()
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, offered);
        var everyone = (await roster.ReadAsync(CancellationToken.None)).Confidants.Where(confidant => confidant.Active).Select(confidant => confidant.Id);
        Assert.True(everyone.Except(offered).Any(), "the demo roster has no confidant this route should leave out: the test proves nothing");
    }
}
