using System.Globalization;
using DevBot.Bench;

// dotnet run -c Release --project tests/DevBot.Bench -- <benchmark> [--users N] [--seconds N]
var benchmark = args.FirstOrDefault() ?? string.Empty;
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

double Double(string name, double fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

// --set Section:Key=value (repeatable) overrides silo configuration, e.g. --set Credits:BatchWrites=false
var settings = new Dictionary<string, string?>();
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
    {
        settings[key] = value;
    }
}

switch (benchmark)
{
    case "ledger":
        return await LedgerBenchmark.RunAsync(
            users: Option("--users", 200),
            duration: TimeSpan.FromSeconds(Option("--seconds", 15)),
            warmup: TimeSpan.FromSeconds(Option("--warmup", 3)),
            settings);
    case "gateway":
        return await GatewayBenchmark.RunAsync(
            requests: Option("--requests", 2000),
            concurrency: Option("--concurrency", 4),
            settings,
            breakdown: args.Contains("--breakdown"));
    case "index":
        return await IndexBenchmark.RunAsync(
            source: args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Directory.GetCurrentDirectory(),
            scale: Option("--scale", 1),
            queries: Option("--queries", 200));
    case "pipeline":
        return await PipelineBenchmark.RunAsync(projects: Option("--projects", 10), settings);
    case "journey":
        return await JourneyBenchmark.RunAsync(
            sloppyRate: args.Contains("--sloppy") ? double.Parse(args[Array.IndexOf(args, "--sloppy") + 1], CultureInfo.InvariantCulture) : 0.3,
            projects: Option("--projects", 5),
            settings);
    case "history":
        return await HistoryBenchmark.RunAsync(
            checkpoints: [.. (args.Contains("--commits") ? args[Array.IndexOf(args, "--commits") + 1] : "10,100,500")
                .Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))]);
    case "retrieval":
        string Text(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: DevBot.Bench retrieval <checkout of the question set's repository> [--questions file] [--embedders local,minilm,arctic] [--verbose]");
            return 2;
        }

        return await RetrievalBenchmark.RunAsync(
            checkout: args[1],
            questionsPath: Text("--questions", Path.Combine(AppContext.BaseDirectory, "Retrieval", "httpx-questions.json")),
            embedders: Text("--embedders", "local,minilm,arctic").Split(','),
            verbose: args.Contains("--verbose"));
    case "probe":
        return await ProbeBenchmark.RunAsync(settings);
    case "project":
        return await ProjectBenchmark.RunProjectAsync(width: Option("--width", 4), timeFactor: Double("--time-factor", 0.05), seed: Option("--seed", 1),
            stepsBeside: Option("--steps-beside", new DevBot.Grains.Projects.ProjectOptions().StepsBeside), settings);
    case "capacity":
        return await ProjectBenchmark.RunCapacityAsync(projects: Option("--projects", 100), timeFactor: Double("--time-factor", 1.0), seconds: Option("--seconds", 60), settings);
    case "models":
        return await ProjectBenchmark.ServeModelsAsync(Double("--time-factor", 1.0));
    case "stacks":
        return await StacksBenchmark.RunAsync(
            only: args.Contains("--scenarios") ? args[Array.IndexOf(args, "--scenarios") + 1].Split(',') : [],
            settings);
    default:
        Console.Error.WriteLine("usage: DevBot.Bench ledger [--users 200] [--seconds 15] [--warmup 3] | gateway [--requests 2000] [--concurrency 4] | index [folder] [--scale N] [--queries 200] | pipeline [--projects 10] | journey [--sloppy 0.3] [--projects 5] | history [--commits 10,100,500] | retrieval <checkout> [--questions f] [--embedders local,minilm,arctic] [--verbose] | stacks [--scenarios python,node,dotnet] | project [--width 4] [--time-factor 0.05] [--steps-beside 4] | capacity [--projects 100] [--time-factor 1] [--seconds 60] | probe   [--set Section:Key=value]...");
        return 2;
}
