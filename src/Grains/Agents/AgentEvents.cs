using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Agents;

/// <summary>
/// Log events of answers DevBot could not use as they came, each with the project's id as <c>ProjectId</c>: what the
/// evaluation (<c>devbot eval</c>) counts per model configuration, and what an operator can count in the logs.
/// </summary>
public static class AgentEvents
{
    /// <summary>A structured answer (questions, plan, verdict, fixes) did not parse; the model is asked again with the reason.</summary>
    public static readonly EventId MalformedAnswer = new(9201, "MalformedAnswer");

    /// <summary>An answer ended at the output limit; it is asked for again with more room.</summary>
    public static readonly EventId AnswerCutOff = new(9202, "AnswerCutOff");

    /// <summary>An Implementer answer's edits did not apply (unparseable, refused or not matching the files); it is told why.</summary>
    public static readonly EventId EditsNotApplied = new(9203, "EditsNotApplied");
}
