using DevBot.GrainInterfaces.Credits;

namespace DevBot.Bot.Handling;

/// <summary>What money texts need beside the credits: the Stars a credit costs (0: not shown) and, where known, the balance.</summary>
public sealed record ChatMoney(decimal StarsPerCredit, CreditBalance? Balance = null);
