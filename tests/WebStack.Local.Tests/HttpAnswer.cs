// What a client got for one request: the status, the media type and the body as text. Reading it as JSON names the
// status and the body when it isn't JSON (nginx's HTML error page, say), so a failure says what the client saw.
using System.Text.Json;

namespace WebStack.Local.Tests;

public sealed record HttpAnswer(int Status, string? MediaType, string Text)
{
    public bool IsJson => MediaType == "application/json";

    /// <summary>The body as JSON; throws with the status and the body when the answer isn't JSON.</summary>
    public JsonElement Json
    {
        get
        {
            if (IsJson)
            {
                try
                {
                    using var document = JsonDocument.Parse(Text);
                    return document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Reported below with what came instead.
                }
            }

            throw new InvalidOperationException($"expected a JSON answer, got {this}");
        }
    }

    public void Deconstruct(out int status, out JsonElement body)
    {
        status = Status;
        body = Json;
    }

    public override string ToString() =>
        $"{Status} {MediaType ?? "(no content type)"}: {(Text.Length > 300 ? Text[..300] + "..." : Text).ReplaceLineEndings(" ")}";
}
