#!/usr/bin/env bash
# A connector run of N values against the bulk import of the same values (issue 19's performance goal).
#
#   bench/connector/run.sh [rows] [rounds]        (default 100000 values, 3 rounds)
#
# Builds bench/Lodestar.Bench and runs its `connector` mode (ConnectorRunBench.cs): a csv-http connector (approve: true)
# reading an import-values file of <rows> values (10 elements x 100 communes x months) from a loopback HTTP server, against
# BulkValueImport.ImportCsvAsync of the same file (the CLI's import-values without the process start), each into a fresh
# migrated database with the same units and elements, taking turns (odd rounds the connector first). First on SQLite (a
# temporary file each), then, when PostgreSQL's binaries are here, on a throwaway cluster (bench/pg.sh).
# The figures go to bench/RESULTS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROWS=${1:-100000}
ROUNDS=${2:-3}
dotnet build bench/Lodestar.Bench -c Release -v q -nologo >/dev/null
BENCH=(dotnet bench/Lodestar.Bench/bin/Release/net10.0/Lodestar.Bench.dll connector "$ROWS" "$ROUNDS")
echo "commit $(git rev-parse --short HEAD), $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
"${BENCH[@]}"
if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  source bench/pg.sh
  pg_throwaway connector-bench 55498
  LODESTAR_BENCH_PG="$LODESTAR_PG" "${BENCH[@]}"
fi
