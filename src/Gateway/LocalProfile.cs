namespace DevBot.Gateway;

/// <summary>A local OpenAI-compatible server's usual address and default context window (null: the model's own).</summary>
public sealed record LocalProfile(string Name, Uri BaseUrl, int? ContextTokens);
