using DevBot.Grains.Admin;

namespace DevBot.Silo.Admin;

/// <summary>
/// The operator session behind <c>/admin</c> and <c>/dashboard</c>: a cookie holding a random token whose hash is in
/// <c>operator_sessions</c>. No cookie or a dead one: 401. A session of an id that is no longer in Bot__OperatorIds: 403.
/// </summary>
public sealed class OperatorSession(RequestDelegate next, OperatorAccessStore store, IConfiguration configuration)
{
    public const string CookieName = "devbot_operator";
    public const string OperatorItem = "devbot.operator";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var guarded = path.StartsWithSegments("/dashboard") || (path.StartsWithSegments("/admin") && !path.StartsWithSegments("/admin/signin"));
        if (!guarded)
        {
            await next(context);
            return;
        }

        var operatorId = await store.FindSessionAsync(context.Request.Cookies[CookieName], context.RequestAborted);
        if (operatorId is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                "Sign in first: send /admin to the bot from an operator's Telegram account and open the link it answers with.");
            return;
        }

        if (!OperatorIds.IsOperator(configuration, operatorId.Value))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "This session's Telegram account is no longer an operator.");
            return;
        }

        context.Items[OperatorItem] = operatorId.Value;
        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(AdminHtml.Shell("DevBot operators", $"<p class=\"refusal\">{AdminHtml.Encode(message)}</p>"));
    }
}
