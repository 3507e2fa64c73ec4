#!/usr/bin/env bash
# Stands up a short-lived copy of the stack in your AWS account, waits until its URL answers, and destroys it again.
# Whatever happens (a failed `up`, a URL that never answers, Ctrl-C), the stack is destroyed and removed on the way
# out, unless --keep is given.
#
#   scripts/test-stack.sh [--name test-<time>] [--region us-east-1] [--timeout 1200] [--keep] [-- extra pulumi config]
#
# Needs: pulumi (logged in to a backend), AWS credentials for the region, the AWS CLI v2, dotnet, curl.
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

name="test-$(date -u +%Y%m%d-%H%M%S)"
region="${AWS_REGION:-us-east-1}"
timeout_seconds=1200
keep=false
extra_config=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra_config=("$@"); break ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$name" in
  prod*) echo "refusing to use a stack named $name: names starting with prod get the prod profile (deletion protection)" >&2; exit 2 ;;
esac

for tool in pulumi aws dotnet curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"  # Pulumi.yaml (main: infra/)
stack_created=false

log() {
  printf '%s test-stack %s: %s\n' "$(date -u +%H:%M:%S)" "$name" "$*" >&2
}

stack() {
  pulumi --cwd "$project_dir" --non-interactive "$@" --stack "$name"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$stack_created" = true ]; then
    if [ "$keep" = true ]; then
      log "kept; destroy it with: pulumi --cwd $project_dir destroy --yes --stack $name && pulumi --cwd $project_dir stack rm --yes --stack $name"
    else
      log "destroying"
      if stack destroy --yes --skip-preview; then
        stack stack rm --yes || log "could not remove the stack; run: pulumi --cwd $project_dir stack rm --yes --stack $name"
      else
        log "destroy FAILED: resources may be left; retry with: pulumi --cwd $project_dir destroy --yes --stack $name"
        status=1
      fi
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "creating the stack in $region"
pulumi --cwd "$project_dir" --non-interactive stack init "$name"
stack_created=true
stack config set aws:region "$region"
stack config set profile dev
if [ "${#extra_config[@]}" -gt 0 ]; then
  # Extra settings as key=value pairs, e.g. -- appProcesses=3 natStrategy=none
  for pair in "${extra_config[@]}"; do
    stack config set "${pair%%=*}" "${pair#*=}"
  done
fi

# A stack runs the image it is pinned to: the region's latest Amazon Linux 2023, looked up now.
log "pinning the region's latest Amazon Linux 2023 image"
dotnet run --project "$project_dir/local" -- ami update "$name" --dir "$project_dir" >&2

log "pulumi up"
stack up --yes --skip-preview

url="$(stack stack output Url)"
health_path="$(stack config get healthCheckPath 2>/dev/null || echo /healthz)"
log "waiting for $url (and $health_path) to answer"
deadline=$((SECONDS + timeout_seconds))
until curl --fail --silent --show-error --max-time 10 --output /dev/null "$url$health_path" \
  && curl --fail --silent --show-error --max-time 10 --output /dev/null "$url/"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "no answer from $url within $timeout_seconds s"
    exit 1
  fi
  sleep 15
done

log "answered: $(curl --fail --silent --show-error --max-time 10 "$url/" | head -c 300)"
log "passed"
