using System.Text.Json;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// The booking feature on the real Graph SDK against a fake Graph on 127.0.0.1, organised by the
/// service mailbox <see cref="Mailbox"/>. Each created event gets the id "evt-" + its transactionId
/// (the booking id); every other answer is the test's to map.
/// </summary>
internal sealed class GraphBookingHost : IDisposable
{
    public const string Mailbox = "vertrouwelijk@gemeente.example";
    public const string EventsPath = $"/v1.0/users/{Mailbox}/events";

    public GraphBookingHost()
    {
        Host = new BookingTestHost(host =>
        {
            var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = Graph.Url + "/v1.0" });
            return new GraphCalendarProvider(GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl), options, host.SlotFinder, new FakeLogger<GraphCalendarProvider>(host.Logs));
        });

        Graph.Given(Request.Create().WithPath(EventsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(request =>
            {
                using var body = JsonDocument.Parse(request.Body!);
                return JsonSerializer.Serialize(new { id = "evt-" + body.RootElement.GetProperty("transactionId").GetString() });
            }));
    }

    public WireMockServer Graph { get; } = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });

    public BookingTestHost Host { get; }

    public void Dispose()
    {
        Graph.Stop();
        Host.Dispose();
    }
}
