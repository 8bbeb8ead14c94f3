namespace DevBot.Workspace.Paths;

/// <summary>A path that would leave the repository (or touch what must not be touched); nothing was written.</summary>
public sealed class PathRejectedException(string path, string reason)
    : Exception($"'{Printable(path)}' is refused: {reason}.")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;

    private static string Printable(string path)
    {
        var shown = new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return shown.Length > 200 ? shown[..200] + "…" : shown;
    }
}
