#!/usr/bin/env bash
# HTTP load on Lodestar with wrk (apt install wrk), on the embedded database with the demo data:
#   1. start to first page: a seeded database, the time from launching the process to the first 200 of /login;
#   2. /healthz (the baseline, measured in the same run), the dashboard JSON and the live rollup: 64 connections;
#   3. resident memory after that;
#   4. 60 s of mixed load (reads and value entry, bench/load/mixed.lua) that must end with zero errors.
#
#   bench/load/run.sh [--postgres] [seconds per read test, default 20] [seconds of mixed load, default 60]
# --postgres: the same on a throwaway PostgreSQL cluster at default settings (bench/pg.sh) instead of the embedded
# database; the first start seeds the demo there.
# The figures go to bench/RESULTS.md by hand, with the machine. Exit code 1 when the mixed load saw any error.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
POSTGRES=
if [ "${1:-}" = "--postgres" ]; then POSTGRES=1; shift; fi
SECS=${1:-20}
MIXED=${2:-60}
URL=http://127.0.0.1:5391
DIR=$(mktemp -d /tmp/lodestar-load.XXXX)
export LODESTAR_DATA_DIR=$DIR LODESTAR_ADMIN_PASSWORD=Loadtest2026x LODESTAR_TASKS_DAILY=false LODESTAR_DIGEST=false LODESTAR_NOTICE_MAIL=false Logging__LogLevel__Default=Warning
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
# Published as a server would run it: Release, ahead-of-time compiled (ReadyToRun) so start-up does not wait for the JIT.
dotnet publish src/Lodestar.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$DIR/app" -v q -nologo >/dev/null
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; fi; }
if [ -n "$POSTGRES" ]; then
  source bench/pg.sh
  pg_throwaway load 55499
  export LODESTAR_DB="$LODESTAR_PG"
  ON_EXIT="stop; rm -rf $DIR"
  dotnet publish src/Lodestar.Cli -c Release -o "$DIR/cli" -v q -nologo >/dev/null
  "$DIR/cli/Lodestar.Cli" migrate >/dev/null
else
  trap 'stop; rm -rf "$DIR"' EXIT
fi
# Not in a subshell: PID must stay known to stop().
start() {
  local t0; t0=$(date +%s.%N)
  (cd "$DIR/app" && exec dotnet Lodestar.Web.dll --urls "$URL" >"$DIR/log" 2>&1) & PID=$!
  until curl -sf -o /dev/null "$URL/login"; do sleep 0.05; kill -0 "$PID" || { cat "$DIR/log"; exit 1; }; done
  STARTED=$(echo "$(date +%s.%N) - $t0" | bc)
}
! curl -sf -o /dev/null "$URL/login" || { echo "something already answers on $URL" >&2; exit 2; }
start; echo "first start (creates and seeds the database): $STARTED s"; stop; PID=
start; echo "start to first page (seeded database): $STARTED s"

TOKEN=$(curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$LODESTAR_ADMIN_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
# A commune value of the demo for the rollup and the writes.
read -r ELEMENT PERIOD UNIT < <(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/data-values?orgUnit=20&children=true&pageSize=200" \
  | python3 -c 'import json,sys; v=[i for i in json.load(sys.stdin)["items"] if len(i["orgUnit"])==5][0]; print(v["dataElement"], v["period"], v["orgUnit"])')
# The readers of the mixed load: a viewer of the province (bench/load/mixed.lua).
curl -sf -o /dev/null -X POST "$URL/api/v1/accounts" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"userName":"doc.bang","fullName":"Người đọc bảng","email":null,"role":"viewer","scope":"20","password":"Doc-Bang-Tai-Thu-2026"}'
READER=$(curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' -d '{"userName":"doc.bang","password":"Doc-Bang-Tai-Thu-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
# The writes of the mixed load go round the province's communes.
UNITS=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/org-units?parent=20&level=commune&pageSize=200" \
  | python3 -c 'import json,sys; print(",".join(u["code"] for u in json.load(sys.stdin)["items"]))')
export TOKEN READER ELEMENT PERIOD UNIT UNITS
echo "rollup of $ELEMENT for $PERIOD (writes round the province's $(echo "$UNITS" | tr ',' '\n' | wc -l) communes)"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/analytics/rollup?element=$ELEMENT&period=$PERIOD&orgUnit=20" >/dev/null
for path in /healthz /api/v1/dashboard "/api/v1/analytics/rollup?element=$ELEMENT&period=$PERIOD&orgUnit=20"; do
  echo "== $path"
  wrk -t2 -c64 -d5s "$URL$path" -H "Authorization: Bearer $TOKEN" >/dev/null # warm-up: JIT, thread pool, caches
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$URL$path" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
done
if [ -d "${PLAYWRIGHT_DIR:-/nonexistent}/node_modules/playwright-core" ] || (mkdir -p "$DIR/pw" && cd "$DIR/pw" && npm i -s playwright-core@1.56 >/dev/null 2>&1); then
  NODE_PATH="${PLAYWRIGHT_DIR:-$DIR/pw}/node_modules" BASE=$URL PASS=$LODESTAR_ADMIN_PASSWORD node bench/load/page-weight.cjs || true
fi
echo "resident memory after the read load: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$PID/status)"
echo "== mixed load, ${MIXED}s"
OUT=$(wrk -t2 -c32 -d"${MIXED}s" --latency -s bench/load/mixed.lua "$URL")
echo "$OUT" | grep -E "Requests/sec|^mixed:"
echo "resident memory after the mixed load: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$PID/status)"
echo "$OUT" | grep -q "^mixed: .* 0 errors" || { echo "FAILED: the mixed load saw errors" >&2; exit 1; }
