using System.Text.RegularExpressions;

namespace DevBot.Workspace.Stacks;

/// <summary>The stacks DevBot builds, recognised from a project's files (a project may have several: a web front-end and an API).</summary>
public static partial class ProjectStacks
{
    public static readonly ProjectStack Node = new("node", "npm",
        Install: "npm install --no-audit --no-fund", Build: "npm run build --if-present", Test: "npm test",
        DependencyFolders: ["node_modules"], CacheFolders: ["/tmp/home/.npm"], Tools: ["node", "npm"]);

    public static readonly ProjectStack DotNet = new("dotnet", "nuget",
        Install: "dotnet restore", Build: "dotnet build", Test: "dotnet test",
        DependencyFolders: [], CacheFolders: ["/tmp/home/.nuget/packages"], Tools: ["dotnet"]) { TestsBuild = true };

    public static readonly ProjectStack Python = new("python", "pypi",
        Install: "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt", Build: "python3 -m compileall -q -x '(^|/)\\.venv/' .",
        Test: "python3 -m unittest discover -v",
        DependencyFolders: [".venv", "/tmp/home/.local"], CacheFolders: ["/tmp/home/.cache/pip"], Tools: ["python3"]);

    public static readonly ProjectStack Go = new("go", "go",
        Install: "go mod download", Build: "go build ./...", Test: "go test ./...",
        DependencyFolders: [], CacheFolders: ["/tmp/home/go/pkg/mod"], Tools: ["go"]) { TestsBuild = true };

    public static readonly ProjectStack Rust = new("rust", "cargo",
        Install: "cargo fetch", Build: "cargo build --offline", Test: "cargo test --offline",
        DependencyFolders: [], CacheFolders: ["/tmp/home/.cargo/registry"], Tools: ["cargo"]) { TestsBuild = true };

    public static IReadOnlyList<ProjectStack> All { get; } = [Node, DotNet, Python, Go, Rust];

    /// <summary>The stacks a project's files show, most specific first.</summary>
    public static IReadOnlyList<ProjectStack> Detect(IReadOnlyCollection<string> files)
    {
        var stacks = new List<ProjectStack>();
        if (files.Any(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".sln", StringComparison.Ordinal) || f.EndsWith(".slnx", StringComparison.Ordinal)))
        {
            stacks.Add(DotNet);
        }

        if (files.Any(f => Path.GetFileName(f) == "package.json" && !f.Contains("node_modules/", StringComparison.Ordinal)))
        {
            stacks.Add(Node);
        }

        if (files.Contains("go.mod"))
        {
            stacks.Add(Go);
        }

        if (files.Contains("Cargo.toml"))
        {
            stacks.Add(Rust);
        }

        if (files.Any(f => f.EndsWith(".py", StringComparison.Ordinal)) || files.Contains("requirements.txt") || files.Contains("pyproject.toml"))
        {
            stacks.Add(Python);
        }

        return stacks;
    }

    /// <summary>The stack a command belongs to, by its first program (npm, dotnet, python3, …).</summary>
    public static ProjectStack? OfCommand(string command)
    {
        var program = Path.GetFileName(command.TrimStart().Split(' ', 2)[0]);
        return All.FirstOrDefault(s => s.Tools.Contains(program) || (s == Python && program is "python" or "pip" or "pip3" or "pytest")
                                       || (s == Node && program is "npx" or "yarn" or "pnpm"));
    }

    /// <summary>Whether the project has tests to run yet (a check of an early item has only the build to go on).</summary>
    public static bool HasTests(IReadOnlyCollection<string> files) => files.Any(f => TestFileRegex().IsMatch(f));

    /// <summary>Files whose content decides what an install does: a change to any of them means installing again.</summary>
    public static bool IsManifest(string path) => ManifestRegex().IsMatch(path);

    [GeneratedRegex(@"(^|/)(tests?|__tests__|spec)/.+|(^|/)test_[^/]+\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.cs$|(^|/)[^/]*\.Tests?/[^/]+\.csproj$", RegexOptions.IgnoreCase)]
    private static partial Regex TestFileRegex();

    [GeneratedRegex(@"(^|/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|requirements[^/]*\.txt|pyproject\.toml|[^/]+\.csproj|Directory\.Packages\.props|packages\.lock\.json|go\.mod|go\.sum|Cargo\.toml|Cargo\.lock)$")]
    private static partial Regex ManifestRegex();
}
