#!/usr/bin/env bash
# The national rollup engine against PostgreSQL, in one BenchmarkDotNet run (NationalBenchmarks).
#
#   bench/national/run.sh
#
# Starts a throwaway PostgreSQL cluster (as ./test.sh does), points LODESTAR_BENCH_POSTGRES at it, and runs the
# benchmark: its setup copies the same 5.8 M values into PostgreSQL so the GROUP BY baseline and the in-memory engine
# read identical data. The figures go to bench/RESULTS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WORK=$(mktemp -d /tmp/lodestar-national-bench.XXXX)
PORT=55498
chown postgres "$WORK" 2>/dev/null || true
cleanup() { (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" stop -m immediate >/dev/null 2>&1) || true; rm -rf "$WORK"; }
trap cleanup EXIT
(cd "$WORK" && runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null)
# Default settings apart from the port: the baseline is PostgreSQL as a province would run it.
(cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null)
export LODESTAR_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres;Command Timeout=300"
dotnet run -c Release --project bench/Lodestar.Bench -- --job short --filter '*NationalBenchmarks*' "$@"
