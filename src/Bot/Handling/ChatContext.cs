using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Users;

namespace DevBot.Bot.Handling;

/// <summary>Who wrote, and where to answer (a private chat: the chat id is the user id).</summary>
public sealed record ChatContext(long UserId, long ChatId, UserProfile Profile, bool IsOperator)
{
    /// <summary>The language to answer in, from the <c>language_code</c> of the update being answered.</summary>
    public ChatLanguage Language => ChatLanguage.Of(Profile.LanguageCode);
}
