# shellcheck shell=bash disable=SC2034  # (paths below are used by the sourcing scripts)
# Helpers shared by up/down/status/kafka-run. Sources env.sh.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
# Node 1 lives in $KAFKA_DIR, nodes 2.. of a cluster (`up --brokers N`) in $KAFKA_DIR/node-N.
kafka_node_dir() { if [[ $1 == 1 ]]; then echo "$KAFKA_DIR"; else echo "$KAFKA_DIR/node-$1"; fi; }
# Sets the paths of node $1 (default 1): its properties, pid file, logs and data.
kafka_node() {
  local dir; dir="$(kafka_node_dir "${1:-1}")"
  KAFKA_PROPS="$dir/server.properties"
  KAFKA_PID="$dir/kafka.pid"
  KAFKA_LOG="$dir/logs/server.log"
  KAFKA_OUT="$dir/logs/kafka.out"   # JVM stdout/stderr (crashes before log4j starts)
  KAFKA_DATA="$dir/data"
}
kafka_node 1
# Any node's broker process, by command line.
KAFKA_ANY_NODE="kafka\.Kafka $KAFKA_DIR/(node-[0-9]+/)?server\.properties"

# postgres (run as its own OS user) must traverse every parent of its data folder. A clone under
# a private folder (mktemp -d, /root) cannot offer that, so its cluster then lives in /var/tmp.
pg_dir_for() {
  local dir="$STACK_DIR" parent="$STACK_DIR"
  if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1; then
    while [[ "$parent" != / ]]; do
      parent="$(dirname "$parent")"
      if [[ -e "$parent" ]] && ! runuser -u postgres -- test -x "$parent" 2>/dev/null; then
        dir="/var/tmp/kafka-materialized-$(printf '%s' "$STACK_DIR" | sha1sum | cut -c1-10)"
        break
      fi
    done
  fi
  echo "$dir/postgres"
}
# Sets PG_DIR and the paths under it; `up` calls it again after installing PostgreSQL.
pg_paths() {
  PG_DIR="$(pg_dir_for)"
  PGDATA="$PG_DIR/data"
  PG_SOCK="$PG_DIR/run"
  PG_LOG="$PG_DIR/postgres.log"
}
pg_paths

log() { echo "stack: $*" >&2; }
die() { echo "stack: ERROR: $*" >&2; exit 1; }

# Newest installed server binaries, e.g. /usr/lib/postgresql/15/bin.
pg_bin_dir() {
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  [[ -n "$d" && -x "$d/pg_ctl" ]] && echo "$d"
}

# postgres refuses to run as root: run its tools as the postgres OS user then.
# cd / so that the postgres user is not left in an unreadable cwd (e.g. /root).
as_pg() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# apt-get install PKG when CMD is missing (fresh CI machines).
ensure_cmd() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null && return 0
  [[ $EUID -eq 0 ]] || die "$cmd is missing; install the Debian package '$pkg'"
  log "installing $pkg"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null; } ||
    die "apt-get install $pkg failed"
}

# Serialise up/down: several sessions may share one stack. The servers must not
# inherit fd 9, or they would hold the lock for their whole life.
stack_lock() {
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 600 9 || die "another tools/stack up/down holds $STACK_DIR/.lock"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A zombie (exited, not yet reaped by its parent) counts as gone.
alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null &&
    [[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]]
}

# Pid of our broker, if its process is alive (pid file + command line check).
kafka_pid() {
  local pid
  pid="$(cat "$KAFKA_PID" 2>/dev/null || true)"
  alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $KAFKA_PROPS" && echo "$pid"
}

# A real metadata round trip, not just an open port: every broker of the cluster listed.
kafka_ready() {
  command -v kcat >/dev/null || return 1
  local metadata; metadata="$(kcat -b "$KAFKA_BROKERS" -L -m 3 2>/dev/null)" || return 1
  grep -q "broker 1 at $KAFKA_HOST:$KAFKA_PORT" <<<"$metadata" &&
    grep -q "^ $KAFKA_NODES brokers:" <<<"$metadata"
}

# Postmaster pid, if alive.
pg_pid() {
  local pid
  pid="$(head -n1 "$PGDATA/postmaster.pid" 2>/dev/null || true)"
  alive "$pid" && echo "$pid"
}

pg_ready() {
  local bin; bin="$(pg_bin_dir)" || return 1
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -d postgres
}

# Processes of ours found by command line, whatever the pid files say.
stray_pids() {
  pgrep -f -- "$KAFKA_ANY_NODE" || true
  pgrep -f -- "-D $PGDATA( |\$)" || true
}

# Whether the secured variant is asked for (`up --secure` or STACK_SECURE=1).
secure() { [[ "$STACK_SECURE" == 1 ]]; }
acls() { [[ "$STACK_KAFKA_ACLS" == 1 ]]; }

# The private CA and server certificate of the secured variant (kept once made).
tls_certs() {
  "$STACK_HOME/tls-certs" "$STACK_TLS_DIR" "kafka-materialized stack CA" ||
    die "could not make the certificates in $STACK_TLS_DIR"
}

show_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    echo "----- last 40 lines of $f -----" >&2
    tail -n 40 "$f" >&2
  done
}
