#!/usr/bin/env bash
# PostgreSQL restarted under load: Lodestar must reconnect, and no write it accepted may be lost.
#
#   bench/reliability/pg-restart.sh [seconds, default 40]
#
# Starts a throwaway PostgreSQL cluster and Lodestar on it (demo data), then runs pg-restart.py: six writers (each
# write a value for its own key) and two dashboard readers, while PostgreSQL is restarted cleanly at 10 s and killed
# (pg_ctl stop -m immediate, then started) at 25 s. Requests that fail while the database is down are expected and
# counted; afterwards every accepted write must be in the database with its value. Exit code 1 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
APP=5392
PID=
ON_EXIT='if [ -n "$PID" ]; then kill "$PID"; fi'
source bench/pg.sh
pg_throwaway pgrestart 55497
export LODESTAR_DB="$LODESTAR_PG" LODESTAR_DATA_DIR="$WORK/lodestar" \
  LODESTAR_ADMIN_PASSWORD=Restart2026x LODESTAR_TASKS_DAILY=false LODESTAR_DIGEST=false LODESTAR_NOTICE_MAIL=false Logging__LogLevel__Default=Warning
dotnet publish src/Lodestar.Web -c Release -o "$WORK/app" -v q -nologo >/dev/null
dotnet build src/Lodestar.Cli -c Release -v q -nologo >/dev/null
dotnet src/Lodestar.Cli/bin/Release/net10.0/Lodestar.Cli.dll migrate >/dev/null 2>&1 # on PostgreSQL the CLI migrates, never the web app
(cd "$WORK/app" && exec dotnet Lodestar.Web.dll --urls "http://127.0.0.1:$APP" >"$WORK/log" 2>&1) & PID=$!
export URL=http://127.0.0.1:$APP
until curl -sf -o /dev/null "$URL/login"; do sleep 0.2; kill -0 "$PID" || { cat "$WORK/log"; exit 1; }; done
export TOKEN=$(curl -sf -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' -d '{"userName":"admin","password":"Restart2026x"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
export PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -d postgres -q"
export ELEMENTS=$($PSQL -At -c 'SELECT string_agg("Code", $$,$$) FROM "DataElements" WHERE "MaxValue" IS NULL OR "MaxValue" >= 100000')
export UNITS=$($PSQL -At -c 'SELECT string_agg(u."Code", $$,$$) FROM "OrgUnits" u JOIN "OrgUnitParents" l ON l."ChildId" = u."Id" JOIN "OrgUnits" p ON p."Id" = l."ParentId" WHERE p."Code" = $$20$$ AND p."Level" = $$Province$$ AND u."Level" = $$Commune$$ AND u."ValidTo" IS NULL')
export PG_RESTART="WORK=$WORK PG_BIN=$PG_BIN PORT=$PORT bash -c 'source bench/pg.sh && pg restart -m MODE -w'"
export SECONDS_=${1:-40}
python3 bench/reliability/pg-restart.py
