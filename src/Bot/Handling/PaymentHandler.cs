using System.Globalization;
using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.Payments;

namespace DevBot.Bot.Handling;

/// <summary>
/// Credits for Telegram Stars: an invoice per package (payload <c>credits:{credits}:{stars}</c>), the pre-checkout
/// answered at once from configuration alone (Telegram allows 10 seconds), and the successful payment recorded in the
/// ledger under Telegram's charge id, so a repeated update credits once. Operators refund: the ledger first (it
/// refuses when the credits are already spent), then Telegram.
/// </summary>
public sealed class PaymentHandler(IGrainFactory grains, IChatSender chat, IOptions<PaymentOptions> options, ILogger<PaymentHandler> logger)
{
    public async Task OfferAsync(ChatContext context, int index, CancellationToken cancellationToken)
    {
        var l = context.Language;
        var packages = options.Value.Offered;
        if (index < 0 || index >= packages.Count)
        {
            await chat.SendTextAsync(context.ChatId, l.Text("payment.offerGone", "That offer no longer exists; /credits shows the current ones."), null, cancellationToken);
            return;
        }

        var package = packages[index];
        await chat.SendInvoiceAsync(context.ChatId, Label(package, l), l.Format("payment.invoice", "{0} DevBot credits for building software projects.", package.Credits),
            package.Stars, Payload(package.Credits, package.Stars), cancellationToken);
    }

    /// <summary>A package's name: its configured title, else its credits in the user's language ("100 credits").</summary>
    public static string Label(CreditPackage package, ChatLanguage language) => package.Title ?? language.Format("credits", "{0} credits", package.Credits);

    public async Task PreCheckoutAsync(PreCheckoutQuery query, CancellationToken cancellationToken)
    {
        // Telegram shows the refusal to the buyer: in the buyer's language (the log keeps it in English).
        var problem = Validate(query.Currency, query.TotalAmount, query.InvoicePayload, requireOffered: true, ChatLanguage.English);
        if (problem is not null)
        {
            logger.LogWarning("Refused a pre-checkout of user {UserId}: {Problem}", query.From.Id, problem);
        }

        await chat.AnswerPreCheckoutAsync(query.Id,
            problem is null ? null : Validate(query.Currency, query.TotalAmount, query.InvoicePayload, requireOffered: true, ChatLanguage.Of(query.From.LanguageCode)),
            cancellationToken);
    }

    /// <summary>Records a payment; throws when the ledger cannot be reached, so the update is delivered again.</summary>
    public async Task PaidAsync(long userId, long chatId, SuccessfulPayment payment, ChatLanguage l, CancellationToken cancellationToken)
    {
        // What was invoiced is honoured even if the offers changed since; only a payment that does not match its own
        // invoice is refused (it cannot come from Telegram).
        var problem = Validate(payment.Currency, payment.TotalAmount, payment.InvoicePayload, requireOffered: false, ChatLanguage.English);
        if (problem is not null || ParsePayload(payment.InvoicePayload) is not { } invoiced)
        {
            logger.LogError("Payment {ChargeId} of user {UserId} does not match its invoice: {Problem}", payment.TelegramPaymentChargeId, userId, problem);
            await chat.SendTextAsync(chatId,
                l.Format("payment.mismatch", "Your payment arrived but does not match an offer, so no credits were added. An operator will sort it out; quote {0}.",
                    Html.Code(payment.TelegramPaymentChargeId)),
                null, cancellationToken);
            return;
        }

        var (credits, stars) = invoiced;
        var user = grains.GetGrain<IUserGrain>(userId);
        var outcome = await user.RecordPurchaseAsync(new CreditPurchase(
            payment.TelegramPaymentChargeId, credits, stars, PaymentOptions.Currency, $"{credits} credits for {stars} Telegram Stars"));
        // The referral bonus, on the first purchase that succeeds (also on a repeat of it: the grant may not have been made).
        var reward = outcome.Result.Succeeded ? await user.RewardReferralAsync() : null;
        await TellInviterAsync(reward, cancellationToken);
        switch (outcome.Result.Status)
        {
            case LedgerPostStatus.Posted:
                await chat.SendTextAsync(chatId,
                    l.Format("payment.thanks", "Thank you! {0} added. Credits available: {1}.", l.Format("credits", "{0} credits", credits),
                        Html.Bold(ProjectTexts.Credits(outcome.Result.Balance.Available)))
                    + (outcome.ResumedProjectId is not null ? "\n" + l.Text("payment.resumed", "Your project continues where it stopped.") : string.Empty)
                    + (reward is { GrantedNow: true } ? "\n" + l.Format("payment.bonus", "You also received {0} bonus credits: a friend invited you.", ProjectTexts.Credits(reward.Bonus)) : string.Empty),
                    null, cancellationToken);
                break;
            case LedgerPostStatus.Replayed:
                logger.LogInformation("Payment {ChargeId} of user {UserId} was delivered again; it was credited once", payment.TelegramPaymentChargeId, userId);
                break;
            default:
                logger.LogError("Payment {ChargeId} of user {UserId} was refused by the ledger: {Status}", payment.TelegramPaymentChargeId, userId, outcome.Result.Status);
                await chat.SendTextAsync(chatId,
                    l.Format("payment.refused", "Your payment could not be credited ({0}). An operator will sort it out; quote {1}.",
                        outcome.Result.Status, Html.Code(payment.TelegramPaymentChargeId)),
                    null, cancellationToken);
                break;
        }
    }

