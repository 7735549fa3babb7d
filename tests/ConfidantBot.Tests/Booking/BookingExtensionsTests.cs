using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Privacy;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Booking;

public sealed class BookingExtensionsTests : IDisposable
{
    private readonly TemporaryKeyFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IHost Build(Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_folder.DataDirectory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder.Root, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:DataDirectory"] = _folder.DataDirectory,
            ["LocalKeys:DataDirectory"] = _folder.DataDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSqliteStorage(o => o.DataDirectory = _folder.DataDirectory);
        builder.Services.AddSingleton<BotAdapter>(new TestAdapter());
        builder.AddPrivacy();
        builder.AddBooking();
        return builder.Build();
    }

    [Fact]
    public async Task Without_a_service_mailbox_the_local_calendar_in_its_own_file_is_used_and_both_dialogs_are_registered()
    {
        using var host = Build([]);

        Assert.IsType<LocalCalendarProvider>(host.Services.GetRequiredService<ICalendarProvider>());
        Assert.NotSame(host.Services.GetRequiredService<IStorage>(), host.Services.GetRequiredService<LocalCalendarStore>().Storage);
        var dialogs = host.Services.GetServices<Dialog>().Select(d => d.Id).ToList();
        Assert.Contains(BookingDialog.Id, dialogs);
        Assert.Contains(MyBookingsDialog.Id, dialogs);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is AnswerRelayService);
        await host.Services.GetRequiredService<LocalCalendarStore>().Storage.WriteAsync(new StorageKey("probe", "1"), new byte[] { 1 }, ETags.Any);
        Assert.True(File.Exists(Path.Combine(_folder.DataDirectory, BookingExtensions.LocalCalendarFileName)));
    }

    [Theory]
    [InlineData("Booking:ServiceMailbox")]
    [InlineData("Graph:ServiceMailbox")]
    public void A_service_mailbox_under_either_name_selects_Graph(string setting)
    {
        using var host = Build(new() { [setting] = "vertrouwelijk@gemeente.example", ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001" });

        Assert.IsType<GraphCalendarProvider>(host.Services.GetRequiredService<ICalendarProvider>());
        Assert.Equal("vertrouwelijk@gemeente.example", host.Services.GetRequiredService<IOptions<GraphCalendarOptions>>().Value.ServiceMailbox);
    }

    [Theory]
    [InlineData("Booking:SlotsPerPage", "0", "Booking:SlotsPerPage")]
    [InlineData("Booking:ReminderAfter", "00:01:00", "Booking:ReminderAfter")]
    [InlineData("Availability:TimeZone", "Mars/Olympus", "Availability:TimeZone")]
    [InlineData("Availability:Horizon", "90.00:00:00", "Availability:Horizon")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string named)
    {
        using var host = Build(new() { [setting] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_Graph_base_url_that_is_not_https_stops_the_start()
    {
        using var host = Build(new() { ["Booking:ServiceMailbox"] = "vertrouwelijk@gemeente.example", ["Graph:BaseUrl"] = "http://graph.example/v1.0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Graph:BaseUrl", error.Message);
    }
}
