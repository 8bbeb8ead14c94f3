namespace DevBot.Workspace.Sandbox;

/// <summary>
/// One command to run in the sandbox, on a copy of <paramref name="SourceTree"/>. By default it has no network at all;
/// with <see cref="AllowedHosts"/> (the install stage) it reaches those package registries, and only those, through
/// <see cref="RegistryProxy"/>. <see cref="Mounts"/> are host folders it may write (package caches, a project's
/// dependency folders), mounted under <c>/tmp</c> or <see cref="SandboxRunner.WorkspaceMount"/>.
/// </summary>
public sealed record SandboxRun(string SourceTree, string Command)
{
    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];

    /// <summary>Variables added to the sandbox's allow-listed environment (registry mirrors, tool settings).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
