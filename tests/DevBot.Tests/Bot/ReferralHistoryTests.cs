using System.Globalization;
using System.Text.RegularExpressions;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Bot;

/// <summary>
/// <c>/credits</c> through the real Telegram.Bot client and the fake Bot API: the referral bonus is a line of its own
/// ("Referral bonus"), for the invitee and for the inviter, beside the welcome grant and the purchase.
/// </summary>
public sealed class ReferralHistoryTests
{
    [Fact]
    public async Task Credits_AfterTheInviteesFirstPurchase_BothSeeTheReferralBonusAsALineOfItsOwn()
    {
        await using var bed = await BotTestBed.StartAsync("refhistory");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var (inviter, invitee) = (TestUsers.NewId(), TestUsers.NewId());
        api.SendText(inviter, "/start");
        await api.WaitForAsync(c => c.ChatId == inviter && c.Method == "sendmessage", "welcomed the inviter");
        var code = await pipeline.Grains.GetGrain<IUserGrain>(inviter).GetReferralCodeAsync();
        api.SendText(invitee, "/start ref_" + code);
        await api.WaitForAsync(c => c.ChatId == invitee && c.Method == "sendmessage", "welcomed the invitee");

        // What the payment handler does on a successful payment (the Stars flow itself is ChatExperienceTests').
        var user = pipeline.Grains.GetGrain<IUserGrain>(invitee);
        var purchase = await user.RecordPurchaseAsync(new CreditPurchase("tg-charge-" + Guid.NewGuid().ToString("N"), 100m, 80m, "XTR", "100 credits for 80 Telegram Stars"));
        Assert.Equal(LedgerPostStatus.Posted, purchase.Result.Status);
        Assert.True((await user.RewardReferralAsync())?.GrantedNow);

        foreach (var chat in new[] { invitee, inviter })
        {
            api.SendText(chat, "/credits");
            var credits = await api.WaitForAsync(c => c.ChatId == chat && c.Text.Contains("Referral bonus", StringComparison.Ordinal), "showed the referral bonus");
            var lines = credits.Text.Split('\n');
            Assert.Single(lines, l => Regex.IsMatch(l, @"^\d{4}-\d{2}-\d{2} \+50\.00 Referral bonus$"));
            // The welcome grant keeps its own line, and the bonus is not folded into it.
            Assert.Single(lines, l => Regex.IsMatch(l, @"^\d{4}-\d{2}-\d{2} \+200\.00 "));
            Assert.Equal(chat == invitee ? 1 : 0, lines.Count(l => Regex.IsMatch(l, @"^\d{4}-\d{2}-\d{2} \+100\.00 ")));
        }

        Assert.Equal(2L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM credit_transactions WHERE kind = 'referral_bonus' AND idempotency_key LIKE @k",
            ("k", $"referral:{invitee.ToString(CultureInfo.InvariantCulture)}:%")));
    }
}
