namespace ConfidantBot.BotFramework.Tests.Storage;

public class AzuriteFixtureTests
{
    [Fact]
    public void A_missing_Azurite_install_fails_with_the_command_that_installs_it()
    {
        var emptyRepository = Directory.CreateTempSubdirectory("confidantbot-no-azurite-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => AzuriteFixture.LocateAzuriteTable(emptyRepository.FullName));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            emptyRepository.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1", "http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData("http://127.0.0.1:10002", "http://127.0.0.1:10002/devstoreaccount1")]
    public void A_running_emulator_endpoint_is_used_with_the_development_account(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), AzuriteFixture.RunningEmulator(endpoint));
    }

    [Theory]
    [InlineData("http://storage.example.com:10002/devstoreaccount1")]
    [InlineData("not a url")]
    public void An_emulator_endpoint_off_this_machine_is_refused(string endpoint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzuriteFixture.RunningEmulator(endpoint));

        Assert.Contains(AzuriteFixture.EndpointVariable, error.Message, StringComparison.Ordinal);
    }
}
