#!/usr/bin/env bash
# Two Lodestar instances on one database (a throwaway PostgreSQL, or with "sqlite" one SQLite file), as behind a load
# balancer. Measures, for N values written through instance A, the time until instance B's live rollup shows each one
# (the goal: ≤ 1 s), and on PostgreSQL what one look at the change feed costs when nothing changed and when one batch
# did, against the look-back query the feed replaced (UpdatedAt > newest − 10 s on an index of its own, ADR 0016).
#
#   bench/feed/run.sh [postgres|sqlite, default postgres] [N, default 200]
# The figures go to bench/RESULTS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
DB=${1:-postgres}
N=${2:-200}
source bench/pg.sh
if [ "$DB" = postgres ]; then
  pg_throwaway feed 5497
  export LODESTAR_DB="$LODESTAR_PG"
else
  WORK=$(mktemp -d /tmp/lodestar-feed.XXXX)
  trap 'eval "${ON_EXIT:-}"; rm -rf "$WORK"' EXIT
fi
export LODESTAR_DATA_DIR=$WORK/data-dir LODESTAR_ADMIN_PASSWORD=Feedbench2026x LODESTAR_TASKS_DAILY=false LODESTAR_DIGEST=false Logging__LogLevel__Default=Warning
mkdir -p "$LODESTAR_DATA_DIR"
dotnet publish src/Lodestar.Web -c Release -o "$WORK/app" -v q -nologo >/dev/null
if [ "$DB" = postgres ]; then
  dotnet build src/Lodestar.Cli -c Release -v q -nologo >/dev/null
  dotnet src/Lodestar.Cli/bin/Release/net10.0/Lodestar.Cli.dll migrate >/dev/null # on PostgreSQL the operator migrates
fi
PIDS=""
ON_EXIT='for p in $PIDS; do kill $p 2>/dev/null; done'
start() { # port: starts an instance and waits for it
  (cd "$WORK/app" && exec dotnet Lodestar.Web.dll --urls "http://127.0.0.1:$1" >"$WORK/log.$1" 2>&1) & PIDS="$PIDS $!"
  until curl -sf -o /dev/null "http://127.0.0.1:$1/login"; do sleep 0.1; done
}
start 5498 # A creates and seeds the database (the demo)
start 5499 # B
python3 - "$N" <<'PY'
import json, random, statistics, sys, time, http.client
n = int(sys.argv[1])
def client(port):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/auth/token", json.dumps({"userName": "admin", "password": "Feedbench2026x"}), {"Content-Type": "application/json"})
    token = json.loads(c.getresponse().read())["token"]
    return c, {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
a, ha = client(5498)
b, hb = client(5499)
a.request("GET", "/api/v1/data-values?orgUnit=20&children=true&pageSize=200", headers=ha)
v = [i for i in json.loads(a.getresponse().read())["items"] if len(i["orgUnit"]) == 5 and i["approved"]][0]
element, period, unit = v["dataElement"], v["period"], v["orgUnit"]
def seen_by_b():
    b.request("GET", f"/api/v1/analytics/rollup?element={element}&period={period}&orgUnit=20", headers=hb)
    r = json.loads(b.getresponse().read())
    return next((c["value"] for c in r["children"] if c["code"] == unit), None)
seen_by_b()
delays = []
for i in range(n):
    value = 1000 + i
    a.request("POST", "/api/v1/data-values", json.dumps({"dataValues": [{"dataElement": element, "orgUnit": unit, "period": period, "value": value}]}), ha)
    assert a.getresponse().read() is not None
    t0 = time.perf_counter()
    while seen_by_b() != value:
        if time.perf_counter() - t0 > 10: sys.exit(f"value {value} not seen through B after 10 s")
    delays.append((time.perf_counter() - t0) * 1000)
    time.sleep(random.uniform(0, 0.2))
delays.sort()
print(f"{n} values written through A ({element} {unit} {period}): visible through B after "
      f"median {statistics.median(delays):.0f} ms, p95 {delays[int(0.95 * n) - 1]:.0f} ms, max {delays[-1]:.0f} ms")
PY
if [ "$DB" = postgres ]; then
  PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAt)
  VALUES=$("${PSQL[@]}" -c 'SELECT count(*) FROM "DataValues"')
  SEQ=$("${PSQL[@]}" -c 'SELECT max("Seq") FROM "ChangeBatches"')
  echo "database: $VALUES values, feed at position $SEQ"
  timing() { # label, sql: median of 50 runs of EXPLAIN ANALYZE's execution time
    local t; t=$(for _ in $(seq 50); do "${PSQL[@]}" -c "EXPLAIN (ANALYZE, FORMAT JSON) $2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])'; done | sort -n | sed -n 25p)
    echo "$1: $t ms"
  }
  timing "feed look, nothing new" "SELECT \"Id\", \"Seq\" FROM \"ChangeBatches\" WHERE \"Seq\" > $SEQ ORDER BY \"Seq\""
  ID=$("${PSQL[@]}" -c "SELECT \"Id\" FROM \"ChangeBatches\" WHERE \"Seq\" = $SEQ")
  timing "feed look, one batch: its rows" "SELECT \"DataElementId\", \"OrgUnitId\", \"Period\", \"Value\", \"Approved\" FROM \"DataValues\" WHERE \"BatchId\" = ANY(ARRAY[$ID]::bigint[])"
  "${PSQL[@]}" -c 'CREATE INDEX bench_updated_at ON "DataValues" ("UpdatedAt")'
  NEWEST=$("${PSQL[@]}" -c 'SELECT max("UpdatedAt") FROM "DataValues"')
  timing "the look-back it replaced (UpdatedAt > newest − 10 s)" "SELECT \"DataElementId\", \"OrgUnitId\", \"Period\", \"Value\", \"Approved\", \"UpdatedAt\" FROM \"DataValues\" WHERE \"UpdatedAt\" > '$NEWEST'::timestamptz - interval '10 seconds'"
  "${PSQL[@]}" -c 'DROP INDEX bench_updated_at'
fi
