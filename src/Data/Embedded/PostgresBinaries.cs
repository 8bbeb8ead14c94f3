namespace DevBot.Data.Embedded;

/// <summary>Finds the PostgreSQL server tools: a configured folder, Debian's versioned folders, then PATH.</summary>
public sealed class PostgresBinaries
{
    private static readonly string[] RequiredTools = ["initdb", "pg_ctl", "postgres"];

    private PostgresBinaries(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <exception cref="PostgresBinariesNotFoundException">None of the candidate folders holds the tools.</exception>
    public static PostgresBinaries Locate(string? configuredDirectory)
    {
        var candidates = Candidates(configuredDirectory).ToList();
        foreach (var candidate in candidates)
        {
            if (RequiredTools.All(tool => File.Exists(Path.Combine(candidate, tool))))
            {
                return new PostgresBinaries(Path.GetFullPath(candidate));
            }
        }

        throw new PostgresBinariesNotFoundException(candidates.Count == 0 ? ["(no candidate folders)"] : candidates);
    }

    private static IEnumerable<string> Candidates(string? configuredDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredDirectory))
        {
            // An explicit choice is the only choice: silently using another version would surprise operators.
            yield return configuredDirectory;
            yield break;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            var versions = System.IO.Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .OrderByDescending(x => x.version);
            foreach (var (dir, _) in versions)
            {
                yield return Path.Combine(dir, "bin");
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }
}
