using DevBot.Bot.Handling;
using DevBot.Bot.Text;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Bot.Telegram;

/// <summary>
/// The command menus Telegram shows: everyone's in English by default and in each other language the bot speaks
/// (Telegram picks by the user's language), and in each operator's own chat a menu with the operator commands too
/// (a chat scope outranks the default one, so only operators see those).
/// </summary>
public static class BotMenus
{
    public static async Task SetAsync(ITelegramBotClient bot, IEnumerable<long> operatorIds, CancellationToken cancellationToken)
    {
        await bot.SetMyCommands(Commands(CommandHandler.Menu, ChatLanguage.English), cancellationToken: cancellationToken);
        foreach (var language in ChatLanguage.Others)
        {
            await bot.SetMyCommands(Commands(CommandHandler.Menu, language), languageCode: language.Code, cancellationToken: cancellationToken);
        }

        foreach (var operatorId in operatorIds)
        {
            await bot.SetMyCommands(Commands(CommandHandler.OperatorMenu, ChatLanguage.English), BotCommandScope.Chat(operatorId), cancellationToken: cancellationToken);
        }
    }

    private static IEnumerable<BotCommand> Commands(IReadOnlyList<(string Command, string Description)> menu, ChatLanguage language) =>
        menu.Select(c => new BotCommand { Command = c.Command, Description = language.MenuDescription(c.Command, c.Description) });
}
