using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Workspace.Stacks;

/// <summary>
/// Runs a project's install, checks and tests in the sandbox. The install is the only stage with network — to its
/// stacks' registries alone, through <see cref="RegistryProxy"/> — and runs again only when a manifest (package.json,
/// requirements.txt, a .csproj…) or the install command changed. Installed dependencies are kept per project
/// (<see cref="StackOptions.DependencyRoot"/>, mounted where the project expects them) and package caches per user
/// (<see cref="StackOptions.CacheRoot"/>): a cache is shared only by one user's projects, so what one user's install
/// scripts write cannot reach another's project. Checks and tests see them and have no network at all.
/// </summary>
public sealed class ProjectToolbox(SandboxRunner sandbox, IOptions<StackOptions> options, IOptions<SandboxOptions> sandboxOptions, ILogger<ProjectToolbox> logger)
{
    private const string Marker = ".devbot-installed";
    private readonly StackOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _turns = new();
    private readonly Lazy<string> _defaultRoot = new(DefaultRoot);

    private string CacheRoot => Path.GetFullPath(_options.CacheRoot ?? Path.Combine(_defaultRoot.Value, "package-caches"));

    private string DependencyRoot => Path.GetFullPath(_options.DependencyRoot ?? Path.Combine(_defaultRoot.Value, "dependencies"));

    /// <summary>
    /// <c>/var/tmp/devbot-{uid}</c>: kept across restarts, and below a folder everyone may pass, so sandboxed runs under
    /// uids of their own can bind what is inside. Refused when someone else made it first or it is a link.
    /// </summary>
    private static string DefaultRoot()
    {
        var root = Path.Combine(Directory.Exists("/var/tmp") ? "/var/tmp" : Path.GetTempPath(), $"devbot-{Environment.UserName}");
        CreateFolder(root);
        var info = new DirectoryInfo(root);
        if (info.LinkTarget is not null || (!OperatingSystem.IsWindows() && OwnerOf(root) != SandboxRunner.CurrentIdentity().Uid))
        {
            throw new SandboxUnavailableException($"{root} is a link or belongs to another user: set Stacks:CacheRoot and Stacks:DependencyRoot to folders of this user.");
        }

        return root;
    }

    /// <summary>The programs the commands need that this silo's sandbox does not have.</summary>
    public IReadOnlyList<string> MissingPrograms(ProjectCommands commands) => MissingPrograms(commands.Programs());

