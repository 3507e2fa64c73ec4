// A JSON answer written in one piece, with its length. Results.Json streams its body chunked and ends it with a last,
// empty chunk in a write of its own: a process killed between the two left nginx with an answer it had already begun
// to pass on and couldn't finish, so the client's request failed. Written whole, a killed process has either sent
// nothing (nginx sends the request to the next process) or everything.
using System.Text.Json;

namespace WebStack.App;

internal sealed class JsonAnswer(byte[] body, int statusCode) : IResult
{
    public static JsonAnswer Of<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web), statusCode);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
