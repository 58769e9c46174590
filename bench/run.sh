#!/usr/bin/env bash
# Benchmarks of the Notifications service, each side by side with a baseline or a target (see bench/README.md).
#
#   ./bench/run.sh [intake|future|fanout|dispatch|latency|instant|feed|webhooks|stats|all] [--smoke]
#
# Builds in Release, starts its own PostgreSQL in a temporary directory, the service (and the baseline and the fake
# ACS where a scenario needs them) on 127.0.0.1, runs bounded load, prints one `bench: <scenario> key=value ...` line
# per scenario and a table. Everything it starts is stopped on exit. --smoke: small sizes, a few seconds per
# scenario, no targets (./test.sh runs it so the benchmarks cannot rot).
#
# Environment: BENCH_SEND_CONCURRENCY (64), BENCH_EMAIL_BATCH (512) for the dispatch scenario; BENCH_KEEP=1 keeps
# the temporary directory (logs) for a look afterwards.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"

usage() { echo "usage: ./bench/run.sh [intake|future|fanout|dispatch|latency|instant|feed|webhooks|stats|all] [--smoke]" >&2; exit 2; }
log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

SCENARIO=all
SMOKE=""
for arg in "$@"; do
    case "$arg" in
        intake | future | fanout | dispatch | latency | instant | feed | webhooks | stats | all) SCENARIO="$arg" ;;
        --smoke) SMOKE=1 ;;
        *) usage ;;
    esac
done

if [[ -n "$SMOKE" ]]; then
    INTAKE_WARMUP=1 INTAKE_SECONDS=2 INTAKE_CONNECTIONS=8
    FANOUT_EMAILS=2000 FANOUT_NINS=500 FANOUT_LEAD=3
    DISPATCH_EMAILS=500 DISPATCH_WARMUP=50
    LATENCY_ORDERS=20 LATENCY_RATE=10 LATENCY_WARMUP=3
    INSTANT_WARMUP=1 INSTANT_SECONDS=2 INSTANT_CONNECTIONS=8
    FEED_ENTRIES=2000
    WEBHOOK_ENTRIES=500 WEBHOOK_RATE=200
    STATS_EMAILS=20000 STATS_REQUESTS=20
else
    INTAKE_WARMUP=45 INTAKE_SECONDS=20 INTAKE_CONNECTIONS=32
    FANOUT_EMAILS=100000 FANOUT_NINS=20000 FANOUT_LEAD=8
    DISPATCH_EMAILS=20000 DISPATCH_WARMUP=1000
    LATENCY_ORDERS=200 LATENCY_RATE=10 LATENCY_WARMUP=10
    INSTANT_WARMUP=60 INSTANT_SECONDS=20 INSTANT_CONNECTIONS=32
    FEED_ENTRIES=100000
    WEBHOOK_ENTRIES=10000 WEBHOOK_RATE=600
    STATS_EMAILS=1000000 STATS_REQUESTS=250
fi
SEND_CONCURRENCY="${BENCH_SEND_CONCURRENCY:-64}"
EMAIL_BATCH="${BENCH_EMAIL_BATCH:-512}"
ACS_LATENCY_MS=20

# --- Everything we start, we stop ----------------------------------------------------------
TMP_DIR=""
PG_DIR=""
PIDS=()
stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local status=$? pid
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    [[ -z "$PG_DIR" ]] || pg_stop "$PG_DIR" || true
    if [[ -n "$TMP_DIR" ]]; then
        if [[ "${BENCH_KEEP:-}" == 1 ]]; then log "kept $TMP_DIR"; else rm -rf "$TMP_DIR"; fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tools ---------------------------------------------------------------------------------
if ! command -v wrk >/dev/null && [[ "$SCENARIO" =~ ^(intake|future|instant|all)$ ]]; then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing wrk"
        { DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk ||
            { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }; } >&2 </dev/null
    fi
    command -v wrk >/dev/null || die "wrk is needed for the intake, future and instant scenarios (Debian: apt-get install wrk)"
fi
command -v curl >/dev/null || die "curl is needed"

TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/notifications-bench.XXXXXX")"

log "building (Release)"
for project in src/Notifications.Api bench/Baseline bench/Tools; do
    dotnet build "$REPO/$project" -c Release -nologo -v quiet >"$TMP_DIR/build.log" 2>&1 ||
        { cat "$TMP_DIR/build.log" >&2; die "build of $project failed"; }
done
output_dll() { printf '%s\n' "$REPO/$1"/bin/Release/net*/"$2" | sort -V | tail -n 1; }
API_DLL="$(output_dll src/Notifications.Api Notifications.Api.dll)"
BASELINE_DLL="$(output_dll bench/Baseline bench-baseline.dll)"
TOOLS_DLL="$(output_dll bench/Tools bench-tools.dll)"
tools() { dotnet "$TOOLS_DLL" "$@"; }

