// Waiting for a condition, always with a deadline: the one way the rehearsals and their tests wait. A wait that runs
// out says what it waited for and what it saw last, so a failure names the state the user would have seen.
using System.Diagnostics;
using System.Globalization;

namespace WebStack.Local.Processes;

public sealed class WaitTimedOutException(string message) : UserFacingException(message);

public static class Eventually
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="isDone"/> accepts what the probe saw, and returns that; throws
    /// <see cref="WaitTimedOutException"/> ("waited N s for <paramref name="what"/>; last seen: ...") when the time is up.
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> isDone,
        TimeSpan limit,
        string what,
        Func<T, string> describe,
        TimeSpan? every = null,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seen = await probe();
            if (isDone(seen))
            {
                return seen;
            }

            if (clock.Elapsed >= limit)
            {
                throw new WaitTimedOutException(string.Create(CultureInfo.InvariantCulture,
                    $"waited {limit.TotalSeconds:0.#} s for {what}; last seen: {describe(seen)}"));
            }

            await Task.Delay(every ?? DefaultPollInterval, cancellation);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="describe"/> says what was seen instead.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan limit, string what, Func<string> describe, TimeSpan? every = null) =>
        ValueAsync(() => Task.FromResult(condition()), done => done, limit, what, _ => describe(), every);

    /// <summary>Waits until <paramref name="condition"/> holds, probing asynchronously.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan limit, string what, Func<string> describe, TimeSpan? every = null) =>
        ValueAsync(condition, done => done, limit, what, _ => describe(), every);
}
