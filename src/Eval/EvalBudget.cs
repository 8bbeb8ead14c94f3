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
    private bool _exhausted;

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

    /// <summary>USD left for the next configuration (null: no limit); none once a request was refused for want of it.</summary>
    public decimal? RemainingUsd
    {
        get
        {
            lock (_gate)
            {
                return MaxUsd is not { } max ? null : _exhausted ? 0m : Math.Max(0m, max - _spentUsd);
            }
        }
    }

    /// <summary>Records what a configuration spent; <paramref name="refused"/>: the ledger refused a request for want of budget.</summary>
    public void Spend(decimal usd, bool refused)
    {
        lock (_gate)
        {
            _spentUsd += usd;
            _exhausted |= refused;
        }
    }
}
