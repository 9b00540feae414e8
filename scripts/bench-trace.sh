#!/usr/bin/env bash
# `evmon trace` over three topics holding MESSAGES OrderCreated events in total (~200 bytes,
# 3 partitions each), its window covering all of them, against `evmon tail` reading the same
# three topics to their ends as JSON, alternating, ROUNDS rounds. Messages scanned per second,
# medians; each trace must find its order in all three topics (key and .payload.order_id).
#
# usage: scripts/bench-trace.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-5}"
source scripts/bench-lib.sh
bench_start_brokers
URL="kafka://$EVMON_TEST_KAFKA"

PER_TOPIC=$((MESSAGES / 3))
TOTAL=$((PER_TOPIC * 3))
echo "filling orders-a, orders-b, orders-c with $PER_TOPIC events each…"
for topic in orders-a orders-b orders-c; do
  python3 scripts/bench_kafka.py fill-orders "$EVMON_TEST_KAFKA" "$topic" "$PER_TOPIC"
done
# An order in the middle of each topic: its key and its .payload.order_id.
ORDER="ord-$((PER_TOPIC / 2))"

trace_rates=()
tail_rates=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(now)
  "$EVMON" trace "$ORDER" --topics orders-a orders-b orders-c --window 24h --format json --broker "$URL" > "$STATE/trace"
  trace_rates+=("$(calc "int($TOTAL / ($(now) - $started))")")
  found=$(wc -l < "$STATE/trace")
  [ "$found" -eq 3 ] || { echo "bench-trace: round $round found $found messages of $ORDER, not 3" >&2; exit 1; }
  started=$(now)
  "$EVMON" tail orders-a orders-b orders-c --from earliest -e --format json --broker "$URL" > /dev/null
  tail_rates+=("$(calc "int($TOTAL / ($(now) - $started))")")
  echo "round $round: trace $(echo "${trace_rates[-1]}") msg/s scanned, tail --format json $(echo "${tail_rates[-1]}") msg/s"
done
trace_median=$(median "${trace_rates[@]}")
tail_median=$(median "${tail_rates[@]}")
echo "median: trace $trace_median msg/s scanned, tail $tail_median msg/s, trace/tail $(calc "round($trace_median / $tail_median, 2)")"
