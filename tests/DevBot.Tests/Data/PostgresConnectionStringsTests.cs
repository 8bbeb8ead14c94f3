using DevBot.Data;
using Npgsql;

namespace DevBot.Tests.Data;

public sealed class PostgresConnectionStringsTests
{
    [Fact]
    public void Normalize_PostgresUrl_BecomesConnectionStringWithUtcSession()
    {
        var normalized = PostgresConnectionStrings.Normalize("postgres://bot:p%40ss@db.example:6543/devbot?sslmode=require");

        var builder = new NpgsqlConnectionStringBuilder(normalized);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("bot", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("devbot", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("UTC", builder.Timezone);
    }

    [Fact]
    public void Normalize_UrlWithoutPortOrDatabase_UsesDefaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.Normalize("postgresql://bot@localhost"));

        Assert.Equal(5432, builder.Port);
        Assert.Equal("postgres", builder.Database);
    }

    [Fact]
    public void Normalize_ConnectionString_KeepsExplicitTimezone()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresConnectionStrings.Normalize("Host=h;Username=u;Password=secret;Database=d;Timezone=Europe/Berlin"));

        Assert.Equal("Europe/Berlin", builder.Timezone);
        Assert.Equal("secret", builder.Password);
    }

    [Fact]
    public void Normalize_Garbage_ThrowsWithoutEchoingTheValue()
    {
        var error = Assert.Throws<FormatException>(() => PostgresConnectionStrings.Normalize("Host=h;Password=hunter2;Bogus Key=1"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_HidesPassword()
    {
        var redacted = PostgresConnectionStrings.Redact("Host=h;Username=u;Password=hunter2");

        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.Contains("Host=h", redacted, StringComparison.Ordinal);
    }
}
