using DevBot.Workspace;
using DevBot.Workspace.Git;
using DevBot.Workspace.Stacks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Grains.Retention;

/// <summary>
/// On every silo: deletes working copies and installed dependencies of purged projects (the purge itself ran on one
/// silo only), of projects the database does not know, and of projects left idle for
/// <see cref="WorkspaceOptions.CacheIdle"/>; empties the package caches of users idle for
/// <see cref="StackOptions.CacheIdle"/>. All of these are caches; a project that needs one again rebuilds it from
/// PostgreSQL and the registries.
/// </summary>
public sealed class WorkspaceJanitor(
    WorkspaceManager workspaces,
    ProjectToolbox toolbox,
    IOptions<StackOptions> stacks,
    NpgsqlDataSource dataSource,
    IOptions<WorkspaceOptions> options,
    TimeProvider time,
    ILogger<WorkspaceJanitor> logger) : BackgroundService
{
    /// <summary>A copy this young is left alone even if its project is not in the database yet.</summary>
    private static readonly TimeSpan Young = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CleanAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Cleaning working copies failed; trying again in {Period}", options.Value.CleanupPeriod);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; returns the projects whose copies or dependencies were deleted.</summary>
    public async Task<IReadOnlyList<Guid>> CleanAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<(Guid ProjectId, DateTimeOffset LastUse)> dependencies = [];
        try
        {
            var caches = toolbox.DeleteIdleCaches(stacks.Value.CacheIdle, now);
            if (caches > 0)
            {
                logger.LogInformation("Emptied the package caches of {Users} users idle for {Idle}", caches, stacks.Value.CacheIdle);
            }

            dependencies = toolbox.LocalDependencies();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DevBot.Workspace.Sandbox.SandboxUnavailableException)
        {
            // The package folders' trouble (a root another user made first) must not keep the working copies from going.
            logger.LogWarning(ex, "Could not clean the package caches and installed dependencies this time");
        }

        var copies = workspaces.LocalCopies().Select(c => (c.ProjectId, c.LastWrite, Kind: "working copy"))
            .Concat(dependencies.Select(d => (d.ProjectId, LastWrite: d.LastUse, Kind: "installed dependencies")))
            .ToList();
        if (copies.Count == 0)
        {
            return [];
        }

        var purged = new Dictionary<Guid, bool>();
        await using (var command = dataSource.CreateCommand("SELECT project_id, purged_at IS NOT NULL FROM projects WHERE project_id = ANY($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = copies.Select(c => c.ProjectId).Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                purged[reader.GetGuid(0)] = reader.GetBoolean(1);
            }
        }

        var deleted = new List<Guid>();
        // A project's copy and its dependencies go together, judged by the most recent use of either.
        foreach (var project in copies.GroupBy(c => c.ProjectId))
        {
            var projectId = project.Key;
            var idle = now - project.Max(c => c.LastWrite);
            var reason = purged.TryGetValue(projectId, out var gone)
                ? gone ? "purged" : idle > options.Value.CacheIdle ? "idle" : null
                : idle > Young ? "unknown project" : null;
            if (reason is null)
            {
                continue;
            }

            await workspaces.DeleteLocalAsync(projectId, cancellationToken);
            if (project.Any(c => c.Kind == "installed dependencies"))
            {
                toolbox.DeleteDependencies(projectId);
            }

            deleted.Add(projectId);
            logger.LogInformation("Deleted the {Kinds} of project {ProjectId} on this silo ({Reason})",
                string.Join(" and ", project.Select(c => c.Kind).Distinct()), projectId, reason);
        }

        return deleted;
    }
}
