using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// Keeps each request of one model inside its configured context window (prompt and answer together). Local servers
/// do not refuse a longer prompt — Ollama's OpenAI endpoint cuts it from the start, instructions first — so DevBot
/// measures before sending: a prompt that leaves the answer less than a quarter of the window (or less than it asked
/// for, if that is smaller) is logged as a warning and trimmed (<see cref="ContextTrimmer"/>); the answer then gets what
/// is left of the window. A prompt that still does not fit is refused with the reason, never sent to be cut.
/// Sits above metering, so the hold is sized for what is actually sent.
/// </summary>
internal sealed class ContextWindowChatClient(IChatClient inner, ModelRef model, int? contextTokens, int defaultMaxOutputTokens, int charactersPerToken, ILogger logger)
    : DelegatingChatClient(inner)
{
    public static readonly EventId PromptOverContextWindow = new(9120, "PromptOverContextWindow");

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (contextTokens is not { } window)
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        var requested = options?.MaxOutputTokens ?? defaultMaxOutputTokens;
        var prompt = TokenEstimator.Estimate(list, options, charactersPerToken);
        if (prompt + requested <= window)
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        var answerRoom = Math.Min(requested, window / 4);
        var promptBudget = window - answerRoom;
        IReadOnlyList<ChatMessage> send = list;
        if (prompt > promptBudget)
        {
            var (trimmed, tokens, leftOut) = ContextTrimmer.Trim(list, options, promptBudget, charactersPerToken);
            logger.LogWarning(PromptOverContextWindow,
                "A prompt for {Model} needs about {Tokens} tokens, more than its context window of {Window} allows with room for the answer; "
                + "{LeftOut} part(s) left out (now about {Trimmed} tokens). Raise Models:Providers:{Provider}:ContextTokens if the server allows more.",
                model, prompt, window, leftOut, tokens, model.Provider);
            if (tokens > promptBudget)
            {
                throw new ModelRequestRejectedException(model.Provider, model.Model, 413,
                    $"the prompt needs about {tokens} tokens and the context window is {window} (Models:Providers:{model.Provider}:ContextTokens); nothing more can be left out");
            }

            send = trimmed;
            prompt = tokens;
        }

        // The answer gets what is left of the window, never more than it asked for.
        var room = (int)Math.Min(requested, window - prompt);
        var bounded = options?.Clone() ?? new ChatOptions();
        bounded.MaxOutputTokens = room;
        return await base.GetResponseAsync(send, bounded, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DevBot meters and retries whole answers; streaming is not used.");
}
