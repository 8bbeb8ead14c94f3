namespace DevBot.Gateway;

/// <summary>A model at a provider, written <c>provider:model</c> in configuration (model ids may contain '/').</summary>
public sealed record ModelRef(string Provider, string Model)
{
    public static ModelRef Parse(string value)
    {
        var separator = value.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not provider:model (for example google:gemini-2.5-pro).");
        }

        return new ModelRef(value[..separator].Trim(), value[(separator + 1)..].Trim());
    }

    public override string ToString() => $"{Provider}:{Model}";
}
