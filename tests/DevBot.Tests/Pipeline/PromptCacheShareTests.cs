using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// A whole project's Implementer requests, as DevBot sends them, against a provider-like prefix cache (OpenAI's rule:
/// 1,024 tokens at least, then 128-token steps, five minutes): most of their input is a prefix an earlier item
/// already sent, because the system prompt, title and architecture come first and the item last.
/// </summary>
public sealed class PromptCacheShareTests
{
    [Fact]
    public async Task ImplementerInput_AcrossAProjectsItems_IsMostlyCached()
    {
        // The sample plan's architecture document is a stub of ~180 tokens; real plans run to thousands, of which an
        // item's prompt takes up to 15% of its context (~800 tokens at the default 6,000). With the stub the stable
        // prefix is ~620 tokens of ~1,250 (37% cached over the project); with a document of a realistic size the
        // warm calls read ~70% of their input from the cache. The first call is always cold, and this project has
        // only five Implementer calls, so the whole-project share is 4/5 of the warm share; on the 12-item benchmark
        // plan it is 11/12 of it.
        await using var pipeline = await PipelineCluster.StartAsync("cache-share", promptCache: new ScriptedPromptCache(TimeSpan.FromMinutes(5)),
            script: scenario => new LongerArchitecture(scenario));
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("cache", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

        Assert.Equal(ProjectState.Completed, final.State);
        var implementer = pipeline.Models.TotalsOf(ScriptedRoles.Implementer);
        var items = pipeline.Models.Exchanges.Where(e => e.Role == ScriptedRoles.Implementer && e.StatusCode == 200).ToList();
        Assert.True(items.Count >= 4, $"{items.Count} implementer calls");
        Assert.Equal(0, items[0].CachedInputTokens);
        Assert.All(items.Skip(1), e => Assert.True(e.CachedInputTokens >= 1024, $"{e.CachedInputTokens} of {e.InputTokens} cached"));
        Assert.Equal(items.Sum(e => (long)e.CachedInputTokens), implementer.CachedInputTokens);
        var warm = items.Skip(1).Sum(e => (double)e.CachedInputTokens) / items.Skip(1).Sum(e => (double)e.InputTokens);
        var detail = $"cached {implementer.CachedInputTokens} of {implementer.InputTokens} implementer input tokens ({implementer.CachedShare:P0}, warm calls {warm:P0}); per call: "
                     + string.Join(", ", items.Select(e => $"{e.CachedInputTokens}/{e.InputTokens}"));
        Assert.True(warm >= 0.6, detail);
        Assert.True(implementer.CachedShare >= 0.45, detail);
        // What the server reported is what was metered.
        var metered = await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT coalesce(sum(cached_input_tokens), 0)::bigint FROM api_key_usage WHERE project_id = @p", ("p", projectId));
        Assert.Equal(pipeline.Models.Totals.Values.Sum(t => t.CachedInputTokens), metered);
    }

    /// <summary>The sample scenario, with a design section added to the architecture document its plan writes.</summary>
    private sealed class LongerArchitecture(IModelScript inner) : IModelScript
    {
        private static readonly string Design = "\n## Design notes\n" + string.Join('\n', Enumerable.Range(1, 40).Select(i =>
            $"- Decision {i}: the store validates every note before saving it, keeps ids unique and increasing, and reports a clear error for a missing or corrupt file."));

        public ScriptedReply Reply(ScriptedRequest request)
        {
            var reply = inner.Reply(request);
            const string anchor = "## Data model";
            return request.AllText.Contains("[devbot:task=architect.plan]", StringComparison.Ordinal) && reply.Content?.IndexOf(anchor, StringComparison.Ordinal) is >= 0 and var at
                ? reply with { Content = reply.Content.Insert(at, Design.TrimStart('\n') + "\n\n") }
                : reply;
        }
    }
}
