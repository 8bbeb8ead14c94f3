namespace DevBot.Workspace.Edits;

/// <summary>
/// Reads edits from a model's reply, tolerant of how real models lay them out, but never guessing:
/// <list type="bullet">
/// <item>SEARCH/REPLACE blocks (Aider's diff format, and Cline's <c>------- SEARCH</c>/<c>+++++++ REPLACE</c> markers):
/// the file's path on the line before, before the opening fence, inside the fence as its first line (Aider's
/// diff-fenced layout), in the fence's info string (<c>```python src/app.py</c>), or left out to reuse the previous
/// block's file;</item>
/// <item>whole files (Aider's whole format): a path line, then a fenced block with the full content (three backticks
/// work too; Markdown samples inside are tracked so the file is not cut at its first inner fence);</item>
/// <item>unified diffs in a ```diff block (or with ---/+++/@@ headers), applied hunk by hunk where unambiguous;</item>
/// <item>deletions: a line <c>DELETE path</c> outside fences.</item>
/// </list>
/// Path decorations (backticks, bold, a trailing colon, <c>File:</c>, <c>#</c> or <c>//</c> prefixes, <c>./</c>, list
/// numbers, "(new file)") are removed; <c>&lt;think&gt;</c>, <c>&lt;thinking&gt;</c> and <c>&lt;reasoning&gt;</c> blocks
/// and prose around the blocks are ignored. What cannot be read with certainty (a block named only in prose, an
/// unclosed or malformed block, a "(partial)" file, an ambiguous fence) becomes a problem that fails the reply.
/// </summary>
public static class EditParser
{
    public static ParsedEdits Parse(string reply) => new ReplyReader(reply).Read();
}
