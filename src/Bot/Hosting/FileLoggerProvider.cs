using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DevBot.Bot.Hosting;

/// <summary>
/// Log lines appended to a file by one background writer: in the console chat the terminal belongs to the
/// conversation, so the process's logs go here instead.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly BlockingCollection<string> _lines = new(boundedCapacity: 10_000);
    private readonly Thread _writer;

    public FileLoggerProvider(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = new Thread(Write) { IsBackground = true, Name = "devbot-file-log" };
        _writer.Start();
    }

    public string Path { get; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(categoryName, this);

    public void Dispose()
    {
        _lines.CompleteAdding();
        // The collection is left to the collector: the writer may still be draining it, and late loggers may call in.
        _writer.Join(TimeSpan.FromSeconds(5));
    }

    private void Enqueue(string line)
    {
        try
        {
            // A full queue drops the line rather than slowing the process down; after shutdown lines are dropped too.
            _lines.TryAdd(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Write()
    {
        using var file = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = false };
        foreach (var line in _lines.GetConsumingEnumerable())
        {
            file.WriteLine(line);
            if (_lines.Count == 0)
            {
                file.Flush();
            }
        }

        file.Flush();
    }

    private sealed class FileLogger(string category, FileLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss.fff} {Level(logLevel)} {category}: {formatter(state, exception)}");
            provider.Enqueue(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
