#!/usr/bin/env bash
# `evmon check` over a full topic: 1,000,000 OrderCreated events (~200 bytes, 3 partitions) in
# Tansu, judged from the earliest message by (a) three watches: require, unique on .event_id and
# one jq `expect`, and (b) five native watches. Each round's wall time, less the `--idle` wait
# that ends the run, gives messages/s; verdicts must be the same every round.
#
# usage: scripts/bench-check.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-5}"
source scripts/bench-lib.sh
bench_start_brokers

echo "filling orders with $MESSAGES events…"
python3 scripts/bench_kafka.py fill-orders "$EVMON_TEST_KAFKA" orders "$MESSAGES"
# Both files start with the same two watches.
common='watches:
  - name: required fields
    topic: orders
    require: [event_id, event_type, timestamp, payload.order_id, payload.sequence]
  - name: no duplicate events
    topic: orders
    unique: { key: .event_id, within: 10m }'
cat > "$STATE/three.yaml" <<YAML
$common
  - name: positive totals
    topic: orders
    expect: '.payload.total > 0'
YAML
cat > "$STATE/five.yaml" <<YAML
$common
  - name: per-order sequence
    topic: orders
    ordered: { by: .payload.sequence, per: key }
  - name: only orders
    topic: orders
    expect: '.event_type == "OrderCreated"'
  - name: flowing
    topic: orders
    rate: { min: 1, per: 1s }
YAML
IDLE_MS=200
for file in three five; do
  rates=()
  for round in $(seq 1 "$ROUNDS"); do
    started=$(now)
    "$EVMON" check --watches "$STATE/$file.yaml" --from earliest --idle "${IDLE_MS}ms" --format json \
      --broker "kafka://$EVMON_TEST_KAFKA" > "$STATE/verdicts-$round" || true
    rates+=("$(calc "int($MESSAGES / ($(now) - $started - $IDLE_MS / 1000))")")
    # Verdicts without their timings must not change between rounds.
    python3 -c 'import json,sys; print(json.dumps([{k: v for k, v in json.loads(l).items() if "time" not in k.lower() and "ms" not in k} for l in open(sys.argv[1])], sort_keys=True))' \
      "$STATE/verdicts-$round" > "$STATE/verdicts-$round.norm"
    cmp -s "$STATE/verdicts-1.norm" "$STATE/verdicts-$round.norm" || { echo "bench-check: verdicts differ in round $round" >&2; exit 1; }
    echo "$file watches round $round: ${rates[-1]} msg/s"
  done
  echo "$file watches median: $(median "${rates[@]}") msg/s; verdicts: $(python3 -c 'import json,sys; print(", ".join(str(o.get("watch", o.get("name"))) + ": " + str(o.get("status")) for o in map(json.loads, open(sys.argv[1]))))' "$STATE/verdicts-1")"
done
