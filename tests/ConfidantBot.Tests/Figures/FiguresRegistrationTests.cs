using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Roster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Figures;

public sealed class FiguresRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "confidantbot-figures-di-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddFigures_registers_the_counters_the_report_and_the_dialog_by_its_id()
    {
        using var host = Build(("Figures:SmallCountThreshold", "10"));
        await host.StartAsync();

        Assert.IsType<UsageCounters>(host.Services.GetRequiredService<IUsageCounters>());
        Assert.NotNull(host.Services.GetRequiredService<FiguresReportBuilder>());
        var dialog = Assert.Single(host.Services.GetServices<Dialog>());
        Assert.IsType<FiguresDialog>(dialog);
        Assert.Equal("figures", dialog.Id);
        Assert.Equal(10, host.Services.GetRequiredService<IOptions<FiguresOptions>>().Value.SmallCountThreshold);
        Assert.Equal(5, new FiguresOptions().SmallCountThreshold);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Figures:SmallCountThreshold", "1")]
    [InlineData("Figures:SmallCountThreshold", "0")]
    [InlineData("Figures:MaxIncrementAttempts", "0")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value)
    {
        using var host = Build((setting, value));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddSqliteStorage(o => o.DataDirectory = _folder);
        builder.Services.AddSingleton<IHrAdminAuthorizer, FakeHrAdmins>();
        builder.Services.AddLogging();
        builder.AddFigures();
        return builder.Build();
    }
}
