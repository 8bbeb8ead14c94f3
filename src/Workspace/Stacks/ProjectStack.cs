namespace DevBot.Workspace.Stacks;

/// <summary>
/// What DevBot knows of one kind of project: how to tell it from its files, its default install, build and test
/// commands, the package registry it installs from, the folders that hold installed dependencies (kept per project
/// between runs: relative to the project, or absolute under /tmp such as a user site-packages), where its package
/// manager caches downloads (kept per user), and the tools it needs.
/// </summary>
public sealed record ProjectStack(
    string Name,
    string Registry,
    string? Install,
    string? Build,
    string? Test,
    IReadOnlyList<string> DependencyFolders,
    IReadOnlyList<string> CacheFolders,
    IReadOnlyList<string> Tools)
{
    /// <summary>Whether running the tests builds the project first (dotnet test, go test, cargo test).</summary>
    public bool TestsBuild { get; init; }
}
