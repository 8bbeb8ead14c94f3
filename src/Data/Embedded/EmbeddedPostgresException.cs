namespace DevBot.Data.Embedded;

/// <summary>The embedded PostgreSQL server could not be prepared, started or stopped; the message says why.</summary>
public class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
