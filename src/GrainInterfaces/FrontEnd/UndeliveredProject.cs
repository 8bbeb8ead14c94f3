namespace DevBot.GrainInterfaces.FrontEnd;

/// <summary>A project whose user has been shown events up to <paramref name="DeliveredSeq"/> of <paramref name="LastEventSeq"/>.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.FrontEnd.UndeliveredProject")]
public sealed record UndeliveredProject(Guid ProjectId, long UserId, long DeliveredSeq, long LastEventSeq);
