// GET /: counts the visit and reports who answered, as JSON for programs and as a page for browsers.
namespace WebStack.App;

internal static class HomeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ProcessIdentity identity, VisitCounter counter)
    {
        var report = VisitReport.For(context, identity);
        int status;
        try
        {
            report = report with { Visits = await counter.RecordAsync(identity.Site, context.RequestAborted) };
            status = StatusCodes.Status200OK;
        }
        catch (DatabaseUnavailableException exception)
        {
            // Still says who answered: that part works without the database, and it's what you look at in an outage.
            report = report with { Error = $"database unavailable: {exception.Reason}" };
            status = StatusCodes.Status503ServiceUnavailable;
        }

        // Every answer is a new count: no cache may keep it, and the two representations differ by Accept.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Accept";
        return WantsJson(context.Request)
            ? JsonAnswer.Of(report, status)
            : Results.Content(PageRenderer.Render(report), "text/html; charset=utf-8", statusCode: status);
    }

    // A plain substring test: curl -H 'Accept: application/json' and fetch() both send it, and browsers never do.
    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Contains("application/json", StringComparison.OrdinalIgnoreCase));
}
