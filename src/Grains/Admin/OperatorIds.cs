using Microsoft.Extensions.Configuration;

namespace DevBot.Grains.Admin;

/// <summary>
/// Operators are the Telegram ids in <c>Bot__OperatorIds</c>. A silo that runs without the bot may not be given the
/// list: then it trusts the bot, which asks only for its operators; with the list, it checks every sign-in and request.
/// </summary>
public static class OperatorIds
{
    public static IReadOnlyList<long> Read(IConfiguration configuration) =>
        configuration.GetSection("Bot:OperatorIds").GetChildren().Select(c => long.TryParse(c.Value, out var id) ? id : 0).Where(id => id != 0).ToList();

    public static bool IsOperator(IConfiguration configuration, long id)
    {
        var known = Read(configuration);
        return known.Count == 0 || known.Contains(id);
    }
}
