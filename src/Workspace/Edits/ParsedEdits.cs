namespace DevBot.Workspace.Edits;

/// <summary>The blocks found in a reply and the malformed ones (which fail the reply).</summary>
public sealed record ParsedEdits(IReadOnlyList<EditBlock> Blocks, IReadOnlyList<EditFailure> Problems);
