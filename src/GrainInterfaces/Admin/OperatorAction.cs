namespace DevBot.GrainInterfaces.Admin;

/// <summary>One thing an operator did, and who: kept in <c>operator_actions</c>, shown on the admin page.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.OperatorAction")]
public sealed record OperatorAction(string Operator, string Action, string? Target, string? Details, DateTimeOffset At);
