using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Infrastructure;

/// <summary>Every log line the test silos write (message and exception text), so tests can look for leaks.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int Capacity = 200_000;

    public static LogCapture Instance { get; } = new();

    public static ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
        // Shared across test clusters for the whole run.
    }

    public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Text);

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception)));
            while (Entries.Count > Capacity && Entries.TryDequeue(out _))
            {
            }
        }
    }
}
