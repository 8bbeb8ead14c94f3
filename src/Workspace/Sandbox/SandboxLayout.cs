using System.Globalization;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// The sandbox's file system, as an allow-list: <c>/usr</c> (with the merged-/usr links) and the configured
/// toolchains read-only, a minimal <c>/etc</c> (a few host files that programs need to start, plus synthetic account
/// and host files), its own <c>/proc</c> and <c>/dev</c>, bounded tmpfs mounts for <c>/tmp</c>, <c>/dev/shm</c> and the
/// project's workspace, and the project's read-only copy. The root is read-only. Nothing else of the host exists
/// inside: not <c>/root</c>, <c>/home</c>, <c>/var</c>, <c>/run</c>, <c>/sys</c>, the host's <c>/tmp</c>, DevBot's
/// data folder or working copies.
/// </summary>
internal static class SandboxLayout
{
    /// <summary>Host files of /etc that programs read to start (libraries, alternatives, certificates, time zone).</summary>
    private static readonly string[] HostEtc =
    [
        "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/ssl/certs", "/etc/ssl/openssl.cnf",
        "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/localtime", "/etc/timezone", "/etc/protocols", "/etc/services",
        "/etc/mime.types", "/etc/os-release", "/etc/debian_version", "/etc/gai.conf",
    ];

    /// <summary>Top-level links of a merged-/usr system (or real folders on older ones).</summary>
    private static readonly string[] UsrLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>Folders whose contents belong to people or to DevBot: never mounted, nor any folder holding them.</summary>
    private static readonly string[] Private = ["/root", "/home", "/tmp", "/var", "/run", "/proc", "/sys", "/dev", "/etc", "/mnt", "/media", "/srv", "/boot"];

    public static List<string> Arguments(SandboxOptions options, SandboxStaging staging, string sourceMount, string workspaceMount,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<SandboxMount> mounts, (string Host, string Sandbox)? proxySocket)
    {
        var arguments = new List<string>
        {
            "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--hostname", "devbot-sandbox",
            "--ro-bind", "/usr", "/usr",
        };
        foreach (var link in UsrLinks)
        {
            var info = new DirectoryInfo(link);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, link]);
            }
            else if (info.Exists)
            {
                arguments.AddRange(["--ro-bind", link, link]);
            }
        }

        foreach (var toolchain in options.ToolchainPaths.Where(Directory.Exists))
        {
            arguments.AddRange(["--ro-bind", Path.GetFullPath(toolchain), Path.GetFullPath(toolchain)]);
        }

        arguments.AddRange(["--dir", "/etc"]);
        foreach (var path in HostEtc.Where(p => File.Exists(p) || Directory.Exists(p)))
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        foreach (var file in Directory.EnumerateFiles(staging.Etc))
        {
            arguments.AddRange(["--ro-bind", file, "/etc/" + Path.GetFileName(file)]);
        }

        arguments.AddRange(
        [
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", Bytes(64), "--tmpfs", "/dev/shm",
            "--size", Bytes(options.TmpMegabytes), "--tmpfs", "/tmp",
            "--dir", "/tmp/home",
            "--size", Bytes(options.WorkspaceMegabytes), "--tmpfs", workspaceMount,
            "--ro-bind", staging.Source, sourceMount,
        ]);
        foreach (var mount in mounts)
        {
            arguments.AddRange(["--bind", Path.GetFullPath(mount.HostPath), mount.SandboxPath]);
        }

        if (proxySocket is { } socket)
        {
            arguments.AddRange(["--dir", "/run", "--ro-bind", socket.Host, socket.Sandbox]);
        }

        arguments.AddRange(
        [
            "--remount-ro", "/",
            "--chdir", workspaceMount,
            "--clearenv",
        ]);
        foreach (var (key, value) in environment)
        {
            arguments.AddRange(["--setenv", key, value]);
        }

        return arguments;
    }

    /// <summary>Refuses toolchain paths that would expose people's or DevBot's files (or the whole host).</summary>
    /// <exception cref="SandboxUnavailableException">A path is not acceptable; the message says which and why.</exception>
    public static void CheckToolchainPaths(IEnumerable<string> paths, IEnumerable<string>? protectedFolders = null)
    {
        foreach (var raw in paths)
        {
            if (string.IsNullOrWhiteSpace(raw) || !Path.IsPathRooted(raw))
            {
                throw new SandboxUnavailableException($"Sandbox:ToolchainPaths entry '{raw}' must be an absolute path.");
            }

            var path = Path.GetFullPath(raw).TrimEnd('/');
            if (path.Length == 0)
            {
                throw new SandboxUnavailableException("Sandbox:ToolchainPaths may not contain '/': the sandbox never sees the whole host.");
            }

            foreach (var folder in Private.Concat(protectedFolders ?? []).Select(f => Path.GetFullPath(f).TrimEnd('/')).Where(f => f.Length > 0))
            {
                if (Within(path, folder) || Within(folder, path))
                {
                    throw new SandboxUnavailableException(
                        $"Sandbox:ToolchainPaths entry '{raw}' is refused: it overlaps '{folder}', which generated code must never see.");
                }
            }
        }
    }

    private static bool Within(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string Bytes(int megabytes) => ((long)megabytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
}
