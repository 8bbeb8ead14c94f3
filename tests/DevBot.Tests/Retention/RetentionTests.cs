using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Retention;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retention;

/// <summary>Ended projects' data goes when its time is up, or when the user asks to be forgotten; the money stays exact.</summary>
public sealed class RetentionTests
{
    private static readonly string[] ContentTables = ["project_files", "conversations", "project_events", "model_responses", "code_chunks"];

    [Fact]
    public async Task ExpiredProject_IsPurged_AndTheLedgerStillReconciles()
    {
        await using var pipeline = await PipelineCluster.StartAsync("purge");
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("purge", 500m, GrantKind.Manual, null));
        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Completed);
        var retention = pipeline.Grains.GetGrain<IRetentionGrain>(0);
        foreach (var table in ContentTables)
        {
            Assert.True(await CountAsync(pipeline, table, projectId) > 0, $"{table} has no rows to purge");
        }

        var usageRows = await CountAsync(pipeline, "api_key_usage", projectId);

        // Within the default retention nothing goes; with 0 days it goes once its user has been shown the delivery.
        Assert.Empty(await retention.SweepAsync());
        Assert.Equal(0, await pipeline.Grains.GetGrain<IUserGrain>(user).SetRetentionAsync(0));
        Assert.Empty(await retention.SweepAsync());
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        Assert.True(await project.AcknowledgeEventsAsync(user, (await project.GetStatusAsync()).LastEventSeq));
        Assert.Equal([projectId], await retention.SweepAsync());

        foreach (var table in ContentTables)
        {
            Assert.Equal(0L, await CountAsync(pipeline, table, projectId));
        }

        Assert.Equal(usageRows, await CountAsync(pipeline, "api_key_usage", projectId));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM projects WHERE project_id = @p AND title IS NULL AND description IS NULL AND purged_at IS NOT NULL AND delivered_seq = last_event_seq",
            ("p", projectId)));
        var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        Assert.Null(await project.GetPackageAsync(user));
        var status = await project.GetStatusAsync();
        Assert.Equal(("(deleted)", ProjectState.Completed), (status.Title, status.State));
        Assert.True(status.CreditsUsed > 0);
        Assert.Equal("(deleted)", Assert.Single(await pipeline.Grains.GetGrain<IUserGrain>(user).GetProjectsAsync()).Title);

        // The sweep runs by itself too: every silo registers its durable reminder when it starts.
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM orleans_reminders WHERE reminder_name = 'retention-sweep'"));

        // Purging is idempotent: nothing is due any more, and purging again changes nothing.
        Assert.Empty(await retention.SweepAsync());
        Assert.True(await project.PurgeAsync());
    }

    [Fact]
    public async Task ForgottenUser_LosesPersonalData_AndTheirRunningProjectIsPurgedOnceItStops()
    {
        await using var pipeline = await PipelineCluster.StartAsync("forget");
        var user = TestUsers.NewId();
        var userGrain = pipeline.Grains.GetGrain<IUserGrain>(user);
        await userGrain.StartAsync(new UserProfile("alice", "Alice Example", "en", "alice@example.test"));
        using var hold = pipeline.HoldImplementer();
        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Implementing);

        var forgotten = await userGrain.ForgetAsync();

        Assert.Equal((0, 1), (forgotten.ProjectsPurged, forgotten.ProjectsStopping));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM users WHERE user_id = @u AND username IS NULL AND display_name IS NULL AND email IS NULL AND forgotten_at IS NOT NULL", ("u", user)));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM conversations WHERE user_id = @u", ("u", user)));
        Assert.Null((await userGrain.GetSummaryAsync()).Profile.Username);
        // A running project is not pulled from under its worker: it stops at the step boundary, then goes.
        Assert.False(await pipeline.Grains.GetGrain<IProjectGrain>(projectId).PurgeAsync());
        hold.Set();
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Cancelled);
        Assert.Equal([projectId], await pipeline.Grains.GetGrain<IRetentionGrain>(0).SweepAsync());
        Assert.Equal(0L, await CountAsync(pipeline, "project_files", projectId));
        Assert.Equal(0L, await CountAsync(pipeline, "project_events", projectId));
    }

    [Fact]
    public async Task ForgettingAUserWithAnEndedProject_PurgesItAtOnce_WithoutWaitingOnItself()
    {
        await using var pipeline = await PipelineCluster.StartAsync("forgetended");
        var user = TestUsers.NewId();
        var userGrain = pipeline.Grains.GetGrain<IUserGrain>(user);
        await userGrain.StartAsync(new UserProfile("bob", "Bob Example", "en", null));
        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Completed);

        // The purge calls back into the user grain that asked for it: that must interleave, not time out.
        var forgotten = await userGrain.ForgetAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((1, 0), (forgotten.ProjectsPurged, forgotten.ProjectsStopping));
        Assert.Equal("(deleted)", Assert.Single(await userGrain.GetProjectsAsync()).Title);
        Assert.Equal(0L, await CountAsync(pipeline, "project_files", projectId));

        // Another silo's copy of the purged project (simulated: a folder where the copy would be) goes at its next clean-up.
        var services = ((Orleans.TestingHost.InProcessSiloHandle)pipeline.Cluster.Silos[0]).SiloHost.Services;
        var copy = services.GetRequiredService<DevBot.Workspace.Git.WorkspaceManager>().PathOf(projectId);
        var unknown = services.GetRequiredService<DevBot.Workspace.Git.WorkspaceManager>().PathOf(Guid.NewGuid());
        Directory.CreateDirectory(Path.Combine(copy, "src"));
        Directory.CreateDirectory(unknown);
        // Installed dependencies are caches too: the purged project's go, and those of a project the database has never
        // heard of once they are older than an hour; a user's package caches go after Stacks:CacheIdle without installs.
        var stacks = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DevBot.Workspace.Stacks.StackOptions>>().Value;
        var dependencies = Path.Combine(stacks.DependencyRoot!, projectId.ToString("N"), "node_modules");
        var stray = Guid.NewGuid();
        var strayDependencies = Path.Combine(stacks.DependencyRoot!, stray.ToString("N"));
        var idleCache = Path.Combine(stacks.CacheRoot!, TestUsers.NewId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var activeCache = Path.Combine(stacks.CacheRoot!, TestUsers.NewId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dependencies);
        Directory.CreateDirectory(Path.Combine(strayDependencies, ".venv"));
        Directory.SetLastWriteTimeUtc(strayDependencies, DateTime.UtcNow.AddHours(-2));
        Directory.CreateDirectory(Path.Combine(idleCache, "node"));
        Directory.SetLastWriteTimeUtc(idleCache, DateTime.UtcNow - stacks.CacheIdle - TimeSpan.FromDays(1));
        Directory.CreateDirectory(Path.Combine(activeCache, "node"));
        var cleaned = await services.GetRequiredService<DevBot.Grains.Retention.WorkspaceJanitor>().CleanAsync(CancellationToken.None);
        Assert.Equal(new[] { projectId, stray }.Order(), cleaned.Order());
        Assert.False(Directory.Exists(copy));
        Assert.False(Directory.Exists(Path.GetDirectoryName(dependencies)), "the purged project's installed dependencies are deleted");
        Assert.False(Directory.Exists(strayDependencies), "dependencies of a project the database does not know are deleted after an hour");
        Assert.False(Directory.Exists(idleCache), "an idle user's package caches are emptied");
        Assert.True(Directory.Exists(activeCache), "an active user's package caches are kept");
        Assert.True(Directory.Exists(unknown), "a fresh copy of a project the database does not know yet is left alone");
        Directory.Delete(unknown);
        Directory.Delete(activeCache, recursive: true);
    }

    private static Task<long> CountAsync(PipelineCluster pipeline, string table, Guid projectId) =>
        Sql.ScalarAsync<long>(pipeline.ConnectionString, $"SELECT count(*) FROM {table} WHERE project_id = @p", ("p", projectId));
}
