namespace DevBot.GrainInterfaces.Credits;

/// <summary>A user's credits: the balance (sum of their transactions) and what open holds keep back from it.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.CreditBalance")]
public sealed record CreditBalance(decimal Balance, decimal Held)
{
    public decimal Available => Balance - Held;
}
