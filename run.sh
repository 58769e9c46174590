#!/usr/bin/env bash
# Runs the Notifications service locally in the foreground (README.md#run-it).
#
#   ./run.sh            build, start a private PostgreSQL under $DATA_DIR/pg, serve on
#                       http://127.0.0.1:$PORT; Ctrl-C stops the service and that PostgreSQL.
#   ./run.sh token ...  print a development JWT (see scripts/dev-token.sh --help).
#
# Environment: DATA_DIR (default ./.data), PORT (5080), PG_PORT (15432, outside the ephemeral port range), SKIP_BUILD=1 to
# reuse the last build. When ConnectionStrings__Notifications is set, that database is
# used and no PostgreSQL is started (several hosts can share one database that way).
# Any other ASP.NET Core setting can be passed as an environment variable (Email__Provider=Smtp, ...).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ "${1:-}" == "token" ]]; then
    shift
    exec "$REPO/scripts/dev-token.sh" "$@"
fi
if (($# > 0)); then
    echo "usage: ./run.sh | ./run.sh token [--org ORG] [--scope SCOPE]... [--platform-access-token --app ORG/APP]" >&2
    exit 2
fi

# shellcheck source=scripts/lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"

log() { printf '[run.sh] %s\n' "$*" >&2; }

PORT="${PORT:-5080}"
PG_PORT="${PG_PORT:-15432}"
# Default ./.data in the repository; a relative DATA_DIR given by the caller is relative to the caller's directory.
mkdir -p "${DATA_DIR:=$REPO/.data}"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
PG_DIR="$DATA_DIR/pg"

APP_PID=""
PG_STARTED=""
# One ./run.sh per DATA_DIR owns its cluster (flock below). The lock is released when we exit,
# however we exit, which tells a leftover postmaster of a crashed run from one a live run uses.
# Children get the descriptor closed ({lock_fd}>&-), or an orphaned postmaster would hold it.
exec {lock_fd}>"$DATA_DIR/run.lock"

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        log "stopping the service"
        # The service runs as a background job, which ignores SIGINT: ask it with SIGTERM,
        # give it the host's 30 s shutdown timeout, then insist.
        kill -TERM "$APP_PID" 2>/dev/null || true
        for _ in $(seq 1 70); do
            kill -0 "$APP_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [[ -n "$PG_STARTED" ]]; then
        log "stopping PostgreSQL"
        pg_stop "$PG_DIR" || status=1
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Build -------------------------------------------------------------------------------
API_PROJECT="$REPO/src/Notifications.Api"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
    log "building (Release)"
    # Quiet unless it fails: then the whole build output explains why.
    if ! dotnet build "$API_PROJECT" -c Release -nologo -v quiet >"$DATA_DIR/build.log" 2>&1; then
        cat "$DATA_DIR/build.log" >&2
        log "build failed"
        exit 1
    fi
fi
API_DLL="$(printf '%s\n' "$API_PROJECT"/bin/Release/net*/Notifications.Api.dll | sort -V | tail -n 1)"
[[ -f "$API_DLL" ]] || { log "no build output under $API_PROJECT/bin/Release"; exit 1; }
API_DIR="$(dirname "$API_DLL")"

# --- Database ----------------------------------------------------------------------------
if [[ -n "${ConnectionStrings__Notifications:-}" ]]; then
    log "using the database from ConnectionStrings__Notifications; starting no PostgreSQL"
else
    if command -v flock >/dev/null && ! flock -n "$lock_fd"; then
        log "another ./run.sh is using $DATA_DIR; to share its database, run this one with"
        log "  ConnectionStrings__Notifications='Host=127.0.0.1;Port=<its PG_PORT>;Username=postgres;Database=notifications' PORT=<another port>"
        exit 1
    fi
    pg_init_cluster "$PG_DIR"
    if pid="$(pg_running_pid "$PG_DIR")"; then
        log "a PostgreSQL (pid $pid) from an earlier run is still running; restarting it"
        pg_stop "$PG_DIR" {lock_fd}>&-
    fi
    PG_STARTED=1
    pg_start "$PG_DIR" "$PG_PORT" {lock_fd}>&-
    pg_create_db "$PG_PORT" notifications
    export ConnectionStrings__Notifications="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=notifications"
fi

# --- Service -----------------------------------------------------------------------------
# The content root stays the build output (where appsettings*.json are); repository files
# are passed as absolute paths so the working directory does not matter.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="http://127.0.0.1:$PORT"
export ContactRegistry__File="${ContactRegistry__File:-$REPO/config/contact-registry.sample.json}"
export Authentication__DevelopmentKeyFile="${Authentication__DevelopmentKeyFile:-$REPO/config/dev-signing-key.pem}"
export Email__Provider="${Email__Provider:-Pickup}"
export Email__PickupDirectory="${Email__PickupDirectory:-$DATA_DIR/outbox}"
mkdir -p "$Email__PickupDirectory"

log "serving on $ASPNETCORE_URLS ($ASPNETCORE_ENVIRONMENT); emails go to $Email__PickupDirectory; Ctrl-C stops"
cd "$REPO"
dotnet "$API_DLL" --contentRoot "$API_DIR" {lock_fd}>&- &
APP_PID=$!
# `wait` returns early when a trapped signal arrives; the traps then run cleanup.
wait "$APP_PID"
