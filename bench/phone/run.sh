#!/usr/bin/env bash
# The report page on a phone over an emulated slow 3G line (issue 18 item 8): Lodestar on a fresh embedded database
# with the demo, the throttling proxy (slow3g.py: 400 ms round trip, 400 kbit/s), headless Chromium at 390 × 844 as
# the DX office's demo account on one of its communes' reports. Prints a table for bench/RESULTS.md.
#
#   bench/phone/run.sh [report path, default /reports/CDS-XA-QUY/06001/2026Q1]
#   (LODESTAR_BENCH_VERBOSE=1 lists each request the proxy carried on stderr)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPORT=${1:-/reports/CDS-XA-QUY/06001/2026Q1}
CHROMIUM=${LODESTAR_TEST_CHROMIUM:-/usr/bin/chromium}
WORK=$(mktemp -d /tmp/lodestar-phone.XXXX)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$WORK"' EXIT
dotnet publish src/Lodestar.Web -c Release -o "$WORK/app" -v q -nologo >/dev/null
dotnet build bench/phone -c Release -v q -nologo -o "$WORK/bench" >/dev/null
export LODESTAR_DATA_DIR=$WORK/data LODESTAR_ADMIN_PASSWORD=Phonebench2026x LODESTAR_DEMO=true Logging__LogLevel__Default=Warning
(cd "$WORK/app" && exec dotnet Lodestar.Web.dll --urls http://127.0.0.1:5496 >"$WORK/app.log" 2>&1) & PIDS="$PIDS $!"
python3 bench/phone/slow3g.py 5495 ${LODESTAR_BENCH_VERBOSE:+-v} & PIDS="$PIDS $!"
until curl -sf -o /dev/null http://127.0.0.1:5496/login; do sleep 0.2; done
PASSWORD=$(sed -n 's/^password of each: //p' "$WORK/app.log" | head -1)
dotnet "$WORK/bench/Lodestar.PhoneBench.dll" http://127.0.0.1:5496 http://127.0.0.1:5495 demo.cds "$PASSWORD" "$REPORT" "$CHROMIUM"
