namespace DevBot.Grains.Agents;

public sealed record DiagnoseInput(int Round, string Command, int ExitCode, string Output);
