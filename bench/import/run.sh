#!/usr/bin/env bash
# Bulk import of data values into PostgreSQL: `lodestar import-values` against `psql \copy` of the same file.
#
#   bench/import/run.sh [rows]        (default 1000000)
#
# Starts a throwaway PostgreSQL cluster (as ./test.sh does), migrates it, loads the official units, adds 120 data
# elements, writes a CSV of <rows> values (elements x communes of 2025 x quarters from 2025Q3, when they exist), then times:
#   1. psql \copy of the file into a plain table with the same columns (the floor: no checks, no index, no history);
#   2. the Release CLI's import-values into the value store (every row checked, unique index, change history);
#   3. the same import again (every row unchanged: checks and the merge, no writes).
# The figures go to bench/RESULTS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROWS=${1:-1000000}
source bench/pg.sh
pg_throwaway import-bench 55499
export LODESTAR_DB="$LODESTAR_PG" LODESTAR_DATA_DIR="$WORK/lodestar"
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1)

dotnet build src/Lodestar.Cli -c Release -v q -nologo >/dev/null
CLI=(dotnet src/Lodestar.Cli/bin/Release/net10.0/Lodestar.Cli.dll)
"${CLI[@]}" migrate >/dev/null
"${CLI[@]}" import-units >/dev/null
"${PSQL[@]}" -c "INSERT INTO \"DataElements\" (\"Code\",\"Name\",\"Unit\",\"TimeAggregation\",\"CreatedAt\",\"CreatedBy\",\"UpdatedAt\",\"UpdatedBy\")
  SELECT 'BENCH_' || g, 'Chỉ số thử ' || g, 'đv', 'Last', now(), 'bench', now(), 'bench' FROM generate_series(1,120) g"

CSV="$WORK/values.csv"
python3 - "$ROWS" "$CSV" data/official/communes_2025.csv <<'PY'
import csv, sys, random
rows, out, communes = int(sys.argv[1]), sys.argv[2], sys.argv[3]
codes = [r['code'] for r in csv.DictReader(open(communes, encoding='utf-8'))]
periods = ["2025Q3", "2025Q4"] + [f"2026Q{q}" for q in range(1, 5)]  # the 2025 communes exist from 01/07/2025
random.seed(42)
with open(out, 'w', encoding='utf-8', newline='') as f:
    f.write('dataElement,orgUnit,period,value\n')
    n = 0
    for p in periods:
        for e in range(1, 121):
            for c in codes:
                if n == rows: break
                f.write(f"BENCH_{e},{c},{p},{random.randint(0, 100000) / 10}\n"); n += 1
PY
echo "file: $(wc -l < "$CSV") lines, $(du -h "$CSV" | cut -f1)"
"${PSQL[@]}" -c "CREATE TABLE copy_floor (\"dataElement\" text, \"orgUnit\" text, period text, value double precision)"
start=$(date +%s.%N); "${PSQL[@]}" -c "\\copy copy_floor FROM '$CSV' CSV HEADER"; end=$(date +%s.%N)
echo "psql \\copy: $(echo "$end - $start" | bc) s"
start=$(date +%s.%N); "${CLI[@]}" import-values --file "$CSV"; end=$(date +%s.%N)
echo "import-values (first run): $(echo "$end - $start" | bc) s wall, including start-up and reading the units"
start=$(date +%s.%N); "${CLI[@]}" import-values --file "$CSV"; end=$(date +%s.%N)
echo "import-values (same file again): $(echo "$end - $start" | bc) s wall"