    /// <summary>Tells the inviter about their bonus (quietly: the invitee's payment is recorded whatever happens here).</summary>
    private async Task TellInviterAsync(ReferralReward? reward, CancellationToken cancellationToken)
    {
        if (reward is not { GrantedNow: true })
        {
            return;
        }

        try
        {
            // The inviter's own language, as their profile last recorded it.
            var l = ChatLanguage.Of((await grains.GetGrain<IUserGrain>(reward.InviterId).GetSummaryAsync()).Profile.LanguageCode);
            await chat.SendTextAsync(reward.InviterId,
                l.Format("payment.inviterBonus", "A friend you invited to DevBot made their first purchase: you received {0} bonus credits. Thank you!",
                    ProjectTexts.Credits(reward.Bonus)), null, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogInformation(ex, "Could not tell user {UserId} about their referral bonus", reward.InviterId);
        }
    }

    /// <summary><c>/refund USER_ID CHARGE_ID</c>, for operators only: in English, like every operator text.</summary>
    public async Task RefundAsync(ChatContext context, string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var userId))
        {
            await chat.SendTextAsync(context.ChatId, "Usage: /refund USER_ID CHARGE_ID", null, cancellationToken);
            return;
        }

        var chargeId = parts[1];
        var refund = await grains.GetGrain<ICreditLedgerGrain>(userId).RefundAsync(new CreditRefund(chargeId, $"refunded by operator {context.UserId}"));
        if (!refund.Succeeded)
        {
            await chat.SendTextAsync(context.ChatId, $"Not refunded: the ledger says {refund.Status}.", null, cancellationToken);
            return;
        }

        try
        {
            await chat.RefundStarsAsync(userId, chargeId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Telegram refused the refund of {ChargeId} to user {UserId} after the ledger recorded it", chargeId, userId);
            await chat.SendTextAsync(context.ChatId,
                $"The ledger recorded the refund, but Telegram refused to return the Stars: {Html.Escape(ex.Message)}. Run the same /refund again to retry; the ledger will not refund twice.",
                null, cancellationToken);
            return;
        }

        await chat.SendTextAsync(context.ChatId,
            $"Refunded {ProjectTexts.Credits(-refund.Credits)} credits and the Stars of {Html.Code(chargeId)} to user {userId}.", null, cancellationToken);
    }

    public static string Payload(int credits, int stars) => string.Create(CultureInfo.InvariantCulture, $"credits:{credits}:{stars}");

    private static (int Credits, int Stars)? ParsePayload(string payload) =>
        payload.Split(':') is ["credits", var c, var s]
        && int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var credits)
        && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var stars) && credits > 0 && stars > 0
            ? (credits, stars)
            : null;

    private string? Validate(string currency, long totalAmount, string payload, bool requireOffered, ChatLanguage l)
    {
        if (currency != PaymentOptions.Currency)
        {
            return l.Text("payment.onlyStars", "Only Telegram Stars are accepted.");
        }

        if (ParsePayload(payload) is not { } invoiced)
        {
            return l.Text("payment.notOurs", "This invoice is not one of ours.");
        }

        var (credits, stars) = invoiced;
        if (totalAmount != stars)
        {
            return l.Text("payment.amountMismatch", "The amount does not match the offer.");
        }

        return requireOffered && !options.Value.Offered.Any(p => p.Credits == credits && p.Stars == stars)
            ? l.Text("payment.offerChanged", "This offer has changed; open /credits for the current ones.")
            : null;
    }
}
