namespace DevBot.Workspace.Edits;

/// <summary>A placement, or the reason it is refused (ambiguous, unmappable), or neither when nothing matched.</summary>
internal readonly record struct PlaceOutcome(Placement? Placement, string? Error);
