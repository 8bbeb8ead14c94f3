using System.Globalization;
using System.Text;
using DevBot.Bot.Options;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Relay;

/// <summary>
/// Sends operator alerts (key disabled, a role without a working model, cost spikes, provider cost mismatches, failed
/// projects) to each operator's private chat. The cluster hands out each incident once per throttle window; only
/// the process that holds the Telegram lease sends, every <c>Bot__AlertPollInterval</c> (5 s).
/// </summary>
public sealed class OperatorAlertRelay(
    IGrainFactory grains,
    IChatSender chat,
    BotLeadership leadership,
    IOptions<BotOptions> options,
    IConfiguration configuration,
    ILogger<OperatorAlertRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Bot:AlertPollInterval", TimeSpan.FromSeconds(5));
        var operators = options.Value.OperatorIds;
        if (operators.Count == 0)
        {
            logger.LogInformation("No Bot__OperatorIds: operator alerts are shown on /admin only");
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leadership.IsLeader)
            {
                continue;
            }

            try
            {
                foreach (var alert in await grains.GetGrain<IOperatorAlertGrain>(0).TakeDueAsync(20))
                {
                    foreach (var operatorId in operators)
                    {
                        await chat.SendTextAsync(operatorId, Text(alert), null, stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Operator alerts could not be relayed this time");
            }
        }
    }

    private static string Text(OperatorAlert alert)
    {
        var text = new StringBuilder("⚠ <b>Operator alert</b>: ").Append(Html.Escape(Kind(alert.Kind)));
        if (alert.Subject != "-")
        {
            text.Append(" — ").Append(Html.Escape(alert.Subject));
        }

        text.Append('\n').Append(Html.Escape(alert.Message));
        if (alert.Occurrences > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nSeen {alert.Occurrences} times since {alert.FirstAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        }

        return text.Append("\nDetails on /admin.").ToString();
    }

    private static string Kind(string kind) => kind switch
    {
        "ApiKeyDisabled" => "API key disabled",
        "ProviderCostMismatch" => "provider cost differs from our prices",
        "CostSpike" => "cost spike",
        "RoleUnavailable" => "no working model for a role",
        "ProjectFailed" => "project failed",
        _ => kind,
    };
}
