using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.CodeIndex;

/// <summary>Section <c>CodeIndex</c>.</summary>
public sealed class CodeIndexOptions
{
    public const string SectionName = "CodeIndex";

    /// <summary>
    /// <c>minilm</c> or <c>arctic</c> (a small sentence-transformer run in the silo, its model inside the package: no
    /// key, no network), <c>local</c> (hashed terms: instant, not semantic) or <c>gateway</c> (the Embedding role's
    /// models, metered).
    /// </summary>
    [Required]
    [RegularExpression("^(local|gateway|minilm|arctic)$")]
    public string Embedder { get; set; } = "minilm";

    [Range(16, 4096)]
    public int LocalDimensions { get; set; } = 256;

    /// <summary>Files larger than this are not indexed (generated or vendored code, data).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 256 * 1024;

    /// <summary>Bound of every text an agent tool returns.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxToolOutputChars { get; set; } = 12_000;
}
