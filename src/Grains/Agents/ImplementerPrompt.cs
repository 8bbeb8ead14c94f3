using DevBot.Workspace.Todo;

namespace DevBot.Grains.Agents;

/// <summary>
/// An item's prompt for the Implementer, bounded by the context budget however large the project grows: the
/// template and system prompt are counted first, and what is left is shared between the item, the architecture,
/// the repo map, related code and the files the item names.
/// <para>Ordered for the providers' prompt caches (<see cref="DevBot.Gateway.PromptCaching"/>): the title and the
/// architecture excerpt (the same for every item of a project), then the repo map (the same for the items of one
/// base commit), each ending in a cache breakpoint, and only then the item, its related code and its files.</para>
/// </summary>
public static class ImplementerPrompt
{
    public const string SystemTemplate = "implementer.system.v2";
    public const string ItemTemplate = "implementer.item.v3";

    /// <summary>Characters reserved for each of the seven "left out" notes <see cref="AgentKit.Budget"/> may add.</summary>
    private const int NoteChars = 100;

    /// <summary>Tokens left for the variable parts once the fixed text is counted.</summary>
    public static int Room(PromptLibrary prompts, int contextTokens) =>
        Math.Max(0, contextTokens - ((prompts.Text(SystemTemplate).Length + prompts.Text(ItemTemplate).Length + 7 * NoteChars) / 4) - 1);

    public static int RepoMapTokens(PromptLibrary prompts, int contextTokens) => Room(prompts, contextTokens) * 15 / 100;

    public static string Build(PromptLibrary prompts, int contextTokens, string title, TodoItem item, string architecture, string repoMap, string related, string files)
    {
        var room = Room(prompts, contextTokens);
        return prompts.Render(ItemTemplate, new Dictionary<string, string>
        {
            ["itemId"] = AgentKit.Budget(item.Id, 10),
            ["itemText"] = AgentKit.Budget(item.Text, room * 10 / 100),
            ["title"] = AgentKit.Budget(title, room * 2 / 100),
            ["architecture"] = AgentKit.Budget(architecture, room * 15 / 100),
            ["repoMap"] = AgentKit.Budget(repoMap, room * 15 / 100),
            ["related"] = AgentKit.Budget(related, room * 20 / 100),
            ["files"] = AgentKit.Budget(files, room * 38 / 100),
        });
    }
}
