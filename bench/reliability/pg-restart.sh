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
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WORK=$(mktemp -d /tmp/lodestar-pgrestart.XXXX)
PORT=55497 APP=5392
chown postgres "$WORK" 2>/dev/null || true
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" stop -m immediate >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
trap cleanup EXIT
pg() { (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pglog" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" "$@" >/dev/null); }
(cd "$WORK" && runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null)
pg start -w
export LODESTAR_DB="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres" LODESTAR_DATA_DIR="$WORK/lodestar" \
  LODESTAR_ADMIN_PASSWORD=Restart2026x LODESTAR_TASKS_DAILY=false LODESTAR_DIGEST=false Logging__LogLevel__Default=Warning
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
export PG_RESTART="cd $WORK && runuser -u postgres -- $PG_BIN/pg_ctl -D $WORK/data -l $WORK/pglog -o '-p $PORT -k $WORK -c listen_addresses=127.0.0.1' restart -m MODE -w"
export SECONDS_=${1:-40}
python3 bench/reliability/pg-restart.py
