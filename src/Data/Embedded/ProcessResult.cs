namespace DevBot.Data.Embedded;

/// <summary>Exit code and combined output of a finished helper process.</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
