using System.ComponentModel.DataAnnotations;

namespace DevBot.Data;

/// <summary>
/// Where DevBot's PostgreSQL is. With a connection string (DATABASE_URL or ConnectionStrings:Postgres) that
/// server is used; without one the process runs an embedded server from the machine's PostgreSQL binaries.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>A Npgsql connection string or a postgres:// URL. Null selects the embedded server.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the embedded server's cluster, password and log; kept across restarts.</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".devbot", "pgdata");

    /// <summary>Folder holding initdb, pg_ctl and postgres; found automatically when unset.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Unprivileged OS account the embedded server runs as when this process is root.</summary>
    [Required]
    public string OsUser { get; set; } = "postgres";

    /// <summary>Loopback port of the embedded server; 0 picks a free one at each start.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Database created in the embedded server for DevBot.</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string DatabaseName { get; set; } = "devbot";
}
