using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Retention;

/// <summary>How long ended projects' data is kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Days an ended project's repository, package and conversation are kept (users may choose fewer).</summary>
    [Range(0, 3650)]
    public int ProjectDays { get; set; } = 30;

    /// <summary>Period of the durable reminder that purges what is due (Orleans' floor is one minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Projects purged per sweep at most (the rest wait for the next).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}
