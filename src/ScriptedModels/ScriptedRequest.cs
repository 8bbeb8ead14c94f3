namespace DevBot.ScriptedModels;

/// <summary>A request as a script sees it: chat messages and tools, or the inputs of an embeddings request.</summary>
public sealed record ScriptedRequest(
    string Kind,
    string Model,
    IReadOnlyList<ScriptedMessage> Messages,
    IReadOnlyList<string> ToolNames,
    IReadOnlyList<string> Inputs,
    string? ApiKey)
{
    /// <summary>The request's <c>max_tokens</c> (or <c>max_completion_tokens</c>), when it named one.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The request's <c>response_format</c> object as JSON, when it sent one.</summary>
    public string? ResponseFormat { get; init; }

    public const string Chat = "chat";
    public const string Embeddings = "embeddings";

    /// <summary>All message text, for matching task markers.</summary>
    public string AllText => string.Join('\n', Messages.Select(m => m.Content));

    public string? LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Content;

    /// <summary>Tool results sent back since the assistant's last tool calls.</summary>
    public IReadOnlyList<ScriptedMessage> ToolResults => Messages.Reverse().TakeWhile(m => m.Role == "tool").Reverse().ToList();
}