    /// <summary>Which of <paramref name="programs"/> the sandbox's PATH does not have (shell built-ins always exist).</summary>
    public IReadOnlyList<string> MissingPrograms(IEnumerable<string> programs)
    {
        var folders = new[] { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" }
            .Concat(sandboxOptions.Value.ToolchainPaths.Select(p => Path.Combine(p, "bin")).Concat(sandboxOptions.Value.ToolchainPaths));
        var shell = new HashSet<string>(StringComparer.Ordinal) { "cd", "export", "echo", "set", "true", "false", "test", "[", "exit", "exec", "env", "." };
        return programs.Distinct(StringComparer.Ordinal).Where(p => !shell.Contains(p) && !folders.Any(f => File.Exists(Path.Combine(f, p)))).ToList();
    }

    /// <summary>
    /// Installs the project's dependencies unless its manifests and install command are what the last successful install
    /// saw. The install reaches its stacks' registries (or their configured mirrors) and nothing else.
    /// </summary>
    public async Task<InstallOutcome> EnsureInstalledAsync(Guid projectId, long userId, string tree, ProjectCommands commands, CancellationToken cancellationToken = default)
    {
        if (commands.Install is null)
        {
            return new InstallOutcome(InstallStatus.NotNeeded, null, "nothing to install");
        }

        var turn = Turn(userId);
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await InstallAsync(projectId, userId, tree, commands, commands.Install, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<InstallOutcome> InstallAsync(Guid projectId, long userId, string tree, ProjectCommands commands, string install, CancellationToken cancellationToken)
    {

        var dependencies = DependencyFolder(projectId);
        var fingerprint = Fingerprint(tree, install);
        var marker = Path.Combine(dependencies, Marker);
        if (File.Exists(marker) && await File.ReadAllTextAsync(marker, cancellationToken) == fingerprint)
        {
            return new InstallOutcome(InstallStatus.UpToDate, null, "dependencies are installed");
        }

        foreach (var cache in commands.Stacks.Select(s => CacheFolder(userId, s)))
        {
            TrimCache(cache);
        }

        Touch(Path.Combine(CacheRoot, userId.ToString(CultureInfo.InvariantCulture)));
        Touch(DependencyFolder(projectId));

        var hosts = commands.Stacks.SelectMany(s => _options.Registries.GetValueOrDefault(s.Registry) ?? []).ToList();
        var environment = new Dictionary<string, string>();
        foreach (var stack in commands.Stacks)
        {
            foreach (var (key, value) in CacheEnvironment(stack.Registry))
            {
                environment[key] = value;
            }

            if (_options.Mirrors.TryGetValue(stack.Registry, out var mirror) && Uri.TryCreate(mirror, UriKind.Absolute, out var url))
            {
                hosts.Add(url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}");
                foreach (var (key, value) in MirrorEnvironment(stack.Registry, mirror))
                {
                    environment[key] = value;
                }
            }
        }

        SandboxResult run;
        try
        {
            run = await sandbox.RunAsync(new SandboxRun(tree, install)
            {
                Timeout = _options.InstallTimeout, AllowedHosts = hosts.Distinct().ToList(), Mounts = Mounts(projectId, userId, commands), Environment = environment,
            }, cancellationToken);
        }
        catch (SandboxUnavailableException ex)
        {
            return new InstallOutcome(InstallStatus.Unavailable, null, ex.Message);
        }

        var refused = run.RefusedHosts.Count == 0 ? string.Empty
            : $" The sandbox refused to reach {string.Join(", ", run.RefusedHosts)}: only these package registries are allowed: {string.Join(", ", hosts.Distinct())}.";
        if (!run.Succeeded)
        {
            return new InstallOutcome(InstallStatus.Failed, run, $"`{install}` exited {run.ExitCode}.{refused}");
        }

        var bytes = FolderBytes(dependencies);
        if (bytes > (long)_options.DependencyMegabytes * 1024 * 1024)
        {
            DeleteFolder(dependencies);
            return new InstallOutcome(InstallStatus.Failed, run,
                $"the installed dependencies take {bytes / 1024 / 1024} MB, over the {_options.DependencyMegabytes} MB a project may use.");
        }

        await File.WriteAllTextAsync(marker, fingerprint, cancellationToken);
        logger.LogInformation("Installed the dependencies of project {ProjectId} in {Seconds:0.0} s ({Megabytes} MB)", projectId, run.Duration.TotalSeconds, bytes / 1024 / 1024);
        return new InstallOutcome(InstallStatus.Installed, run, $"`{install}` installed the dependencies in {run.Duration.TotalSeconds:0.0} s.");
    }

    /// <summary>Runs <paramref name="command"/> (a check, the tests) with the project's dependencies and no network.</summary>
    public async Task<SandboxResult> RunAsync(Guid projectId, long userId, string tree, ProjectCommands commands, string command, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var turn = Turn(userId);
        await turn.WaitAsync(cancellationToken);
        try
        {
            Touch(DependencyFolder(projectId));
            return await sandbox.RunAsync(new SandboxRun(tree, command) { Timeout = timeout, Mounts = Mounts(projectId, userId, commands) }, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>The projects with installed dependencies on this silo, and when each was last installed or used.</summary>
    public IReadOnlyList<(Guid ProjectId, DateTimeOffset LastUse)> LocalDependencies()
    {
        var root = DependencyRoot;
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => (Ok: Guid.TryParseExact(Path.GetFileName(d), "N", out var id), Id: id, LastUse: (DateTimeOffset)Directory.GetLastWriteTimeUtc(d)))
            .Where(d => d.Ok)
            .Select(d => (d.Id, d.LastUse))
            .ToList();
    }

    /// <summary>Deletes a project's installed dependencies (with its working copy: they are a cache of the install).</summary>
    public void DeleteDependencies(Guid projectId) => DeleteFolder(DependencyFolder(projectId));

    /// <summary>Empties the package caches of users who have not installed anything for <paramref name="idle"/>.</summary>
    public int DeleteIdleCaches(TimeSpan idle, DateTimeOffset now)
    {
        var root = CacheRoot;
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var user in Directory.EnumerateDirectories(root).Where(d => now - Directory.GetLastWriteTimeUtc(d) > idle))
        {
            DeleteFolder(user);
            deleted++;
        }

        return deleted;
    }

    /// <summary>
    /// One run at a time per user: a user's runs share that user's package caches and run under different uids, and a
    /// run takes ownership of the folders it mounts.
    /// </summary>
    private SemaphoreSlim Turn(long userId) => _turns.GetOrAdd(userId, _ => new SemaphoreSlim(1, 1));

    private List<SandboxMount> Mounts(Guid projectId, long userId, ProjectCommands commands)
    {
        var mounts = new List<SandboxMount>();
        foreach (var stack in commands.Stacks)
        {
            mounts.AddRange(stack.DependencyFolders.Select(f => f.StartsWith('/')
                ? new SandboxMount(Path.Combine(DependencyFolder(projectId), "abs" + f.Replace('/', '_')), f)
                : new SandboxMount(Path.Combine(DependencyFolder(projectId), f), $"{SandboxRunner.WorkspaceMount}/{f}")));
            mounts.AddRange(stack.CacheFolders.Select((f, i) => new SandboxMount(Path.Combine(CacheFolder(userId, stack), i.ToString(CultureInfo.InvariantCulture)), f)));
        }

        return mounts.DistinctBy(m => m.SandboxPath).ToList();
    }

    private string DependencyFolder(Guid projectId) => Path.GetFullPath(Path.Combine(DependencyRoot, projectId.ToString("N")));

    private string CacheFolder(long userId, ProjectStack stack) =>
        Path.GetFullPath(Path.Combine(CacheRoot, userId.ToString(CultureInfo.InvariantCulture), stack.Name));

    private void TrimCache(string cache)
    {
        var bytes = FolderBytes(cache);
        if (bytes > (long)_options.CacheMegabytes * 1024 * 1024)
        {
            logger.LogInformation("Package cache {Cache} holds {Megabytes} MB, over its {Limit} MB: emptied", cache, bytes / 1024 / 1024, _options.CacheMegabytes);
            DeleteFolder(cache);
        }
    }

    /// <summary>Everything an install depends on: the manifests' contents and the command.</summary>
    private static string Fingerprint(string tree, string install)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(install + "\n"));
        var manifests = Directory.EnumerateFiles(tree, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 6 })
            .Select(f => Path.GetRelativePath(tree, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal) && !f.Contains("node_modules/", StringComparison.Ordinal) && ProjectStacks.IsManifest(f))
            .Order(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(manifest + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(tree, manifest)));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// What makes a warm cache count: npm revalidates every cached package document with the registry unless it may
    /// prefer the cache (a version the cache lacks is still fetched), and its audit and funding requests are round trips
    /// to the registry that install nothing.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> CacheEnvironment(string registry) => registry switch
    {
        "npm" => [new("npm_config_prefer_offline", "true"), new("npm_config_audit", "false"), new("npm_config_fund", "false"), new("npm_config_update_notifier", "false")],
        _ => [],
    };

    private static IEnumerable<KeyValuePair<string, string>> MirrorEnvironment(string registry, string mirror) => registry switch
    {
        "npm" => [new("npm_config_registry", mirror)],
        "pypi" => [new("PIP_INDEX_URL", mirror), new("PIP_TRUSTED_HOST", new Uri(mirror).Host)],
        "go" => [new("GOPROXY", mirror), new("GONOSUMDB", "*"), new("GOFLAGS", "-mod=mod")],
        _ => [],
    };

    private static long FolderBytes(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.LinkTarget is null ? f.Length : 0)
            : 0;

    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, Traversable);
        }
    }

    private static int OwnerOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true, UseShellExecute = false })
                         ?? throw new SandboxUnavailableException("stat could not be started.");
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var uid) ? uid : -1;
    }

    /// <summary>Marks a folder as in use (the janitor deletes what stays untouched).</summary>
    private static void Touch(string folder)
    {
        CreateFolder(folder);
        EnsureTraversable(folder);
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow);
    }

    /// <summary>Owner: everything; others: pass through only (a run's own uid must reach the folder mounted for it, not list its neighbours).</summary>
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// A sandbox run that is switched to a uid of its own binds its folders as that uid, so every folder above them must
    /// let others pass (x, never r). Folders this process owns are given that bit; any other that lacks it is named.
    /// </summary>
    private static void EnsureTraversable(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var current = new DirectoryInfo(Path.GetFullPath(folder)); current is not null; current = current.Parent)
        {
            var mode = current.UnixFileMode;
            if ((mode & UnixFileMode.OtherExecute) != 0)
            {
                continue;
            }

            try
            {
                current.UnixFileMode = mode | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
            }
            catch (UnauthorizedAccessException)
            {
                throw new SandboxUnavailableException(
                    $"The sandbox cannot reach {folder}: {current.FullName} does not let other users pass (chmod o+x {current.FullName}), or set Stacks:CacheRoot and Stacks:DependencyRoot elsewhere.");
            }
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
