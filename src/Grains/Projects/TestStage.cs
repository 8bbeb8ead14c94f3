namespace DevBot.Grains.Projects;

public enum TestStage
{
    /// <summary>Tests are to be run (again).</summary>
    Pending = 0,

    /// <summary>Tests failed; the Architect is to turn the failures into fix items.</summary>
    NeedsDiagnosis = 1,

    Passed = 2,

    /// <summary>Tests could not be run or kept failing after the allowed rounds; delivery notes it.</summary>
    GaveUp = 3,
}
