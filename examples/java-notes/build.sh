#!/usr/bin/env bash
# Builds the example into one jar that runs with `java -jar`: the app's classes, its migrations and the PostgreSQL
# driver's classes, as a Spring Boot jar bundles its driver. The same sources give the same bytes: fixed entry dates and
# a sorted entry order, so two builds can be compared by hash.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <output.jar>" >&2
  exit 2
fi
output=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
driver=${PGJDBC_JAR:-/usr/share/java/postgresql.jar}

if [[ ! -f $driver ]]; then
  echo "build.sh: the PostgreSQL JDBC driver is not at $driver." >&2
  echo "  Install it with: apt-get install libpostgresql-jdbc-java (or point PGJDBC_JAR at a postgresql-42.x.jar)" >&2
  exit 1
fi
for tool in javac jar; do
  if ! command -v "$tool" >/dev/null; then
    echo "build.sh: $tool is missing; a JDK 17 or newer is needed (apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/content"

# The driver first; its manifest is replaced by ours, and signature files (if a driver jar has any) would no longer
# match a jar that also holds other classes.
(cd "$work/content" && jar --extract --file "$driver")
rm -f "$work/content/META-INF/MANIFEST.MF" "$work/content"/META-INF/*.SF "$work/content"/META-INF/*.RSA \
  "$work/content"/META-INF/*.DSA "$work/content"/META-INF/*.EC

mapfile -t sources < <(find "$here/src/main/java" -name '*.java' | LC_ALL=C sort)
javac --release 17 -encoding UTF-8 -Xlint:all -Werror -cp "$driver" -d "$work/content" "${sources[@]}"

# Everything under resources, so a migration added to db/migrations ships without touching this script.
cp -R "$here/src/main/resources/." "$work/content/"

printf 'Main-Class: example.notes.Main\n' >"$work/manifest"
(cd "$work/content" && find . -type f | sed 's|^\./||' | LC_ALL=C sort >"$work/entries")
(cd "$work/content" && jar --create --file "$work/notes.jar" --manifest "$work/manifest" \
  --date=2000-01-01T00:00:00Z "@$work/entries")

cp "$work/notes.jar" "$output"
echo "built $output"
