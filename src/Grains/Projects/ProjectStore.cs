using System.Text.Json;
using DevBot.GrainInterfaces.Projects;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Projects;

/// <summary>The rows that mirror a project for history and reports: <c>projects</c>, <c>conversations</c>, <c>project_events</c>, packages.</summary>
public sealed class ProjectStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task UpsertAsync(Guid projectId, long userId, string? title, string? description, ProjectState state, decimal estimate, decimal cap,
        decimal creditsUsed, int todoDone, int todoTotal, long lastEventSeq, string? stepSilo, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var user = batch.CreateBatchCommand();
        user.CommandText = "INSERT INTO users (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING";
        user.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        batch.BatchCommands.Add(user);
        var project = batch.CreateBatchCommand();
        project.CommandText = """
            INSERT INTO projects (project_id, user_id, title, description, state, estimate_credits, credit_cap, credits_used, todo_done, todo_total, last_event_seq,
                                  step_silo, completed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $5 IN ('Completed', 'Cancelled', 'Failed') THEN now() END)
            ON CONFLICT (project_id) DO UPDATE
            SET title = COALESCE(excluded.title, projects.title), description = COALESCE(excluded.description, projects.description),
                state = excluded.state, estimate_credits = excluded.estimate_credits, credit_cap = excluded.credit_cap,
                credits_used = excluded.credits_used, todo_done = excluded.todo_done, todo_total = excluded.todo_total,
                last_event_seq = GREATEST(projects.last_event_seq, excluded.last_event_seq), step_silo = excluded.step_silo,
                completed_at = COALESCE(projects.completed_at, excluded.completed_at), updated_at = now()
            """;
        project.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        project.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        project.Parameters.Add(new NpgsqlParameter { Value = (object?)title ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        project.Parameters.Add(new NpgsqlParameter { Value = (object?)description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        project.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.ToString() });
        project.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = estimate });
        project.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = cap });
        project.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = creditsUsed });
        project.Parameters.Add(new NpgsqlParameter<int> { TypedValue = todoDone });
        project.Parameters.Add(new NpgsqlParameter<int> { TypedValue = todoTotal });
        project.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastEventSeq });
        project.Parameters.Add(new NpgsqlParameter { Value = (object?)stepSilo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        batch.BatchCommands.Add(project);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the project's rating if it has none; false when it had one (a rating is given once).</summary>
    public async Task<bool> RateAsync(Guid projectId, int rating, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE projects SET rating = $2, rated_at = now() WHERE project_id = $1 AND rating IS NULL");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)rating });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Sets the comment beside a rating if there is none yet; false when the project is not rated or already has one.</summary>
    public async Task<bool> CommentAsync(Guid projectId, string comment, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE projects SET rating_comment = $2 WHERE project_id = $1 AND rating IS NOT NULL AND rating_comment IS NULL");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = comment });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> IsRatedAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT rating IS NOT NULL FROM projects WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Projects whose running step was dispatched on one of <paramref name="silos"/> (parsable silo addresses).</summary>
    public async Task<IReadOnlyList<Guid>> ProjectsWithStepsOnAsync(IReadOnlyCollection<string> silos, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT project_id FROM projects WHERE step_silo = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = silos.ToArray() });
        var projects = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(reader.GetGuid(0));
        }

        return projects;
    }

    /// <summary>What the project's model requests have cost, from the usage rows (the ledger's record).</summary>
    public async Task<decimal> CreditsUsedAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(sum(credits_charged), 0) FROM api_key_usage WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        return (decimal)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task AddMessageAsync(Guid projectId, long userId, string role, string content, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO conversations (project_id, user_id, role, content) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = content });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddEventAsync(ProjectEvent projectEvent, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO project_events (project_id, seq, kind, payload) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (project_id, seq) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, created_at = now()");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectEvent.ProjectId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = projectEvent.Seq });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projectEvent.Kind.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(projectEvent, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records that the user was shown the project's events up to <paramref name="seq"/> (never moves back).</summary>
    public async Task AcknowledgeAsync(Guid projectId, long seq, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE projects SET delivered_seq = LEAST(GREATEST(delivered_seq, $2), last_event_seq) WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<ProjectEvent>> EventsAfterAsync(Guid projectId, long afterSeq, long throughSeq, int max, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payload FROM project_events WHERE project_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSeq });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = throughSeq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var events = new List<ProjectEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader.GetString(0)));
        }

        return events;
    }

    /// <summary>
    /// An event row: typed news since version 2; rows of the first version kept English text and button labels
    /// (and questions), and come back as <see cref="LegacyNews"/> (questions as <see cref="QuestionsAsked"/>).
    /// </summary>
    internal static ProjectEvent ReadEvent(string payload)
    {
        var stored = JsonSerializer.Deserialize<StoredEvent>(payload, Json)
                     ?? throw new InvalidDataException("An event row holds no event.");
        var news = stored.News
                   ?? (stored.Kind == ProjectEventKind.Questions && stored.Questions is { Count: > 0 } questions
                       ? new QuestionsAsked(questions)
                       : new LegacyNews(stored.Kind, stored.Text ?? string.Empty, stored.Choices ?? []));
        return new ProjectEvent(stored.ProjectId, stored.Seq, stored.State, stored.TodoDone, stored.TodoTotal, stored.CreditsUsed, news, stored.At);
    }

    /// <summary>Every shape an event row has had: the current one, and the first version's text fields.</summary>
    private sealed record StoredEvent(
        Guid ProjectId,
        long Seq,
        ProjectEventKind Kind,
        ProjectState State,
        int TodoDone,
        int TodoTotal,
        decimal CreditsUsed,
        DateTimeOffset At,
        ProjectNews? News,
        string? Text,
        IReadOnlyList<string>? Choices,
        IReadOnlyList<ProjectQuestion>? Questions);

    public async Task SavePackageAsync(Guid projectId, string fileName, byte[] content, string commit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO project_files (project_id, kind, name, content, sha256, size_bytes, commit_id)
            VALUES ($1, 'package', 'delivery.zip', $2, sha256($2), $3, $4)
            ON CONFLICT (project_id, kind, name) DO UPDATE
            SET content = excluded.content, sha256 = excluded.sha256, size_bytes = excluded.size_bytes, commit_id = excluded.commit_id, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = content });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = content.LongLength });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = commit + "|" + fileName });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(string FileName, byte[] Content)?> LoadPackageAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT commit_id, content FROM project_files WHERE project_id = $1 AND kind = 'package' AND name = 'delivery.zip'");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var tag = reader.GetString(0);
        return (tag[(tag.IndexOf('|', StringComparison.Ordinal) + 1)..], reader.GetFieldValue<byte[]>(1));
    }
}
