#!/usr/bin/env bash
# Every kind of read at national scale (issue 22 goal 2): the synthetic country of `generate-national` on PostgreSQL,
# the Release build, wrk with 16 connections per path, as a national administrator and as one province's DX office.
#
#   bench/national/pages.sh [seconds per path, default 10]
#
# Without LODESTAR_DB it starts a throwaway PostgreSQL cluster (bench/pg.sh, default settings) and generates the
# dataset there (about 2 minutes); with LODESTAR_DB pointing at a database already generated, it reuses it. Prints one
# markdown row per path: the first request's time, requests per second, p50 and p99, non-2xx answers; then the
# process's resident memory. /healthz is the baseline of the same run. The figures go to bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SECS=${1:-10}
PORT=5392
URL=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
APP=$(mktemp -d /tmp/lodestar-pages.XXXX)
ON_EXIT="stop; rm -rf $APP"
GENERATE=
if [ -z "${LODESTAR_DB:-}" ]; then
  GENERATE=1
  source bench/pg.sh
  pg_throwaway national-pages 55497
  export LODESTAR_DB="$LODESTAR_PG;Command Timeout=600"
else
  trap 'eval "$ON_EXIT"' EXIT
fi
export LODESTAR_DATA_DIR=$APP/data LODESTAR_TASKS_DAILY=false LODESTAR_DIGEST=false LODESTAR_NOTICE_MAIL=false Logging__LogLevel__Default=Warning
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; fi; }

dotnet publish src/Lodestar.Cli -c Release -o "$APP/cli" -v q -nologo >/dev/null
dotnet publish src/Lodestar.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP/web" -v q -nologo >/dev/null
cli() { "$APP/cli/Lodestar.Cli" "$@"; }
cli migrate >/dev/null
if [ -n "$GENERATE" ]; then
  cli import-units >/dev/null
  cli generate-national 2>/dev/null | tail -1
fi
PASSWORD=Bench-Pages-2026x
cli create-user --user bench.national --name "Bench national" --role admin --password "$PASSWORD" >/dev/null 2>&1 || true
cli create-user --user bench.province --name "Bench province" --role dx-office --scope 01 --password "$PASSWORD" >/dev/null 2>&1 || true

(cd "$APP/web" && exec dotnet Lodestar.Web.dll --urls "$URL" >"$APP/log" 2>&1) & PID=$!
until curl -sf -o /dev/null "$URL/login"; do sleep 0.2; kill -0 "$PID" || { cat "$APP/log"; exit 1; }; done
until curl -sf "$URL/healthz" | grep -q Healthy; do sleep 0.5; done # the live model is built

token() { curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' -d "{\"userName\":\"$1\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
NATIONAL=$(token bench.national)
PROVINCE=$(token bench.province)
YEAR=2025
READS=(
  "national /healthz"
  "national /api/v1/dashboard?orgUnit=01"
  "national /api/v1/analytics/rollup?element=SYN.001&period=$YEAR&orgUnit=01"
  "national /api/v1/dti/SYN-XA/$YEAR/ranking"
  "national /api/v1/dti/SYN-XA/$YEAR/scores?level=component"
  "national /api/v1/scorecards?level=commune&year=$YEAR"
  "national /api/v1/scorecards?level=agency&year=$YEAR"
  "national /api/v1/tasks?pageSize=100"
  "national /api/v1/maps/values?layer=dti&unit=01"
  "national /api/v1/org-units?level=commune&pageSize=100"
  "province /api/v1/dashboard?orgUnit=01"
  "province /api/v1/scorecards?level=commune&year=$YEAR"
  "province /api/v1/dti/SYN-XA/$YEAR/ranking"
  "province /api/v1/tasks?pageSize=100"
)
echo "| reader | read | first request | req/s | p50 | p99 | non-2xx |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for read in "${READS[@]}"; do
  who=${read%% *}; path=${read#* }
  tok=$NATIONAL; [ "$who" = province ] && tok=$PROVINCE
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $tok" "$URL$path")
  out=$(wrk -t2 -c16 -d"${SECS}s" --latency -H "Authorization: Bearer $tok" "$URL$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '| %s | `%s` | %.0f ms | %s | %s | %s | %s |\n' "$who" "$path" "$(echo "$first * 1000" | bc)" "$rps" "$p50" "$p99" "${bad:-0}"
done
echo "resident memory after the run: $(($(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024)) MB"
