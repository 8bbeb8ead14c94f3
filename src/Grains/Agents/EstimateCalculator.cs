using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using DevBot.Grains.Projects;

namespace DevBot.Grains.Agents;

/// <summary>
/// The credit estimate of the work after the plan, from the plan's size and the role models' prices: the requests a
/// project of that size is expected to make, each at the tokens such a request is expected to use, at list price with
/// the markup. Expected, not worst case: the project's cap (a multiple of the estimate) is what protects the user from
/// a project that costs more. The per-request figures were measured on the three scripted demo scenarios (Python
/// notes tool, Node.js bookmarks API, C# to-do API; <c>api_key_usage</c> by task type), where the final cost lands
/// within ±50% of the estimate (StackJourneyTests asserts it); recalibrate them from <c>api_key_usage</c> when the
/// configured models answer at other lengths.
/// </summary>
public static class EstimateCalculator
{
    /// <summary>Implementer requests per TODO item: one, and a second for about one item in four (a failed check, an edit that did not apply).</summary>
    public const decimal RequestsPerItem = 1.25m;

    /// <summary>Tokens of an implementer request: its prompt (item, plan excerpt, relevant code) and its edits.</summary>
    public const int ItemInputTokens = 1500, ItemOutputTokens = 400;

    /// <summary>Architect requests per review (a phase's, and the final one): the question, a code search, the verdict.</summary>
    public const decimal RequestsPerReview = 2.7m;

    /// <summary>Tokens of a review request: requirements, the phase's items and the repository map in; a short verdict out.</summary>
    public const int ReviewInputTokens = 1100, ReviewOutputTokens = 30;

    /// <summary>Test diagnoses expected per project (most projects' tests pass the first time).</summary>
    public const decimal DiagnosesPerProject = 0.25m;

    public static decimal Credits(int items, int phases, ModelPrice architect, ModelPrice implementer, ProjectOptions options, decimal creditValueUsd, decimal markup)
    {
        ArgumentNullException.ThrowIfNull(options);
        decimal Cost(ModelPrice price, long input, long output) =>
            CreditMath.CostUsd(price.InputUsdPerMillionTokens, price.OutputUsdPerMillionTokens, 0m, input, output, 0);

        // A larger project sends more code with each item, up to the implementer's context budget.
        var itemInput = Math.Min(options.ImplementerContextTokens, ItemInputTokens + 50 * items);
        var implementing = items * RequestsPerItem * Cost(implementer, itemInput, ItemOutputTokens);
        var reviewing = (phases + 1) * RequestsPerReview * Cost(architect, ReviewInputTokens, ReviewOutputTokens);
        var finishing = Cost(architect, 700, 400) + DiagnosesPerProject * Cost(architect, 2000, 500);
        return Math.Round(CreditMath.Credits(implementing + reviewing + finishing, creditValueUsd, markup), 2, MidpointRounding.ToPositiveInfinity);
    }
}
