using DevBot.GrainInterfaces.Pricing;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Pricing;

/// <summary>The <c>model_pricing</c> table: current prices, past versions, and new versions.</summary>
public sealed class PricingStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "provider, model, price_version, input_usd_per_mtok, output_usd_per_mtok, image_usd, context_tokens, source, effective_from, " +
        "cached_input_usd_per_mtok, cache_write_usd_per_mtok";

    public async Task<List<ModelPrice>> ListCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM model_pricing WHERE is_current ORDER BY provider, model");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<ModelPrice?> GetVersionAsync(string provider, string model, int version, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM model_pricing WHERE provider = $1 AND model = $2 AND price_version = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = model });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        var rows = await ReadAllAsync(command, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Makes <paramref name="update"/> the current price: unchanged prices keep their version, a change becomes the
    /// next version. Concurrent setters of one model are serialised by the row lock on its current version.
    /// </summary>
    public async Task<(ModelPrice Price, bool Changed)> SetAsync(ModelPriceUpdate update, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ModelPrice? current;
        await using (var select = new NpgsqlCommand(
                         $"SELECT {Columns} FROM model_pricing WHERE provider = $1 AND model = $2 AND is_current FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Provider });
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Model });
            var rows = await ReadAllAsync(select, cancellationToken);
            current = rows.Count == 0 ? null : rows[0];
        }

        if (current is not null
            && current.InputUsdPerMillionTokens == update.InputUsdPerMillionTokens
            && current.OutputUsdPerMillionTokens == update.OutputUsdPerMillionTokens
            && current.ImageUsd == update.ImageUsd
            && current.CachedInputUsdPerMillionTokens == update.CachedInputUsdPerMillionTokens
            && current.CacheWriteUsdPerMillionTokens == update.CacheWriteUsdPerMillionTokens)
        {
            await transaction.CommitAsync(cancellationToken);
            return (current, false);
        }

        await using (var retire = new NpgsqlCommand(
                         "UPDATE model_pricing SET is_current = false WHERE provider = $1 AND model = $2 AND is_current", connection, transaction))
        {
            retire.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Provider });
            retire.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Model });
            await retire.ExecuteNonQueryAsync(cancellationToken);
        }

        ModelPrice inserted;
        await using (var insert = new NpgsqlCommand($"""
                         INSERT INTO model_pricing (provider, model, price_version, input_usd_per_mtok, output_usd_per_mtok, image_usd,
                                                    context_tokens, source, is_current, cached_input_usd_per_mtok, cache_write_usd_per_mtok)
                         SELECT $1, $2, COALESCE(max(price_version), 0) + 1, $3, $4, $5, $6, $7, true, $8, $9
                         FROM model_pricing WHERE provider = $1 AND model = $2
                         RETURNING {Columns}
                         """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Provider });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Model });
            insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = update.InputUsdPerMillionTokens });
            insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = update.OutputUsdPerMillionTokens });
            insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = update.ImageUsd });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)update.ContextTokens ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = update.Source });
            insert.Parameters.Add(Numeric(update.CachedInputUsdPerMillionTokens));
            insert.Parameters.Add(Numeric(update.CacheWriteUsdPerMillionTokens));
            inserted = (await ReadAllAsync(insert, cancellationToken))[0];
        }

        await transaction.CommitAsync(cancellationToken);
        return (inserted, true);
    }

    private static async Task<List<ModelPrice>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var prices = new List<ModelPrice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            prices.Add(new ModelPrice(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.IsDBNull(10) ? null : reader.GetDecimal(10)));
        }

        return prices;
    }

    private static NpgsqlParameter Numeric(decimal? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric };

    /// <summary>Whether each model takes a JSON schema as response_format, as the catalogue last said.</summary>
    public async Task<Dictionary<(string Provider, string Model), bool>> StructuredOutputsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT provider, model, structured_output FROM model_capabilities");
        var capabilities = new Dictionary<(string, string), bool>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            capabilities[(reader.GetString(0), reader.GetString(1))] = reader.GetBoolean(2);
        }

        return capabilities;
    }

    public async Task SetStructuredOutputAsync(string provider, string model, bool supported, string source, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO model_capabilities (provider, model, structured_output, source) VALUES ($1, $2, $3, $4)
            ON CONFLICT (provider, model) DO UPDATE SET structured_output = excluded.structured_output, source = excluded.source, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = model });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = supported });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
