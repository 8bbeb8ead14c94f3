using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.ScriptedModels;

/// <summary>
/// A real OpenAI-compatible HTTP server on loopback: <c>/v1/chat/completions</c>, <c>/v1/embeddings</c> (float and
/// base64 encodings) and <c>/v1/models</c>, with token usage (and optional <c>usage.cost</c>, or a script's own usage
/// object in a provider's shape) in every answer.
/// Answers come from an <see cref="IModelScript"/>; <see cref="Faults"/> injects 429s, 500s, 401s, slow answers,
/// malformed and truncated bodies. Every answer carries <c>X-DevBot-Scripted: true</c> and the system fingerprint
/// <c>devbot-scripted</c>: nothing it says comes from a real model.
/// <para><b>Realistic runs (benchmarks).</b> Two options make the server behave like a provider in time and tokens:</para>
/// <code>
/// await using var models = await ScriptedModelServer.StartAsync(script,
///     latency: ScriptedLatency.Realistic(timeFactor: 0.01, seed: 7),      // or new ScriptedLatency(0.01,
///                                                                         //   architect: (p50, p95), implementer: (p50, p95), seed)
///     promptCache: new ScriptedPromptCache());                            // 5 model minutes, 1,024-token minimum
/// // … run projects against models.BaseUrl …
/// ScriptedRoleTotals impl = models.TotalsOf(ScriptedRoles.Implementer);   // Calls, InputTokens, CachedInputTokens,
/// double share = impl.CachedShare;                                       // CacheWriteTokens, OutputTokens, ModelTime
/// models.ResetTotals();                                                   // between two runs in one process
/// </code>
/// <list type="bullet">
/// <item><see cref="Latency"/>: each chat answer waits a log-normal model time of its role (<see cref="ScriptedRoles"/>:
/// the prompt's <c>[devbot:task=…]</c> marker, else the model name), scaled to wall time by the time factor; input
/// tokens then count tool definitions and message framing too.</item>
/// <item><see cref="PromptCache"/>: a prefix sent before within the window (model time) comes back as
/// <c>usage.prompt_tokens_details.cached_tokens</c> (OpenAI's shape, which the gateway meters); Anthropic models cache
/// only at <c>cache_control</c> breakpoints, reporting writes as <c>prompt_tokens_details.cache_write_tokens</c>
/// (OpenRouter's shape).</item>
/// <item><see cref="TotalsOf"/> / <see cref="Totals"/>: per role, successful calls, reported tokens and simulated
/// model time (unscaled).</item>
/// <item><see cref="RecordRequestBodies"/>: keep each chat request's JSON body on its <see cref="ScriptedExchange"/>.</item>
/// </list>
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    public const string ScriptedHeader = "X-DevBot-Scripted";
    public const string Fingerprint = "devbot-scripted";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedExchange> _exchanges = new();
    private readonly ConcurrentDictionary<string, RoleCounter> _totals = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _epoch = DateTimeOffset.UtcNow;
    private int _sequence;

    private ScriptedModelServer(WebApplication app, IModelScript script, int embeddingDimensions)
    {
        _app = app;
        Script = script;
        EmbeddingDimensions = embeddingDimensions;
    }

    /// <summary>Base URL for OpenAI clients, ending in <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/v1/");

    public IModelScript Script { get; set; }

    public FaultPlan Faults { get; } = new();

    public int EmbeddingDimensions { get; }

    public IReadOnlyList<ScriptedExchange> Exchanges => _exchanges.ToArray();

    /// <summary>Model time per answer (null: answers at once, token counts from the message text alone).</summary>
    public ScriptedLatency? Latency { get; set; }

    /// <summary>The provider prompt cache the server plays (null: no cached tokens are reported).</summary>
    public ScriptedPromptCache? PromptCache { get; set; }

    /// <summary>Keep every chat request's JSON body on its exchange (off by default: bodies are large).</summary>
    public bool RecordRequestBodies { get; set; }

    /// <summary>The server's clock in model time: wall time since start divided by the latency's time factor.</summary>
    public DateTimeOffset ModelNow => _epoch + (Latency is { } latency ? _clock.Elapsed / latency.TimeFactor : _clock.Elapsed);

    /// <summary>What the server answered per role so far (roles without calls are absent).</summary>
    public IReadOnlyDictionary<string, ScriptedRoleTotals> Totals => _totals.ToDictionary(t => t.Key, t => t.Value.Snapshot(), StringComparer.Ordinal);

    /// <summary>What the server answered for one role so far (<see cref="ScriptedRoles"/>).</summary>
    public ScriptedRoleTotals TotalsOf(string role) => _totals.TryGetValue(role, out var counter) ? counter.Snapshot() : ScriptedRoleTotals.Empty;

    public void ResetTotals() => _totals.Clear();

    /// <summary>
    /// Model time during which at least one answer was being "thought" (unscaled): for one project, the model time on
    /// its critical path — calls that overlap count once. Compare two readings.
    /// </summary>
    public TimeSpan ModelTimeInFlight()
    {
        lock (_thinkingGate)
        {
            var wall = _thinkingWall + (_thinking > 0 ? _clock.Elapsed - _thinkingSince : TimeSpan.Zero);
            return Latency is { } latency ? wall / latency.TimeFactor : wall;
        }
    }

    private readonly Lock _thinkingGate = new();
    private int _thinking;
    private TimeSpan _thinkingSince;
    private TimeSpan _thinkingWall;

    private void BeginThinking()
    {
        lock (_thinkingGate)
        {
            if (_thinking++ == 0)
            {
                _thinkingSince = _clock.Elapsed;
            }
        }
    }

    private void EndThinking()
    {
        lock (_thinkingGate)
        {
            if (--_thinking == 0)
            {
                _thinkingWall += _clock.Elapsed - _thinkingSince;
            }
        }
    }

    public static async Task<ScriptedModelServer> StartAsync(IModelScript? script = null, int port = 0, int embeddingDimensions = 64,
        ScriptedLatency? latency = null, ScriptedPromptCache? promptCache = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedModelServer(app, script ?? new RuleScript(), embeddingDimensions) { Latency = latency, PromptCache = promptCache };
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapGet("/v1/models", server.Models);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public void ClearExchanges() => _exchanges.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A deterministic unit vector for a text (hashed words), so similar texts get similar vectors.</summary>
    public static float[] EmbeddingOf(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.Split([' ', '\n', '\t', '.', ',', '(', ')', ';', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(word.ToLowerInvariant()));
            vector[BinaryPrimitives.ReadUInt32LittleEndian(hash) % (uint)dimensions] += (hash[4] & 1) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    public static int EstimateTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    private async Task ChatAsync(HttpContext context)
    {
        var (body, error) = await ReadJsonAsync(context);
        if (body is null)
        {
            await WriteErrorAsync(context, 400, error!);
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? "unknown";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await WriteErrorAsync(context, 400, "The scripted server does not stream.");
            return;
        }

        var messages = ParseMessages(body["messages"] as JsonArray);
        var tools = (body["tools"] as JsonArray)?.Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "?").ToList() ?? [];
        var apiKey = ApiKeyOf(context);
        var request = new ScriptedRequest(ScriptedRequest.Chat, model, messages, tools, [], apiKey)
        {
            MaxTokens = (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>(),
            ResponseFormat = body["response_format"]?.ToJsonString(),
        };
        var role = ScriptedRoles.Of(request);
        var bodyText = RecordRequestBodies ? body.ToJsonString() : null;
        var fault = Faults.Next(apiKey);
        if (await TryWriteFaultAsync(context, request, fault, role, bodyText))
        {
            return;
        }

        // The provider reads the prompt (and its cache) when the request arrives, then "thinks".
        var latency = Latency;
        var cache = PromptCache;
        var (prefix, breakpoints) = latency is not null || cache is not null ? PromptPrefix(body) : (string.Empty, []);
        var (cachedTokens, cacheWriteTokens) = cache?.Observe(model, prefix, breakpoints, ModelNow) ?? (0, 0);
        var modelTime = latency?.Next(role) ?? TimeSpan.Zero;
        if (modelTime > TimeSpan.Zero)
        {
            BeginThinking();
            try
            {
                await Task.Delay(latency!.ToWall(modelTime), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(request, 499, fault, 0, 0, null, role, bodyText);
                return;
            }
            finally
            {
                EndThinking();
            }
        }

        ScriptedReply reply;
        try
        {
            reply = Script.Reply(request);
        }
        catch (Exception ex)
        {
            Record(request, 500, ScriptedFault.None, 0, 0, null, role, bodyText);
            await WriteErrorAsync(context, 500, "script failed: " + ex.Message);
            return;
        }

        // Realistic runs count what a model is billed for: tool definitions and per-message framing too.
        var inputTokens = reply.InputTokens ?? (latency is not null
            ? EstimateTokens(prefix) + (MessageFramingTokens * messages.Count)
            : EstimateTokens(string.Concat(messages.Select(m => m.Content + string.Concat(m.ToolCalls.Select(c => c.ArgumentsJson))))));
        cachedTokens = Math.Min(cachedTokens, inputTokens);
        cacheWriteTokens = Math.Min(cacheWriteTokens, inputTokens - cachedTokens);
        var outputText = (reply.Content ?? string.Empty) + string.Concat((reply.ToolCalls ?? []).Select(c => c.Name + c.ArgumentsJson));
        var outputTokens = reply.OutputTokens ?? EstimateTokens(outputText);
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (reply.ToolCalls is { Count: > 0 } calls)
        {
            message["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            }).ToArray());
        }

        var usage = new JsonObject
        {
            ["prompt_tokens"] = inputTokens,
            ["completion_tokens"] = outputTokens,
            ["total_tokens"] = inputTokens + outputTokens,
        };
        if (cache is not null)
        {
            var details = new JsonObject { ["cached_tokens"] = cachedTokens };
            if (ScriptedPromptCache.IsExplicitOnly(model))
            {
                details["cache_write_tokens"] = cacheWriteTokens;
            }

            usage["prompt_tokens_details"] = details;
        }

        if (reply.Cost is { } cost)
        {
            usage["cost"] = cost;
        }

        var reportedCost = reply.Cost;
        if (reply.UsageJson is { } usageJson)
        {
            // A provider's own shape, sent as given; the exchange records its prompt and completion counts.
            usage = JsonNode.Parse(usageJson) as JsonObject ?? throw new InvalidOperationException("UsageJson must be a JSON object.");
            inputTokens = usage["prompt_tokens"] is JsonValue prompt && prompt.TryGetValue<int>(out var promptTokens) ? promptTokens : 0;
            outputTokens = usage["completion_tokens"] is JsonValue completion && completion.TryGetValue<int>(out var completionTokens) ? completionTokens : 0;
            reportedCost = usage["cost"] is JsonValue reported && reported.TryGetValue<decimal>(out var reportedUsd) ? reportedUsd : null;
            cachedTokens = usage["prompt_tokens_details"]?["cached_tokens"] is JsonValue c && c.TryGetValue<int>(out var cachedReported) ? cachedReported : 0;
            cacheWriteTokens = usage["prompt_tokens_details"]?["cache_write_tokens"] is JsonValue w && w.TryGetValue<int>(out var writeReported) ? writeReported : 0;
        }

        var response = new JsonObject
        {
            ["id"] = "chatcmpl-scripted-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["system_fingerprint"] = Fingerprint,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = reply.FinishReason ?? (reply.ToolCalls is { Count: > 0 } ? "tool_calls" : "stop"),
            }),
            ["usage"] = usage,
        };
        Record(request, 200, fault, inputTokens, outputTokens, reportedCost, role, bodyText, cachedTokens, cacheWriteTokens, modelTime);
        await WriteJsonAsync(context, response, fault == ScriptedFault.Truncated);
    }

    /// <summary>Tokens a chat model is billed per message beyond its text (role and separators; OpenAI's cookbook counts 3–4).</summary>
    private const int MessageFramingTokens = 4;

    /// <summary>
    /// The request as the model reads it, for prefix matching: tool definitions, then each message's role and text
    /// (content parts in order), with the offsets where a content part or message carries <c>cache_control</c>.
    /// </summary>
    private static (string Prefix, List<int> Breakpoints) PromptPrefix(JsonObject body)
    {
        var text = new StringBuilder();
        var breakpoints = new List<int>();
        foreach (var tool in (body["tools"] as JsonArray ?? []).OfType<JsonObject>())
        {
            text.Append(tool.ToJsonString()).Append('\n');
            if (tool["cache_control"] is not null)
            {
                breakpoints.Add(text.Length);
            }
        }

        foreach (var message in (body["messages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            text.Append(message["role"]?.GetValue<string>() ?? "user").Append('\n');
            switch (message["content"])
            {
                case JsonValue value when value.TryGetValue<string>(out var content):
                    text.Append(content);
                    break;
                case JsonArray parts:
                    foreach (var part in parts.OfType<JsonObject>())
                    {
                        text.Append(part["text"] is JsonValue t && t.TryGetValue<string>(out var partText) ? partText : part.ToJsonString());
                        if (part["cache_control"] is not null)
                        {
                            breakpoints.Add(text.Length);
                        }
                    }

                    break;
            }

            foreach (var call in (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
            {
                text.Append(call["function"]?["name"]?.GetValue<string>()).Append(call["function"]?["arguments"]?.GetValue<string>());
            }

            text.Append('\n');
            if (message["cache_control"] is not null)
            {
                breakpoints.Add(text.Length);
            }
        }

        return (text.ToString(), breakpoints);
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var (body, error) = await ReadJsonAsync(context);
        if (body is null)
        {
            await WriteErrorAsync(context, 400, error!);
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? "unknown";
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(i => i?.GetValue<string>() ?? string.Empty).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var apiKey = ApiKeyOf(context);
        var request = new ScriptedRequest(ScriptedRequest.Embeddings, model, [], [], inputs, apiKey);
        var fault = Faults.Next(apiKey);
        if (await TryWriteFaultAsync(context, request, fault))
        {
            return;
        }

        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = EmbeddingOf(inputs[i], EmbeddingDimensions);
            JsonNode embedding;
            if (base64)
            {
                var bytes = new byte[vector.Length * 4];
                for (var d = 0; d < vector.Length; d++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * 4), vector[d]);
                }

                embedding = Convert.ToBase64String(bytes);
            }
            else
            {
                embedding = new JsonArray(vector.Select(v => (JsonNode)v).ToArray());
            }

            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(EstimateTokens);
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        Record(request, 200, fault, tokens, 0, null);
        await WriteJsonAsync(context, response, fault == ScriptedFault.Truncated);
    }

    private IResult Models()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var models = new[] { "scripted-architect", "scripted-implementer", "scripted-embedding" }
            .Select(id => new { id, @object = "model", created = now, owned_by = Fingerprint });
        return Results.Json(new { @object = "list", data = models });
    }

    private async Task<bool> TryWriteFaultAsync(HttpContext context, ScriptedRequest request, ScriptedFault fault, string? role = null, string? body = null)
    {
        switch (fault)
        {
            case ScriptedFault.RateLimited:
                Record(request, 429, fault, 0, 0, null, role, body);
                if (Faults.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await WriteErrorAsync(context, 429, "scripted rate limit");
                return true;
            case ScriptedFault.ServerError:
                Record(request, 500, fault, 0, 0, null, role, body);
                await WriteErrorAsync(context, 500, "scripted server error");
                return true;
            case ScriptedFault.Unauthorized:
                Record(request, 401, fault, 0, 0, null, role, body);
                await WriteErrorAsync(context, 401, "scripted: invalid API key");
                return true;
            case ScriptedFault.Malformed:
                Record(request, 200, fault, 0, 0, null, role, body);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.Headers[ScriptedHeader] = "true";
                await context.Response.WriteAsync("<html>scripted: this is not JSON</html>");
                return true;
            case ScriptedFault.Slow:
                try
                {
                    await Task.Delay(Faults.SlowDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Record(request, 499, fault, 0, 0, null, role, body);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private void Record(ScriptedRequest request, int status, ScriptedFault fault, int inputTokens, int outputTokens, decimal? cost,
        string? role = null, string? body = null, int cachedTokens = 0, int cacheWriteTokens = 0, TimeSpan modelTime = default)
    {
        role ??= ScriptedRoles.Of(request);
        _exchanges.Enqueue(new ScriptedExchange(request.Kind, request.Model, request.ApiKey is { Length: >= 4 } k ? k[^4..] : request.ApiKey,
            status, fault, inputTokens, outputTokens, cost, request.ToolNames.Count > 0)
        {
            Role = role,
            CachedInputTokens = cachedTokens,
            CacheWriteTokens = cacheWriteTokens,
            ModelTime = modelTime,
            RequestBody = body,
        });
        if (status == 200 && fault is not ScriptedFault.Malformed)
        {
            _totals.GetOrAdd(role, _ => new RoleCounter()).Add(inputTokens, cachedTokens, cacheWriteTokens, outputTokens, modelTime);
        }
    }

    private sealed class RoleCounter
    {
        private long _calls;
        private long _input;
        private long _cached;
        private long _written;
        private long _output;
        private long _modelTicks;

        public void Add(int input, int cached, int written, int output, TimeSpan modelTime)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _input, input);
            Interlocked.Add(ref _cached, cached);
            Interlocked.Add(ref _written, written);
            Interlocked.Add(ref _output, output);
            Interlocked.Add(ref _modelTicks, modelTime.Ticks);
        }

        public ScriptedRoleTotals Snapshot() => new(Interlocked.Read(ref _calls), Interlocked.Read(ref _input), Interlocked.Read(ref _cached),
            Interlocked.Read(ref _written), Interlocked.Read(ref _output), TimeSpan.FromTicks(Interlocked.Read(ref _modelTicks)));
    }

    private static string? ApiKeyOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    private static async Task<(JsonObject? Body, string? Error)> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return (await JsonNode.ParseAsync(context.Request.Body) as JsonObject, "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return (null, "The body is not JSON: " + ex.Message);
        }
    }

    private static List<ScriptedMessage> ParseMessages(JsonArray? messages) =>
        messages?.OfType<JsonObject>().Select(m => new ScriptedMessage(
            m["role"]?.GetValue<string>() ?? "user",
            ContentText(m["content"]),
            m["tool_call_id"]?.GetValue<string>(),
            (m["tool_calls"] as JsonArray)?.OfType<JsonObject>().Select(c => new ScriptedToolCall(
                c["id"]?.GetValue<string>() ?? string.Empty,
                c["function"]?["name"]?.GetValue<string>() ?? string.Empty,
                c["function"]?["arguments"]?.GetValue<string>() ?? "{}")).ToList() ?? [])).ToList() ?? [];

    private static string ContentText(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => content.ToJsonString(),
    };

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body, bool truncate)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ScriptedHeader] = "true";
        var text = body.ToJsonString();
        await context.Response.WriteAsync(truncate ? text[..(text.Length / 2)] : text);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ScriptedHeader] = "true";
        await context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "scripted", ["code"] = status },
        }.ToJsonString());
    }
}
