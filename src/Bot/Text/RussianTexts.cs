namespace DevBot.Bot.Text;

/// <summary>The bot's texts in Russian, by key (the English text is beside each key where it is used).</summary>
internal static class RussianTexts
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["menu.start"] = "Начать или продолжить с того же места",
        ["menu.status"] = "Ход проекта и кредиты",
        ["menu.credits"] = "Баланс, история и покупка кредитов",
        ["menu.history"] = "Прошлые проекты и их загрузка",
        ["menu.cancel"] = "Остановить текущий проект",
        ["menu.retention"] = "Сколько хранятся завершённые проекты",
        ["menu.paysupport"] = "Помощь с оплатой или возвратом",
        ["menu.terms"] = "Условия использования",
        ["menu.invite"] = "Пригласить друга и получить бонус",
        ["menu.help"] = "Как работает DevBot",
    };
}
