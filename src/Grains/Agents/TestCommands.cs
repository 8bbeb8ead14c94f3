using System.Text.RegularExpressions;

namespace DevBot.Grains.Agents;

/// <summary>The command that runs a generated project's tests: the one its deployment guide names, else a guess from its files.</summary>
public static partial class TestCommands
{
    public static string? FromGuide(string guide)
    {
        var match = TestCommandRegex().Match(guide);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    public static string? Guess(IReadOnlyCollection<string> files)
    {
        if (files.Any(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".sln", StringComparison.Ordinal)))
        {
            return "dotnet test";
        }

        if (files.Contains("package.json"))
        {
            return "npm test";
        }

        if (files.Contains("go.mod"))
        {
            return "go test ./...";
        }

        if (files.Contains("Cargo.toml"))
        {
            return "cargo test --offline";
        }

        return files.Any(f => f.EndsWith(".py", StringComparison.Ordinal)) ? "python3 -m unittest discover -v" : null;
    }

    [GeneratedRegex(@"Test command:\s*`([^`\n]+)`", RegexOptions.IgnoreCase)]
    private static partial Regex TestCommandRegex();
}
