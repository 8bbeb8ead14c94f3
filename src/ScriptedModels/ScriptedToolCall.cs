namespace DevBot.ScriptedModels;

public sealed record ScriptedToolCall(string Id, string Name, string ArgumentsJson);
