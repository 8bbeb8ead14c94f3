using System.ComponentModel;

namespace DevBot.Grains.Agents;

/// <summary>The Architect's diagnosis of failing tests, as JSON.</summary>
public sealed record FixesReply(
    [property: Description("Fix items that make the failing tests pass.")] List<FindingItem>? Fixes);
