using System.Globalization;
using System.Text;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// One run's folder outside the sandbox: a read-only copy of the project's files (regular files only: no <c>.git</c>,
/// no links, no devices) that the sandbox copies into its own size-bounded <c>/workspace</c>, and the few
/// <c>/etc</c> files the sandbox gets instead of the host's (an account for its uid, loopback names). The project's
/// working copy itself never enters the sandbox, so nothing a run writes can reach its history or the host.
/// </summary>
internal sealed class SandboxStaging : IDisposable
{
    private SandboxStaging(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string Source => Path.Combine(Root, "src");

    public string Etc => Path.Combine(Root, "etc");

    public static SandboxStaging Create(string stagingRoot, string sourceTree, int uid, int gid)
    {
        // The parent lets others through but not list it: a run's folder is reachable only by its unguessable name.
        Directory.CreateDirectory(stagingRoot);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stagingRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var staging = new SandboxStaging(Path.Combine(stagingRoot, "run-" + Guid.NewGuid().ToString("N")));
        try
        {
            CreateReadable(staging.Root);
            CreateReadable(staging.Source);
            CreateReadable(staging.Etc);
            CopyTree(Path.GetFullPath(sourceTree), staging.Source);
            WriteReadable(Path.Combine(staging.Etc, "passwd"),
                $"root:x:0:0::/root:/usr/sbin/nologin\nsandbox:x:{uid.ToString(CultureInfo.InvariantCulture)}:{gid.ToString(CultureInfo.InvariantCulture)}:DevBot sandbox:/tmp/home:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
            WriteReadable(Path.Combine(staging.Etc, "group"),
                $"root:x:0:\nsandbox:x:{gid.ToString(CultureInfo.InvariantCulture)}:\nnogroup:x:65534:\n");
            WriteReadable(Path.Combine(staging.Etc, "hosts"), "127.0.0.1\tlocalhost devbot-sandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
            WriteReadable(Path.Combine(staging.Etc, "nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files\n");
            return staging;
        }
        catch
        {
            staging.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover run folder holds a copy of a project only its owner can reach; the next clean-up takes it.
        }
    }

    private static void CopyTree(string from, string to)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos("*", options))
        {
            if (entry.LinkTarget is not null || entry.Name.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                CreateReadable(target);
                CopyTree(directory.FullName, target);
            }
            else if (entry is FileInfo file)
            {
                // Working copies hold regular files only (edits and git write nothing else), so a plain copy suffices.
                file.CopyTo(target);
                if (!OperatingSystem.IsWindows())
                {
                    var executable = (File.GetUnixFileMode(file.FullName) & UnixFileMode.UserExecute) != 0;
                    File.SetUnixFileMode(target, Readable | (executable ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
                }
            }
        }
    }

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static void CreateReadable(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static void WriteReadable(string path, string content)
    {
        File.WriteAllText(path, content, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Readable);
        }
    }
}
