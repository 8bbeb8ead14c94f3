namespace DevBot.Eval;

/// <summary>
/// The run's spending limit in USD (<c>--max-usd</c>), enforced by the ledger itself: each configuration's eval user is
/// granted the credits of what is left of it, and every model request reserves its worst case before it is sent, so a
/// request that might pass the budget is refused, never sent. A project refused for credits ends the configuration:
/// its other projects are stopped and no new one starts.
/// </summary>
public sealed class EvalBudget(decimal? maxUsd)
{
    private readonly Lock _gate = new();
    private decimal _spentUsd;

    public decimal? MaxUsd { get; } = maxUsd;

    public decimal SpentUsd
    {
        get
        {
            lock (_gate)
            {
                return _spentUsd;
            }
        }
    }

    /// <summary>USD left for the next configuration (null: no limit).</summary>
    public decimal? RemainingUsd => MaxUsd is { } max ? Math.Max(0m, max - SpentUsd) : null;

    public void Spend(decimal usd)
    {
        lock (_gate)
        {
            _spentUsd += usd;
        }
    }
}
