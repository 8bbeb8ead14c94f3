namespace DevBot.Tests.Storage;

[GenerateSerializer]
[Alias("DevBot.Tests.Storage.StorageProbeState")]
public sealed class StorageProbeState
{
    [Id(0)]
    public string? Value { get; set; }

    [Id(1)]
    public int ReminderTicks { get; set; }
}
