using System.Collections.Concurrent;
using DevBot.Gateway;
using DevBot.Grains.Agents;
using Microsoft.Extensions.Logging;

namespace DevBot.Eval;

/// <summary>
/// What one configuration's silo did, per project, as it happened: every settled model call (from the gateway) and every
/// answer DevBot could not use as it came (from the agents' log events <see cref="AgentEvents"/>). The table is made from
/// this; the tests check it against the usage rows and the ledger.
/// </summary>
public sealed class EvalTally : IModelCallObserver, ILoggerProvider
{
    private readonly ConcurrentDictionary<Guid, ProjectTally> _projects = new();

    public ProjectTally For(Guid projectId) => _projects.GetOrAdd(projectId, _ => new ProjectTally());

    public void Settled(SettledCall call)
    {
        if (call.ProjectId is { } project)
        {
            For(project).Add(call);
        }
    }

    public ILogger CreateLogger(string categoryName) => new CountingLogger(this);

    public void Dispose()
    {
    }

    private sealed class CountingLogger(EvalTally tally) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != AgentEvents.MalformedAnswer.Id && eventId.Id != AgentEvents.AnswerCutOff.Id && eventId.Id != AgentEvents.EditsNotApplied.Id)
            {
                return;
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "ProjectId").Value is Guid project)
            {
                tally.For(project).Count(eventId.Id);
            }
        }
    }
}
