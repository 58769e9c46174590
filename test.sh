#!/usr/bin/env bash
# Runs every test of Notifications.sln against a throwaway PostgreSQL (README.md#run-it).
# Works from a fresh clone; .ci/run calls it. The last line of output is always
#   N passed, N failed[, N skipped]
# summed over all test assemblies, and the exit status is non-zero when anything failed.
# Extra arguments go to `dotnet test` (e.g. --filter Name~Idempotency). Then the benchmarks' smoke mode
# (./bench/run.sh all --smoke: small sizes, no targets) runs and counts as one more test; BENCH_SMOKE=0 skips it.
# So does each check script (the OpenAPI lint, the client package's contents); CHECK_SCRIPTS=0 skips those.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# dotnet needs a HOME (NuGet cache); bare CI environments do not always set one.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
# Build nodes kept alive for reuse would inherit our pipe to tee and keep it open.
export MSBUILDDISABLENODEREUSE=1

log() { printf '[test.sh] %s\n' "$*" >&2; }

# Debian packages the tests need. Add to this list when a test needs a new tool
# (python3-aiosmtpd for an SMTP sink, chromium for the docs-page browser test, wrk for the benchmarks' smoke run, ...).
# nodejs and npm run the OpenAPI lint (scripts/lint-openapi.sh).
TEST_DEBIAN_PACKAGES=(postgresql python3 python3-aiosmtpd chromium wrk nodejs npm)

# Installs the packages in "$@" that are missing, when we can (root with apt-get);
# otherwise says what is missing and carries on (the affected tests will tell).
ensure_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        case "$pkg" in
            # Any installed server version will do, whichever package brought it.
            postgresql) pg_find_bindir && continue ;;
            # A Node.js from elsewhere (NodeSource's nodejs brings its own npm) will do too.
            nodejs) command -v node >/dev/null && continue ;;
            npm) command -v npm >/dev/null && continue ;;
        esac
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$pkg")
    done
    ((${#missing[@]} > 0)) || return 0
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
        log "missing packages: ${missing[*]} (install them, or run as root on Debian/Ubuntu)"
        return 0
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >&2 </dev/null ||
        log "could not install ${missing[*]}"
}

TMP_DIR=""
SUMMARY=""
cleanup() {
    if [[ -n "$TMP_DIR" ]]; then
        pg_stop "$TMP_DIR/pg" >/dev/null 2>&1 || true
        rm -rf "$TMP_DIR"
        TMP_DIR=""
    fi
}
# Always: stop the cluster, remove the temp dir, then print the result line last. Whatever
# stops us before a summary exists (a failed install, Ctrl-C, ...) counts as one failure.
on_exit() {
    local status=$?
    cleanup
    if [[ -z "$SUMMARY" ]]; then
        SUMMARY="0 passed, 1 failed"
        ((status != 0)) || status=1
    fi
    echo "$SUMMARY"
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_debian_packages "${TEST_DEBIAN_PACKAGES[@]}"

# Everything temporary lives in one directory owned by whoever runs this script; only
# the cluster inside it belongs to `postgres` when we are root.
TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/notifications-test.XXXXXX")"
PG_DIR="$TMP_DIR/pg"

if ! pg_init_cluster "$PG_DIR"; then
    log "could not create the test PostgreSQL cluster"
    exit 1
fi
# A port that was free a moment ago can be taken before the server binds it: retry.
started=""
for _ in 1 2 3; do
    port="$(pg_free_port)"
    if pg_start "$PG_DIR" "$port"; then
        started=1
        break
    fi
done
if [[ -z "$started" ]]; then
    log "could not start the test PostgreSQL"
    exit 1
fi
# The tests create and drop their own databases through this superuser connection.
export NOTIFICATIONS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
log "test PostgreSQL on 127.0.0.1:$port"

# The console logger prints one summary per test assembly, e.g.
#   Failed!  - Failed:     1, Passed:    41, Skipped:     0, Total:    42, Duration: 3 s - X.Tests.dll (net10.0)
status=0
touch "$TMP_DIR/started"
dotnet test Notifications.sln -c Release -tl:off --logger "console;verbosity=minimal" "$@" 2>&1 |
    tee "$TMP_DIR/test.log" || status=$?

read -r passed failed skipped found < <(
    sed 's/\x1b\[[0-9;]*m//g' "$TMP_DIR/test.log" | awk '
        match($0, /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/) {
            split(substr($0, RSTART, RLENGTH), f, /[^0-9]+/)   # f[2..4] = failed, passed, skipped
            failed += f[2]; passed += f[3]; skipped += f[4]; found++
        }
        END { print passed + 0, failed + 0, skipped + 0, found + 0 }')

# The browser tests' screenshots of /docs and /dashboard (the console logger does not show a passing test's output).
while IFS= read -r shot; do
    case "${shot##*/}" in
        docs-*) log "docs page screenshot: $shot" ;;
        *) log "dashboard screenshot: $shot" ;;
    esac
done < <(find "$REPO/tests" \( -name 'docs-*.png' -o -name 'dashboard-*.png' \) -newer "$TMP_DIR/started" 2>/dev/null)

cleanup

# Checks kept as scripts, each counted as one test, passed or failed: the committed OpenAPI document is lint-clean
# (scripts/lint-openapi.sh) and the client package carries what it must (scripts/check-client-package.sh).
# CHECK_SCRIPTS=0 skips them.
run_check() {
    local name="$1" output
    shift
    log "$name: $*"
    if output="$("$@" 2>&1)"; then
        printf '%s\n' "$output" | tail -n 1
        passed=$((passed + 1))
    else
        printf '%s\n' "$output"
        log "$name failed"
        failed=$((failed + 1))
        status=1
    fi
}
if [[ "${CHECK_SCRIPTS:-1}" != 0 ]] && ((found > 0)); then
    run_check "openapi lint" "$REPO/scripts/lint-openapi.sh"
    run_check "client package" "$REPO/scripts/check-client-package.sh"
fi

# The benchmarks cannot rot: their smoke run (its own PostgreSQL, service, baseline and fake ACS; about a minute)
# must print every scenario's `bench:` line. One test, passed or failed.
if [[ "${BENCH_SMOKE:-1}" != 0 ]] && ((found > 0)); then
    log "benchmark smoke run: ./bench/run.sh all --smoke"
    TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/notifications-test.XXXXXX")"
    if "$REPO/bench/run.sh" all --smoke >"$TMP_DIR/bench.log" 2>&1 &&
        (($(grep -cE '^bench: (intake|future|fanout|dispatch|latency|instant|feed|webhooks|stats) ' "$TMP_DIR/bench.log") == 9)); then
        grep '^bench: ' "$TMP_DIR/bench.log"
        passed=$((passed + 1))
    else
        cat "$TMP_DIR/bench.log"
        log "the benchmark smoke run failed"
        failed=$((failed + 1))
        status=1
    fi
    cleanup
fi

if ((found == 0)); then
    log "no test summary found (build failure?); dotnet test exited with $status"
    exit 1
fi
if ((status != 0 && failed == 0)); then
    # Some summaries, no failed test, yet dotnet test failed: a project did not build or a
    # test host crashed. Count it, so the run cannot look green.
    log "dotnet test exited with $status although no test failed; counting one failure"
    failed=1
fi
SUMMARY="$passed passed, $failed failed"
((skipped == 0)) || SUMMARY+=", $skipped skipped"
((failed == 0)) || exit 1   # on_exit prints the summary last
