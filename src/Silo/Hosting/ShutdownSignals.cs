using System.Runtime.InteropServices;

namespace DevBot.Silo.Hosting;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM and SIGQUIT for the whole life of the silo process, start-up and stop included. The first
/// asks for a graceful stop (<see cref="Stopping"/>); a second Ctrl-C (or SIGQUIT), while that stop is under way, runs
/// the urgent actions (stopping the embedded PostgreSQL at once) and exits with 130 straight away (<see cref="Abandon"/>). The host's own console lifetime
/// handles these signals only while the host exists; without this, a signal during start-up, or once the host has been
/// disposed and PostgreSQL is being stopped, would end the process with PostgreSQL left running.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    public const int InterruptedExitCode = 130;

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _gate = new();
    private readonly List<Action> _urgent = [];
    private readonly Action<int> _exit;
    private int _stopRequested;
    private int _abandoned;

    public ShutdownSignals(Action<int>? exit = null)
    {
        _exit = exit ?? Environment.Exit;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
        }
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Something to do before the process ends without waiting (a second signal, or a stop past its deadline);
    /// disposing the result withdraws it.
    /// </summary>
    public IDisposable BeforeAbandoning(Action urgent)
    {
        lock (_gate)
        {
            _urgent.Add(urgent);
        }

        return new Withdrawal(this, urgent);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Never the default action (termination): the process decides how it ends.
        context.Cancel = true;
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            _stopping.Cancel();
            return;
        }

        // Only a person presses Ctrl-C (or Ctrl-\) again. SIGTERM comes from process managers, which escalate with
        // SIGKILL themselves, and from wrappers that pass it on (`dotnet run` forwards SIGTERM to its child, so a
        // SIGTERM to the process group arrives twice): a repeated SIGTERM must not cut the graceful stop short.
        if (context.Signal != PosixSignal.SIGTERM)
        {
            Abandon(InterruptedExitCode, "interrupted again");
        }
    }

    /// <summary>Runs the urgent actions and ends the process with <paramref name="exitCode"/>, once whoever asks first.</summary>
    public void Abandon(int exitCode, string reason)
    {
        if (Interlocked.Exchange(ref _abandoned, 1) == 1)
        {
            return;
        }

        Action[] urgent;
        lock (_gate)
        {
            urgent = [.. _urgent];
        }

        foreach (var action in urgent)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("devbot-silo: " + ex.Message);
            }
        }

        Console.Error.WriteLine($"devbot-silo: {reason}; stopped without waiting for the silo any longer.");
        _exit(exitCode);
    }

    private sealed class Withdrawal(ShutdownSignals owner, Action urgent) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._urgent.Remove(urgent);
            }
        }
    }
}
