namespace DevBot.Workspace.Sandbox;

/// <summary>
/// Whether this silo can run generated code in its sandbox: <see cref="Summary"/> says what was found, and when it
/// cannot, <see cref="Remedy"/> says exactly what to change on the host. <see cref="Programs"/> are the project
/// toolchains the sandbox can start (node, npm, dotnet, python3, go, cargo) and <see cref="MissingPrograms"/> the rest.
/// </summary>
public sealed record SandboxReadiness(bool Ready, string Summary, string? Remedy, IReadOnlyList<string> Programs, IReadOnlyList<string> MissingPrograms)
{
    /// <summary>The toolchains looked for; a project whose commands need another is told before development starts.</summary>
    public static readonly IReadOnlyList<string> Toolchains = ["python3", "node", "npm", "dotnet", "go", "cargo", "socat"];

    public string Describe() => Ready
        ? $"{Summary}; toolchains: {string.Join(", ", Programs)}{(MissingPrograms.Count > 0 ? $" (not installed: {string.Join(", ", MissingPrograms)})" : string.Empty)}"
        : $"{Summary} {Remedy}".Trim();
}
