using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Console;

/// <summary>
/// The console chat's side of <see cref="IChatSender"/>: messages as plain text on the output, buttons numbered,
/// progress edits printed when they change, documents saved to the downloads folder.
/// </summary>
public sealed class ConsoleChatSender(ConsoleButtons buttons, IOptions<BotOptions> options, TextWriter output) : IChatSender
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _shown = [];
    private int _nextId;

    public Task<int> SendTextAsync(long chatId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? rows = null, CancellationToken cancellationToken = default)
    {
        var text = Html.ToPlain(html);
        lock (_gate)
        {
            var id = ++_nextId;
            _shown[id] = text;
            Write("bot> " + Indent(text), rows);
            return Task.FromResult(id);
        }
    }

    public Task<int> EditTextAsync(long chatId, int messageId, string html, IReadOnlyList<IReadOnlyList<ChatButton>>? rows = null, CancellationToken cancellationToken = default)
    {
        var text = Html.ToPlain(html);
        lock (_gate)
        {
            if (!_shown.TryGetValue(messageId, out var before) || before != text)
            {
                _shown[messageId] = text;
                Write("bot> " + Indent(text), rows);
            }
        }

        return Task.FromResult(messageId);
    }

    public Task EditButtonsAsync(long chatId, int messageId, IReadOnlyList<IReadOnlyList<ChatButton>>? rows, CancellationToken cancellationToken = default)
    {
        // Picked options are shown again, marked; buttons taken away need no line (the next message numbers its own).
        if (rows is { Count: > 0 })
        {
            lock (_gate)
            {
                Write("bot> (picked so far)", rows);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string?> StartLinkAsync(string payload, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public Task SendTypingAsync(long chatId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task SendDocumentAsync(long chatId, string fileName, byte[] content, string captionHtml, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.Downloads);
        Directory.CreateDirectory(folder);
        // The name comes from the project's title: keep only its last segment, never a path.
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(safeName) || safeName.StartsWith('.'))
        {
            safeName = "project.zip";
        }

        // Every delivery keeps its own file: a second project with the same name (or the same project's partial and
        // final package) gets name-2.zip, name-3.zip, … rather than overwriting the first.
        var path = Path.Combine(folder, safeName);
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(safeName)}-{n}{Path.GetExtension(safeName)}");
        }

        await File.WriteAllBytesAsync(path, content, cancellationToken);
        lock (_gate)
        {
            Write($"bot> {Indent(Html.ToPlain(captionHtml))}\n     [file saved: {path} ({content.Length:N0} bytes)]", null);
        }
    }

    public Task AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(notice))
        {
            lock (_gate)
            {
                Write("bot> " + notice, null);
            }
        }

        return Task.CompletedTask;
    }

    public Task SendInvoiceAsync(long chatId, string title, string description, int stars, string payload, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Write($"bot> {title} cost {stars} Telegram Stars. Payments need Telegram; in the console an operator grants credits "
                  + "with the admin console.", null);
        }

        return Task.CompletedTask;
    }

    public Task AnswerPreCheckoutAsync(string queryId, string? error, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RefundStarsAsync(long userId, string chargeId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Stars refunds need Telegram.");

    private static string Indent(string text) => text.Replace("\n", "\n     ", StringComparison.Ordinal);

    private void Write(string text, IReadOnlyList<IReadOnlyList<ChatButton>>? rows)
    {
        output.WriteLine(text);
        if (rows is { Count: > 0 })
        {
            output.WriteLine("     " + string.Join("   ", buttons.Show(rows).Select(b => $"[{b.Number}] {b.Button.Label}")));
        }

        output.Flush();
    }
}
