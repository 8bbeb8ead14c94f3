using System.Text.Json;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

/// <summary>The inputs the project hands its workers, serialised into <see cref="StepRequest.Input"/>.</summary>
public static class StepInputs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T input) => JsonSerializer.Serialize(input, Json);

    public static T Read<T>(StepRequest step) =>
        JsonSerializer.Deserialize<T>(step.Input, Json) ?? throw new InvalidOperationException($"Step {step.StepId} has no input.");
}
