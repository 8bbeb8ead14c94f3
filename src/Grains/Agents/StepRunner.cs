using System.Diagnostics;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Agents;

/// <summary>Runs a step, turns its exceptions into typed results, and reports the result to the project.</summary>
public static class StepRunner
{
    public static async Task RunAndReportAsync(IGrainFactory grains, StepRequest step, ILogger logger, Func<Task<StepResult>> work)
    {
        // Every log line of the step carries the project, the user and the step (with JSON console logs: as fields).
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["ProjectId"] = step.ProjectId, ["UserId"] = step.UserId, ["StepId"] = step.StepId, ["StepKind"] = step.Kind.ToString(),
        });
        var started = Stopwatch.GetTimestamp();
        var result = await RunCoreAsync(step, logger, work);
        ProjectMetrics.RecordStep(step.Kind, result, Stopwatch.GetElapsedTime(started));
        try
        {
            await grains.GetGrain<IProjectGrain>(step.ProjectId).CompleteStepAsync(new StepReport(step.StepId, step.Attempt, result));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The project's reminder dispatches the step again; its recorded answers make the re-run cheap.
            logger.LogWarning(ex, "Could not report step {StepId} of project {ProjectId}", step.StepId, step.ProjectId);
        }
    }

    private static async Task<StepResult> RunCoreAsync(StepRequest step, ILogger logger, Func<Task<StepResult>> work)
    {
        try
        {
            return await work();
        }
        catch (InsufficientCreditsException ex)
        {
            return new CreditsExhausted(ex.Available + ex.Shortfall);
        }
        catch (CreditLimitReachedException ex)
        {
            return new CreditsExhausted(ex.Needed, ex.Limit);
        }
        catch (ModelUnavailableException ex)
        {
            return new ModelUnavailable(ex.Message);
        }
        catch (StepFailedException ex)
        {
            return new StepFailed(ex.Failure, ex.Message, ex.Fingerprint);
        }
        catch (MalformedAnswerException ex)
        {
            return new StepFailed(StepFailure.MalformedAnswer, ex.Message, null);
        }
        catch (ModelGatewayException ex)
        {
            return new StepFailed(StepFailure.RequestRejected, ex.Message, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Step {StepId} ({Kind}) of project {ProjectId} failed unexpectedly", step.StepId, step.Kind, step.ProjectId);
            return new StepFailed(StepFailure.Unexpected, $"{step.Kind} failed: {ex.GetType().Name}: {ex.Message}", null);
        }
    }
}
