using System.Buffers.Binary;
using System.Collections.Concurrent;
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
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    public const string ScriptedHeader = "X-DevBot-Scripted";
    public const string Fingerprint = "devbot-scripted";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedExchange> _exchanges = new();
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

    public static async Task<ScriptedModelServer> StartAsync(IModelScript? script = null, int port = 0, int embeddingDimensions = 64)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedModelServer(app, script ?? new RuleScript(), embeddingDimensions);
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
        var fault = Faults.Next(apiKey);
        if (await TryWriteFaultAsync(context, request, fault))
        {
            return;
        }

        ScriptedReply reply;
        try
        {
            reply = Script.Reply(request);
        }
        catch (Exception ex)
        {
            Record(request, 500, ScriptedFault.None, 0, 0, null);
            await WriteErrorAsync(context, 500, "script failed: " + ex.Message);
            return;
        }

        var inputTokens = reply.InputTokens ?? EstimateTokens(string.Concat(messages.Select(m => m.Content + string.Concat(m.ToolCalls.Select(c => c.ArgumentsJson)))));
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
        Record(request, 200, fault, inputTokens, outputTokens, reportedCost);
        await WriteJsonAsync(context, response, fault == ScriptedFault.Truncated);
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

    private async Task<bool> TryWriteFaultAsync(HttpContext context, ScriptedRequest request, ScriptedFault fault)
    {
        switch (fault)
        {
            case ScriptedFault.RateLimited:
                Record(request, 429, fault, 0, 0, null);
                if (Faults.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await WriteErrorAsync(context, 429, "scripted rate limit");
                return true;
            case ScriptedFault.ServerError:
                Record(request, 500, fault, 0, 0, null);
                await WriteErrorAsync(context, 500, "scripted server error");
                return true;
            case ScriptedFault.Unauthorized:
                Record(request, 401, fault, 0, 0, null);
                await WriteErrorAsync(context, 401, "scripted: invalid API key");
                return true;
            case ScriptedFault.Malformed:
                Record(request, 200, fault, 0, 0, null);
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
                    Record(request, 499, fault, 0, 0, null);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private void Record(ScriptedRequest request, int status, ScriptedFault fault, int inputTokens, int outputTokens, decimal? cost) =>
        _exchanges.Enqueue(new ScriptedExchange(request.Kind, request.Model, request.ApiKey is { Length: >= 4 } k ? k[^4..] : request.ApiKey,
            status, fault, inputTokens, outputTokens, cost, request.ToolNames.Count > 0));

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
