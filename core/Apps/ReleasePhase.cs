// The release phase: a site's release command (its migrations) runs once per release, before that release's processes
// start on the server that runs it. The script below is the same on every server and in the rehearsals: one psql
// session takes a PostgreSQL advisory lock for the whole stack and holds it while the command runs (the database lets
// go of it if the server dies), every attempt is recorded in webstack_releases, and a release already recorded as
// succeeded is skipped. So the first new server of a deploy runs it, and the others, later scale-outs and restarts
// find it done. A command that fails or runs out of time fails the script: the server never starts the release's
// processes and never turns healthy, so the deploy fails and the previous release keeps serving.
using System.Globalization;
using WebStack.Core.Servers;

namespace WebStack.Core.Apps;

public static class ReleasePhase
{
    public const string Table = "webstack_releases";

    /// <summary>The advisory lock every release of the stack takes ("webstack" "rels" in ASCII): one at a time, whatever the site.</summary>
    public const long LockKey = 0x7765_6273_7265_6C73;

    /// <summary>The longest the output of one attempt kept in the table (its end, where the error is).</summary>
    public const int OutputBytesKept = 4000;

    /// <summary>How long a server waits for the lock: another server's whole run, and a minute.</summary>
    public static int LockWaitSeconds(int timeoutSeconds) => timeoutSeconds + 60;

    /// <summary>systemd's TimeoutStartSec for the release unit: the wait for the lock, the run, and some slack.</summary>
    public static int UnitTimeoutSeconds(int timeoutSeconds) => LockWaitSeconds(timeoutSeconds) + timeoutSeconds + 60;

    /// <summary>The script's arguments for <paramref name="site"/>'s release <paramref name="launch"/>.</summary>
    public static IReadOnlyList<string> Arguments(AppSite site, AppLaunch launch, ServerLayout layout)
    {
        var command = site.App.ReleaseCommand ?? throw new ArgumentException($"site {site.Name} has no release command", nameof(site));
        return
        [
            site.Name, launch.Release, site.App.ReleaseTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "--",
            layout.ProgramPath(site, command), .. command.Arguments,
        ];
    }

    public static string Script() => (ScriptText + "\n")
        .Replace("@TABLE@", Table, StringComparison.Ordinal)
        .Replace("@LOCK@", LockKey.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("@KEPT@", OutputBytesKept.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string ScriptText =
        """
        #!/bin/bash
        # webstack-release: runs a site's release command once per release, before the release's processes start.
        # Rendered by webstack (see ReleasePhase); the same on every server and in the rehearsals.
        # Usage: webstack-release <site> <release> <timeout seconds> -- <program> [<argument>...]
        # The database comes from libpq's PG* variables (TLS, verify-full), as the app's does.
        set -euo pipefail

        if [ "$#" -lt 5 ] || [ "$4" != "--" ]; then
            echo "usage: webstack-release <site> <release> <timeout seconds> -- <program> [<argument>...]" >&2
            exit 64
        fi
        site=$1
        release=$2
        limit=$3
        shift 4
        server=${WEBSTACK_SERVER_ID:-$(hostname)}
        lock_wait=$((limit + 60))
        say() { printf 'webstack-release %s %s: %s\n' "$site" "$release" "$*"; }

        output=$(mktemp)
        trap 'rm -f "$output" "$output.kept"' EXIT

        # One session for the whole run: it holds the lock while the command runs, and the database lets go of it when
        # the session ends, also when this server dies (short TCP keepalives notice a vanished server within 30 s).
        coproc DB { PGAPPNAME="webstack-release $site" exec psql -X -q -A -t -w -v ON_ERROR_STOP=1 \
            -v site="$site" -v release="$release" -v server="$server" 2>&1; }
        exec {db_out}<&"${DB[0]}" {db_in}>&"${DB[1]}"
        marker="webstack-release-$$-answered"

        # Sends one statement (or psql command) and prints its answer; fails when psql reports an error (it stops) or
        # doesn't answer within $2 seconds.
        ask() {
            printf '%s\n\\echo %s\n' "$1" "$marker" >&"$db_in"
            local line answer=""
            while IFS= read -r -t "$2" line <&"$db_out"; do
                if [ "$line" = "$marker" ]; then
                    printf '%s' "$answer"
                    return 0
                fi
                answer+="$line"$'\n'
            done
            say "the database did not answer as expected: ${answer:-nothing within $2 s}"
            return 1
        }

        ask "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET lock_timeout = '${lock_wait}s';" 60 > /dev/null
        if [ "$(ask "SELECT pg_try_advisory_lock(@LOCK@);" 60)" != t ]; then
            say "another server is releasing; waiting up to ${lock_wait} s for it"
            ask "SELECT pg_advisory_lock(@LOCK@);" $((lock_wait + 10)) > /dev/null
        fi
        ask "CREATE TABLE IF NOT EXISTS @TABLE@ (id bigserial PRIMARY KEY, site text NOT NULL, release text NOT NULL, server text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL, outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')), exit_code integer NOT NULL, output text NOT NULL);" 60 > /dev/null
        done_by=$(ask "SELECT server || ' at ' || to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM @TABLE@ WHERE site = :'site' AND release = :'release' AND outcome = 'succeeded' ORDER BY finished_at LIMIT 1;" 60)
        if [ -n "$done_by" ]; then
            say "already released (by ${done_by%$'\n'}); nothing to run"
            exit 0
        fi

        ask "SELECT now() AS started \gset" 60 > /dev/null
        say "running the release command: $*"
        set +e
        timeout --kill-after=10 "$limit" "$@" < /dev/null {db_out}<&- {db_in}>&- 2>&1 | tee "$output"
        status=${PIPESTATUS[0]}
        set -e
        case $status in
            0) outcome=succeeded ;;
            124 | 137) outcome=failed; why="did not finish within ${limit} s and was stopped" ;;
            *) outcome=failed; why="failed with exit code $status" ;;
        esac

        # The end of what it said, as printable ASCII, so any output fits a text column.
        tail -c @KEPT@ "$output" | LC_ALL=C tr -cd '\11\12\15\40-\176' > "$output.kept"
        ask "\set output \`cat '$output.kept'\`" 60 > /dev/null
        ask "INSERT INTO @TABLE@ (site, release, server, started_at, finished_at, outcome, exit_code, output) VALUES (:'site', :'release', :'server', :'started', now(), '$outcome', $status, :'output');" 60 > /dev/null
        if [ "$outcome" != succeeded ]; then
            say "the release command $why; this release's processes are not started, and the servers of the previous release keep serving"
            exit 1
        fi
        say "the release command succeeded; the other servers of this release will skip it"
        """;
}
