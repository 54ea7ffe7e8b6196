#!/usr/bin/env bash
# The project's one test command (CI runs it via .ci/run on a clean clone).
#
#   1. starts a throwaway PostgreSQL cluster (tests talk to it via LODESTAR_TEST_POSTGRES); a streaming standby of it
#      (LODESTAR_TEST_POSTGRES_REPLICA) starts before the runs that need it
#   2. makes sure Chromium + fonts are present (browser tests use the system Chromium;
#      `playwright install` cannot download browsers here, so it is never run)
#   3. builds the solution once, then runs every test project against that build
#   4. reads the TRX files and prints one summary line per run, ending with
#      "N passed, M failed" as the very last line of output.
#
# Exit code: 0 only if every run exited 0, produced a non-empty TRX, had no failures
# and no skipped tests (a skipped test hides a check we believe is running).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
RESULTS_DIR="$ROOT/artifacts/test-results"

# Quieter, deterministic dotnet: no banners/telemetry, no MSBuild nodes left running
# after we exit (they would linger on a shared 2-core box and can hold CI pipes open).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1
export DEBIAN_FRONTEND=noninteractive

log() { printf '[%3ds] %s\n' "$SECONDS" "$*"; }
die() { log "ERROR: $*"; printf '0 passed, 0 failed\n'; exit 1; }

# Run as root via sudo when we are not root (dev machines); CI runs as root.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# apt-get install that only pays for `apt-get update` when the plain install fails
# (stale or empty package lists on a fresh machine). Lock timeout: another apt may run.
apt_install() {
    local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
    as_root "${apt[@]}" install "$@" </dev/null >/dev/null && return 0
    log "apt-get install $* failed; running apt-get update and retrying"
    as_root apt-get -o DPkg::Lock::Timeout=300 -q update </dev/null >/dev/null
    as_root "${apt[@]}" install "$@" </dev/null >/dev/null
}

# ---------------------------------------------------------------- PostgreSQL --

PG_BIN=""
PG_TMP=""
PG_PORT=""

# Highest-versioned /usr/lib/postgresql/*/bin that has initdb and pg_ctl.
find_pg_bin() {
    local d best=""
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
    done
    PG_BIN=$best
}

# PostgreSQL refuses to run as root, so run its tools as the postgres user when root.
# cd into the cluster dir first: postgres cannot read root's cwd and would warn.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$PG_TMP" && runuser -u postgres -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

