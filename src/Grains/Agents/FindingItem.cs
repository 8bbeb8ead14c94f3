using System.ComponentModel;

namespace DevBot.Grains.Agents;

/// <summary>A gap or a fix: a TODO item's title, the files it touches and how to check it.</summary>
public sealed record FindingItem(
    [property: Description("What to do, as a TODO item title.")] string? Title,
    [property: Description("Files to change.")] List<string>? Files,
    [property: Description("How to tell it is done.")] string? Check);
