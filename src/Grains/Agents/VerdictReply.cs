using System.ComponentModel;

namespace DevBot.Grains.Agents;

/// <summary>The Architect's verdict on a phase or the whole project, as JSON.</summary>
public sealed record VerdictReply(
    [property: Description("true when the work is complete and correct.")] bool? Pass,
    [property: Description("What is missing or wrong, when pass is false.")] List<FindingItem>? Findings);