# A TCP port nobody listens on. python3 asks the kernel; without it (CI may lack it)
# probe random high ports with ss, or with bash's /dev/tcp if ss is missing too.
free_port() {
    if command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null; then
        return 0
    fi
    local p i
    for i in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if command -v ss >/dev/null 2>&1; then
            [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
        elif ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"; return 0
        fi
    done
    return 1
}

stop_postgres() {
    # Silent on purpose: this runs from the EXIT trap, after the final summary line.
    if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
        if [ -f "$PG_TMP/standby/postmaster.pid" ]; then
            as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/standby" -m immediate stop >/dev/null 2>&1 || true
        fi
        if [ -f "$PG_TMP/data/postmaster.pid" ]; then
            as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_TMP"
    fi
}

start_postgres() {
    find_pg_bin
    if [ -z "$PG_BIN" ]; then
        log "installing PostgreSQL (apt)"
        apt_install postgresql || die "could not install postgresql"
        find_pg_bin
        [ -n "$PG_BIN" ] || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
    fi

    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        # Binaries present without the Debian package's user (unusual image): make one.
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi

    PG_TMP=$(mktemp -d)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_TMP"

    log "starting PostgreSQL ($PG_BIN)"
    # C.UTF-8 gives UTF-8 collation-free sorting; plain C is the fallback where the
    # C.UTF-8 locale is not available (older glibc / minimal images).
    if ! as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1; then
        rm -rf "$PG_TMP/data"
        as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 \
            --locale=C >"$PG_TMP/initdb.log" 2>&1 ||
            { cat "$PG_TMP/initdb.log"; die "initdb failed"; }
    fi

    # Durability is pointless for a throwaway cluster: fsync etc. off for speed.
    start_on_free_port PostgreSQL "$PG_TMP/data" "$PG_TMP/postgres.log" "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    PG_PORT=$STARTED_PORT
    export LODESTAR_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

# start_on_free_port NAME DATA_DIR LOG OPTIONS: starts a cluster of $PG_TMP on a free port (fsync off), sets STARTED_PORT.
# Retries with a new port in case another process grabbed ours in between.
start_on_free_port() {
    local name=$1 data=$2 logfile=$3 options=$4 attempt
    for attempt in 1 2 3; do
        STARTED_PORT=$(free_port) || die "no free TCP port found"
        if as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -w -t 60 \
            -o "-p $STARTED_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off $options" start >/dev/null 2>&1; then
            log "$name listening on 127.0.0.1:$STARTED_PORT"
            return 0
        fi
        log "$name failed to start on port $STARTED_PORT (attempt $attempt)"
    done
    tail -n 30 "$logfile" 2>/dev/null || true
    die "could not start $name"
}

# A streaming standby of that cluster (tests of reads sent to read replicas, ADR 0027: LODESTAR_TEST_POSTGRES_REPLICA).
# pg_basebackup -R copies the fresh cluster (a second or less) and writes the standby's connection to the primary; its
# replication slot (-C -S) keeps on the primary the WAL the standby has not received yet (without it the suite's writes
# can recycle a segment a slow standby still needs, and it stops replicating for good). max_connections must be at least
# the primary's or a standby refuses to start.
start_standby() {
    log "starting a streaming standby (pg_basebackup)"
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$PG_TMP/standby" -R -X stream -c fast \
        -C -S lodestar_test_standby \
        >"$PG_TMP/basebackup.log" 2>&1 || { cat "$PG_TMP/basebackup.log"; die "pg_basebackup failed"; }
    start_on_free_port "the standby" "$PG_TMP/standby" "$PG_TMP/standby.log" "-c max_connections=200"
    export LODESTAR_TEST_POSTGRES_REPLICA="Host=127.0.0.1;Port=$STARTED_PORT;Username=postgres;Database=postgres"
}

# ------------------------------------------------------------------ Chromium --

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        log "installing Chromium (apt)"
        apt_install chromium fonts-liberation2 || die "could not install chromium"
    elif command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-liberation2 >/dev/null 2>&1; then
        # Without a metric-compatible font set, text rendering (and screenshots) differ.
        log "installing fonts-liberation2 (apt)"
        apt_install fonts-liberation2 || die "could not install fonts-liberation2"
    fi
    export LODESTAR_TEST_CHROMIUM=/usr/bin/chromium
}

# ------------------------------------------------------------------- Poppler --

# The PDF tests render pages with pdftoppm, read them with pdftotext/pdffonts (Debian: poppler-utils) and check
# their structure with qpdf; without them those tests fail rather than skip.
ensure_poppler() {
    if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
        log "installing poppler-utils and qpdf (apt)"
        apt_install poppler-utils qpdf || die "could not install poppler-utils and qpdf"
    fi
}

# ------------------------------------------------------------------- Signing --

# The signing tests make their certificates with openssl, use SoftHSM2 as a real PKCS#11 token (softhsm2-util, with
# opensc's pkcs11-tool to put the certificate on it) and check signatures with poppler's pdfsig; they fail rather than skip.
ensure_signing() {
    if ! command -v openssl >/dev/null 2>&1 || ! command -v softhsm2-util >/dev/null 2>&1 || ! command -v pkcs11-tool >/dev/null 2>&1; then
        log "installing openssl, softhsm2 and opensc (apt)"
        apt_install openssl softhsm2 opensc || die "could not install openssl, softhsm2 and opensc"
    fi
}

# --------------------------------------------------------------------- nginx --

# The reverse-proxy test puts the built app behind a real nginx (Debian: nginx); without it that test fails rather than skips.
ensure_nginx() {
    if [ ! -x /usr/sbin/nginx ]; then
        log "installing nginx (apt)"
        apt_install nginx || die "could not install nginx"
    fi
}

# --------------------------------------------------------------------- Tests --

RUN_NAMES=()      # run name, also the TRX file name
declare -A RUN_RC # run name -> dotnet test exit code
declare -A RUN_SECONDS # run name -> wall-clock seconds

# run_tests NAME PROJECT_DIR [VAR=value ...] [-- dotnet-test-arguments]
# Runs one test project against the existing Release build, writing NAME.trx.
# Never aborts the script: the exit code is remembered and judged at the end.
run_tests() {
    local name=$1 project=$2 rc=0
    shift 2
    local vars=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    log "running $name tests ($project)"
    local started=$SECONDS
    env "${vars[@]}" dotnet test "$project" --no-build -c Release --nologo \
        --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" "$@" \
        </dev/null || rc=$?
    RUN_NAMES+=("$name")
    RUN_RC[$name]=$rc
    RUN_SECONDS[$name]=$((SECONDS - started))
}

# counter TRX ATTR: value of ATTR on the TRX's <Counters .../> element ("" if absent).
# TRX is XML, so flatten newlines first; attribute order does not matter.
counter() {
    tr '\n' ' ' <"$1" | grep -o '<Counters [^>]*>' | head -n 1 |
        grep -oE "[[:space:]]$2=\"[0-9]+\"" | grep -oE '[0-9]+' || true
}

# Prints per-run lines and the final "N passed, M failed" line; returns 1 on any failure.
summarize() {
    local name trx total executed not_executed passed failed skipped bad=0 sum_passed=0 sum_failed=0
    local notes=()
    for name in "${RUN_NAMES[@]}"; do
        trx="$RESULTS_DIR/$name.trx"
        if [ ! -s "$trx" ]; then
            echo "$name: no test results (missing $trx)"
            notes+=("FAILED: $name produced no TRX (exit code ${RUN_RC[$name]})")
            bad=1
            continue
        fi
        total=$(counter "$trx" total)
        passed=$(counter "$trx" passed)
        failed=$(counter "$trx" failed)
        executed=$(counter "$trx" executed)
        not_executed=$(counter "$trx" notExecuted)
        total=${total:-0} passed=${passed:-0} failed=${failed:-0}
        executed=${executed:-0} not_executed=${not_executed:-0}
        # VSTest's TRX logger leaves notExecuted at 0 for xunit [Fact(Skip=...)] tests and
        # only lowers "executed", so skipped = total - executed (or notExecuted if larger).
        skipped=$((total - executed))
        [ "$not_executed" -gt "$skipped" ] && skipped=$not_executed
        echo "$name: $passed passed, $failed failed, $skipped skipped in ${RUN_SECONDS[$name]} s"
        sum_passed=$((sum_passed + passed))
        sum_failed=$((sum_failed + failed))

        if [ "$total" -eq 0 ]; then
            notes+=("FAILED: $name ran no tests (total=0)"); bad=1
        fi
        if [ "$failed" -gt 0 ]; then
            notes+=("FAILED: $name had $failed failing test(s)"); bad=1
        fi
        if [ "$skipped" -gt 0 ]; then
            notes+=("FAILED: $name had $skipped skipped test(s); skipped tests count as failures"); bad=1
        fi
        if [ "${RUN_RC[$name]}" -ne 0 ]; then
            notes+=("FAILED: dotnet test for $name exited with code ${RUN_RC[$name]}"); bad=1
        fi
    done
    if [ "$FORMAT_RC" -ne 0 ]; then
        notes+=("FAILED: the layout differs from .editorconfig; run 'dotnet format whitespace Lodestar.slnx' and commit"); bad=1
    fi
    [ "${#notes[@]}" -gt 0 ] && printf '%s\n' "${notes[@]}"
    echo "$sum_passed passed, $sum_failed failed"
    return "$bad"
}

# ---------------------------------------------------------------------- main --

trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres
ensure_chromium
ensure_poppler
ensure_signing
ensure_nginx

# Layout as .editorconfig says (a few seconds, no build): a difference fails the run at the end, after every test ran.
log "checking the layout (dotnet format whitespace --verify-no-changes)"
FORMAT_RC=0
dotnet format whitespace Lodestar.slnx --verify-no-changes -v q </dev/null || FORMAT_RC=$?

log "building Lodestar.slnx (Release)"
dotnet build Lodestar.slnx -c Release -nodeReuse:false -v q </dev/null || die "build failed"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR" "$ROOT/artifacts/screenshots"

# Every test host and fixture runs on a pinned date (tests/Shared/TestTime.cs, ADR 0013): 18/11/2026 by default. The
# PostgreSQL half of the suite runs in March 2029 instead, so each run proves the suite does not depend on the year.
IN_2029=LODESTAR_TEST_NOW=2029-03-14T03:00:00Z
# Tests that read a PostgreSQL standby carry the trait Needs=standby (tests/Shared/Needs.cs): left out here, they run once
# the standby is up, below. It starts only then because its replay of every test database made and dropped above cost the
# PostgreSQL domain run a third of its time.
run_tests sqlite   tests/Lodestar.Tests         LODESTAR_TEST_PROVIDER=sqlite -- --filter "Needs!=standby"
run_tests postgres tests/Lodestar.Tests         LODESTAR_TEST_PROVIDER=postgres "$IN_2029" -- --filter "Needs!=standby"
run_tests web      tests/Lodestar.Web.Tests -- --filter "Needs!=standby"
start_standby
run_tests standby  tests/Lodestar.Tests         LODESTAR_TEST_PROVIDER=postgres "$IN_2029" -- --filter "Needs=standby"
# The HTTP suite again on PostgreSQL, the production database: pages and APIs, the authorization matrix included.
run_tests web-postgres tests/Lodestar.Web.Tests LODESTAR_WEB_TEST_PROVIDER=postgres "$IN_2029"
run_tests browser  tests/Lodestar.Browser.Tests LODESTAR_TEST_ARTIFACTS="$ROOT/artifacts/screenshots"

log "done; test results in artifacts/test-results"
if summarize; then
    exit 0
fi
exit 1
