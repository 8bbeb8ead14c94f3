namespace DevBot.Data.Embedded;

/// <summary>No PostgreSQL server binaries were found for the embedded server.</summary>
public sealed class PostgresBinariesNotFoundException : EmbeddedPostgresException
{
    public PostgresBinariesNotFoundException(IEnumerable<string> searched)
        : base(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found; looked in: "
            + string.Join(", ", searched) + ". "
            + "Install them with Debian's package ('sudo apt-get install postgresql', which provides /usr/lib/postgresql/15/bin), "
            + "point Database__PostgresBinDirectory at them, "
            + "or set DATABASE_URL (e.g. postgres://user:password@host:5432/devbot) to use an existing server instead.")
    {
    }
}
