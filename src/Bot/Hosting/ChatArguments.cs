namespace DevBot.Bot.Hosting;

/// <summary>
/// The chat's own command-line switches, taken out before the rest reaches .NET's configuration:
/// <c>--chat</c> (run the chat front-end in this process), <c>--console</c> (the console chat even with a token),
/// <c>--downloads DIR</c> (where the console chat saves packages).
/// </summary>
public static class ChatArguments
{
    public static (string[] Remaining, Dictionary<string, string?> Settings, bool ChatRequested) Split(string[] args)
    {
        var rest = new List<string>();
        var settings = new Dictionary<string, string?>();
        var chat = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--chat":
                    chat = true;
                    break;
                case "--console":
                    chat = true;
                    settings["Bot:Mode"] = "Console";
                    break;
                case "--downloads" when i + 1 < args.Length:
                    settings["Bot:Downloads"] = args[++i];
                    break;
                case "--downloads":
                    throw new FormatException("--downloads needs a folder.");
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return (rest.ToArray(), settings, chat);
    }
}
