using DevBot.GrainInterfaces.Users;

namespace DevBot.Grains.Users;

[GenerateSerializer]
[Alias("DevBot.Grains.Users.UserState")]
public sealed class UserState
{
    [Id(0)]
    public UserProfile? Profile { get; set; }

    [Id(1)]
    public DateTimeOffset? CreatedAt { get; set; }

    [Id(2)]
    public List<UserProject> Projects { get; set; } = [];

    [Id(3)]
    public Guid? ActiveProjectId { get; set; }
}
