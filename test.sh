#!/usr/bin/env bash
# The test command: builds and tests every project that restores on this machine, checks formatting, and names
# plainly the projects it could not restore. The Pulumi program and its mocks tests need the Pulumi packages; where
# no package source has them those two projects are reported as not run (set WEBSTACK_REQUIRE_ALL=1 to make that an
# error, as the project's own CI does).
#
# More package sources, used in every restore after the configured ones (a company mirror, or a local folder of
# .nupkg files such as a feed of the pinned Pulumi packages):
#   WEBSTACK_NUGET_SOURCES="/path/to/feed;https://mirror.example/v3/index.json" ./test.sh
#   ./test.sh --source /path/to/feed --source https://mirror.example/v3/index.json
# A relative path is taken from the directory test.sh is run in. Packages restored with a local folder among the
# sources go to a package cache of their own, keyed by that folder's contents: a package that exists in both the
# folder and the gallery under the same version (a stand-in, say) is never mixed up with the other, and a folder
# rebuilt under the same version numbers is read afresh.
set -euo pipefail

usage() {
    echo "usage: ./test.sh [--source <folder or URL>]..." >&2
    echo "       (or WEBSTACK_NUGET_SOURCES=\"<source>;<source>\" ./test.sh)" >&2
}

extra_sources=()
if [[ -n ${WEBSTACK_NUGET_SOURCES:-} ]]; then
    IFS=';' read -r -a listed <<< "$WEBSTACK_NUGET_SOURCES"
    for source in "${listed[@]}"; do
        source="${source#"${source%%[![:space:]]*}"}"
        source="${source%"${source##*[![:space:]]}"}"
        [[ -n $source ]] && extra_sources+=("$source")
    done
fi
while (($# > 0)); do
    case $1 in
        --source)
            if (($# < 2)) || [[ -z $2 ]]; then
                echo "test.sh: --source needs a folder or a URL" >&2
                usage
                exit 2
            fi
            extra_sources+=("$2")
            shift 2
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "test.sh: unknown argument $1" >&2
            usage
            exit 2
            ;;
    esac
done

# Every source checked (and relative folders made absolute) before anything is built; all problems at once.
sources=()
local_feeds=()
problems=()
for source in "${extra_sources[@]}"; do
    if [[ $source =~ ^[A-Za-z][A-Za-z0-9+.-]*:// ]]; then
        sources+=("$source")
    elif [[ -d $source ]]; then
        absolute=$(cd "$source" && pwd)
        if ! compgen -G "$absolute/*.nupkg" > /dev/null; then
            problems+=("package source $source ($absolute) holds no .nupkg files")
        fi
        sources+=("$absolute")
        local_feeds+=("$absolute")
    else
        problems+=("package source $source is neither a folder here nor a URL (http://, https://)")
    fi
    if [[ $source == *';'* || $source == *'%'* ]]; then
        problems+=("package source $source: a source can't contain ';' or '%'")
    fi
done
if ((${#problems[@]} > 0)); then
    printf 'test.sh: %s\n' "${problems[@]}" >&2
    exit 2
fi

cd "$(dirname "$0")"

restore_arguments=()
if ((${#sources[@]} > 0)); then
    # Added to the configured sources (which keep their credentials), not instead of them. MSBuild splits a
    # property's value on ';' only when it is written out, so the list is passed with ';' escaped.
    joined=$(printf '%s%%3B' "${sources[@]}")
    restore_arguments+=("-p:RestoreAdditionalProjectSources=${joined%\%3B}")
fi
if ((${#local_feeds[@]} > 0)) && [[ -z ${NUGET_PACKAGES:-} ]]; then
    key=$(for feed in "${local_feeds[@]}"; do cat "$feed"/*.nupkg; done | sha256sum | cut -c1-12)
    export NUGET_PACKAGES="${XDG_CACHE_HOME:-$HOME/.cache}/webstack/nuget-packages-$key"
    mkdir -p "$NUGET_PACKAGES"
fi

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
    if ! dotnet restore "$project" "${restore_arguments[@]}" > "$log" 2>&1; then
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
        # A test that hangs is stopped after 10 minutes and named, instead of holding up everything after it.
        dotnet test "$project" --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none
        tested+=("$project")
    fi
done

# Where the Pulumi packages came from, as NuGet recorded it when it put each into the package cache.
pulumi_packages() {
    local cache version source
    cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
    for id in Pulumi Pulumi.Aws Pulumi.Random; do
        version=$(sed -n "s/.*PackageVersion Include=\"$id\" Version=\"\([^\"]*\)\".*/\1/p" Directory.Packages.props)
        local metadata="${cache%/}/${id,,}/$version/.nupkg.metadata"
        if [[ -f $metadata ]]; then
            source=$(sed -n 's/.*"source": *"\([^"]*\)".*/\1/p' "$metadata")
            echo "  $id $version from ${source:-an unrecorded source}"
        fi
    done
}

echo
echo "tested: ${tested[*]:-(none)}"
if ((${#sources[@]} > 0)); then
    echo "package sources: the configured ones, then ${sources[*]}"
fi
if [[ " ${tested[*]} " == *" tests/WebStack.Infra.Tests/WebStack.Infra.Tests.csproj "* ]]; then
    echo "the Pulumi program and its mocks tests ran against:"
    pulumi_packages
fi
if ((${#not_restored[@]} > 0)); then
    echo "NOT RUN - could not restore (no package source here has the Pulumi, Pulumi.Aws and Pulumi.Random packages):"
    printf '  %s\n' "${not_restored[@]}"
    if [[ ${WEBSTACK_REQUIRE_ALL:-0} == 1 ]]; then
        echo "test.sh: WEBSTACK_REQUIRE_ALL=1 and some projects could not be restored" >&2
        exit 1
    fi
fi
