using DevBot.GrainInterfaces.CodeIndex;
using DevBot.Grains.CodeIndex;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Git;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DevBot.Tests.CodeIndex;

[Collection(ClusterCollection.Name)]
public sealed class CodeIndexGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Updates_FollowCommits_PersistAndMirrorStatus()
    {
        var projectId = await NewProjectAsync();
        await CommitAsync(projectId, "TODO 1.1: sample", SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value));
        var index = fixture.GrainFactory.GetGrain<ICodeIndexGrain>(projectId);

        var first = await index.UpdateAsync(new IndexUpdateRequest(0, "t"));
        var again = await index.UpdateAsync(new IndexUpdateRequest(0, "t"));
        await CommitAsync(projectId, "TODO 1.2: logout", new Dictionary<string, string?>
        {
            ["src/auth/logout.ts"] = "export function logoutUser(token: string) {\n  sessions.drop(token);\n}\n",
            ["config.yaml"] = null,
        });
        var second = await index.UpdateAsync(new IndexUpdateRequest(0, "t"));

        Assert.Equal("indexed", first.Status);
        Assert.Equal(first.TotalChunks, first.ChunksEmbedded);
        Assert.Equal(0, again.ChunksEmbedded);
        Assert.Equal((2, 1, 1), (second.FilesChunked, second.ChunksEmbedded, second.ChunksRemoved));
        Assert.Equal("indexed", await Sql.ScalarAsync<string>(fixture.ConnectionString,
            "SELECT codebase_index_status FROM projects WHERE project_id = @p", ("p", projectId)));
        Assert.Equal((long)second.TotalChunks, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM code_chunks WHERE project_id = @p", ("p", projectId)));
        var hits = await index.SearchAsync("logoutUser drop session token", 5, null);
        Assert.Equal("src/auth/logout.ts", hits[0].Path);
    }

    [Fact]
    public async Task NewActivation_LoadsTheStoredIndexWithoutReembedding()
    {
        var projectId = await NewProjectAsync();
        await CommitAsync(projectId, "TODO 1.1: sample", SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value));
        var index = fixture.GrainFactory.GetGrain<ICodeIndexGrain>(projectId);
        await index.UpdateAsync(new IndexUpdateRequest(0, "t"));
        var before = await index.SearchAsync("shipping cost", 3, null);

        await fixture.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await index.SearchAsync("shipping cost", 3, null);
        var update = await index.UpdateAsync(new IndexUpdateRequest(0, "t"));

        Assert.Equal(before, after);
        Assert.Equal(0, update.ChunksEmbedded);
    }

    [Fact]
    public async Task AgentTools_AreBoundedAndReadTheCommittedTree()
    {
        var projectId = await NewProjectAsync();
        var big = string.Join('\n', Enumerable.Range(1, 3000).Select(i => $"line_{i} = {i}"));
        await CommitAsync(projectId, "TODO 1.1: sample", new Dictionary<string, string?>(SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value))
        {
            ["data/big.py"] = big,
        });
        await fixture.GrainFactory.GetGrain<ICodeIndexGrain>(projectId).UpdateAsync(new IndexUpdateRequest(0, "t"));
        var tools = new CodeIndexTools(fixture.GrainFactory, projectId);

        var search = await tools.SearchCodeAsync("welcome email", 3);
        var read = await tools.ReadFileAsync("cmd/server/main.go", 5, 7);
        var whole = await tools.ReadFileAsync("data/big.py", 1, 3000);
        var list = await tools.ListFilesAsync("src/**/*.cs");
        var map = await tools.RepoMapAsync(256);
        var escape = await tools.ReadFileAsync("../../etc/passwd");

        Assert.Contains("src/main/java/app/EmailSender.java", search, StringComparison.Ordinal);
        Assert.StartsWith("cmd/server/main.go (lines 5-7 of", read, StringComparison.Ordinal);
        Assert.Contains("6| \thttp.HandleFunc", read, StringComparison.Ordinal);
        Assert.True(whole.Length <= 12_200, whole.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("more characters not shown", whole, StringComparison.Ordinal);
        Assert.Equal("src/Orders/OrderService.cs", list);
        Assert.True(map.Length <= 256 * 4, map);
        Assert.Contains("is refused: it contains a '.' or '..' segment", escape, StringComparison.Ordinal);
        Assert.Equal(4, tools.AsPlugin().FunctionCount);
    }

    private async Task<Guid> NewProjectAsync()
    {
        var projectId = Guid.NewGuid();
        var user = TestUsers.NewId();
        await Sql.ExecuteAsync(fixture.ConnectionString, "INSERT INTO users (user_id) VALUES (@u)", ("u", user));
        await Sql.ExecuteAsync(fixture.ConnectionString, "INSERT INTO projects (project_id, user_id, state) VALUES (@p, @u, 'implementing')", ("p", projectId), ("u", user));
        return projectId;
    }

    private async Task CommitAsync(Guid projectId, string message, IReadOnlyDictionary<string, string?> files)
    {
        var manager = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<WorkspaceManager>();
        using var repository = await manager.OpenAsync(projectId);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(repository.WorkingDirectory, path);
            if (content is null)
            {
                File.Delete(full);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content);
            }
        }

        await manager.CommitAsync(repository, projectId, files.Select(f => f.Key), message);
    }
}
