using System.Diagnostics;
using System.Text.Json;
using DevBot.Gateway.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// Meters every HTTP request of one model (below function invocation, so each step of a tool loop is billed on
/// its own, under <c>{call id}#{message count}</c>): reserve → send → settle the reported usage, or void.
/// </summary>
internal sealed class MeteringChatClient(
    IChatClient inner, ModelRef model, CallMeter meter, ModelGatewayOptions gatewayOptions, MeteringOptions metering, IResponseJournal? journal, ILogger logger)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = ModelCall.From(options);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var callId = $"{call.CallId}#{list.Count}";
        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["CallId"] = callId, ["UserId"] = call.UserId, ["ProjectId"] = call.ProjectId, ["Model"] = model.ToString() });
        var phase = Stopwatch.GetTimestamp();
        if (journal is not null && await journal.FindAsync(callId, cancellationToken) is { } recorded)
        {
            return await ReplayAsync(call, callId, recorded);
        }

        phase = GatewayMetrics.Phase("journal_find", phase);
        var price = await meter.PriceAsync();
        phase = GatewayMetrics.Phase("price", phase);
        var inputEstimate = TokenEstimator.Estimate(list, options, metering.CharactersPerToken);
        var outputMax = options?.MaxOutputTokens ?? gatewayOptions.DefaultMaxOutputTokens;
        await meter.ReserveAsync(call, callId, meter.MaxCredits(price, inputEstimate, outputMax));
        GatewayMetrics.Phase("reserve", phase);

        var scope = new ProviderCallScope();
        ProviderCallScope.Current = scope;
        var started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken);
        }
        catch
        {
            await meter.VoidQuietlyAsync(call, callId);
            throw;
        }

        // The provider's own usage object first: the SDK's reading has no cache writes and misses Gemini's thoughts.
        var tokens = (scope.Usage is { } reported ? BilledTokens.Of(reported) : null) ?? BilledTokens.Of(response.Usage);
        if (tokens is null)
        {
            logger.LogWarning("{Model} reported no usage for call {CallId}; charging estimated tokens", model, callId);
            tokens = new BilledTokens(inputEstimate, TokenEstimator.Estimate(response.Messages, null, metering.CharactersPerToken), 0, 0, 0);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        GatewayMetrics.Record(model, call.TaskType, elapsed, tokens.InputTokens, tokens.OutputTokens);
        phase = Stopwatch.GetTimestamp();
        if (journal is not null)
        {
            // Recorded before settling: a crash in between replays the answer and settles then (settling is idempotent),
            // with every count it was billed for.
            await journal.RecordAsync(new RecordedResponse(callId, call.ProjectId,
                JsonSerializer.Serialize(response.Messages, AIJsonUtilities.DefaultOptions), tokens.InputTokens, tokens.OutputTokens,
                scope.ReportedCostUsd, scope.KeyId, (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds))
            {
                CachedInputTokens = tokens.CachedInputTokens,
                CacheWriteTokens = tokens.CacheWriteTokens,
                ReasoningTokens = tokens.ReasoningTokens,
                FinishReason = response.FinishReason?.Value,
            }, CancellationToken.None);
        }

        phase = GatewayMetrics.Phase("journal_record", phase);
        var settle = await meter.SettleAsync(call, callId, tokens, elapsed, scope);
        GatewayMetrics.Phase("settle", phase);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[GatewayResponseProperties.CreditsCharged] = settle.CreditsCharged;
        response.AdditionalProperties[GatewayResponseProperties.CostUsd] = settle.CostUsd;
        response.AdditionalProperties[GatewayResponseProperties.CallId] = callId;
        return response;
    }

    private async Task<ChatResponse> ReplayAsync(ModelCall call, string callId, RecordedResponse recorded)
    {
        var messages = JsonSerializer.Deserialize<List<ChatMessage>>(recorded.MessagesJson, AIJsonUtilities.DefaultOptions) ?? [];
        var scope = new ProviderCallScope { KeyId = recorded.KeyId, ReportedCostUsd = recorded.ReportedCostUsd };
        var settle = await meter.SettleAsync(call, callId, recorded.Tokens, TimeSpan.FromMilliseconds(recorded.ResponseMs), scope);
        logger.LogInformation("Replayed the recorded answer of call {CallId} instead of asking {Model} again", callId, model);
        var response = new ChatResponse(messages)
        {
            ModelId = model.Model,
            FinishReason = recorded.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Usage = new UsageDetails { InputTokenCount = recorded.InputTokens, OutputTokenCount = recorded.OutputTokens },
            AdditionalProperties = new()
            {
                [GatewayResponseProperties.CreditsCharged] = settle.Status == DevBot.GrainInterfaces.Credits.SettleStatus.Replayed ? 0m : settle.CreditsCharged,
                [GatewayResponseProperties.CostUsd] = settle.CostUsd,
                [GatewayResponseProperties.CallId] = callId,
                [GatewayResponseProperties.Replayed] = true,
            },
        };
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DevBot meters and retries whole answers; streaming is not used.");
}