# --- PostgreSQL: one cluster for the service and the baselines alike -------------------------
PG_DIR="$TMP_DIR/pg"
pg_init_cluster "$PG_DIR" || die "could not create a PostgreSQL cluster"
# Sized for the machine rather than the 128 MB default; durability (fsync, synchronous_commit) stays on.
pg_as_owner tee "$PG_DIR/bench.conf" >/dev/null <<'EOF'
shared_buffers = 512MB
max_connections = 300
max_wal_size = 4GB
checkpoint_timeout = 30min
# Fan-out is timed to the commit of its transaction (pg_xact_commit_timestamp).
track_commit_timestamp = on
EOF
echo "include_if_exists = 'bench.conf'" | pg_as_owner tee -a "$PG_DIR/postgresql.conf" >/dev/null
PG_PORT=""
for _ in 1 2 3; do
    PG_PORT="$(pg_free_port)"
    pg_start "$PG_DIR" "$PG_PORT" && break
    PG_PORT=""
done
[[ -n "$PG_PORT" ]] || die "could not start PostgreSQL"
psql_q() { local db="$1"; shift; "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -XtAq -v ON_ERROR_STOP=1 "$@"; }
connection() { echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1;Maximum Pool Size=100"; }

TOKEN="$("$REPO/scripts/dev-token.sh")"
ACS_KEY="$(openssl rand -base64 32)"

# wait_until SECONDS DESCRIPTION COMMAND... — polls COMMAND every 0.1 s.
wait_until() {
    local seconds="$1" what="$2" deadline
    shift 2
    deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || die "timed out after ${seconds}s waiting for $what"
        sleep 0.1
    done
}
alive() { kill -0 "$1" 2>/dev/null || die "$2 exited (log: $3)"; }

# start_service NAME DB [VAR=VALUE]... — the Release build, Development environment (trusts the dev signing key).
SERVICE_PID="" SERVICE_URL=""
start_service() {
    local name="$1" db="$2" port
    shift 2
    pg_create_db "$PG_PORT" "$db" >/dev/null 2>&1
    port="$(pg_free_port)"
    SERVICE_URL="http://127.0.0.1:$port"
    env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$SERVICE_URL" \
        ConnectionStrings__Notifications="$(connection "$db")" \
        Authentication__DevelopmentKeyFile="$REPO/config/dev-signing-key.pem" \
        ContactRegistry__File="$REPO/config/contact-registry.sample.json" \
        Email__Provider=Pickup Email__PickupDirectory="$TMP_DIR/outbox" \
        "$@" dotnet "$API_DLL" --contentRoot "$(dirname "$API_DLL")" >"$TMP_DIR/$name.log" 2>&1 &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    service_ready() {
        alive "$SERVICE_PID" "the service" "$TMP_DIR/$name.log"
        [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
            "$SERVICE_URL/notifications/api/v1/orders?sendersReference=ready")" == 200 ]]
    }
    wait_until 90 "the service to start" service_ready
}

# start_fake_acs NAME [ARGS]... — sets FAKE_ENDPOINT and FAKE_CONTROL.
FAKE_PID="" FAKE_ENDPOINT="" FAKE_CONTROL=""
start_fake_acs() {
    local name="$1"
    shift
    # dotnet itself, not the tools function (a subshell): $! must be the process we stop.
    dotnet "$TOOLS_DLL" fake-acs --key "$ACS_KEY" "$@" >"$TMP_DIR/$name.out" 2>"$TMP_DIR/$name.log" &
    FAKE_PID=$!
    PIDS+=("$FAKE_PID")
    fake_ready() { alive "$FAKE_PID" "the fake ACS" "$TMP_DIR/$name.log"; grep -qs "^control=" "$TMP_DIR/$name.out"; }
    wait_until 30 "the fake ACS to start" fake_ready
    FAKE_ENDPOINT="$(sed -n 's/^endpoint=//p' "$TMP_DIR/$name.out")"
    FAKE_CONTROL="$(sed -n 's/^control=//p' "$TMP_DIR/$name.out")"
}
fake_stat() { curl -s "$FAKE_CONTROL/stats" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
acs_settings() {
    echo Email__Provider=AzureCommunicationServices
    echo "Email__Acs__ConnectionString=endpoint=$FAKE_ENDPOINT;accesskey=$ACS_KEY"
}

post_order() { # URL FILE → order id
    curl -s -f -X POST "$1/notifications/api/v1/orders/email" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "@$2" | sed -n 's/.*"orderId":"\([^"]*\)".*/\1/p'
}
iso_in() { date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }

RESULTS=()
report() { # SCENARIO key=value...
    local line="bench: $*"
    RESULTS+=("$line")
    echo "$line"
}
value_of() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# --- intake --------------------------------------------------------------------------------
run_wrk() { # SCRIPT URL SECONDS [CONNECTIONS] → "rps=… p50_ms=… p99_ms=… requests=… non2xx=… socket_errors=…[ …]"
    # BENCH_RUN: unique per run, for the scripts that make a unique idempotencyId per request.
    BENCH_TOKEN="$TOKEN" BENCH_RUN="$(date +%s%N)" wrk -t2 -c"${4:-$INTAKE_CONNECTIONS}" -d"${3}s" --timeout 10s \
        -s "$REPO/bench/$1" "$2" | grep '^rps='
}
# measure_baseline NAME SCRIPT PATH — the raw-insert baseline (bench/Baseline: one INSERT per request, no auth,
# validation or logging) on its own database, warmed up and measured like the service; sets BASELINE_RESULT.
BASELINE_RESULT=""
measure_baseline() {
    local name="$1" script="$2" path="$3" port baseline_pid
    log "$name: baseline (one INSERT per request) at $INTAKE_CONNECTIONS connections for ${INTAKE_SECONDS}s"
    pg_create_db "$PG_PORT" "bench_baseline_$name" >/dev/null 2>&1
    port="$(pg_free_port)"
    env ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__Baseline="$(connection "bench_baseline_$name")" \
        dotnet "$BASELINE_DLL" >"$TMP_DIR/baseline-$name.log" 2>&1 &
    baseline_pid=$!
    PIDS+=("$baseline_pid")
    baseline_ready() { alive "$baseline_pid" "the baseline" "$TMP_DIR/baseline-$name.log"; curl -sf "http://127.0.0.1:$port/ready" >/dev/null; }
    wait_until 60 "the baseline to start" baseline_ready
    run_wrk "$script" "http://127.0.0.1:$port$path" "$INTAKE_WARMUP" >/dev/null
    BASELINE_RESULT="$(run_wrk "$script" "http://127.0.0.1:$port$path" "$INTAKE_SECONDS")"
    stop_pid "$baseline_pid"
    log "$name baseline: $BASELINE_RESULT"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
scenario_intake() {
    local path=/notifications/api/v1/orders/email base service
    measure_baseline intake intake.lua "$path"
    base="$BASELINE_RESULT"

    log "intake: service (Dispatch:Enabled=false) at $INTAKE_CONNECTIONS connections for ${INTAKE_SECONDS}s"
    start_service intake bench_intake Dispatch__Enabled=false
    run_wrk intake.lua "$SERVICE_URL$path" "$INTAKE_WARMUP" >/dev/null
    service="$(run_wrk intake.lua "$SERVICE_URL$path" "$INTAKE_SECONDS")"
    stop_pid "$SERVICE_PID"
    log "intake service: $service"

    local stored
    stored="$(psql_q bench_intake -c "SELECT count(*) FROM notifications.orders")"
    [[ "$(value_of "$service" non2xx)" == 0 && "$(value_of "$service" socket_errors)" == 0 ]] ||
        log "warning: the service answered some requests with errors: $service"
    report intake "rps=$(value_of "$service" rps)" "p50_ms=$(value_of "$service" p50_ms)" "p99_ms=$(value_of "$service" p99_ms)" \
        "baseline_rps=$(value_of "$base" rps)" "baseline_p99_ms=$(value_of "$base" p99_ms)" \
        "ratio=$(ratio "$(value_of "$service" rps)" "$(value_of "$base" rps)")" \
        "orders_stored=$stored" "errors=$(($(value_of "$service" non2xx) + $(value_of "$service" socket_errors)))"
}

# --- future --------------------------------------------------------------------------------
scenario_future() {
    # The baseline gets the same script (a unique ~500-byte chain per request) at its own path: the same client cost
    # on both sides, one INSERT of the body on its side.
    local base service
    measure_baseline future future.lua /notifications/api/v1/orders/email
    base="$BASELINE_RESULT"

    log "future: service (Dispatch:Enabled=false), chains of one email and one reminder, at $INTAKE_CONNECTIONS connections for ${INTAKE_SECONDS}s"
    start_service future bench_future Dispatch__Enabled=false
    run_wrk future.lua "$SERVICE_URL/notifications/api/v1/future/orders" "$INTAKE_WARMUP" >/dev/null
    service="$(run_wrk future.lua "$SERVICE_URL/notifications/api/v1/future/orders" "$INTAKE_SECONDS")"
    stop_pid "$SERVICE_PID"
    log "future service: $service"

    local chains orders
    read -r chains orders < <(psql_q bench_future -F ' ' -c "
        SELECT (SELECT count(*) FROM notifications.order_chains), (SELECT count(*) FROM notifications.orders)")
    ((chains > 0)) || die "future: no order chain was stored (log: $TMP_DIR/future.log)"
    ((orders == 2 * chains)) || die "future: $orders orders stored for $chains chains, expected 2 per chain (main + reminder)"
    [[ "$(value_of "$service" non2xx)" == 0 && "$(value_of "$service" socket_errors)" == 0 ]] ||
        log "warning: the service answered some requests with errors: $service"
    report future "rps=$(value_of "$service" rps)" "p50_ms=$(value_of "$service" p50_ms)" "p99_ms=$(value_of "$service" p99_ms)" \
        "baseline_rps=$(value_of "$base" rps)" "baseline_p99_ms=$(value_of "$base" p99_ms)" \
        "ratio=$(ratio "$(value_of "$service" rps)" "$(value_of "$base" rps)")" \
        "chains_stored=$chains" "orders_stored=$orders" \
        "errors=$(($(value_of "$service" non2xx) + $(value_of "$service" socket_errors)))"
}

# --- fanout --------------------------------------------------------------------------------
scenario_fanout() {
    log "fanout: one order with $FANOUT_EMAILS email recipients, one with $FANOUT_NINS NINs from a generated registry"
    tools gen-registry --persons "$FANOUT_NINS" --out "$TMP_DIR/registry.json"
    # Sends are answered 429 (retry in an hour): the service pauses sending and we time the fan-out alone.
    start_fake_acs fake-fanout --latency-ms 0 --throttle
    # shellcheck disable=SC2046
    start_service fanout bench_fanout $(acs_settings) ContactRegistry__File="$TMP_DIR/registry.json"

    local kind size order seconds total_n=0 total_s=0 parts=()
    for kind in emails nins; do
        size=$FANOUT_EMAILS
        [[ $kind == nins ]] && size=$FANOUT_NINS
        # Due a few seconds after we post it, so the time measured starts when the order is due, not when it arrives.
        tools gen-order "--$kind" "$size" --send-time "$(iso_in "$FANOUT_LEAD")" --out "$TMP_DIR/order-$kind.json"
        order="$(post_order "$SERVICE_URL" "$TMP_DIR/order-$kind.json")"
        [[ -n "$order" ]] || die "posting the $kind order failed (log: $TMP_DIR/fanout.log)"
        fanned_out() {
            alive "$SERVICE_PID" "the service" "$TMP_DIR/fanout.log"
            [[ "$(psql_q bench_fanout -c "SELECT processing_status FROM notifications.orders WHERE id = '$order'")" =~ ^(Processed|Completed)$ ]]
        }
        wait_until $((FANOUT_LEAD + 120)) "the $kind order to fan out" fanned_out
        # Due → the commit of the fan-out transaction (track_commit_timestamp), from the database's own clocks.
        read -r seconds generated < <(psql_q bench_fanout -F ' ' -c "
            SELECT extract(epoch FROM pg_xact_commit_timestamp(o.xmin) - o.requested_send_time),
                   (SELECT count(*) FROM notifications.email_notifications e WHERE e.order_id = o.id)
            FROM notifications.orders o WHERE o.id = '$order'")
        [[ "$generated" == "$size" ]] || die "the $kind order generated $generated notifications, expected $size"
        log "fanout $kind: $size notifications in ${seconds}s"
        parts+=("${kind}_per_s=$(awk -v n="$size" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')")
        total_n=$((total_n + size))
        total_s="$(awk -v a="$total_s" -v b="$seconds" 'BEGIN { print a + b }')"
    done
    local rss
    rss="$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE_PID/status")"
    stop_pid "$SERVICE_PID"
    stop_pid "$FAKE_PID"
    report fanout "notifications_per_s=$(awk -v n="$total_n" -v s="$total_s" 'BEGIN { printf "%.0f", n / s }')" \
        "peak_rss_mb=$rss" "${parts[@]}" "notifications=$total_n"
}

# --- dispatch ------------------------------------------------------------------------------
scenario_dispatch() {
    log "dispatch: $DISPATCH_EMAILS emails to a fake ACS answering in ${ACS_LATENCY_MS} ms, $SEND_CONCURRENCY at a time"
    start_fake_acs fake-dispatch --latency-ms "$ACS_LATENCY_MS"
    local base
    tools send-loop --endpoint "$FAKE_ENDPOINT" --key "$ACS_KEY" --count "$DISPATCH_WARMUP" --concurrency "$SEND_CONCURRENCY" >/dev/null
    base="$(tools send-loop --endpoint "$FAKE_ENDPOINT" --key "$ACS_KEY" --count "$DISPATCH_EMAILS" --concurrency "$SEND_CONCURRENCY")"
    log "dispatch baseline (bare HttpClient loop): $base"

    # shellcheck disable=SC2046
    start_service dispatch bench_dispatch $(acs_settings) \
        Dispatch__SendConcurrency="$SEND_CONCURRENCY" Dispatch__EmailBatchSize="$EMAIL_BATCH" Email__Acs__SendsPerMinute=0
    local order size
    for size in "$DISPATCH_WARMUP" "$DISPATCH_EMAILS"; do
        # One order of N email recipients: its fan-out commits all N emails as New at once, then sending starts.
        tools gen-order --emails "$size" --send-time "$(iso_in 0)" --out "$TMP_DIR/dispatch-order.json"
        order="$(post_order "$SERVICE_URL" "$TMP_DIR/dispatch-order.json")"
        [[ -n "$order" ]] || die "posting the dispatch order failed"
        all_sent() {
            alive "$SERVICE_PID" "the service" "$TMP_DIR/dispatch.log"
            [[ "$(psql_q bench_dispatch -c "SELECT count(*) FROM notifications.email_notifications
                    WHERE order_id = '$order' AND operation_id IS NOT NULL")" == "$size" ]]
        }
        wait_until 300 "$size emails to be sent" all_sent
    done
    local seconds rejected
    # First arrival at the fake → the last send result recorded (status_changed of emails still awaiting a report).
    curl -s "$FAKE_CONTROL/emails" >"$TMP_DIR/fake-dispatch.csv"
    seconds="$(psql_q bench_dispatch <<EOF
CREATE TEMP TABLE fake (operation_id text, arrived_ms bigint);
\copy fake FROM '$TMP_DIR/fake-dispatch.csv' CSV
SELECT extract(epoch FROM (SELECT max(status_changed) FROM notifications.email_notifications
                           WHERE order_id = '$order' AND status = 'Sending')
                          - to_timestamp((SELECT min(f.arrived_ms) FROM fake f
                                          JOIN notifications.email_notifications e ON e.id::text = f.operation_id
                                          WHERE e.order_id = '$order') / 1000.0));
EOF
)"
    rejected="$(fake_stat rejected)"
    stop_pid "$SERVICE_PID"
    stop_pid "$FAKE_PID"
    local rate
    rate="$(awk -v n="$DISPATCH_EMAILS" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
    report dispatch "emails_per_s=$rate" "baseline_emails_per_s=$(value_of "$base" per_s)" \
        "ratio=$(ratio "$rate" "$(value_of "$base" per_s)")" \
        "emails=$DISPATCH_EMAILS" "concurrency=$SEND_CONCURRENCY" "batch=$EMAIL_BATCH" "acs_latency_ms=$ACS_LATENCY_MS" \
        "hmac_rejected=$rejected"
}

# --- latency -------------------------------------------------------------------------------
scenario_latency() {
    log "latency: $LATENCY_ORDERS orders due now, $LATENCY_RATE per second: due → provider call"
    start_fake_acs fake-latency --latency-ms "$ACS_LATENCY_MS"
    # shellcheck disable=SC2046
    start_service latency bench_latency $(acs_settings)
    local url="$SERVICE_URL/notifications/api/v1/orders/email"
    tools post-orders --url "$url" --token "$TOKEN" --count "$LATENCY_WARMUP" --rate "$LATENCY_RATE" --out "$TMP_DIR/warmup-ids.txt"
    tools post-orders --url "$url" --token "$TOKEN" --count "$LATENCY_ORDERS" --rate "$LATENCY_RATE" --out "$TMP_DIR/latency-ids.txt"
    local expected=$((LATENCY_WARMUP + LATENCY_ORDERS))
    all_arrived() { alive "$SERVICE_PID" "the service" "$TMP_DIR/latency.log"; [[ "$(fake_stat emails)" == "$expected" ]]; }
    wait_until 60 "every email to reach the fake ACS" all_arrived
    curl -s "$FAKE_CONTROL/emails" >"$TMP_DIR/fake-latency.csv"
    local stats
    # Due (the order's requested_send_time) → the send's arrival at the fake, per order of the measured run.
    stats="$(psql_q bench_latency -F ' ' <<EOF
CREATE TEMP TABLE fake (operation_id text, arrived_ms bigint);
\copy fake FROM '$TMP_DIR/fake-latency.csv' CSV
CREATE TEMP TABLE measured (order_id uuid);
\copy measured FROM '$TMP_DIR/latency-ids.txt'
WITH l AS (
    SELECT f.arrived_ms - extract(epoch FROM o.requested_send_time) * 1000 AS ms
    FROM measured m
    JOIN notifications.orders o ON o.id = m.order_id
    JOIN notifications.email_notifications e ON e.order_id = o.id
    JOIN fake f ON f.operation_id = e.id::text)
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       round(max(ms)::numeric, 1), count(*) FROM l;
EOF
)"
    stop_pid "$SERVICE_PID"
    stop_pid "$FAKE_PID"
    local p50 p99 max n
    read -r p50 p99 max n <<<"$stats"
    [[ "$n" == "$LATENCY_ORDERS" ]] || die "measured $n orders, expected $LATENCY_ORDERS"
    report latency "p50_ms=$p50" "p99_ms=$p99" "max_ms=$max" "orders=$n" "rate_per_s=$LATENCY_RATE"
}

# --- instant -------------------------------------------------------------------------------
scenario_instant() {
    log "instant: POST /future/orders/instant/email at $INSTANT_CONNECTIONS connections, fake ACS at ${ACS_LATENCY_MS} ms," \
        "${INSTANT_WARMUP}s warm-up, ${INSTANT_SECONDS}s measured"
    start_fake_acs fake-instant --latency-ms "$ACS_LATENCY_MS"
    # shellcheck disable=SC2046
    start_service instant bench_instant $(acs_settings)
    local url="$SERVICE_URL/notifications/api/v1/future/orders/instant/email" warmup measured
    warmup="$(run_wrk instant.lua "$url" "$INSTANT_WARMUP" "$INSTANT_CONNECTIONS")"
    measured="$(run_wrk instant.lua "$url" "$INSTANT_SECONDS" "$INSTANT_CONNECTIONS")"
    log "instant warm-up: $warmup"
    log "instant service: $measured"

    # Requests in flight when wrk stops are finished by the service (an accepted email is stored even when its client
    # has gone) but not counted by wrk: wait until the counts stop moving.
    local stored accepted last=""
    instant_counts() {
        echo "$(psql_q bench_instant -c "SELECT count(*) FROM notifications.orders WHERE type = 'Instant'") $(fake_stat emails)"
    }
    settled() {
        alive "$SERVICE_PID" "the service" "$TMP_DIR/instant.log"
        local now
        now="$(instant_counts)"
        [[ "$now" == "$last" ]] && return 0
        last="$now"
        sleep 0.5
        return 1
    }
    wait_until 30 "the instant emails in flight to be stored" settled
    read -r stored accepted <<<"$last"
    # Requests also counts the status reads of the service's ACS poll (Dispatch stays enabled, as in production).
    log "instant: the fake ACS saw $(fake_stat requests) requests for $accepted emails"
    stop_pid "$SERVICE_PID"
    stop_pid "$FAKE_PID"

    local created errors
    created=$(($(value_of "$warmup" created) + $(value_of "$measured" created)))
    ((created > 0)) || die "instant: no request was answered 201: $measured (log: $TMP_DIR/instant.log)"
    # Anything but a 201 in the measured window counts as an error (a 200 would be a replay: ids are unique).
    errors=$(($(value_of "$measured" requests) - $(value_of "$measured" created) + $(value_of "$measured" socket_errors)))
    ((errors == 0)) || log "warning: the service answered some requests with errors: $measured"
    [[ "$stored" == "$created" && "$accepted" == "$created" ]] ||
        log "instant: $created requests answered 201 (warm-up and measured), but stored=$stored and accepted_by_fake=$accepted" \
            "(up to $((2 * INSTANT_CONNECTIONS)) requests in flight when wrk stopped are sent and stored without wrk counting them)"
    ((stored == accepted)) || log "warning: instant: $accepted emails reached the fake ACS but $stored instant orders were stored"
    report instant "emails_per_s=$(value_of "$measured" created_per_s)" "p50_ms=$(value_of "$measured" p50_ms)" \
        "p99_ms=$(value_of "$measured" p99_ms)" "acs_latency_ms=$ACS_LATENCY_MS" "errors=$errors" \
        "stored=$stored" "accepted_by_fake=$accepted" "created=$created"
}

# --- feed ----------------------------------------------------------------------------------
scenario_feed() {
    log "feed: $FEED_ENTRIES final shipments in the feed, read with the cursor in pages of 500"
    start_service feed bench_feed Dispatch__Enabled=false
    # Entries as the completing statements write them (unnumbered); the service's sequencer numbers them.
    psql_q bench_feed -c "
        INSERT INTO notifications.status_feed (order_id, creator, created, entry)
        SELECT gen_random_uuid(), 'ttd', now() - interval '1 millisecond' * ($FEED_ENTRIES - i), json_build_object(
            'shipmentId', gen_random_uuid(), 'sendersReference', 'bench-' || i, 'shipmentType', 'Notification',
            'status', 'Order_Completed', 'lastUpdate', now(),
            'recipients', json_build_array(json_build_object('destination', 'r' || i || '@example.com',
                                                             'status', 'Email_Succeeded', 'lastUpdate', now())))
        FROM generate_series(1, $FEED_ENTRIES) AS i"
    numbered() { [[ "$(psql_q bench_feed -c "SELECT count(*) FROM notifications.status_feed WHERE sequence_number IS NULL")" == 0 ]]; }
    wait_until 120 "the sequencer to number $FEED_ENTRIES entries" numbered

    local url="$SERVICE_URL/notifications/api/v1/future/shipment/feed" result
    # A warm-up read of the first pages, then every entry from the start.
    tools feed-read --url "$url" --token "$TOKEN" --entries $((FEED_ENTRIES < 5000 ? FEED_ENTRIES : 5000)) >/dev/null
    result="$(tools feed-read --url "$url" --token "$TOKEN" --entries "$FEED_ENTRIES")" || die "reading the feed failed"
    log "feed read: $result"

    # Written → readable: one more entry, then the newest entry is polled until it is that one.
    local id visible_ms start_visible
    id="$(psql_q bench_feed -c "
        INSERT INTO notifications.status_feed (order_id, creator, created, entry)
        VALUES (gen_random_uuid(), 'ttd', now(), json_build_object('shipmentId', gen_random_uuid(), 'shipmentType', 'Notification',
                'status', 'Order_Completed', 'lastUpdate', now(), 'recipients', '[]'::json))
        RETURNING entry->>'shipmentId'")"
    start_visible=$(date +%s%N)
    visible() { curl -s -H "Authorization: Bearer $TOKEN" "$url?orderBy=desc&pageSize=1" | grep -q "$id"; }
    wait_until 10 "the new entry to be readable" visible
    visible_ms=$((($(date +%s%N) - start_visible) / 1000000))
    stop_pid "$SERVICE_PID"

    report feed "entries_per_s=$(value_of "$result" per_s)" "p99_ms=$(value_of "$result" p99_page_ms)" \
        "pages=$(value_of "$result" pages)" "entries=$(value_of "$result" entries)" "visible_ms=$visible_ms"
}

# --- webhooks ------------------------------------------------------------------------------
scenario_webhooks() {
    log "webhooks: $WEBHOOK_ENTRIES shipments becoming final at $WEBHOOK_RATE/s, pushed to one subscriber answering 204"
    dotnet "$TOOLS_DLL" webhook-sink >"$TMP_DIR/sink.out" 2>"$TMP_DIR/sink.log" &
    local sink_pid=$!
    PIDS+=("$sink_pid")
    sink_ready() { alive "$sink_pid" "the webhook sink" "$TMP_DIR/sink.log"; grep -qs "^url=" "$TMP_DIR/sink.out"; }
    wait_until 30 "the webhook sink to start" sink_ready
    local sink_url
    sink_url="$(sed -n 's/^url=//p' "$TMP_DIR/sink.out")"
    sink_stat() { curl -s "${sink_url%/hooks}/stats" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

    start_service webhooks bench_webhooks
    curl -s -f -X POST "$SERVICE_URL/notifications/api/v1/future/webhooks" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' -d "{\"url\": \"$sink_url\"}" >/dev/null || die "subscribing failed"
    tools feed-write --connection "$(connection bench_webhooks)" --count "$WEBHOOK_ENTRIES" --rate "$WEBHOOK_RATE"
    all_delivered() { alive "$SERVICE_PID" "the service" "$TMP_DIR/webhooks.log"; [[ "$(sink_stat distinct)" == "$WEBHOOK_ENTRIES" ]]; }
    wait_until 300 "every entry to be delivered" all_delivered
    curl -s "${sink_url%/hooks}/arrivals" >"$TMP_DIR/arrivals.csv"
    local deliveries stats
    deliveries="$(sink_stat deliveries)"
    # Written (the entry's created, the database clock) → arrival at the sink, per entry; the rate over the whole run.
    stats="$(psql_q bench_webhooks -F ' ' <<SQL
CREATE TEMP TABLE arrivals (seq bigint, arrived_ms bigint);
\copy arrivals FROM '$TMP_DIR/arrivals.csv' CSV
WITH first AS (SELECT seq, min(arrived_ms) AS arrived_ms FROM arrivals GROUP BY seq),
l AS (SELECT a.arrived_ms - extract(epoch FROM f.created) * 1000 AS ms, a.arrived_ms
      FROM first a JOIN notifications.status_feed f ON f.sequence_number = a.seq)
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       round(count(*) / greatest((max(arrived_ms) - min(arrived_ms)) / 1000.0, 0.001), 0), count(*) FROM l;
SQL
)"
    stop_pid "$SERVICE_PID"
    stop_pid "$sink_pid"
    local p50 p99 rate n
    read -r p50 p99 rate n <<<"$stats"
    report webhooks "deliveries_per_s=$rate" "p50_ms=$p50" "p99_ms=$p99" "entries=$n" "deliveries=$deliveries" "offered_per_s=$WEBHOOK_RATE"
}

# --- stats ---------------------------------------------------------------------------------
scenario_stats() {
    local orders=$((STATS_EMAILS / 100)) to
    log "stats: $STATS_EMAILS emails of one creator ($orders orders of 100) over the last 30 days, $STATS_REQUESTS statistics reads"
    start_service stats bench_stats Dispatch__Enabled=false
    to="$(date -u +%Y-%m-%d)"
    # Seeded in SQL, but counted by the real mechanism: the statement triggers record every insert and status change,
    # and the service's folder folds them. Orders at random times in the 30 days; emails inserted New, then sent:
    # most Succeeded after a delay of 0.1 s to 10 min (log-uniform), some failed, 1 % left New (the backlog).
    psql_q bench_stats -c "
        INSERT INTO notifications.orders
            (id, creator, created, requested_send_time, ignore_reservation, processing_status, processing_status_changed,
             recipients, from_address, subject, body, content_type, due_at, condition_attempts, lookup_attempts)
        SELECT gen_random_uuid(), 'ttd', now(), t, false, 'Processed', now(), '[]', 'noreply@example.com', 's', 'b', 'Plain', t, 0, 0
        FROM (SELECT date_trunc('day', now(), 'UTC') + interval '1 day' - random() * interval '30 days' AS t
              FROM generate_series(1, $orders)) o"
    local chunk
    for chunk in $(seq 0 9); do
        psql_q bench_stats -c "
            INSERT INTO notifications.email_notifications
                (id, order_id, creator, email_address, status, status_changed, expires_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), o.id, 'ttd', 'r' || i || '@example.com', 'New', o.requested_send_time,
                   o.requested_send_time + interval '48 hours', 0, o.requested_send_time
            FROM (SELECT id, requested_send_time FROM notifications.orders ORDER BY id OFFSET $((chunk * orders / 10)) LIMIT $((orders / 10))) o,
                 generate_series(1, 100) AS i"
        psql_q bench_stats -c "
            UPDATE notifications.email_notifications e
            SET status = CASE WHEN r < 0.92 THEN 'Succeeded' WHEN r < 0.95 THEN 'Failed_RecipientReserved'
                              WHEN r < 0.97 THEN 'Failed_Bounced' WHEN r < 0.99 THEN 'Failed_TTL' ELSE 'New' END,
                status_changed = e.status_changed + exp(ln(100) + random() * ln(6000)) * interval '1 millisecond', attempts = 1
            FROM (SELECT id, random() AS r FROM notifications.email_notifications WHERE status = 'New' AND attempts = 0) x
            WHERE e.id = x.id"
    done
    folded() { [[ "$(psql_q bench_stats -c "SELECT count(*) FROM notifications.statistics_deltas")" == 0 ]]; }
    wait_until 300 "the folder to fold the seeded changes" folded
    psql_q bench_stats -c "VACUUM ANALYZE"

    local url="$SERVICE_URL/notifications/api/v1/future/statistics" result
    tools stats-read --url "$url" --token "$TOKEN" --requests 20 --to "$to" >/dev/null || die "reading statistics failed"
    result="$(tools stats-read --url "$url" --token "$TOKEN" --requests "$STATS_REQUESTS" --to "$to")" || die "reading statistics failed"
    log "stats read: $result"
    local rows
    rows="$(psql_q bench_stats -c "SELECT (SELECT count(*) FROM notifications.statistics) || '/' || (SELECT count(*) FROM notifications.statistics_daily)")"
    stop_pid "$SERVICE_PID"
    report stats "p50_ms=$(value_of "$result" p50_ms)" "p99_ms=$(value_of "$result" p99_ms)" "emails=$(value_of "$result" emails)" \
        "requests=$(value_of "$result" requests)" "p99_day_ms=$(value_of "$result" p99_day_ms)" \
        "p99_hour_ms=$(value_of "$result" p99_hour_ms)" "aggregate_rows=$rows"
}

# --- run -----------------------------------------------------------------------------------
case "$SCENARIO" in
    all) for s in intake future fanout dispatch latency instant feed webhooks stats; do "scenario_$s"; done ;;
    *) "scenario_$SCENARIO" ;;
