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

/// <summary>The emulator shared by the test processes of one run stops when the last of them leaves.</summary>
public class SharedAzuriteTests
{
    [Fact]
    public void The_last_test_process_to_leave_kills_the_emulator_and_a_crashed_one_does_not_keep_it_alive()
    {
        var folder = Directory.CreateTempSubdirectory("confidantbot-shared-azurite-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "users"));
        using var emulator = StandIn();
        using var otherUser = StandIn();
        try
        {
            File.WriteAllText(SharedAzurite.StateFile(folder), string.Join('\n', emulator.Id, 10002, SharedAzurite.StartTicks(emulator)));
            File.WriteAllText(SharedAzurite.UserFile(folder, Environment.ProcessId), SharedAzurite.StartTicks(System.Diagnostics.Process.GetCurrentProcess()));
            File.WriteAllText(SharedAzurite.UserFile(folder, otherUser.Id), SharedAzurite.StartTicks(otherUser));
            File.WriteAllText(SharedAzurite.UserFile(folder, int.MaxValue - 1), "0"); // a test host that crashed

            SharedAzurite.Release(folder);

            Assert.False(emulator.HasExited, "Another test process still uses the emulator.");
            Assert.False(File.Exists(SharedAzurite.UserFile(folder, Environment.ProcessId)));
            Assert.False(File.Exists(SharedAzurite.UserFile(folder, int.MaxValue - 1)));

            otherUser.Kill();
            otherUser.WaitForExit();
            File.WriteAllText(SharedAzurite.UserFile(folder, Environment.ProcessId), SharedAzurite.StartTicks(System.Diagnostics.Process.GetCurrentProcess()));
            SharedAzurite.Release(folder);

            Assert.True(emulator.WaitForExit(10_000), "The last user leaving must kill the emulator.");
            Assert.False(File.Exists(SharedAzurite.StateFile(folder)));
        }
        finally
        {
            foreach (var process in new[] { emulator, otherUser })
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    // A process that ignores SIGTERM like Azurite does.
    private static System.Diagnostics.Process StandIn() =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "trap '' TERM; sleep 120"]) { UseShellExecute = false })!;
}
