// The HTML page of GET / for browsers. Every value is encoded: the Host and X-Forwarded-For headers are whatever
// the client sent, and a page that echoed them raw would run the client's script.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace WebStack.App;

internal static class PageRenderer
{
    // nginx serves these from the app's wwwroot; the app itself never does.
    /// <summary>Where nginx serves the sample's wwwroot (its staticPath, /static/, in the stack's settings).</summary>
    public const string StaticPath = "/static/";

    public const string StylesheetPath = StaticPath + "site.css";
    public const string LogoPath = StaticPath + "logo.svg";

    public static string Render(VisitReport report)
    {
        var html = new StringBuilder();
        void Line(string text) => html.Append(text).Append('\n');
        string Encode(string? value) => value is null ? "<em>(none)</em>" : HtmlEncoder.Default.Encode(value);

        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\">");
        Line("<head>");
        Line("<meta charset=\"utf-8\">");
        Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Line($"<title>webstack – {Encode(report.Server)}</title>");
        Line($"<link rel=\"stylesheet\" href=\"{StylesheetPath}\">");
        // Without it browsers ask the app for /favicon.ico on every visit; the logo comes from nginx instead.
        Line($"<link rel=\"icon\" href=\"{LogoPath}\" type=\"image/svg+xml\">");
        Line("</head>");
        Line("<body>");
        Line("<header>");
        Line($"<img src=\"{LogoPath}\" alt=\"webstack logo\" width=\"64\" height=\"64\">");
        Line("<h1>webstack</h1>");
        Line("</header>");
        Line("<main>");
        if (report.Visits is { } visits)
        {
            Line($"<p class=\"visits\">Visit <strong>{visits.ToString("N0", CultureInfo.InvariantCulture)}</strong> of site {Encode(report.Site)}.</p>");
        }
        else
        {
            Line($"<p class=\"error\">{Encode(report.Error ?? "No visit count.")}</p>");
        }

        Line("<table>");
        Row("Server", Encode(report.Server));
        Row("Site", Encode(report.Site));
        Row("Release", Encode(report.Release));
        Row("Process", $"pid {report.Pid.ToString(CultureInfo.InvariantCulture)}, port {report.Port.ToString(CultureInfo.InvariantCulture)}");
        Row("Client address", Encode(report.ClientAddress));
        Row("X-Forwarded-For", Encode(report.ForwardedFor));
        Row("Host", Encode(report.Host));
        Line("</table>");
        Line("<p class=\"note\">Reload to be answered by another process or server.</p>");
        Line("</main>");
        Line("</body>");
        Line("</html>");
        return html.ToString();

        void Row(string name, string encodedValue) => Line($"<tr><th>{name}</th><td>{encodedValue}</td></tr>");
    }
}
