# shellcheck shell=bash
# Settings for the local dev stack (Kafka + PostgreSQL). Sourced by up/down/status;
# you can also `source tools/stack/env.sh` to get the connection variables.
# Every value can be overridden by setting it in the environment first.

STACK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # tools/stack
REPO_ROOT="$(cd "$STACK_HOME/../.." && pwd)"

# Where data, logs, pid files and the Kafka jars live (git-ignored).
export STACK_DIR="${STACK_DIR:-$REPO_ROOT/.stack}"

# --- Kafka (single KRaft node, broker+controller) ---
# 4.x (KIP-896 removed pre-2.1 protocol versions); kafkajs 2.2.4 verified against it, see README.
export KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
export KAFKA_HOST=127.0.0.1
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
export KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT"
# Brokers of the cluster (`up --brokers 3`): node N listens on KAFKA_PORT + 10*(N-1) and its
# controller on KAFKA_CONTROLLER_PORT + 10*(N-1). One by default, for speed; a stack started with
# --brokers keeps its count (recorded in .stack/kafka/nodes) until its data is deleted.
export KAFKA_NODES="${KAFKA_NODES:-$(cat "$STACK_DIR/kafka/nodes" 2>/dev/null || echo 1)}"
for ((node = 2; node <= KAFKA_NODES; node++)); do
  KAFKA_BROKERS+=",$KAFKA_HOST:$((KAFKA_PORT + 10 * (node - 1)))"
done
# KIP-848 consumer groups (librdkafka's default protocol): the heartbeat interval and session
# timeout the broker gives their members, and the least a group may ask for (read at start).
# Production brokers keep Kafka's defaults, 5000 and 45000: see docs/operations.md.
export KAFKA_CONSUMER_HEARTBEAT_MS="${KAFKA_CONSUMER_HEARTBEAT_MS:-1000}"
export KAFKA_CONSUMER_SESSION_MS="${KAFKA_CONSUMER_SESSION_MS:-10000}"

# --- PostgreSQL (own cluster; 5433 avoids a system cluster on 5432) ---
export PGHOST=127.0.0.1
export PGPORT="${PGPORT:-5433}"
export PGUSER="${PGUSER:-app}"
export PGPASSWORD="${PGPASSWORD:-app}"
export PGDATABASE="${PGDATABASE:-app}"
export DATABASE_URL="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"

# --- Secured variant (opt-in: `up --secure` or STACK_SECURE=1; applies at the next start) ---
# Adds a SASL_SSL listener to Kafka and TLS to PostgreSQL, with certificates of a private CA
# made into $STACK_TLS_DIR, a SASL user (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), OAUTHBEARER
# for unsecured JWTs that carry the scope $STACK_OAUTH_SCOPE, and a PostgreSQL role that may log
# in over TLS only.
export STACK_SECURE="${STACK_SECURE:-0}"
# `up --acls`: the secured variant whose Kafka allows nothing that no ACL allows (but to its
# super users, ANONYMOUS on the plaintext listener and STACK_SASL_USERNAME).
export STACK_KAFKA_ACLS="${STACK_KAFKA_ACLS:-0}"
export STACK_TLS_DIR="${STACK_TLS_DIR:-$STACK_DIR/tls}"
export KAFKA_SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-9094}"
export KAFKA_SECURE_BROKERS="$KAFKA_HOST:$KAFKA_SASL_SSL_PORT"
export STACK_SASL_USERNAME="${STACK_SASL_USERNAME:-app}"
export STACK_SASL_PASSWORD="${STACK_SASL_PASSWORD:-app-secret}"
export STACK_OAUTH_SCOPE="${STACK_OAUTH_SCOPE:-kafka}"
export PG_TLS_ROLE="${PG_TLS_ROLE:-app_tls}"
export PG_TLS_PASSWORD="${PG_TLS_PASSWORD:-app-tls-secret}"
export DATABASE_TLS_URL="postgresql://$PG_TLS_ROLE:$PG_TLS_PASSWORD@$PGHOST:$PGPORT/$PGDATABASE"

# --- Time limits in seconds ---
export KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
export PG_START_TIMEOUT="${PG_START_TIMEOUT:-30}"
export STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
