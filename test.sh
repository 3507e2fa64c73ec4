#!/usr/bin/env bash
# The test command: builds and tests every project that restores on this machine, checks formatting, and names
# plainly the projects it could not restore. The Pulumi program and its mocks tests need the Pulumi packages from
# the public NuGet gallery; where they are missing those two projects are reported as not run (set
# WEBSTACK_REQUIRE_ALL=1 to make that an error, as the project's own CI on GitHub does).
set -euo pipefail
cd "$(dirname "$0")"

projects=(
    core/WebStack.Core.csproj
    app/WebStack.App/WebStack.App.csproj
    local/WebStack.Local.csproj
    infra/WebStack.Infra.csproj
    tests/WebStack.Core.Tests/WebStack.Core.Tests.csproj
    tests/WebStack.Local.Tests/WebStack.Local.Tests.csproj
    tests/WebStack.Topology.Tests/WebStack.Topology.Tests.csproj
    tests/WebStack.Infra.Tests/WebStack.Infra.Tests.csproj
)

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
not_restored=()
tested=()

for project in "${projects[@]}"; do
    log="$logs/$(basename "$project").restore.log"
    if ! dotnet restore "$project" > "$log" 2>&1; then
        # Only "package not found" for Pulumi's own packages counts as unrestorable; anything else is a failure.
        if grep -Eq "error NU1101: Unable to find package Pulumi(\.Aws|\.Random)?\." "$log" \
            && ! grep -E "error NU" "$log" | grep -Evq "NU1101: Unable to find package Pulumi(\.Aws|\.Random)?\."; then
            not_restored+=("$project")
            continue
        fi
        cat "$log"
        echo "test.sh: restoring $project failed" >&2
        exit 1
    fi

    echo "== $project"
    dotnet build "$project" --no-restore -nologo -v quiet -clp:ErrorsOnly
    dotnet format "$project" --verify-no-changes --no-restore
    if [[ $project == tests/* ]]; then
        # One project at a time: the rehearsal tests start nginx, PostgreSQL and network namespaces of their own.
        dotnet test "$project" --no-build --nologo
        tested+=("$project")
    fi
done

echo
echo "tested: ${tested[*]:-(none)}"
if ((${#not_restored[@]} > 0)); then
    echo "NOT RUN - could not restore (the Pulumi, Pulumi.Aws and Pulumi.Random packages are not on this machine's NuGet source):"
    printf '  %s\n' "${not_restored[@]}"
    if [[ ${WEBSTACK_REQUIRE_ALL:-0} == 1 ]]; then
        echo "test.sh: WEBSTACK_REQUIRE_ALL=1 and some projects could not be restored" >&2
        exit 1
    fi
fi
