namespace DevBot.Tests.Infrastructure;

/// <summary>Where tests keep package caches: one folder for the whole run, so installs after the first are warm where users repeat.</summary>
public static class TestStacks
{
    public static string CacheRoot { get; } = Path.Combine(Path.GetTempPath(), "devbot-test-package-caches");
}
