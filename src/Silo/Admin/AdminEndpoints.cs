using DevBot.Grains.Admin;
using Microsoft.Extensions.Options;

namespace DevBot.Silo.Admin;

/// <summary>
/// <c>/admin</c>: the sign-in link (GET shows a button, POST uses the token once: link previews and prefetchers only
/// ever GET), the page, its vendored scripts and sign-out. The gate (<see cref="OperatorSession"/>) runs first.
/// </summary>
public static class AdminEndpoints
{
    public static WebApplication UseDevBotOperatorSession(this WebApplication app)
    {
        app.UseMiddleware<OperatorSession>();
        return app;
    }

    public static WebApplication MapDevBotAdmin(this WebApplication app)
    {
        app.MapGet("/admin/signin", (HttpContext context) =>
        {
            var token = context.Request.Query["token"].ToString();
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(AdminHtml.Shell("Sign in — DevBot operators", $$"""
                <h1>DevBot operators</h1>
                <form method="post" action="/admin/signin">
                  <input type="hidden" name="token" value="{{AdminHtml.Encode(token)}}">
                  <button id="sign-in" type="submit">Sign in</button>
                </form>
                <p>The link works once, for a few minutes.</p>
                """), "text/html; charset=utf-8");
        });

        app.MapPost("/admin/signin", async (HttpContext context, OperatorAccessStore store, IOptions<OperatorAccessOptions> options) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var redeemed = await store.RedeemAsync(form?["token"].ToString(), options.Value.SessionLifetime, context.RequestAborted);
            if (redeemed is not { } session)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Results.Content(AdminHtml.Shell("DevBot operators",
                    "<p class=\"refusal\">This sign-in link is unknown, used or expired. Send /admin to the bot for a new one.</p>"), "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            context.Response.Cookies.Append(OperatorSession.CookieName, session.Session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = options.Value.SessionLifetime,
            });
            return Results.Redirect("/admin");
        });

        app.MapGet("/admin", async (HttpContext context, IGrainFactory grains, TimeProvider time) =>
        {
            var html = await AdminPage.RenderAsync(grains, (long)context.Items[OperatorSession.OperatorItem]!, context.Request.Query, time.GetUtcNow());
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapGet("/admin/assets/{name}", (string name) =>
        {
            var stream = typeof(AdminEndpoints).Assembly.GetManifestResourceStream("DevBot.Silo.Admin.Assets." + name);
            return stream is null ? Results.NotFound() : Results.Stream(stream, "text/javascript; charset=utf-8");
        });

        app.MapPost("/admin/signout", async (HttpContext context, OperatorAccessStore store) =>
        {
            await store.EndSessionAsync(context.Request.Cookies[OperatorSession.CookieName], context.RequestAborted);
            context.Response.Cookies.Delete(OperatorSession.CookieName);
            return Results.Redirect("/admin/signin");
        });
        return app;
    }
}
