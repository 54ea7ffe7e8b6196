#!/usr/bin/env bash
# Every kind of read at national scale (issue 22 goal 2): the synthetic country of `generate-national` on PostgreSQL,
# the Release build, wrk with 16 connections per path, as a national administrator and as one province's DX office.
#
#   bench/national/pages.sh [seconds per path, default 10] [filter: only reads whose line contains it]
#
# Without LODESTAR_DB it starts a throwaway PostgreSQL cluster (bench/pg.sh, default settings) and generates the
# dataset there (about 2 minutes); with LODESTAR_DB pointing at a database already generated, it reuses it. With
# LODESTAR_PUBLISHED pointing at a folder holding a published cli/ and web/ (another commit, to compare), those run
# instead of this checkout's. Prints one markdown row per read: the first request's time, requests per second, p50 and
# p99, non-2xx answers; then the process's resident memory. /healthz is the baseline of the same run. The figures go
# to bench/RESULTS.md by hand.
#
# Readers: the API with a bearer token; pages (HTML) with the cookie of a sign-in through the login form (antiforgery
# token and all, as a browser does); the public portal anonymously, its per-address rate limit off (the load of many
# visitors, not of one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SECS=${1:-10}
ONLY=${2:-}
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
export LODESTAR_PUBLIC_RATE_LIMIT=0
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; fi; }

BIN=${LODESTAR_PUBLISHED:-$APP}
if [ -z "${LODESTAR_PUBLISHED:-}" ]; then
  dotnet publish src/Lodestar.Cli -c Release -o "$APP/cli" -v q -nologo >/dev/null
  dotnet publish src/Lodestar.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP/web" -v q -nologo >/dev/null
fi
cli() { "$BIN/cli/Lodestar.Cli" "$@"; }
cli migrate >/dev/null
if [ -n "$GENERATE" ]; then
  cli import-units >/dev/null
  cli generate-national 2>/dev/null | tail -1
fi
PASSWORD=Bench-Pages-2026x
cli create-user --user bench.national --name "Bench national" --role admin --password "$PASSWORD" >/dev/null 2>&1 || true
cli create-user --user bench.province --name "Bench province" --role dx-office --scope 01 --password "$PASSWORD" >/dev/null 2>&1 || true

(cd "$BIN/web" && exec dotnet Lodestar.Web.dll --urls "$URL" >"$APP/log" 2>&1) & PID=$!
until curl -sf -o /dev/null "$URL/login"; do sleep 0.2; kill -0 "$PID" || { cat "$APP/log"; exit 1; }; done
until curl -sf "$URL/healthz" | grep -q Healthy; do sleep 0.5; done # the live model is built

token() { curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' -d "{\"userName\":\"$1\",\"password\":\"$PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
# The login form as a browser posts it (form name, antiforgery token and its cookie); prints the cookies after it.
cookie() {
  local jar=$APP/jar.$1 form
  form=$(curl -sf -c "$jar" -b "$jar" "$URL/login")
  local anti; anti=$(echo "$form" | grep -o 'name="__RequestVerificationToken"[^>]*' | head -1 | sed -E 's/.*value="([^"]+)".*/\1/')
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$URL/login" --data-urlencode "_handler=login" \
    --data-urlencode "__RequestVerificationToken=$anti" --data-urlencode "Input.UserName=$1" --data-urlencode "Input.Password=$PASSWORD")
  [ "$code" = 302 ] || { echo "sign-in of $1 through the form answered $code" >&2; exit 1; }
  awk -F'\t' 'NF == 7 { sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
}
NATIONAL=$(token bench.national)
PROVINCE=$(token bench.province)
NATIONAL_COOKIE=$(cookie bench.national)
PROVINCE_COOKIE=$(cookie bench.province)
YEAR=2025
# A commune of the province reader's scope (01) for a unit's pages.
UNIT=$(curl -sf -H "Authorization: Bearer $PROVINCE" "$URL/api/v1/org-units?level=commune&parent=01&pageSize=1" | grep -o '"code":"[^"]*"' | head -1 | cut -d'"' -f4)
PROGRAMME=SYN-CT
TARGET=SYN-CT.01
# reader (national, province: API with a token; national-page, province-page: HTML with the cookie; public: anonymous) and path.
# /account/password is the baseline of pages: the layout and the sign-in, no data.
READS=(
  "national /healthz"
  "national /api/v1/dashboard?orgUnit=01"
  "national /api/v1/analytics/rollup?element=SYN.001&period=$YEAR&orgUnit=01"
  "national /api/v1/dti/SYN-XA/$YEAR/ranking"
  "national /api/v1/dti/SYN-XA/$YEAR/scores?level=component"
  "national /api/v1/dti/SYN-XA/$YEAR/scores?level=component&pageSize=100"
  "national /api/v1/dti/SYN-XA/$YEAR/units/$UNIT/explain"
  "national /api/v1/dti/SYN-XA/$YEAR/units/$UNIT/self-assessment"
  "national /api/v1/scorecards?level=commune&year=$YEAR"
  "national /api/v1/scorecards?level=agency&year=$YEAR"
  "national /api/v1/tasks?pageSize=100"
  "national /api/v1/maps/values?layer=dti&unit=01"
  "national /api/v1/org-units?level=commune&pageSize=100"
  "national /api/v1/programmes"
  "national /api/v1/targets/$TARGET/progress?orgUnit=01&period=$YEAR"
  "national /api/v1/reports/completeness"
  "province /api/v1/dashboard?orgUnit=01"
  "province /api/v1/scorecards?level=commune&year=$YEAR"
  "province /api/v1/dti/SYN-XA/$YEAR/ranking"
  "province /api/v1/dti/SYN-XA/$YEAR/scores?level=component"
  "province /api/v1/tasks?pageSize=100"
  "province /api/v1/maps/values?layer=dti&unit=01"
  "province /api/v1/org-units?level=commune&pageSize=100"
  "province /api/v1/targets/$TARGET/progress?orgUnit=01&period=$YEAR"
  "national-page /account/password"
  "national-page /"
  "national-page /programmes"
  "national-page /programmes/$PROGRAMME"
  "national-page /targets/$TARGET"
  "national-page /reports/overview"
  "national-page /dti"
  "national-page /dti/SYN-XA/$YEAR/units/$UNIT"
  "national-page /scorecards"
  "national-page /tasks"
  "national-page /units"
  "national-page /maps"
  "province-page /"
  "province-page /programmes/$PROGRAMME"
  "province-page /targets/$TARGET"
  "province-page /reports/overview"
  "province-page /dti"
  "province-page /dti/SYN-XA/$YEAR/units/$UNIT"
  "province-page /scorecards"
  "province-page /tasks"
  "public /cong-khai"
  "public /cong-khai/dti"
  "public /cong-khai/dti/don-vi/$UNIT"
  "public /cong-khai/du-lieu"
  "public /cong-khai/tim-kiem?q=xa"
  "public /api/v1/public/programmes"
  "public /api/v1/public/rankings"
)
echo "| reader | read | first request | req/s | p50 | p99 | non-2xx |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for read in "${READS[@]}"; do
  [ -z "$ONLY" ] || [[ "$read" == *"$ONLY"* ]] || continue
  who=${read%% *}; path=${read#* }
  case $who in
    national) auth="Authorization: Bearer $NATIONAL" ;;
    province) auth="Authorization: Bearer $PROVINCE" ;;
    national-page) auth="Cookie: $NATIONAL_COOKIE" ;;
    province-page) auth="Cookie: $PROVINCE_COOKIE" ;;
    *) auth="X-Reader: anonymous" ;;
  esac
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$URL$path")
  out=$(wrk -t2 -c16 -d"${SECS}s" --latency -H "$auth" "$URL$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '| %s | `%s` | %.0f ms | %s | %s | %s | %s |\n' "$who" "$path" "$(echo "$first * 1000" | bc)" "$rps" "$p50" "$p99" "${bad:-0}"
done
echo "resident memory after the run: $(($(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024)) MB"
