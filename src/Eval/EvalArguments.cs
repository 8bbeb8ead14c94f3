using System.Globalization;

namespace DevBot.Eval;

/// <summary>The command line of <c>devbot eval</c>, checked: every refusal says which argument and why.</summary>
public sealed record EvalArguments
{
    public string? IdeasPath { get; private init; }

    public IReadOnlyList<string> Only { get; private init; } = [];

    public int Concurrency { get; private init; } = 4;

    public decimal? MaxUsd { get; private init; }

    public bool Json { get; private init; }

    public bool Help { get; private init; }

    public double SloppyRate { get; private init; } = 0.3;

    public TimeSpan Timeout { get; private init; } = TimeSpan.FromMinutes(30);

    public IReadOnlyList<(string Name, string Architect, string Implementer)> Models { get; private init; } = [];

    /// <summary><c>--Section:Key=value</c> arguments: silo configuration for every configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private init; } = new Dictionary<string, string?>();

    public static EvalArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new EvalArguments();
        var models = new List<(string, string, string)>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new EvalUsageException($"{arg} needs a value");
            switch (arg)
            {
                case "-h" or "--help":
                    parsed = parsed with { Help = true };
                    break;
                case "--json":
                    parsed = parsed with { Json = true };
                    break;
                case "--ideas":
                    parsed = parsed with { IdeasPath = Value() };
                    break;
                case "--only":
                    parsed = parsed with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--concurrency":
                    parsed = parsed with { Concurrency = Number(arg, Value(), 1, 64) };
                    break;
                case "--timeout":
                    parsed = parsed with { Timeout = TimeSpan.FromMinutes(Number(arg, Value(), 1, 24 * 60)) };
                    break;
                case "--max-usd":
                    var usd = Value();
                    parsed = parsed with
                    {
                        MaxUsd = decimal.TryParse(usd, NumberStyles.Number, CultureInfo.InvariantCulture, out var max) && max > 0 && max <= 1_000_000
                            ? max
                            : throw new EvalUsageException($"--max-usd takes an amount in USD above 0 (like 2.50), not '{usd}'"),
                    };
                    break;
                case "--sloppy":
                    var rate = Value();
                    parsed = parsed with
                    {
                        SloppyRate = double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1
                            ? r
                            : throw new EvalUsageException($"--sloppy takes a share of answers from 0 to 1, not '{rate}'"),
                    };
                    break;
                case "--models":
                    models.Add(ParseModels(Value()));
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2 && arg[2..eq].Contains(':', StringComparison.Ordinal))
                    {
                        settings[arg[2..eq]] = arg[(eq + 1)..];
                        break;
                    }

                    throw new EvalUsageException($"unknown argument '{arg}'");
            }
        }

        if (models.Select(m => m.Item1).Distinct(StringComparer.OrdinalIgnoreCase).Count() != models.Count)
        {
            throw new EvalUsageException("two --models configurations have the same name");
        }

        return parsed with { Models = models, Settings = settings };
    }

    private static (string, string, string) ParseModels(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var name = eq > 0 ? value[..eq].Trim() : string.Empty;
        var list = eq > 0 ? value[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        if (name.Length == 0 || list.Length is < 1 or > 2)
        {
            throw new EvalUsageException($"--models takes NAME=ARCHITECT[,IMPLEMENTER] (provider:model each), not '{value}'");
        }

        foreach (var model in list)
        {
            try
            {
                Gateway.ModelRef.Parse(model);
            }
            catch (FormatException ex)
            {
                throw new EvalUsageException($"--models {name}: {ex.Message}");
            }
        }

        return (name, list[0], list.Length > 1 ? list[1] : list[0]);
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new EvalUsageException($"{name} takes a whole number from {min} to {max}, not '{value}'");
}
