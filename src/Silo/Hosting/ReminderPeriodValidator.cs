using System.Globalization;
using DevBot.Grains.Credits;
using DevBot.Grains.Projects;
using DevBot.Grains.Retention;
using Microsoft.Extensions.Options;

namespace DevBot.Silo.Hosting;

/// <summary>
/// Refuses, at start, reminder periods Orleans would refuse later: a durable reminder whose period is below
/// <see cref="ReminderOptions.MinimumReminderPeriod"/> (one minute unless the silo lowers it, as test clusters do) fails
/// at its first registration, inside every project, ledger or sweep that needs it. Checked against the floor this silo
/// is configured with, so a lowered floor allows lower periods.
/// </summary>
public sealed class ReminderPeriodValidator(IOptions<ReminderOptions> reminders)
    : IValidateOptions<ProjectOptions>, IValidateOptions<CreditOptions>, IValidateOptions<RetentionOptions>
{
    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ProjectOptions>, ReminderPeriodValidator>();
        services.AddSingleton<IValidateOptions<CreditOptions>, ReminderPeriodValidator>();
        services.AddSingleton<IValidateOptions<RetentionOptions>, ReminderPeriodValidator>();
        return services;
    }

    public ValidateOptionsResult Validate(string? name, ProjectOptions options) =>
        Check(ProjectOptions.SectionName, nameof(ProjectOptions.TickPeriod), options.TickPeriod);

    public ValidateOptionsResult Validate(string? name, CreditOptions options) =>
        Check(CreditOptions.SectionName, nameof(CreditOptions.HoldSweepPeriod), options.HoldSweepPeriod);

    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        Check(RetentionOptions.SectionName, nameof(RetentionOptions.SweepPeriod), options.SweepPeriod);

    private ValidateOptionsResult Check(string section, string setting, TimeSpan period)
    {
        var minimum = reminders.Value.MinimumReminderPeriod;
        return period >= minimum
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{section}:{setting} (environment variable {section}__{setting}) is {period:c}, below the minimum period of an Orleans reminder, {minimum:c}; set it to at least {minimum:c}."));
    }
}
