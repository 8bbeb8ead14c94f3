using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Bot.Telegram;

/// <summary>
/// The webhook endpoint. Telegram sends the secret given at setWebhook in <c>X-Telegram-Bot-Api-Secret-Token</c>; a
/// request without it (or with another) gets 401 and touches nothing. A failed payment answers 500, so Telegram
/// delivers it again.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapDevBotTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BotOptions>>().Value;
        var stopping = endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        endpoints.MapPost(options.WebhookPath, async (HttpContext http, UpdateDispatcher dispatcher) =>
        {
            if (!Authorized(http.Request, options.WebhookSecret))
            {
                return Results.Unauthorized();
            }

            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }

            if (update is null)
            {
                return Results.BadRequest();
            }

            // Handled to the end even if Telegram stops waiting: a half-handled update is worse than a late answer.
            await dispatcher.DispatchAsync(update, stopping);
            return Results.Ok();
        });
        return endpoints;
    }

    private static bool Authorized(HttpRequest request, string? secret) =>
        !string.IsNullOrEmpty(secret)
        && request.Headers.TryGetValue(SecretHeader, out var given)
        && given.Count == 1
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[0] ?? string.Empty), Encoding.UTF8.GetBytes(secret));
}
