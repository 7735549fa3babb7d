using System.ComponentModel.DataAnnotations;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ConfidantBot.Tests.Privacy;

public sealed class RetentionServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private readonly TemporaryKeyFolder folder = new();
    private readonly InMemoryTestStorage storage;
    private readonly SealedRoutingStore store;
    private readonly PersonKeyHasher hasher;
    private readonly RetentionOptions options = new();

    public RetentionServiceTests()
    {
        var keys = folder.NewProvider(clock);
        storage = new InMemoryTestStorage(clock);
        store = new SealedRoutingStore(storage, new RoutingSealer(keys), clock, NullLogger<SealedRoutingStore>.Instance);
        hasher = new PersonKeyHasher(keys);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Records_past_retention_disappear_and_nothing_newer_does()
    {
        var person = await hasher.HashAsync(Canaries.TenantId, Canaries.EntraObjectId);
        var earlyAppointment = Start.AddDays(2);
        var lateAppointment = Start.AddDays(10);
        await store.SaveAsync("bk-early", RoutingPurposes.Booking, Canaries.Record("Early"), person, options.RoutingExpiry(earlyAppointment));
        await store.SaveAsync("bk-late", RoutingPurposes.Booking, Canaries.Record("Late"), person, options.RoutingExpiry(lateAppointment));
        await storage.WriteAsync(new StorageKey("request", "rq-1"), "{}"u8.ToArray(), null, Start.AddDays(7));
        await storage.WriteAsync(new StorageKey("conversation-state", "c-1"), "{}"u8.ToArray(), null, Start.AddDays(1));
        var service = NewService();

        Assert.Equal(0, await service.SweepAsync());

        clock.SetUtcNow(earlyAppointment.AddDays(14).AddSeconds(-1));
        Assert.Equal(2, await service.SweepAsync()); // the unanswered request (day 7) and the conversation state (day 1)
        Assert.NotNull(await store.OpenAsync("bk-early", RoutingPurposes.Booking));

        clock.SetUtcNow(earlyAppointment.AddDays(14));
        Assert.Equal(2, await service.SweepAsync()); // record + index entry
        Assert.Null(await store.OpenAsync("bk-early", RoutingPurposes.Booking));
        Assert.Equal("Late", Assert.Single(await store.FindByPersonAsync(person)).Record.Pseudonym);
        Assert.Equal(2, storage.Count);

        clock.SetUtcNow(lateAppointment.AddDays(14));
        Assert.Equal(2, await service.SweepAsync());
        Assert.Equal(0, storage.Count);
    }

    [Fact]
    public async Task Sweeps_by_several_instances_at_once_remove_each_item_once()
    {
        for (var i = 0; i < 50; i++)
        {
            await storage.WriteAsync(new StorageKey("request", $"rq-{i}"), "{}"u8.ToArray(), null, Start.AddDays(1));
        }

        clock.Advance(TimeSpan.FromDays(2));
        var removed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewService().SweepAsync())));

        Assert.Equal(50, removed.Sum());
        Assert.Equal(0, storage.Count);
    }

    [Fact]
    public async Task The_running_service_sweeps_at_start_and_every_interval()
    {
        await storage.WriteAsync(new StorageKey("request", "rq-0"), "{}"u8.ToArray(), null, Start);
        await storage.WriteAsync(new StorageKey("request", "rq-1"), "{}"u8.ToArray(), null, Start.AddMinutes(30));
        await storage.WriteAsync(new StorageKey("request", "rq-2"), "{}"u8.ToArray(), null, Start.AddMinutes(90));
        using var service = NewService();

        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => storage.Count == 2); // the sweep at start
            clock.Advance(TimeSpan.FromMinutes(45));
            Assert.Equal(2, storage.Count); // expired, but the next sweep is at one hour
            clock.Advance(TimeSpan.FromMinutes(15));
            await WaitUntilAsync(() => storage.Count == 1);

            clock.Advance(TimeSpan.FromHours(1));
            await WaitUntilAsync(() => storage.Count == 0);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failing_storage_does_not_stop_the_sweeps()
    {
        var failing = new Mock<IStorage>();
        failing.SetupSequence(s => s.DeleteExpiredAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("database is locked"))
            .ReturnsAsync(3);
        var service = new RetentionService(failing.Object, Options.Create(options), clock, NullLogger<RetentionService>.Instance);

        Assert.Equal(0, await service.SweepAsync());
        Assert.Equal(3, await service.SweepAsync());
    }

    [Theory]
    [InlineData(-1, 60, "Retention:DaysAfterAppointment")]
    [InlineData(14, 0, "Retention:SweepInterval")]
    public void Invalid_settings_are_named_in_the_validation_message(int days, int sweepMinutes, string setting)
    {
        var invalid = new RetentionOptions { DaysAfterAppointment = days, SweepInterval = TimeSpan.FromMinutes(sweepMinutes) };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(invalid, new ValidationContext(invalid), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains(setting, StringComparison.Ordinal));
    }

    private RetentionService NewService() => new(storage, Options.Create(options), clock, NullLogger<RetentionService>.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not happen in time");
            await Task.Delay(10);
        }
    }
}
