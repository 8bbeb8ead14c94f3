using System.Globalization;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Admin;

namespace DevBot.Bot.Handling;

/// <summary>
/// <c>/admin</c> (operators only): a one-time sign-in link for the operator page and the dashboard, sent only in the
/// operator's private chat with the bot, so that no group ever sees it.
/// </summary>
public sealed class OperatorSignIn(IGrainFactory grains, IChatSender chat)
{
    public async Task SendLinkAsync(ChatContext context, CancellationToken cancellationToken)
    {
        if (context.ChatId != context.UserId)
        {
            await chat.SendTextAsync(context.ChatId, "Send /admin in your private chat with me: a sign-in link is not for a group.", null, cancellationToken);
            return;
        }

        var link = await grains.GetGrain<IOperatorAccessGrain>(0).CreateSignInLinkAsync(context.UserId);
        if (link is null)
        {
            await chat.SendTextAsync(context.ChatId, CommandHandler.UnknownCommandText(context.Language), null, cancellationToken);
            return;
        }

        await chat.SendTextAsync(context.ChatId,
            $"Operator page: <a href=\"{Html.Escape(link.Url)}\">sign in</a>\n{Html.Escape(link.Url)}\n"
            + $"The link works once, until {link.ExpiresAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC. Do not forward it.",
            null, cancellationToken);
    }
}
