#!/usr/bin/env bash
# The national rollup engine against PostgreSQL (NationalBenchmarks), and every figure of the country from memory
# against the rollups alone (NationalFiguresBenchmarks), in one BenchmarkDotNet run.
#
#   bench/national/run.sh
#
# Starts a throwaway PostgreSQL cluster (as ./test.sh does), points LODESTAR_BENCH_POSTGRES at it, and runs the
# benchmark: its setup copies the same 5.8 M values into PostgreSQL so the GROUP BY baseline and the in-memory engine
# read identical data. The figures go to bench/RESULTS.md by hand, with the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/pg.sh
pg_throwaway national-bench 55498
export LODESTAR_BENCH_POSTGRES="$LODESTAR_PG;Command Timeout=300"
dotnet run -c Release --project bench/Lodestar.Bench -- --job short --filter '*NationalBenchmarks*' '*NationalFiguresBenchmarks*' "$@"
