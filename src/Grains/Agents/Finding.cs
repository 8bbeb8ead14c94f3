namespace DevBot.Grains.Agents;

/// <summary>A gap found by verification or a fix from a test diagnosis, as a TODO item text.</summary>
public sealed record Finding(string Title, IReadOnlyList<string> Files, string Check)
{
    public string AsTodoText() =>
        $"{Title.Trim().TrimEnd('.')} (files: {(Files.Count == 0 ? "as needed" : string.Join(", ", Files))}; check: {Check.Trim().TrimEnd('.')})";

    /// <summary>A normalised form to recognise the same finding coming back.</summary>
    public string Fingerprint => new string(Title.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
