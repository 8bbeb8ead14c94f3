using System.Text.RegularExpressions;

namespace DevBot.Workspace.Stacks;

/// <summary>
/// The commands a project is installed, built and tested with: the lines its deployment guide names
/// (<c>Install command: `…`</c>, <c>Build command: `…`</c>, <c>Test command: `…`</c>), else its stack's defaults.
/// </summary>
public sealed partial record ProjectCommands(string? Install, string? Build, string? Test, IReadOnlyList<ProjectStack> Stacks)
{
    public static ProjectCommands From(string deploymentGuide, IReadOnlyCollection<string> files)
    {
        var stacks = ProjectStacks.Detect(files).ToList();
        var test = Line(deploymentGuide, "Test");
        // A guide that names a command of another stack (the plan, before the code exists) decides the stack.
        foreach (var named in new[] { Line(deploymentGuide, "Install"), test }.OfType<string>().Select(ProjectStacks.OfCommand).OfType<ProjectStack>())
        {
            if (!stacks.Contains(named))
            {
                stacks.Insert(0, named);
            }
        }

        var primary = stacks.FirstOrDefault();
        var install = Line(deploymentGuide, "Install") ?? DefaultInstall(primary, files);
        return new ProjectCommands(install, Line(deploymentGuide, "Build") ?? primary?.Build, test ?? primary?.Test, stacks);
    }

    /// <summary>The programs the commands start (npm, dotnet, …), to check the silo has them.</summary>
    public IReadOnlyList<string> Programs() => new[] { Install, Build, Test }.OfType<string>().SelectMany(ProgramsOf).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The programs one shell command starts: the first word of each part (variable assignments skipped).</summary>
    public static IEnumerable<string> ProgramsOf(string command) =>
        command.Split(["&&", "||", ";", "|"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w.Contains('=', StringComparison.Ordinal)).FirstOrDefault())
            .OfType<string>()
            .Where(p => !p.Contains('/', StringComparison.Ordinal) && !p.StartsWith('(') && !p.StartsWith('$'));

    /// <summary>
    /// The check of an item that names none: the build, then the tests once the project has any (stacks whose tests
    /// build first skip the separate build); null when there is nothing to run yet.
    /// </summary>
    public string? DefaultCheck(IReadOnlyCollection<string> files)
    {
        var tests = Test is not null && ProjectStacks.HasTests(files);
        var build = Build is not null && !(tests && Stacks.FirstOrDefault() is { TestsBuild: true } && Build == Stacks[0].Build);
        return (build, tests) switch
        {
            (true, true) => $"{Build} && {Test}",
            (true, false) => Build,
            (false, true) => Test,
            _ => null,
        };
    }

    /// <summary>The command a deployment guide names on its "<paramref name="name"/> command: `…`" line, if any.</summary>
    public static string? GuideLine(string guide, string name) => Line(guide, name);

    /// <summary>The command an item's check names in backticks ("check: `npm test` passes"), if any.</summary>
    public static string? ItemCheck(string itemText)
    {
        var check = ItemCheckRegex().Match(itemText);
        return check.Success ? check.Groups[1].Value.Trim() : null;
    }

    private static string? DefaultInstall(ProjectStack? stack, IReadOnlyCollection<string> files) => stack switch
    {
        null => null,
        _ when stack == ProjectStacks.Node && files.Contains("package-lock.json") => "npm ci --no-audit --no-fund",
        _ when stack == ProjectStacks.Python && !files.Contains("requirements.txt") => null,
        _ => stack.Install,
    };

    private static string? Line(string guide, string name)
    {
        var match = Regex.Match(guide, name + @" command:\s*`([^`\n]+)`", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    [GeneratedRegex(@"check:\s*`([^`\n]+)`", RegexOptions.IgnoreCase)]
    private static partial Regex ItemCheckRegex();
}
