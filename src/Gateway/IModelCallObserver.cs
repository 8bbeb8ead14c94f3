namespace DevBot.Gateway;

/// <summary>
/// Told of every model request the gateway settled (or replayed from the journal), after the ledger answered. Optional:
/// the evaluation registers one to tally each configuration's calls, tokens and charges from the gateway's side, which
/// its tests then check against the usage rows and the ledger.
/// </summary>
public interface IModelCallObserver
{
    void Settled(SettledCall call);
}
