# shellcheck shell=bash
# A private, throwaway-friendly PostgreSQL cluster for ./run.sh and ./test.sh.
# Source this file; it only defines functions (prefix pg_) and sets no shell options.
# Every function returns non-zero on failure, with or without `set -e` in the caller.
#
# The cluster listens on 127.0.0.1 only, on a port of the caller's choosing, with its
# unix socket inside the cluster directory, and trusts every local connection as the
# superuser `postgres` (development and tests only: nothing else can reach it).

PG_BIN="${PG_BIN:-}"

pg_log() { printf '[postgres] %s\n' "$*" >&2; }
pg_die() { printf '[postgres] error: %s\n' "$*" >&2; return 1; }

# Sets PG_BIN to the directory holding initdb/pg_ctl (highest installed version wins).
pg_find_bindir() {
    [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] && return 0
    local dir
    # Debian/Ubuntu keep the server binaries off PATH, one directory per major version.
    dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
    fi
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
    fi
    [[ -x "$dir/initdb" ]] || return 1
    PG_BIN="$dir"
}

# Finds the binaries, installing the Debian package when missing and running as root.
pg_ensure_installed() {
    pg_find_bindir && return 0
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        pg_log "PostgreSQL not found; installing it with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 </dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 </dev/null
        pg_find_bindir && return 0
    fi
    pg_die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install PostgreSQL" \
        "(Debian/Ubuntu: 'sudo apt-get install postgresql') or run this script as root."
    return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root (initdb and the
# server refuse to run as root), otherwise the current user.
pg_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# When root: lets the postgres user reach DIR by adding o+x to every ancestor it cannot
# traverse (mktemp -d makes 0700 directories; clones often live under /root).
pg_make_traversable() {
    [[ $EUID -eq 0 ]] || return 0
    local d="$1"
    while [[ "$d" != "/" && -n "$d" ]]; do
        d="$(dirname "$d")"
        if ! runuser -u postgres -- test -x "$d"; then
            pg_log "granting o+x on $d so the postgres user can reach its cluster"
            chmod o+x "$d"
        fi
    done
}

# pg_init_cluster DIR — creates a cluster in DIR (absolute path) unless one exists.
pg_init_cluster() {
    local dir="$1"
    [[ -f "$dir/PG_VERSION" ]] && return 0
    pg_ensure_installed || return 1
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        pg_die "running as root but there is no 'postgres' user to own the cluster"
        return 1
    fi
    mkdir -p "$dir" && chmod 700 "$dir" || return 1
    if [[ $EUID -eq 0 ]]; then chown postgres: "$dir" || return 1; fi
    pg_make_traversable "$dir" || return 1
    pg_log "initialising a cluster in $dir"
    pg_as_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C >"$dir.initdb.log" 2>&1 ||
        { cat "$dir.initdb.log" >&2; pg_die "initdb failed"; return 1; }
    rm -f "$dir.initdb.log"
    # Per-run settings live in an included file rewritten on every start (see pg_start).
    echo "include_if_exists = 'run.conf'" | pg_as_owner tee -a "$dir/postgresql.conf" >/dev/null
}

# Prints the PID of a postmaster that is really serving DIR. A postmaster.pid left by a
# crash whose PID now belongs to another process is removed, so the next start works.
pg_running_pid() {
    local dir="$1" pid cwd
    [[ -f "$dir/postmaster.pid" ]] || return 1
    pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)"
    # /proc rather than `kill -0`: as a non-root user that fails on others' processes.
    if [[ "$pid" =~ ^[0-9]+$ && -d "/proc/$pid" ]]; then
        # The postmaster's working directory is its data directory; when /proc/PID/cwd is
        # not readable (restricted containers), settle for "it is a postgres process".
        if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)"; then
            [[ "$cwd" == "$(cd "$dir" && pwd -P)" ]] && { echo "$pid"; return 0; }
        elif [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]]; then
            echo "$pid"
            return 0
        fi
    elif [[ "$pid" =~ ^[0-9]+$ && ! -d /proc/self ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$pid"   # no /proc (not Linux): trust the PID
        return 0
    fi
    pg_log "removing stale $dir/postmaster.pid"
    rm -f "$dir/postmaster.pid"
    return 1
}

# pg_start DIR PORT — starts the cluster on 127.0.0.1:PORT and waits until it accepts connections.
pg_start() {
    local dir="$1" port="$2" sockets="$1"
    pg_ensure_installed && pg_make_traversable "$dir" || return 1
    # A unix socket path is limited to ~107 bytes; with a deep DIR we go TCP-only.
    if (( ${#dir} > 90 )); then sockets=""; fi
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" \
        "$port" "${sockets//\'/\'\'}" | pg_as_owner tee "$dir/run.conf" >/dev/null || return 1
    pg_log "starting PostgreSQL on 127.0.0.1:$port (log: $dir/postgres.log)"
    if ! pg_as_owner "$PG_BIN/pg_ctl" start -D "$dir" -l "$dir/postgres.log" -w -t 60 >/dev/null; then
        tail -n 20 "$dir/postgres.log" >&2 || true
        pg_die "PostgreSQL did not start (is port $port already in use?)"
        return 1
    fi
    pg_wait_ready "$port"
}

# pg_wait_ready PORT — waits up to 30 s for the server to accept connections.
pg_wait_ready() {
    local port="$1" i
    for ((i = 0; i < 60; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && return 0
        sleep 0.5
    done
    pg_die "PostgreSQL on port $port is not ready after 30 s"
    return 1
}

# pg_create_db PORT NAME — creates database NAME unless it exists.
pg_create_db() {
    local port="$1" name="$2" exists
    exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAq \
        -v name="$name" <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")" || return 1
    [[ "$exists" == 1 ]] && return 0
    pg_log "creating database $name"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
}

# pg_stop DIR — fast shutdown (rolls back open transactions); quiet when not running.
pg_stop() {
    local dir="$1"
    [[ -f "$dir/postmaster.pid" ]] || return 0
    pg_find_bindir || return 0
    if ! pg_as_owner "$PG_BIN/pg_ctl" stop -D "$dir" -m fast -w -t 60 >/dev/null 2>&1 &&
        pg_running_pid "$dir" >/dev/null; then
        pg_die "could not stop the PostgreSQL in $dir"
        return 1
    fi
}

# Prints a TCP port that is free on 127.0.0.1 right now.
pg_free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local port i
    for ((i = 0; i < 100; i++)); do
        port=$((20000 + RANDOM % 30000))
        # A refused connection means nobody listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    pg_die "found no free TCP port"
    return 1
}
