// One request followed through the one-server rehearsal: its id comes back to the client in X-Request-Id and is in
// nginx's JSON access log line and the app's JSON log line about it; what the client sent as a secret (an
// Authorization header, a password in the query string) is in neither.
using System.Net.Http.Headers;
using System.Text.Json;
using WebStack.Core.Servers;
using WebStack.Local.Processes;

namespace WebStack.Local.Tests;

[Collection(RehearsalCollection.Name)]
public sealed class RequestTracingTests(RehearsalFixture fixture) : IClassFixture<RehearsalFixture>
{
    private const string Password = "hunter2-never-logged";
    private const string Token = "s3cr3t-bearer-never-logged";

    [SkippableFact]
    public async Task One_requests_id_is_in_its_answer_and_in_nginxs_and_the_apps_log_lines_and_no_secret_is_logged()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Url($"/?password={Password}&page=2"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await fixture.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = Assert.Single(response.Headers.GetValues(RequestId.Header));
        var port = body.GetProperty("port").GetInt32();

        Assert.Matches("^[0-9a-f]{32}$", id);
        var nginxLog = fixture.Rehearsal.Server.Nginx.Layout.NginxAccessLogPath;
        var appLog = fixture.Rehearsal.Server.Apps.ProcessOn(port).LogPath;
        // nginx writes its buffered log at least once a second; the app's logger writes from a queue.
        var nginxLine = await LineWithAsync(nginxLog, $"\"request_id\":\"{id}\"");
        // The request's own line (the first request of a process may log that the database is available too, in its scope).
        var appLine = await LineWithAsync(appLog, $"\"requestId\":\"{id}\"", "\"category\":\"WebStack.App.Requests\"");

        var nginxEntry = JsonDocument.Parse(nginxLine).RootElement;
        Assert.Equal(("GET", "/", 200, $"127.0.0.1:{port}"),
            (nginxEntry.GetProperty("method").GetString(), nginxEntry.GetProperty("path").GetString(), nginxEntry.GetProperty("status").GetInt32(), nginxEntry.GetProperty("upstream").GetString()));
        var appEntry = JsonDocument.Parse(appLine).RootElement;
        Assert.Equal(("WebStack.App.Requests", "GET", "/", 200, port, "default"),
            (appEntry.GetProperty("category").GetString(), appEntry.GetProperty("method").GetString(), appEntry.GetProperty("path").GetString(),
             appEntry.GetProperty("status").GetInt32(), appEntry.GetProperty("port").GetInt32(), appEntry.GetProperty("site").GetString()));

        foreach (var log in new[] { nginxLog, fixture.Rehearsal.Server.Nginx.Layout.NginxErrorLogPath }.Concat(fixture.Server.Sites.SelectMany(site => site.Ports)
            .Select(each => fixture.Rehearsal.Server.Apps.ProcessOn(each).LogPath)))
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Every_line_the_app_writes_is_one_json_object_naming_the_process()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await fixture.GetJsonAsync("/hello");

        foreach (var port in fixture.Server.DefaultSite.Ports)
        {
            var lines = (await File.ReadAllLinesAsync(fixture.Rehearsal.Server.Apps.ProcessOn(port).LogPath)).Where(line => line.Length > 0).ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, line =>
            {
                var entry = JsonDocument.Parse(line).RootElement;
                Assert.Equal("default", entry.GetProperty("site").GetString());
                Assert.True(entry.TryGetProperty("time", out _) && entry.TryGetProperty("level", out _) && entry.TryGetProperty("message", out _), line);
            });
        }
    }

    private static async Task<string> LineWithAsync(string path, string text, string? alsoText = null) =>
        (await Eventually.ValueAsync(
            () => Task.FromResult(File.Exists(path)
                ? File.ReadLines(path).FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal) && (alsoText is null || line.Contains(alsoText, StringComparison.Ordinal)))
                : null),
            line => line is not null, TimeSpan.FromSeconds(15), $"a line with {text} in {path}",
            _ => File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(5)) : "(no file)"))!;
}
