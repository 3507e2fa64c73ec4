// The id that follows one request through every hop: the load balancer's (HAProxy's in the rehearsals), or nginx's
// own when none came from a trusted proxy, passed to the app in X-Request-Id, returned to the client in the same
// header and written into every log line about the request. nginx and the app accept the same shape, so an id that
// could break a log line or a query is never taken from a header.
using System.Text.RegularExpressions;

namespace WebStack.Core.Servers;

public static partial class RequestId
{
    public const string Header = "X-Request-Id";

    /// <summary>The Application Load Balancer's own trace header (Root=1-...); nginx logs it beside the request id.</summary>
    public const string AmazonTraceHeader = "X-Amzn-Trace-Id";

    /// <summary>1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (nginx's own ids are 32 hex digits).</summary>
    /// <summary>nginx's variable holding the id of the request it is handling.</summary>
    public const string NginxVariable = "$webstack_request_id";

    public const string Pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    [GeneratedRegex("^" + Pattern + @"\z")]
    private static partial Regex Shape();

    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);
}
