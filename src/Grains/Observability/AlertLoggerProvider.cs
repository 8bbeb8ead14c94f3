using System.Threading.Channels;
using DevBot.Grains.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Grains.Observability;

/// <summary>
/// Turns the alert log events (ids 9101–9199, <see cref="Alerts"/>) into incidents in <c>operator_alerts</c>, wherever
/// they are logged: the incident is the event's kind plus its subject (the provider, key, model, role, user or project
/// it names), so repeats of one problem count on one row. Writes happen off the logging thread.
/// </summary>
public sealed class AlertLoggerProvider(AlertStore store, IOptions<OperatorAccessOptions> options) : BackgroundService, ILoggerProvider
{
    private static readonly string[] SubjectFields = ["Provider", "KeyId", "Role", "Model", "UserId", "ProjectId"];
    private readonly Channel<(string Kind, string Subject, string Message)> _pending =
        Channel.CreateBounded<(string, string, string)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public ILogger CreateLogger(string categoryName) => new AlertLogger(this);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (kind, subject, message) in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await store.RaiseAsync(kind, subject, message, options.Value.AlertThrottle, stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away: the log line still carries the alert.
            }
        }
    }

    private void Capture<TState>(EventId eventId, TState state, string message)
    {
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var subject = string.Join(' ', SubjectFields
            .Select(name => fields.FirstOrDefault(f => f.Key == name))
            .Where(f => f.Key is not null && f.Value is not null)
            .Select(f => $"{f.Key}={f.Value}"));
        _pending.Writer.TryWrite((eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), subject.Length > 0 ? subject : "-", message));
    }

    private sealed class AlertLogger(AlertLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is >= 9101 and <= 9199 && logLevel >= LogLevel.Warning)
            {
                provider.Capture(eventId, state, formatter(state, exception));
            }
        }
    }
}
