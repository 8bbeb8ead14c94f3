using System.Diagnostics;
using DevBot.Gateway.Http;
using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>Meters each embeddings request under its call id (task type as given, e.g. code_embedding).</summary>
internal sealed class MeteringEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelRef model, CallMeter meter, MeteringOptions metering)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = ModelCall.From(options);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var price = await meter.PriceAsync();
        var estimate = TokenEstimator.Estimate(inputs, metering.CharactersPerToken);
        await meter.ReserveAsync(call, call.CallId, meter.MaxCredits(price, estimate, 0));

        var scope = new ProviderCallScope();
        ProviderCallScope.Current = scope;
        var started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken);
        }
        catch
        {
            await meter.VoidQuietlyAsync(call, call.CallId);
            throw;
        }

        var tokens = result.Usage?.InputTokenCount ?? estimate;
        var elapsed = Stopwatch.GetElapsedTime(started);
        GatewayMetrics.Record(model, call.TaskType, elapsed, tokens, 0);
        var settle = await meter.SettleAsync(call, call.CallId, new BilledTokens(tokens, 0, 0, 0, 0), elapsed, scope);
        result.AdditionalProperties ??= [];
        result.AdditionalProperties[GatewayResponseProperties.CreditsCharged] = settle.CreditsCharged;
        result.AdditionalProperties[GatewayResponseProperties.CostUsd] = settle.CostUsd;
        return result;
    }
}
