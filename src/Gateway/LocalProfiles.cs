namespace DevBot.Gateway;

/// <summary>
/// Defaults of the OpenAI-compatible servers people run models on at home. Each serves <c>/v1/chat/completions</c>
/// (and <c>/v1/embeddings</c> where noted) without a key.
/// </summary>
public static class LocalProfiles
{
    /// <summary>
    /// Ollama (<c>ollama serve</c>, port 11434, docs.ollama.com/openai). Its OpenAI endpoint cannot set the context per
    /// request and cuts longer prompts silently; its default window is 4k tokens below 24 GiB of VRAM
    /// (docs.ollama.com/context-length): start it with <c>OLLAMA_CONTEXT_LENGTH=32768</c> or more and say so here.
    /// Embeddings: <c>/v1/embeddings</c> with an embedding model (<c>nomic-embed-text</c>).
    /// </summary>
    public static readonly LocalProfile Ollama = new("ollama", new Uri("http://localhost:11434/v1/"), 4096);

    /// <summary>
    /// llama.cpp's <c>llama-server</c> (port 8080 by default, the same as DevBot's dashboard: start it with
    /// <c>--port 8081</c> and set the base URL, or move DevBot with <c>ASPNETCORE_URLS</c>); its window is <c>-c</c>.
    /// Embeddings with <c>--embeddings</c>.
    /// </summary>
    public static readonly LocalProfile LlamaCpp = new("llamacpp", new Uri("http://localhost:8080/v1/"), 4096);

    /// <summary>
    /// vLLM (<c>vllm serve MODEL</c>, port 8000); its window is <c>--max-model-len</c> (the model's own by default, so no
    /// default here); <c>--api-key</c> needs <see cref="ProviderOptions.ApiKey"/>. Embeddings from an embedding model's server.
    /// </summary>
    public static readonly LocalProfile Vllm = new("vllm", new Uri("http://localhost:8000/v1/"), null);

    /// <summary>LM Studio's server (port 1234); context length as loaded in the app (4096 by default). Embeddings for embedding models.</summary>
    public static readonly LocalProfile LmStudio = new("lmstudio", new Uri("http://localhost:1234/v1/"), 4096);

    public static IReadOnlyList<LocalProfile> All { get; } = [Ollama, LlamaCpp, Vllm, LmStudio];

    /// <summary>The profile of that name (case and punctuation aside: <c>llama.cpp</c>, <c>LM-Studio</c>), or null.</summary>
    public static LocalProfile? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var key = new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return All.FirstOrDefault(p => p.Name == key);
    }
}
