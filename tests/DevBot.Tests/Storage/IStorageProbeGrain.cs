namespace DevBot.Tests.Storage;

/// <summary>A grain that exercises the storage and reminder providers the way DevBot's grains do.</summary>
[Alias("DevBot.Tests.Storage.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithGuidKey
{
    Task SetAsync(string value);

    Task<string?> GetAsync();

    Task<string?> GetETagAsync();

    Task ClearAsync();

    Task DeactivateAsync();

    Task StartReminderAsync(TimeSpan period);

    Task StopReminderAsync();

    Task<int> GetReminderTicksAsync();
}
