using System.Security.Cryptography;

namespace DevBot.Tests.Infrastructure;

/// <summary>A temporary repository folder with a sibling "outside" folder whose bytes tests check stay untouched.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Base = Path.Combine(Path.GetTempPath(), "devbot-ws-" + Guid.NewGuid().ToString("N")[..10]);
        Repo = Path.Combine(Base, "repo");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Repo);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "do not touch\n");
        File.WriteAllText(Path.Combine(Base, "sibling.txt"), "next to the repo\n");
    }

    public string Base { get; }

    public string Repo { get; }

    public string Outside { get; }

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Repo, relative));

    /// <summary>Every file outside the repository folder (under the base), with a hash of its bytes.</summary>
    public SortedDictionary<string, string> SnapshotOutsideRepo()
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Base, "*", SearchOption.AllDirectories))
        {
            if (!file.StartsWith(Repo + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                snapshot[file] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return snapshot;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
