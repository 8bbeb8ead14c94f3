namespace DevBot.Tests.Bot;

/// <summary>
/// Piped input whose reading stops before one line until the test opens the gate: the test knows the user is
/// "about to type" that line and can change the world (stop a silo) in between.
/// </summary>
public sealed class GatedLines(IReadOnlyList<string> lines, int gateBefore) : TextReader
{
    private readonly ManualResetEventSlim _gate = new();
    private readonly TaskCompletionSource _reachedGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    /// <summary>Completes when the reader waits at the gate (everything before it was read).</summary>
    public Task ReachedGate => _reachedGate.Task;

    public void Open() => _gate.Set();

    public override string? ReadLine()
    {
        if (_next == gateBefore)
        {
            _reachedGate.TrySetResult();
            _gate.Wait(TimeSpan.FromMinutes(5));
        }

        return _next < lines.Count ? lines[_next++] : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Set();
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
