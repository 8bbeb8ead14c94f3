using Npgsql;

namespace DevBot.Data;

/// <summary>Turns what operators configure (a postgres:// URL or a Npgsql connection string) into one form.</summary>
public static class PostgresConnectionStrings
{
    /// <summary>
    /// Normalises <paramref name="value"/> into a Npgsql connection string whose session time zone is UTC
    /// (Orleans' providers send timestamps without a zone and compare them with stored ones).
    /// </summary>
    /// <exception cref="FormatException">The value is neither a postgres URL nor a connection string.</exception>
    public static string Normalize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                      || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(value)
            : FromConnectionString(value);
        if (string.IsNullOrEmpty(builder.Timezone))
        {
            builder.Timezone = "UTC";
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection string with its password replaced, for logs and messages.</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            // The message of the inner exception can quote the value, password included.
            throw new FormatException("The database connection string could not be parsed: " + ex.GetType().Name);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("DATABASE_URL is not a valid postgres:// URL.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase)
                && Enum.TryParse<SslMode>(val.Replace("-", string.Empty, StringComparison.Ordinal), true, out var mode))
            {
                builder.SslMode = mode;
            }
            else
            {
                try
                {
                    builder[key] = val;
                }
                catch (ArgumentException)
                {
                    throw new FormatException($"DATABASE_URL has an unknown option '{key}'.");
                }
            }
        }

        return builder;
    }
}
