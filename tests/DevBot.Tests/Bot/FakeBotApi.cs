using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.Payments;

namespace DevBot.Tests.Bot;

/// <summary>
/// A fake Telegram Bot API server on loopback: the real Telegram.Bot client talks to it through its base-URL option.
/// Tests queue updates (what users do) and read what the bot sent; getUpdates long-polls and honours the offset, as
/// Telegram does.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:TEST-fake_token_abcdefghijklmnopqrstu";
    public const long BotId = 123456789;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Update> _updates = [];
    private readonly List<BotCall> _calls = [];
    private readonly Dictionary<long, int> _messageIds = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly HashSet<long> _blocked = [];
    private int _nextUpdateId = 1000;
    private int _confirmedOffset;

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeBotApi(app);
        app.MapPost("/bot{token}/{method}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Urls.First().TrimEnd('/');
        return api;
    }

    /// <summary>Everything the bot called, in order.</summary>
    public IReadOnlyList<BotCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToList();
            }
        }
    }

    public int SendText(long user, string text, string language = "en") => Enqueue(new Update
    {
        Message = new Message { Id = 1, From = Person(user, language), Chat = PrivateChat(user), Date = DateTime.UtcNow, Text = text },
    });

    public int Press(long user, string data, int messageId = 1, string language = "en") => Enqueue(new Update
    {
        CallbackQuery = new CallbackQuery
        {
            Id = "cb-" + Guid.NewGuid().ToString("N")[..10], From = Person(user, language), Data = data, ChatInstance = "ci-" + user,
            Message = new Message { Id = messageId, Chat = PrivateChat(user), Date = DateTime.UtcNow },
        },
    });

    public int PreCheckout(long user, string payload, int amount, string currency = "XTR", string? queryId = null, string language = "en") => Enqueue(new Update
    {
        PreCheckoutQuery = new PreCheckoutQuery
        {
            Id = queryId ?? "pcq-" + Guid.NewGuid().ToString("N")[..10], From = Person(user, language), Currency = currency, TotalAmount = amount, InvoicePayload = payload,
        },
    });

    /// <summary>A successful_payment service message; the same <paramref name="chargeId"/> twice is what a duplicate delivery looks like.</summary>
    public int Pay(long user, string payload, int amount, string chargeId, string language = "en") => Enqueue(new Update
    {
        Message = new Message
        {
            Id = 1, From = Person(user, language), Chat = PrivateChat(user), Date = DateTime.UtcNow,
            SuccessfulPayment = new SuccessfulPayment
            {
                Currency = "XTR", TotalAmount = amount, InvoicePayload = payload, TelegramPaymentChargeId = chargeId, ProviderPaymentChargeId = string.Empty,
            },
        },
    });

    /// <summary>Waits for a call matching <paramref name="match"/> (already made, or made later).</summary>
    public async Task<BotCall> WaitForAsync(Func<BotCall, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (Calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The bot never {what}. It called: {string.Join(" | ", Calls.TakeLast(15).Select(c => c.ToString()))}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the bot has confirmed (by its next getUpdates offset) the update <paramref name="updateId"/>.</summary>
    public async Task WaitConsumedAsync(int updateId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref _confirmedOffset) <= updateId)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The bot never confirmed update {updateId}.");
            }

            await Task.Delay(25);
        }
    }

    public IReadOnlyList<BotCall> To(long chat) => Calls.Where(c => c.ChatId == chat).ToList();

    /// <summary>The user blocks the bot: Telegram answers 403 to anything sent to their chat.</summary>
    public void Block(long chat)
    {
        lock (_gate)
        {
            _blocked.Add(chat);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private static User Person(long id, string language = "en") => new() { Id = id, FirstName = "User" + id, Username = "user" + id, LanguageCode = language };

    private static Chat PrivateChat(long id) => new() { Id = id, Type = ChatType.Private };

    private int Enqueue(Update update)
    {
        lock (_gate)
        {
            update.Id = ++_nextUpdateId;
            _updates.Add(update);
        }

        _arrived.Release();
        return update.Id;
    }

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }

        var (fields, file, fileName) = await ReadAsync(http.Request);
        method = method.ToLowerInvariant();
        if (method == "getupdates")
        {
            return Ok(await GetUpdatesAsync(fields, http.RequestAborted));
        }

        var chatId = fields.TryGetValue("chat_id", out var chat) ? long.Parse(chat, System.Globalization.CultureInfo.InvariantCulture)
            : fields.TryGetValue("user_id", out var user) ? long.Parse(user, System.Globalization.CultureInfo.InvariantCulture) : 0;
        int messageId;
        lock (_gate)
        {
            if (_blocked.Contains(chatId) && method.StartsWith("send", StringComparison.Ordinal) || _blocked.Contains(chatId) && method.StartsWith("editmessage", StringComparison.Ordinal))
            {
                _calls.Add(new BotCall(method + ":refused", chatId, 0, fields, null, null));
                return Results.Json(new { ok = false, error_code = 403, description = "Forbidden: bot was blocked by the user" }, statusCode: 403);
            }

            messageId = method switch
            {
                "editmessagetext" or "editmessagereplymarkup" when fields.TryGetValue("message_id", out var edited) => int.Parse(edited, System.Globalization.CultureInfo.InvariantCulture),
                "sendmessage" or "senddocument" or "sendinvoice" => _messageIds[chatId] = _messageIds.GetValueOrDefault(chatId) + 1,
                _ => 0,
            };
            _calls.Add(new BotCall(method, chatId, messageId, fields, file, fileName));
        }

        return method switch
        {
            "getme" => Ok(new User { Id = BotId, IsBot = true, FirstName = "DevBot", Username = "devbot_test_bot" }),
            "sendmessage" or "editmessagetext" or "editmessagereplymarkup" or "sendinvoice" => Ok(new Message
            {
                Id = messageId, Chat = PrivateChat(chatId), Date = DateTime.UtcNow, Text = fields.GetValueOrDefault("text"),
            }),
            "senddocument" => Ok(new Message
            {
                Id = messageId, Chat = PrivateChat(chatId), Date = DateTime.UtcNow, Caption = fields.GetValueOrDefault("caption"),
                Document = new Document { FileId = "file-" + messageId, FileUniqueId = "u-" + messageId, FileName = fileName },
            }),
            _ => Ok(true),
        };
    }

    private async Task<Update[]> GetUpdatesAsync(Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var offset = fields.TryGetValue("offset", out var o) ? int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var timeout = fields.TryGetValue("timeout", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(timeout);
        while (true)
        {
            lock (_gate)
            {
                // An offset confirms every update before it: Telegram forgets them.
                _updates.RemoveAll(u => u.Id < offset);
                if (offset > _confirmedOffset)
                {
                    _confirmedOffset = offset;
                }

                if (_updates.Count > 0)
                {
                    return _updates.Take(100).ToArray();
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return [];
            }

            try
            {
                await _arrived.WaitAsync(left, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    private static async Task<(Dictionary<string, string> Fields, byte[]? File, string? FileName)> ReadAsync(HttpRequest request)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }

            if (form.Files.FirstOrDefault() is { } upload)
            {
                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer);
                return (fields, buffer.ToArray(), upload.FileName);
            }

            return (fields, null, null);
        }

        if (request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return (fields, null, null);
        }

        var node = await JsonNode.ParseAsync(request.Body);
        if (node is JsonObject json)
        {
            foreach (var (key, value) in json)
            {
                fields[key] = value switch
                {
                    null => string.Empty,
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    _ => value.ToJsonString(),
                };
            }
        }

        return (fields, null, null);
    }

    private static IResult Ok<T>(T result) =>
        Results.Text("{\"ok\":true,\"result\":" + JsonSerializer.Serialize(result, JsonBotAPI.Options) + "}", "application/json");
}

/// <summary>One Bot API call the bot made: the method (lower case), the chat, the message id and the parameters.</summary>
public sealed record BotCall(string Method, long ChatId, int MessageId, IReadOnlyDictionary<string, string> Fields, byte[]? File, string? FileName)
{
    public string Text => Fields.GetValueOrDefault("text") ?? Fields.GetValueOrDefault("caption") ?? string.Empty;

    public string ReplyMarkup => Fields.GetValueOrDefault("reply_markup") ?? string.Empty;

    /// <summary>The callback data of the button labelled <paramref name="label"/> (or containing it) under this message.</summary>
    public string Button(string label)
    {
        using var markup = JsonDocument.Parse(ReplyMarkup.Length > 0 ? ReplyMarkup : "{}");
        if (markup.RootElement.TryGetProperty("inline_keyboard", out var rows))
        {
            foreach (var button in rows.EnumerateArray().SelectMany(r => r.EnumerateArray()))
            {
                if (button.GetProperty("text").GetString()!.Contains(label, StringComparison.OrdinalIgnoreCase))
                {
                    return button.GetProperty("callback_data").GetString()!;
                }
            }
        }

        throw new InvalidOperationException($"No button '{label}' under: {Text}");
    }

    public override string ToString() => $"{Method}({ChatId}#{MessageId}: {(Text.Length > 80 ? Text[..80] + "…" : Text)})";
}
