namespace DevBot.Eval;

/// <summary>
/// One model configuration to measure: its name in the table, the silo settings that choose its models, and — for the
/// scripted demo models — the share of answers written sloppily the way real models do (<see cref="ScriptedModels.SloppyScript"/>).
/// </summary>
public sealed record EvalConfiguration(string Name, IReadOnlyDictionary<string, string?> Settings, bool Scripted, double SloppyRate = 0)
{
    /// <summary>The scripted demo models answering cleanly.</summary>
    public static EvalConfiguration ScriptedClean() => new("scripted", new Dictionary<string, string?>(), Scripted: true);

    /// <summary>The scripted demo models answering sloppily at <paramref name="rate"/>.</summary>
    public static EvalConfiguration ScriptedSloppy(double rate) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"scripted-sloppy-{rate:0.##}"), new Dictionary<string, string?>(), Scripted: true, rate);
}
