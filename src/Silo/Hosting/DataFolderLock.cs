using System.Globalization;
using DevBot.Data.Embedded;

namespace DevBot.Silo.Hosting;

/// <summary>
/// One silo per embedded data folder. A second silo started on the same folder would take the running server for one
/// left behind by a killed process and stop it under the first silo. The lock is an advisory file lock (flock), so
/// the kernel releases it when its process ends in any way, kill -9 included, and a leftover server is still stopped
/// by the next start.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private const string FileName = "silo.lock";
    private const string HolderFileName = "silo.pid";
    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <exception cref="EmbeddedPostgresException">Another running process holds the folder.</exception>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second holder fails at once instead of waiting.
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The holder's id goes beside the lock: the locked file itself cannot be read by the process refused.
            File.WriteAllText(Path.Combine(folder, HolderFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new DataFolderLock(file);
        }
        catch (IOException)
        {
            throw new EmbeddedPostgresException(
                $"The data folder '{folder}' is in use by another DevBot silo (process {Holder(folder)}). Stop that one first, "
                + "or give this one its own folder (Database__DataDirectory) or the same PostgreSQL (DATABASE_URL).");
        }
    }

    public void Dispose() => _file.Dispose();

    private static string Holder(string folder)
    {
        try
        {
            var pid = File.ReadAllText(Path.Combine(folder, HolderFileName)).Trim();
            return pid.Length > 0 ? pid : "unknown";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
