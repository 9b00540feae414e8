#!/usr/bin/env bash
# Schema decoding at tail speed: the same 300,000 orders in Tansu as Confluent-framed Avro
# (through a stand-in for the registry's REST API) and as plain JSON. Reports, in alternating
# rounds, medians of
#   - the monitor's catch-up (evmon-bench catch-up): Avro decoded, the same Avro left raw, JSON;
#   - evmon check with four watches: the Avro topic decoded, the JSON topic.
#
# usage: scripts/bench-schemas.sh EVMON_BIN EVMON_BENCH_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN EVMON_BENCH_BIN [MESSAGES] [ROUNDS]}"
BENCH="${2:?usage: $0 EVMON_BIN EVMON_BENCH_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${3:-300000}"
ROUNDS="${4:-3}"
source scripts/bench-lib.sh
bench_start_brokers
python3 Tests/KafkaIntegrationTests/scripts/schema_registry.py > "$STATE/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null; scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
for _ in $(seq 50); do grep -q listening "$STATE/registry.log" && break; sleep 0.1; done
REGISTRY="$(awk '/listening/ {print $2; exit}' "$STATE/registry.log")"

echo "filling orders-avro and orders-json with $MESSAGES orders each…"
python3 -W ignore scripts/bench_fill_avro.py "$EVMON_TEST_KAFKA" "$REGISTRY" orders "$MESSAGES" >/dev/null

catch_up() {  # TOPIC [REGISTRY] → msg/s
  "$BENCH" catch-up "kafka://$EVMON_TEST_KAFKA" "$@" | sed -n 's/.* = \([0-9]*\) msg\/s.*/\1/p'
}
decoded=(); raw=(); plain=()
for round in $(seq 1 "$ROUNDS"); do
  decoded+=("$(catch_up orders-avro "$MESSAGES" "$REGISTRY")")
  raw+=("$(catch_up orders-avro "$MESSAGES")")
  plain+=("$(catch_up orders-json "$MESSAGES")")
  echo "catch-up round $round: avro decoded ${decoded[-1]}, avro raw ${raw[-1]}, json ${plain[-1]} msg/s"
done
echo "catch-up medians: avro decoded $(median "${decoded[@]}"), avro raw $(median "${raw[@]}"), json $(median "${plain[@]}") msg/s"

watches() {  # TOPIC → a watch file
  cat > "$STATE/$1.yaml" <<YAML
watches:
  - name: required fields
    topic: $1
    require: [event_id, order_id, total, currency, created_at]
  - name: no duplicate sequence
    topic: $1
    unique: { key: .sequence, within: 1s }
  - name: some items
    topic: $1
    expect: '.items > 0'
  - name: registered schema
    topic: $1
    schema: registry
YAML
}
watches orders-avro
watches orders-json
IDLE_MS=200
check() {  # TOPIC URL → msg/s
  local started; started=$(now)
  "$EVMON" check --watches "$STATE/$1.yaml" --from earliest --idle "${IDLE_MS}ms" --format json --broker "$2" > "$STATE/verdicts-$1" || true
  calc "int($MESSAGES / ($(now) - $started - $IDLE_MS / 1000))"
}
avro_check=(); json_check=()
for round in $(seq 1 "$ROUNDS"); do
  avro_check+=("$(check orders-avro "kafka://$EVMON_TEST_KAFKA?schema_registry=$REGISTRY")")
  json_check+=("$(check orders-json "kafka://$EVMON_TEST_KAFKA")")
  echo "check round $round: avro decoded ${avro_check[-1]}, json ${json_check[-1]} msg/s"
done
echo "check medians: avro decoded $(median "${avro_check[@]}"), json $(median "${json_check[@]}") msg/s"
echo "verdicts (avro): $(python3 -c 'import json,sys; print(", ".join(o["name"] + ": " + o["status"] for o in map(json.loads, open(sys.argv[1]))))' "$STATE/verdicts-orders-avro")"
echo "verdicts (json): $(python3 -c 'import json,sys; print(", ".join(o["name"] + ": " + o["status"] for o in map(json.loads, open(sys.argv[1]))))' "$STATE/verdicts-orders-json")"
