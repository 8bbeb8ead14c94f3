using System.Security.Cryptography;
using Npgsql;

namespace DevBot.Workspace.Git;

/// <summary>Keeps each project's bundle in <c>project_files</c> (kind <c>repository_bundle</c>), replaced on every commit.</summary>
public sealed class PostgresRepositoryStore(NpgsqlDataSource dataSource) : IRepositoryStore
{
    private const string Name = "history.bundle";

    public async Task SaveAsync(Guid projectId, StoredRepository repository, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO project_files (project_id, kind, name, content, sha256, size_bytes, commit_id)
            VALUES ($1, 'repository_bundle', $2, $3, $4, $5, $6)
            ON CONFLICT (project_id, kind, name) DO UPDATE
            SET content = excluded.content, sha256 = excluded.sha256, size_bytes = excluded.size_bytes,
                commit_id = excluded.commit_id, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = repository.Bundle });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = SHA256.HashData(repository.Bundle) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = repository.Bundle.LongLength });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = repository.HeadSha });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> HeadAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT commit_id FROM project_files WHERE project_id = $1 AND kind = 'repository_bundle' AND name = $2");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<StoredRepository?> LoadAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT content, commit_id, sha256 FROM project_files WHERE project_id = $1 AND kind = 'repository_bundle' AND name = $2");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var bundle = reader.GetFieldValue<byte[]>(0);
        if (!SHA256.HashData(bundle).AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(2)))
        {
            throw new InvalidDataException($"The stored repository of project {projectId} is corrupt (checksum mismatch).");
        }

        return new StoredRepository(bundle, reader.GetString(1));
    }
}
