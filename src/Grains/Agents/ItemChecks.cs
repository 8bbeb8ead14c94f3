using DevBot.GrainInterfaces.Projects;
using DevBot.Workspace.Sandbox;
using DevBot.Workspace.Stacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Grains.Agents;

/// <summary>
/// The check after an item's edits apply, in the sandbox: the project's dependencies installed first when a manifest
/// changed (the only run with network, to its registries alone), then the item's own check command (<c>check: `…`</c>)
/// or, when it names none, the build and the project's tests. An item's own check that cannot tell anything — it ran
/// past its deadline (a server that never exits) or names a program that is not there — gives way to the default one.
/// </summary>
public sealed class ItemChecks(ProjectToolbox toolbox, IOptions<StackOptions> options, ILogger<ItemChecks> logger)
{
    /// <summary>How much of a failing check's output goes back to the model (its end, where the errors are).</summary>
    public const int OutputChars = 6000;

    public async Task<CheckRun> RunAsync(StepRequest step, string tree, string guide, IReadOnlyCollection<string> files, string itemText,
        CancellationToken cancellationToken = default)
    {
        var commands = ProjectCommands.From(guide, files);
        var missing = toolbox.MissingPrograms(commands);
        if (missing.Count > 0)
        {
            return NotRun($"this server has no {string.Join(", ", missing)}");
        }

        var fallback = commands.DefaultCheck(files);
        var own = ProjectCommands.ItemCheck(itemText);
        if (own is not null && toolbox.MissingPrograms(ProjectCommands.ProgramsOf(own)).Count > 0 && fallback is not null)
        {
            own = null;
        }

        var command = own ?? fallback;
        if (command is null)
        {
            return NotRun("the item names no check command and the project has nothing to build or test yet");
        }

        try
        {
            var install = await toolbox.EnsureInstalledAsync(step.ProjectId, step.UserId, tree, commands, cancellationToken);
            if (install.Status == InstallStatus.Unavailable)
            {
                return NotRun(install.Detail);
            }

            if (install.Status == InstallStatus.Failed)
            {
                return new CheckRun(CheckStatus.Failed, commands.Install!, install.Run?.ExitCode ?? -1, install.Run?.Duration.TotalSeconds ?? 0,
                    Tail((install.Run?.Output ?? string.Empty) + "\n" + install.Detail), "the dependencies did not install");
            }

            var result = await toolbox.RunAsync(step.ProjectId, step.UserId, tree, commands, command, options.Value.CheckTimeout, cancellationToken);
            if (own is not null && fallback is not null && fallback != own && (result.Limit == SandboxLimit.Deadline || result.ExitCode is 126 or 127))
            {
                logger.LogInformation("Step {StepId} of project {ProjectId}: the item's own check `{Check}` could not be used (exit {ExitCode}, limit {Limit}); running `{Fallback}`",
                    step.StepId, step.ProjectId, own, result.ExitCode, result.Limit, fallback);
                command = fallback;
                result = await toolbox.RunAsync(step.ProjectId, step.UserId, tree, commands, command, options.Value.CheckTimeout, cancellationToken);
            }

            return result.Succeeded
                ? new CheckRun(CheckStatus.Passed, command, 0, result.Duration.TotalSeconds, string.Empty, "passed")
                : new CheckRun(CheckStatus.Failed, command, result.ExitCode, result.Duration.TotalSeconds, Tail(result.Output),
                    result.Limit == SandboxLimit.None ? $"exited {result.ExitCode}" : $"stopped by the sandbox ({result.Limit})");
        }
        catch (SandboxUnavailableException ex)
        {
            return NotRun(ex.Message);
        }
    }

    private static CheckRun NotRun(string why) => new(CheckStatus.NotRun, string.Empty, -1, 0, string.Empty, why);

    private static string Tail(string output)
    {
        if (output.Length <= OutputChars)
        {
            return output;
        }

        var start = output.Length - OutputChars;
        if (char.IsLowSurrogate(output[start]))
        {
            start++;
        }

        return $"[… {start} characters before this]\n" + output[start..];
    }
}
