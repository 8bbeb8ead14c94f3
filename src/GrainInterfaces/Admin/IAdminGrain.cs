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
}
