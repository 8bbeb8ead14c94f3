using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Credits;

/// <summary>Money settings (section <c>Credits</c>): credits = cost_usd / CreditValueUsd × Markup.</summary>
public sealed class CreditOptions
{
    public const string SectionName = "Credits";

    /// <summary>What one credit is worth in USD.</summary>
    [Range(typeof(decimal), "0.000001", "1000")]
    public decimal CreditValueUsd { get; set; } = 0.01m;

    /// <summary>Multiplier over the provider's cost.</summary>
    [Range(typeof(decimal), "0", "100")]
    public decimal Markup { get; set; } = 1.5m;

    /// <summary>How long a hold lives without a settle or void before its credits come back.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Period of the durable reminder that expires a user's stale holds (Orleans' floor is one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "1.00:00:00")]
    public TimeSpan HoldSweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Relative difference between the provider's reported cost and ours above which a warning is logged.</summary>
    [Range(typeof(decimal), "0", "10")]
    public decimal ProviderCostTolerance { get; set; } = 0.05m;

    /// <summary>How long a ledger grain reuses a model's current price before asking the catalogue again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PriceCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A single call charged more credits than this raises a cost-spike alert (log event 9103).</summary>
    [Range(typeof(decimal), "0", "100000000")]
    public decimal SpikeCreditsPerCall { get; set; } = 100m;

    /// <summary>A user charged more credits than this within an hour raises a cost-spike alert (at most one an hour).</summary>
    [Range(typeof(decimal), "0", "100000000")]
    public decimal SpikeCreditsPerHour { get; set; } = 1000m;

    /// <summary>Credits a user may spend in a UTC day unless an operator set their own limit; 0: no limit.</summary>
    [Range(typeof(decimal), "0", "100000000")]
    public decimal DefaultDailyLimit { get; set; }

    /// <summary>Credits a user may spend in a UTC calendar month unless an operator set their own limit; 0: no limit.</summary>
    [Range(typeof(decimal), "0", "100000000")]
    public decimal DefaultMonthlyLimit { get; set; }

    /// <summary>Apply reserves and settles in group-committed batches (one transaction for many users' requests).</summary>
    public bool BatchWrites { get; set; } = true;

    /// <summary>Largest batch the ledger writer applies in one statement.</summary>
    [Range(1, 10000)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// With <see cref="BatchWrites"/>, reserves and settles applied on their own (no waiting for a batch) while fewer
    /// than this are in flight; the rest are group-committed. 0 batches every operation.
    /// </summary>
    [Range(0, 1000)]
    public int DirectWrites { get; set; } = 4;

    /// <summary>Writer loops per operation kind: batches in flight at once.</summary>
    [Range(1, 64)]
    public int BatchWriters { get; set; } = 1;
}
