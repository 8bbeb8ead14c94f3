namespace DevBot.ScriptedModels;

/// <summary>
/// The roles the server tells requests apart by: the prompt's <c>[devbot:task=architect.…]</c> /
/// <c>[devbot:task=implementer.…]</c> marker first, then the model's name (<c>…architect…</c>, <c>…implementer…</c>).
/// </summary>
public static class ScriptedRoles
{
    public const string Architect = "architect";
    public const string Implementer = "implementer";
    public const string Embedding = "embedding";
    public const string Other = "other";

    public static string Of(ScriptedRequest request)
    {
        if (request.Kind == ScriptedRequest.Embeddings)
        {
            return Embedding;
        }

        foreach (var message in request.Messages)
        {
            var at = message.Content.IndexOf("[devbot:task=", StringComparison.Ordinal);
            if (at >= 0)
            {
                var task = message.Content.AsSpan(at + "[devbot:task=".Length);
                if (task.StartsWith(Architect, StringComparison.Ordinal))
                {
                    return Architect;
                }

                if (task.StartsWith(Implementer, StringComparison.Ordinal))
                {
                    return Implementer;
                }
            }
        }

        return request.Model.Contains(Architect, StringComparison.OrdinalIgnoreCase) ? Architect
            : request.Model.Contains(Implementer, StringComparison.OrdinalIgnoreCase) ? Implementer
            : Other;
    }
}
