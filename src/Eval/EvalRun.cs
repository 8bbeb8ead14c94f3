using Microsoft.Extensions.Configuration;

namespace DevBot.Eval;

/// <summary>What to evaluate: the ideas, the configurations (in order), how many projects at once, the budget, the database.</summary>
public sealed record EvalRun(
    IReadOnlyList<EvalIdea> Ideas,
    IReadOnlyList<EvalConfiguration> Configurations,
    string ConnectionString,
    IConfiguration BaseConfiguration)
{
    public int Concurrency { get; init; } = 4;

    public decimal? MaxUsd { get; init; }

    public TimeSpan ProjectTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Where the silos' logs go (null: nowhere but the tally).</summary>
    public string? LogFile { get; init; }

    /// <summary>The first eval user id; configuration i bills user <c>FirstUserId + i</c>.</summary>
    public long FirstUserId { get; init; } = 7_000_000_000_000_000 + Random.Shared.Next(0, 1_000_000) * 100L;

    /// <summary>Seed of the sloppy scripted answers (the same seed and ideas perturb alike).</summary>
    public int SloppySeed { get; init; } = 20261127;
}
