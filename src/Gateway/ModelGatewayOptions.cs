using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace DevBot.Gateway;

/// <summary>
/// Providers, the model catalogue per role (first choice first, then fallbacks, as <c>provider:model</c>) and the
/// request policy (section <c>Models</c>).
/// </summary>
public sealed class ModelGatewayOptions : IValidatableObject
{
    /// <summary>The role key whose models serve the Architect and the Implementer when either is not configured on its own.</summary>
    public const string DefaultRole = "Default";

    public const string SectionName = "Models";

    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Gemini's OpenAI-compatible endpoint takes response_format json_schema (ai.google.dev/gemini-api/docs/openai).
        ["google"] = new() { BaseUrl = new Uri("https://generativelanguage.googleapis.com/v1beta/openai/"), StructuredOutput = true },
        ["openrouter"] = new() { BaseUrl = new Uri("https://openrouter.ai/api/v1/"), AppUrl = "https://github.com/devbot", AppTitle = "DevBot", CacheBreakpointModels = "anthropic/" },
    };

    /// <summary>
    /// Models per role, first choice first (<c>Models:Roles:Architect:0</c> = <c>google:gemini-2.5-pro</c>, …). A chat
    /// role that is not configured uses <c>Models:Roles:Default</c> when that is set (one local model for both), else
    /// <see cref="DefaultRoles"/> (a configured list replaces the default, never extends it).
    /// </summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<ModelRole, string[]> DefaultRoles { get; } = new Dictionary<ModelRole, string[]>
    {
        [ModelRole.Architect] = ["google:gemini-2.5-pro", "openrouter:google/gemini-2.5-pro", "openrouter:anthropic/claude-sonnet-4"],
        [ModelRole.Implementer] = ["google:gemini-2.5-flash", "openrouter:google/gemini-2.5-flash", "openrouter:openai/gpt-4.1-mini"],
        [ModelRole.Embedding] = ["google:gemini-embedding-001", "openrouter:openai/text-embedding-3-small"],
    };

    /// <summary>Attempts per model request across keys (the first try included).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Base of the exponential backoff between attempts (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest a request waits for a cooling key before failing (never a busy loop).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxKeyWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Output tokens assumed for the reservation when a request sets no maximum.</summary>
    [Range(1, 1_000_000)]
    public int DefaultMaxOutputTokens { get; set; } = 8192;

    /// <summary>True when the roles point at the scripted demo models (no model keys were configured); front-ends say so.</summary>
    public bool Scripted { get; set; }

    public IReadOnlyList<ModelRef> ModelsFor(ModelRole role) =>
        (Roles.TryGetValue(role.ToString(), out var models) && models.Count > 0
            ? models
            : role != ModelRole.Embedding && Roles.TryGetValue(DefaultRole, out var shared) && shared.Count > 0 ? shared : DefaultRoles[role].AsEnumerable())
        .Select(ModelRef.Parse)
        .ToList();

    /// <summary>
    /// The smallest context window configured for a role's models (a fallback may land on any of them), or null when
    /// none is known.
    /// </summary>
    public int? ContextTokensFor(ModelRole role) =>
        ModelsFor(role).Select(m => Providers.TryGetValue(m.Provider, out var provider) ? provider.EffectiveContextTokens : null).Where(t => t is not null).Min();

    /// <summary>Checked on start: profiles exist, numbers are in range, roles are known and written provider:model.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, provider) in Providers)
        {
            if (provider.Profile is { } profile && LocalProfiles.Find(profile) is null)
            {
                yield return new ValidationResult(
                    $"Models:Providers:{name}:Profile '{profile}' is not one of {string.Join(", ", LocalProfiles.All.Select(p => p.Name))}.");
            }

            if (provider.EffectiveBaseUrl is null)
            {
                yield return new ValidationResult($"Models:Providers:{name} needs a BaseUrl (or a Profile).");
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(provider, new ValidationContext(provider), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"Models:Providers:{name}: {result.ErrorMessage}");
                }
            }
        }

        foreach (var (role, models) in Roles)
        {
            if (!Enum.TryParse<ModelRole>(role, ignoreCase: true, out _) && !string.Equals(role, DefaultRole, StringComparison.OrdinalIgnoreCase))
            {
                yield return new ValidationResult($"Models:Roles:{role} is not a role (Architect, Implementer, Embedding or {DefaultRole}).");
                continue;
            }

            for (var i = 0; i < models.Count; i++)
            {
                string? problem = null;
                try
                {
                    ModelRef.Parse(models[i]);
                }
                catch (FormatException ex)
                {
                    problem = ex.Message;
                }

                if (problem is not null)
                {
                    yield return new ValidationResult(string.Create(CultureInfo.InvariantCulture, $"Models:Roles:{role}:{i}: {problem}"));
                }
            }
        }
    }
}
