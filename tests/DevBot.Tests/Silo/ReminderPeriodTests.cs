using DevBot.Grains.Credits;
using DevBot.Grains.Projects;
using DevBot.Grains.Retention;
using DevBot.Silo.Hosting;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace DevBot.Tests.Silo;

/// <summary>
/// Reminder periods Orleans would refuse at the first registration (inside every project, ledger or sweep) are refused
/// when the silo starts instead, against the reminder floor the silo is configured with.
/// </summary>
public sealed class ReminderPeriodTests
{
    [Theory]
    [InlineData("Projects:TickPeriod", "00:00:10")]
    [InlineData("Credits:HoldSweepPeriod", "00:00:30")]
    [InlineData("Retention:SweepPeriod", "00:00:59")]
    public async Task Run_WithReminderPeriodBelowOrleansFloor_ExitsWithUsageCode(string setting, string value)
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("remfloor");

        var exitCode = await DevBotSiloApp.RunAsync([.. SiloArgs(connectionString), $"--{setting}={value}"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Start_WithTickPeriodBelowOrleansFloor_NamesSettingValueAndMinimum()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("remmsg");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => DevBotSiloApp.StartAsync([.. SiloArgs(connectionString), "--Projects:TickPeriod=00:00:10"]));

        var line = Assert.Single(error.Failures);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("Projects:TickPeriod", line, StringComparison.Ordinal);
        Assert.Contains("Projects__TickPeriod", line, StringComparison.Ordinal);
        Assert.Contains("00:00:10", line, StringComparison.Ordinal);
        Assert.Contains("00:01:00", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithTwoPeriodsBelowOrleansFloor_ExitsWithUsageCode()
    {
        // Options of two types fail together (an AggregateException from the host), not as one exception.
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("remtwo");

        var exitCode = await DevBotSiloApp.RunAsync(
            [.. SiloArgs(connectionString), "--Projects:TickPeriod=00:00:10", "--Credits:HoldSweepPeriod=00:00:10"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public void Validate_WithLoweredReminderFloor_AcceptsPeriodsDownToIt()
    {
        // Test clusters lower Orleans' floor to fire reminders within seconds; the same periods are then valid.
        var validator = new ReminderPeriodValidator(Options.Create(new ReminderOptions { MinimumReminderPeriod = TimeSpan.FromMilliseconds(500) }));

        Assert.True(validator.Validate(null, new ProjectOptions { TickPeriod = TimeSpan.FromSeconds(1) }).Succeeded);
        Assert.True(validator.Validate(null, new CreditOptions { HoldSweepPeriod = TimeSpan.FromMilliseconds(500) }).Succeeded);
        Assert.True(validator.Validate(null, new RetentionOptions { SweepPeriod = TimeSpan.FromSeconds(2) }).Succeeded);
        Assert.True(validator.Validate(null, new ProjectOptions { TickPeriod = TimeSpan.FromMilliseconds(100) }).Failed);
    }

    [Fact]
    public void Validate_Defaults_AreAboveOrleansDefaultFloor()
    {
        var validator = new ReminderPeriodValidator(Options.Create(new ReminderOptions()));

        Assert.True(validator.Validate(null, new ProjectOptions()).Succeeded);
        Assert.True(validator.Validate(null, new CreditOptions()).Succeeded);
        Assert.True(validator.Validate(null, new RetentionOptions()).Succeeded);
    }

    private static string[] SiloArgs(string connectionString)
    {
        var cluster = "r-" + Guid.NewGuid().ToString("N")[..8];
        return
        [
            "--urls=http://127.0.0.1:0",
            $"--Orleans:ClusterId={cluster}",
            $"--Orleans:ServiceId={cluster}",
            $"--Orleans:SiloPort={FreePorts.Next()}",
            $"--Orleans:GatewayPort={FreePorts.Next()}",
            "--Logging:LogLevel:Default=Warning",
            $"--DATABASE_URL={connectionString}",
        ];
    }
}
