using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Admin;

/// <summary>Lists for operators (the admin console) straight from PostgreSQL; every change goes through the owning grain.</summary>
[Alias("DevBot.Admin.IAdminGrain")]
public interface IAdminGrain : IGrainWithIntegerKey
{
    /// <summary>Users, newest first; <paramref name="search"/> matches the user id, username or display name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<UserRow>> ListUsersAsync(string? search, int limit, int offset);

    /// <summary>One user, or null when the id never used DevBot.</summary>
    [ReadOnly]
    Task<UserRow?> GetUserAsync(long userId);

    /// <summary>Projects, newest first, optionally of one user and/or in one state.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ProjectRow>> ListProjectsAsync(long? userId, string? state, int limit, int offset);

    /// <summary>Records what an operator did (console or page); <see cref="OperatorAction.At"/> is set by the database.</summary>
    Task RecordActionAsync(OperatorAction action);

    /// <summary>The latest operator actions, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<OperatorAction>> ListActionsAsync(int limit);

    /// <summary>The per-call usage log, newest first, filtered by user, model (provider/model or part of it) and time.</summary>
    [ReadOnly]
    Task<IReadOnlyList<UsageLogRow>> ListUsageAsync(long? userId, string? model, DateTimeOffset since, int limit);

    /// <summary>Outcomes of the projects created since <paramref name="since"/>.</summary>
    [ReadOnly]
    Task<ProjectOutcomes> GetProjectOutcomesAsync(DateTimeOffset since);
}
