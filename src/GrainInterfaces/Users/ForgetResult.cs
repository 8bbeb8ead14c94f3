namespace DevBot.GrainInterfaces.Users;

/// <summary>
/// What forgetting a user did: personal data erased, projects purged now, and running projects stopped (purged as soon
/// as they end).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Users.ForgetResult")]
public sealed record ForgetResult(long UserId, int ProjectsPurged, int ProjectsStopping);
