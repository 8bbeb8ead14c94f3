namespace DevBot.Bot.Transport;

/// <summary>A button under a message: what it says and what pressing it sends back (at most 64 bytes).</summary>
public sealed record ChatButton(string Label, string Data);
