using System.Diagnostics;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Agents;

/// <summary>Turns a step's exceptions into typed outcomes and reports the result to the project.</summary>
public static class StepRunner
{
    public static async Task<StepCompletion> RunAsync(StepRequest step, ILogger logger, Func<Task<StepCompletion>> work)
    {
        // Every log line of the step carries the project, the user and the step (with JSON console logs: as fields).
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["ProjectId"] = step.ProjectId, ["UserId"] = step.UserId, ["StepId"] = step.StepId, ["StepKind"] = step.Kind.ToString(),
        });
        var started = Stopwatch.GetTimestamp();
        var completion = await RunCoreAsync(step, logger, work);
        ProjectMetrics.RecordStep(step.Kind, completion.Outcome, Stopwatch.GetElapsedTime(started));
        return completion;
    }

    private static async Task<StepCompletion> RunCoreAsync(StepRequest step, ILogger logger, Func<Task<StepCompletion>> work)
    {
        try
        {
            return await work();
        }
        catch (InsufficientCreditsException ex)
        {
            return StepCompletion.Of(step, StepOutcome.InsufficientCredits, ex.Message, 0m) with { CreditsNeeded = ex.Available + ex.Shortfall };
        }
        catch (ModelUnavailableException ex)
        {
            return StepCompletion.Of(step, StepOutcome.ModelUnavailable, ex.Message, 0m);
        }
        catch (StepFailedException ex)
        {
            return StepCompletion.Of(step, StepOutcome.Failed, ex.Message, 0m) with { Fingerprint = ex.Fingerprint };
        }
        catch (Exception ex) when (ex is MalformedAnswerException or ModelGatewayException)
        {
            return StepCompletion.Of(step, StepOutcome.Failed, ex.Message, 0m);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Step {StepId} ({Kind}) of project {ProjectId} failed unexpectedly", step.StepId, step.Kind, step.ProjectId);
            return StepCompletion.Of(step, StepOutcome.Failed, $"{step.Kind} failed: {ex.GetType().Name}: {ex.Message}", 0m);
        }
    }

    public static async Task ReportAsync(IGrainFactory grains, StepCompletion completion, StepRequest step, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IProjectGrain>(step.ProjectId).CompleteStepAsync(completion);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The project's reminder dispatches the step again; its recorded answers make the re-run cheap.
            logger.LogWarning(ex, "Could not report step {StepId} of project {ProjectId}", step.StepId, step.ProjectId);
        }
    }
}
