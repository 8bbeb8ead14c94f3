using System.Text.Json.Serialization;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>Something the delivery should mention (a skipped item, tests that could not pass).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectNote")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$note")]
[JsonDerivedType(typeof(ItemSkippedNote), "itemSkippedNote")]
[JsonDerivedType(typeof(TestsNotRunNote), "testsNotRunNote")]
[JsonDerivedType(typeof(TestsStillFailNote), "testsStillFailNote")]
[JsonDerivedType(typeof(LegacyNote), "legacyNote")]
public abstract record ProjectNote;
