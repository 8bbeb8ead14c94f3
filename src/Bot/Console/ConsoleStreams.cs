namespace DevBot.Bot.Console;

/// <summary>
/// The console chat's input and output. <paramref name="Paced"/>: input is piped (not typed), so each line waits for
/// the conversation to come back to the user before it is read, as a person would.
/// </summary>
public sealed record ConsoleStreams(TextReader Input, TextWriter Output, bool Paced)
{
    public static ConsoleStreams Standard() => new(System.Console.In, System.Console.Out, System.Console.IsInputRedirected);
}
