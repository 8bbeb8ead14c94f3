using DevBot.Data.Embedded;

namespace DevBot.Data;

/// <summary>A migrated database ready for Orleans and DevBot, and the embedded server behind it, if any.</summary>
public sealed class PreparedDatabase : IAsyncDisposable
{
    public PreparedDatabase(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        Embedded = embedded;
    }

    public string ConnectionString { get; }

    public EmbeddedPostgres? Embedded { get; }

    /// <summary>Stops the embedded server, if this process started one.</summary>
    public ValueTask DisposeAsync() => Embedded?.DisposeAsync() ?? ValueTask.CompletedTask;
}
