using DevBot.Bot.Transport;

namespace DevBot.Bot.Console;

/// <summary>
/// The buttons the console chat has shown, so that typing a number (of the latest buttons shown) or a label (of any
/// recent button) presses it.
/// </summary>
public sealed class ConsoleButtons
{
    private const int Remembered = 40;
    private readonly Lock _gate = new();
    private readonly List<ChatButton> _recent = [];
    private IReadOnlyList<ChatButton> _latest = [];

    /// <summary>Records a message's buttons and returns them numbered from 1, as shown.</summary>
    public IReadOnlyList<(int Number, ChatButton Button)> Show(IReadOnlyList<IReadOnlyList<ChatButton>> rows)
    {
        var buttons = rows.SelectMany(r => r).ToList();
        lock (_gate)
        {
            _latest = buttons;
            _recent.AddRange(buttons);
            if (_recent.Count > Remembered)
            {
                _recent.RemoveRange(0, _recent.Count - Remembered);
            }
        }

        return buttons.Select((b, i) => (i + 1, b)).ToList();
    }

    /// <summary>How many buttons the latest message with buttons showed (what a typed number may choose from).</summary>
    public int LatestCount
    {
        get
        {
            lock (_gate)
            {
                return _latest.Count;
            }
        }
    }

    /// <summary>The button a typed line means (a number of the latest buttons, or a label), or null for plain text.</summary>
    public ChatButton? Resolve(string line)
    {
        var text = line.Trim();
        lock (_gate)
        {
            if (int.TryParse(text, out var number) && number >= 1 && number <= _latest.Count)
            {
                return _latest[number - 1];
            }

            for (var i = _recent.Count - 1; i >= 0; i--)
            {
                if (string.Equals(_recent[i].Label, text, StringComparison.OrdinalIgnoreCase))
                {
                    return _recent[i];
                }
            }
        }

        return null;
    }
}
