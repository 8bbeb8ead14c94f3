namespace DevBot.Tests.Infrastructure;

/// <summary>Fresh Telegram-like user ids, so tests sharing a cluster never touch each other's ledgers.</summary>
public static class TestUsers
{
    private static long _next = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

    public static long NewId() => Interlocked.Increment(ref _next);
}
