namespace DevBot.Grains;

/// <summary>Names of the grain storage providers; grains name one in <c>[PersistentState]</c>.</summary>
public static class StorageNames
{
    /// <summary>State of DevBot's grains (users, projects, key pools, pricing), in PostgreSQL.</summary>
    public const string Main = "devbot";
}
