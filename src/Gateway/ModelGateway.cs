using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using DevBot.Gateway.Http;
using DevBot.Gateway.Keys;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace DevBot.Gateway;

/// <summary>
/// The one path of every model request:
/// function invocation → fallback across the role's models → metering (reserve/settle/void per HTTP request) →
/// retries with key rotation (Polly) → the OpenAI SDK → <see cref="ProviderHttpHandler"/> → the provider.
/// Google's OpenAI-compatible endpoint and OpenRouter are two base URLs of the same client code.
/// </summary>
public sealed class ModelGateway : IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ApiKeyCipher _cipher;
    private readonly ModelGatewayOptions _options;
    private readonly MeteringOptions _metering;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, OpenAIClient> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<ModelRef, IChatClient> _chatClients = new();
    private readonly ConcurrentDictionary<ModelRef, IEmbeddingGenerator<string, Embedding<float>>> _embeddingGenerators = new();
    private readonly List<HttpClient> _httpClients = [];

    private readonly IResponseJournal? _journal;
    private readonly IModelCallObserver? _observer;
    private readonly ConfiguredPrices _prices;

    public ModelGateway(IGrainFactory grains, ApiKeyCipher cipher, IOptions<ModelGatewayOptions> options, IOptions<MeteringOptions> metering,
        ILoggerFactory loggers, IResponseJournal? journal = null, IModelCallObserver? observer = null)
    {
        _journal = journal;
        _observer = observer;
        _grains = grains;
        _cipher = cipher;
        _options = options.Value;
        _metering = metering.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ModelGateway>();
        _prices = new ConfiguredPrices(grains, _options, _logger);
    }

    /// <summary>A client for a role: its models in order, with tool calls carried out (each HTTP request billed).</summary>
    public IChatClient GetChatClient(ModelRole role, int maximumToolIterations = 16)
    {
        var candidates = _options.ModelsFor(role).Select(model => (model, GetChatClient(model))).ToList();
        return new FunctionInvokingChatClient(new FallbackChatClient(candidates, _logger), _loggers)
        {
            MaximumIterationsPerRequest = maximumToolIterations,
        };
    }

    /// <summary>The metered, retrying client of one model (no tool invocation, no fallback).</summary>
    public IChatClient GetChatClient(ModelRef model) =>
        _chatClients.GetOrAdd(model, m =>
        {
            var inner = Provider(m.Provider).GetChatClient(m.Model).AsIChatClient();
            var structured = new StructuredOutputChatClient(inner, m, _options.Providers.TryGetValue(m.Provider, out var provider) && provider.StructuredOutput, _grains);
            var resilient = new ResilientChatClient(structured, Runner(m));
            var metered = new MeteringChatClient(resilient, m, Meter(m), _options, _metering, _journal, _loggers.CreateLogger<MeteringChatClient>());
            return new ContextWindowChatClient(metered, m, ProviderOptionsOf(m.Provider).EffectiveContextTokens, _options.DefaultMaxOutputTokens,
                _metering.CharactersPerToken, _loggers.CreateLogger<ContextWindowChatClient>());
        });

    public IReadOnlyList<ModelRef> ModelsFor(ModelRole role) => _options.ModelsFor(role);

    /// <summary>The smallest context window configured among a role's models (null: none configured), for prompt budgets.</summary>
    public int? ContextTokensFor(ModelRole role) => _options.ContextTokensFor(role);

    /// <summary>Writes the configured providers' prices into the catalogue (once; see <see cref="ConfiguredPrices"/>).</summary>
    public Task EnsureConfiguredPricesAsync() => _prices.EnsureAsync();

    /// <summary>The output room a request gets when it names none (what its hold in the ledger is sized for).</summary>
    public int DefaultMaxOutputTokens => _options.DefaultMaxOutputTokens;

    /// <summary>The embedding role's models, as configured (their identity decides whether stored vectors are reusable).</summary>
    public IReadOnlyList<ModelRef> EmbeddingModels => _options.ModelsFor(ModelRole.Embedding);

    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator() =>
        new FallbackEmbeddingGenerator(_options.ModelsFor(ModelRole.Embedding).Select(model => (model, GetEmbeddingGenerator(model))).ToList(), _logger);

    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(ModelRef model) =>
        _embeddingGenerators.GetOrAdd(model, m =>
        {
            var inner = Provider(m.Provider).GetEmbeddingClient(m.Model).AsIEmbeddingGenerator();
            return new MeteringEmbeddingGenerator(new ResilientEmbeddingGenerator(inner, Runner(m)), m, Meter(m), _metering);
        });

    public void Dispose()
    {
        lock (_httpClients)
        {
            _httpClients.ForEach(c => c.Dispose());
            _httpClients.Clear();
        }
    }

    private KeyedAttemptRunner Runner(ModelRef model) =>
        new(model, ProviderOptionsOf(model.Provider), _grains, _cipher, _options, _loggers.CreateLogger<KeyedAttemptRunner>());

    private CallMeter Meter(ModelRef model) => new(model, _grains, _metering, _loggers.CreateLogger<CallMeter>(), _prices.EnsureAsync, _observer);

    private ProviderOptions ProviderOptionsOf(string provider) =>
        _options.Providers.TryGetValue(provider, out var options) && options.EffectiveBaseUrl is not null
            ? options
            : throw new UnknownModelException(provider, "*", $"no provider '{provider}' is configured (Models:Providers:{provider}:BaseUrl or :Profile)");

    private OpenAIClient Provider(string name) =>
        _providers.GetOrAdd(name, provider =>
        {
            var options = ProviderOptionsOf(provider);
            var http = new HttpClient(new ProviderHttpHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
            lock (_httpClients)
            {
                _httpClients.Add(http);
            }

            // The leased key replaces this placeholder on every request (ProviderHttpHandler); the SDK's own retries
            // are off because retries belong to the gateway, which changes keys between attempts.
            return new OpenAIClient(new ApiKeyCredential("leased-per-request"), new OpenAIClientOptions
            {
                Endpoint = options.EffectiveBaseUrl,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = TimeSpan.FromMinutes(30),
            });
        });
}