esac

# --- table ---------------------------------------------------------------------------------
target_check() { # SCENARIO LINE → "met" / "MISSED (…)"
    local line="$2"
    [[ -z "$SMOKE" ]] || { echo "smoke: no targets"; return; }
    awk -v s="$1" -v line="$line" 'BEGIN {
        n = split(line, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
        if (s == "intake")   { ok = v["ratio"] >= 0.5 && v["p99_ms"] <= 2 * v["baseline_p99_ms"]; t = "ratio >= 0.5, p99 <= 2 x baseline p99" }
        if (s == "fanout")   { ok = v["notifications_per_s"] >= 20000 && v["peak_rss_mb"] <= 400; t = ">= 20,000/s, <= 400 MB" }
        if (s == "dispatch") { ok = v["emails_per_s"] >= 1500 && v["ratio"] >= 0.7; t = ">= 1,500/s, ratio >= 0.7" }
        if (s == "latency")  { ok = v["p50_ms"] <= 250 && v["p99_ms"] <= 1000; t = "p50 <= 250 ms, p99 <= 1000 ms" }
        if (s == "future")   { ok = v["ratio"] >= 0.4; t = "ratio >= 0.4" }
        if (s == "instant")  { ok = v["p50_ms"] <= 40 && v["emails_per_s"] >= 500; t = "p50 <= 40 ms, >= 500 emails/s" }
        if (s == "webhooks") { ok = v["deliveries_per_s"] >= 500 && v["p99_ms"] <= 2000; t = ">= 500 deliveries/s, written -> delivered p99 <= 2 s" }
        if (s == "stats")    { ok = v["p99_ms"] <= 200; t = "p99 <= 200 ms with " v["emails"] " emails in the window" }
        if (s == "feed")     { ok = v["entries_per_s"] >= 20000 && v["p99_ms"] <= 100 && v["visible_ms"] <= 1000; t = ">= 20,000 entries/s, p99 page <= 100 ms, readable <= 1 s" }
        printf "%s (%s)", ok ? "met" : "MISSED", t }'
}
{
    echo
    printf '%-9s | %-135s | %s\n' scenario result target
    printf '%s\n' "$(printf -- '-%.0s' {1..195})"
    for line in "${RESULTS[@]}"; do
        s="$(awk '{ print $2 }' <<<"$line")"
        printf '%-9s | %-135s | %s\n' "$s" "$(cut -d' ' -f3- <<<"$line")" "$(target_check "$s" "$line")"
    done
    echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
}
