#!/usr/bin/env bash
# First start (issue 22 goal 3): the time from launching Lodestar on an empty data directory to the first 200 of /login,
# with the demo (the default) and with the official organisation alone (LODESTAR_DEMO=false), each RUNS times, and the
# seconds of each first-start step as the log gives them. With a git revision as second argument the same is measured
# for that revision, built the same way, the two taking turns (the baseline of the same run).
#
#   bench/start/run.sh [runs, default 3] [baseline revision, e.g. 3bbb9b7]
# The figures go to bench/RESULTS.md by hand, with the machine and its load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-3}
BASE=${2:-}
PORT=5393
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/lodestar-start.XXXX)
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap 'stop; [ -z "$BASE" ] || git worktree remove --force "$WORK/base-src" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Published as a server runs it: Release, ReadyToRun.
publish() { dotnet publish "$1/src/Lodestar.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -v q -nologo >/dev/null; }
publish . "$WORK/this"
if [ -n "$BASE" ]; then
  git worktree add --detach "$WORK/base-src" "$BASE" >/dev/null 2>&1
  publish "$WORK/base-src" "$WORK/base"
fi

# One first start of the build in $1 with LODESTAR_DEMO=$2: prints the seconds to the first page, then the step lines.
first_start() {
  local app=$1 demo=$2 data t0
  data=$(mktemp -d "$WORK/data.XXXX")
  t0=$(date +%s.%N)
  (cd "$app" && LODESTAR_DATA_DIR=$data LODESTAR_DEMO=$demo LODESTAR_ADMIN_PASSWORD=Starttest2026x LODESTAR_TASKS_DAILY=false \
      LODESTAR_DIGEST=false LODESTAR_NOTICE_MAIL=false exec dotnet Lodestar.Web.dll --urls "$URL" >"$data.log" 2>&1) & PID=$!
  until curl -sf -o /dev/null "$URL/login"; do sleep 0.05; kill -0 "$PID" || { cat "$data.log"; exit 1; }; done
  printf '%s demo=%s first page after %.1f s\n' "$(basename "$app")" "$demo" "$(echo "$(date +%s.%N) - $t0" | bc)"
  stop
  grep -oE '(Loaded|Added|Published) [^:]*(: [0-9]+ units)?.* in [0-9.,]+ s' "$data.log" | sed -E 's/^/    /' || true
  rm -rf "$data" "$data.log"
}

! curl -sf -o /dev/null "$URL/login" || { echo "something already answers on $URL" >&2; exit 2; }
for run in $(seq "$RUNS"); do
  echo "== run $run of $RUNS (load average $(cut -d' ' -f1 /proc/loadavg))"
  for demo in true false; do
    first_start "$WORK/this" "$demo"
    [ -z "$BASE" ] || first_start "$WORK/base" "$demo"
  done
done
