namespace DevBot.ScriptedModels;

/// <summary>One message of a chat request as the server received it.</summary>
public sealed record ScriptedMessage(string Role, string Content, string? ToolCallId, IReadOnlyList<ScriptedToolCall> ToolCalls);
