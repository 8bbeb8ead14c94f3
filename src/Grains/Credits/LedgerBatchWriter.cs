using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Credits;

/// <summary>
/// Group commit for the ledger's hot path. Ledger grains hand their reserves and settles here; writer loops take
/// whatever has queued up (never waiting on purpose: at low load a batch is one operation) and apply it with
/// one call of <c>ledger_reserve_batch</c> / <c>ledger_settle_batch</c>: one round trip, one transaction, the
/// same outcome per operation as the single-operation functions. A batch holds each user and call id at most
/// once; an operation that would repeat one waits for the next batch. If a batch fails, its operations are
/// retried one by one so that one bad operation cannot fail its neighbours. Operations go straight to the
/// single-operation functions while few are in flight (<see cref="CreditOptions.DirectWrites"/>).
/// </summary>
public sealed class LedgerBatchWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly LedgerStore _single;
    private readonly CreditOptions _options;
    private readonly ILogger<LedgerBatchWriter> _logger;
    private readonly Channel<Pending<ReserveOperation>> _reserves = Channel.CreateUnbounded<Pending<ReserveOperation>>();
    private readonly Channel<Pending<SettleOperation>> _settles = Channel.CreateUnbounded<Pending<SettleOperation>>();
    private readonly Task[] _loops;
    private int _direct;

    public LedgerBatchWriter(NpgsqlDataSource dataSource, LedgerStore single, IOptions<CreditOptions> options, ILogger<LedgerBatchWriter> logger)
    {
        _dataSource = dataSource;
        _single = single;
        _options = options.Value;
        _logger = logger;
        _loops = Enumerable.Range(0, _options.BatchWriters)
            .SelectMany(_ => new[]
            {
                Task.Run(() => RunAsync(_reserves.Reader, op => op.UserId, op => op.CallId, ExecuteReservesAsync, ReserveOneAsync)),
                Task.Run(() => RunAsync(_settles.Reader, op => op.UserId, op => op.CallId, ExecuteSettlesAsync, SettleOneAsync)),
            })
            .ToArray();
    }

    public Task<LedgerOutcome> ReserveAsync(ReserveOperation operation) => DirectOrQueuedAsync(operation, ReserveOneAsync, _reserves.Writer);

    public Task<LedgerOutcome> SettleAsync(SettleOperation operation) => DirectOrQueuedAsync(operation, SettleOneAsync, _settles.Writer);

    /// <summary>
    /// Group commit pays only when operations queue: at low concurrency an operation that waits for the batch in
    /// flight pays for two commits (two WAL flushes with durable commits) instead of one, and the gateway's settle
    /// doubled at 4 concurrent requests. So while fewer than <see cref="CreditOptions.DirectWrites"/> operations are
    /// being applied on their own, one more goes straight to its single-operation function; beyond that they queue
    /// for the next batch. A user has one ledger operation in flight at a time (its grain is not reentrant), so a
    /// direct operation never meets a batched one of the same user.
    /// </summary>
    private async Task<LedgerOutcome> DirectOrQueuedAsync<T>(T operation, Func<T, Task<LedgerOutcome>> applyOne, ChannelWriter<Pending<T>> queue)
    {
        if (Interlocked.Increment(ref _direct) <= _options.DirectWrites)
        {
            try
            {
                return await applyOne(operation);
            }
            finally
            {
                Interlocked.Decrement(ref _direct);
            }
        }

        Interlocked.Decrement(ref _direct);
        return await Enqueue(queue, operation);
    }

    public async ValueTask DisposeAsync()
    {
        _reserves.Writer.TryComplete();
        _settles.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private static Task<LedgerOutcome> Enqueue<T>(ChannelWriter<Pending<T>> writer, T operation)
    {
        var pending = new Pending<T>(operation);
        if (!writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(LedgerBatchWriter), "The ledger writer is shutting down.");
        }

        return pending.Completion.Task;
    }

    private async Task RunAsync<T>(
        ChannelReader<Pending<T>> reader,
        Func<T, long> userOf,
        Func<T, string> callOf,
        Func<IReadOnlyList<Pending<T>>, Task> executeBatch,
        Func<T, Task<LedgerOutcome>> executeOne)
    {
        var carried = new List<Pending<T>>();
        while (carried.Count > 0 || await reader.WaitToReadAsync())
        {
            var batch = new List<Pending<T>>();
            var users = new HashSet<long>();
            var calls = new HashSet<string>(StringComparer.Ordinal);
            var next = new List<Pending<T>>();
            void Offer(Pending<T> pending)
            {
                var operation = pending.Operation;
                if (batch.Count < _options.MaxBatchSize && !users.Contains(userOf(operation)) && !calls.Contains(callOf(operation)))
                {
                    users.Add(userOf(operation));
                    calls.Add(callOf(operation));
                    batch.Add(pending);
                }
                else
                {
                    next.Add(pending);
                }
            }

            carried.ForEach(Offer);
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
            {
                Offer(pending);
            }

            carried = next;
            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                // A lone operation is cheaper through its single-operation function than through the set-based one.
                if (batch.Count == 1)
                {
                    batch[0].Completion.TrySetResult(await executeOne(batch[0].Operation));
                }
                else
                {
                    await executeBatch(batch);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning(ex, "A ledger batch of {Count} failed; applying its operations one by one", batch.Count);
                foreach (var pending in batch)
                {
                    try
                    {
                        pending.Completion.TrySetResult(await executeOne(pending.Operation));
                    }
                    catch (Exception single)
                    {
                        pending.Completion.TrySetException(single);
                    }
                }
            }
        }
    }

    private async Task ExecuteReservesAsync(IReadOnlyList<Pending<ReserveOperation>> batch)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT idx, status, amount, balance, held, expires_at FROM ledger_reserve_batch($1, $2, $3, $4, $5, $6, $7, $8)");
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = batch.Select(p => p.Operation.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Operation.CallId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = batch.Select(p => p.Operation.Credits).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = _options.HoldTtl, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = batch.Select(p => p.Operation.ProjectId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Operation.Provider).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Operation.Model).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = batch.Select(p => p.Operation.PriceVersion).ToArray() });
        var outcomes = new LedgerOutcome[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                outcomes[reader.GetInt64(0) - 1] = new LedgerOutcome(reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3),
                    reader.GetDecimal(4), null, reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
            }
        }

        Complete(batch, outcomes);
    }

    private async Task ExecuteSettlesAsync(IReadOnlyList<Pending<SettleOperation>> batch)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT idx, status, usage_id, credits_charged, cost_usd, balance, held FROM ledger_settle_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)");
        var ops = batch.Select(p => p.Operation).ToArray();
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ops.Select(o => o.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ops.Select(o => o.CallId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = ops.Select(o => o.Usage.ProjectId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = ops.Select(o => o.Usage.KeyId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ops.Select(o => o.Usage.Provider).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ops.Select(o => o.Usage.Model).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ops.Select(o => o.Usage.TaskType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.InputTokens).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.OutputTokens).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.Images).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.ResponseMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.PriceVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = ops.Select(o => o.ComputedCostUsd).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal?[]> { TypedValue = ops.Select(o => o.Usage.ProviderReportedCostUsd).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = ops.Select(o => o.ChargedCostUsd).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = ops.Select(o => o.Credits).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.CachedInputTokens).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.ReasoningTokens).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ops.Select(o => o.Usage.CacheWriteTokens).ToArray() });
        var outcomes = new LedgerOutcome[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                outcomes[reader.GetInt64(0) - 1] = new LedgerOutcome(reader.GetString(1), reader.GetDecimal(3), reader.GetDecimal(5),
                    reader.GetDecimal(6), reader.IsDBNull(2) ? null : reader.GetInt64(2), null, reader.GetDecimal(4));
            }
        }

        Complete(batch, outcomes);
    }

    private static void Complete<T>(IReadOnlyList<Pending<T>> batch, LedgerOutcome[] outcomes)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Status == LedgerStatus.None)
            {
                throw new InvalidOperationException($"The ledger batch returned no outcome for element {i + 1}.");
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(outcomes[i]);
        }
    }

    private Task<LedgerOutcome> ReserveOneAsync(ReserveOperation op) =>
        _single.ReserveAsync(op.UserId, op.CallId, op.Credits, _options.HoldTtl, op.ProjectId, op.Provider, op.Model, op.PriceVersion);

    private Task<LedgerOutcome> SettleOneAsync(SettleOperation op) =>
        _single.SettleAsync(op.UserId, op.CallId, op.Usage, op.PriceVersion, op.ComputedCostUsd, op.ChargedCostUsd, op.Credits);

    private sealed class Pending<T>(T operation)
    {
        public T Operation { get; } = operation;

        public TaskCompletionSource<LedgerOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
