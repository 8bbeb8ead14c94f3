using Telegram.Bot.Types;

namespace DevBot.Bot.Handling;

/// <summary>
/// Runs updates through the router: one user's updates one after another, in the order they came, different users'
/// side by side. An update id seen before (a webhook retried, a poll repeated after a crash) is handled once.
/// </summary>
public sealed class UpdateDispatcher(UpdateRouter router)
{
    private const int RememberedIds = 4096;
    private readonly Lock _usersGate = new();
    private readonly Dictionary<long, UserGate> _users = [];
    private readonly Lock _seenGate = new();
    private readonly HashSet<int> _seen = [];
    private readonly Queue<int> _seenOrder = new();

    /// <summary>Handles a batch (one poll's worth): per user in order, users in parallel; returns when all are done.</summary>
    public Task DispatchAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken) =>
        Task.WhenAll(updates.GroupBy(u => UpdateRouter.UserOf(u) ?? 0).Select(async group =>
        {
            foreach (var update in group)
            {
                await DispatchAsync(update, cancellationToken);
            }
        }));

    public async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        if (IsSeen(update.Id))
        {
            return;
        }

        var user = UpdateRouter.UserOf(update) ?? 0;
        var gate = Enter(user);
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
            try
            {
                if (IsSeen(update.Id))
                {
                    return;
                }

                await router.HandleAsync(update, cancellationToken);
                MarkSeen(update.Id);
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        finally
        {
            Leave(user, gate);
        }
    }

    /// <summary>The user's gate, counted so that it is dropped when nobody waits on it (users come and go).</summary>
    private UserGate Enter(long user)
    {
        lock (_usersGate)
        {
            if (!_users.TryGetValue(user, out var gate))
            {
                gate = new UserGate();
                _users[user] = gate;
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(long user, UserGate gate)
    {
        lock (_usersGate)
        {
            if (--gate.Users == 0)
            {
                _users.Remove(user);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class UserGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private bool IsSeen(int updateId)
    {
        lock (_seenGate)
        {
            return _seen.Contains(updateId);
        }
    }

    private void MarkSeen(int updateId)
    {
        lock (_seenGate)
        {
            if (_seen.Add(updateId))
            {
                _seenOrder.Enqueue(updateId);
                if (_seenOrder.Count > RememberedIds)
                {
                    _seen.Remove(_seenOrder.Dequeue());
                }
            }
        }
    }
}
