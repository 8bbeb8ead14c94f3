using System.Runtime.InteropServices;

namespace DevBot.Data.Embedded;

/// <summary>
/// The unprivileged account PostgreSQL runs as when this process is root (initdb and postgres refuse root),
/// and the tool that switches to it.
/// </summary>
internal sealed partial class OsAccount
{
    private OsAccount(string name, int uid, int gid, string switchUserTool, IReadOnlyList<string> switchUserArguments)
    {
        Name = name;
        Uid = uid;
        Gid = gid;
        SwitchUserTool = switchUserTool;
        SwitchUserArguments = switchUserArguments;
    }

    public string Name { get; }

    public int Uid { get; }

    public int Gid { get; }

    public string SwitchUserTool { get; }

    public IReadOnlyList<string> SwitchUserArguments { get; }

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>
    /// The account to run PostgreSQL as: null when this process is not root (it runs as us), otherwise
    /// <paramref name="preferred"/>, falling back to <c>nobody</c>.
    /// </summary>
    public static OsAccount? ForPostgres(string preferred)
    {
        if (!IsRoot)
        {
            return null;
        }

        var entry = FindPasswdEntry(preferred) ?? FindPasswdEntry("nobody")
            ?? throw new EmbeddedPostgresException(
                $"This process runs as root and neither the OS account '{preferred}' nor 'nobody' exists to run PostgreSQL as. "
                + "Create one (installing Debian's 'postgresql' package creates 'postgres') or set Database__OsUser.");
        if (File.Exists("/usr/bin/setpriv"))
        {
            return new OsAccount(entry.Name, entry.Uid, entry.Gid, "/usr/bin/setpriv",
                [$"--reuid={entry.Uid}", $"--regid={entry.Gid}", "--clear-groups", "--"]);
        }

        if (File.Exists("/usr/sbin/runuser"))
        {
            return new OsAccount(entry.Name, entry.Uid, entry.Gid, "/usr/sbin/runuser", ["-u", entry.Name, "--"]);
        }

        throw new EmbeddedPostgresException(
            "This process runs as root and neither setpriv nor runuser (util-linux) is installed to start PostgreSQL as an unprivileged account.");
    }

    /// <summary>Gives the account ownership of <paramref name="path"/> (recursively) so the server can use it.</summary>
    public void TakeOwnership(string path)
    {
        if (lchown(path, Uid, Gid) != 0)
        {
            throw new EmbeddedPostgresException($"Could not hand '{path}' to the OS account '{Name}' (errno {Marshal.GetLastPInvokeError()}).");
        }

        if (Directory.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path))
            {
                TakeOwnership(child);
            }
        }
    }

    private static (string Name, int Uid, int Gid)? FindPasswdEntry(string name)
    {
        if (!File.Exists("/etc/passwd"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid) && uid != 0)
            {
                return (name, uid, gid);
            }
        }

        return null;
    }

    private static uint GetEffectiveUserId() => geteuid();

    [LibraryImport("libc", SetLastError = false)]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, int owner, int group);
}
