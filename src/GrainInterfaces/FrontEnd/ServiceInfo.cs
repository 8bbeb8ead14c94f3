namespace DevBot.GrainInterfaces.FrontEnd;

/// <summary>
/// How the service runs. <paramref name="ScriptedModels"/>: no model keys are configured and the scripted demo models
/// answer (they build a sample project whatever the idea); front-ends must say so.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.FrontEnd.ServiceInfo")]
public sealed record ServiceInfo(bool ScriptedModels, IReadOnlyList<string> ArchitectModels, IReadOnlyList<string> ImplementerModels);
