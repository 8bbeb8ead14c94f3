using System.Collections.Concurrent;
using DevBot.ScriptedModels;

namespace DevBot.Tests.Gateway;

/// <summary>Passes requests to another script and keeps each one as the server received it (model, key, max_tokens, text).</summary>
public sealed class RecordingScript(IModelScript inner) : IModelScript
{
    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    public ScriptedReply Reply(ScriptedRequest request)
    {
        Requests.Enqueue(request);
        return inner.Reply(request);
    }
}
