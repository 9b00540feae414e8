#!/usr/bin/env bash
# Kafka read rate: `evmon tail T --from earliest -e --format json > /dev/null` against a
# confluent-kafka consumer (assigned from offset 0, consuming in batches), alternating, on
# 1,000,000 messages of ~200 bytes in 3 partitions on Tansu.
#
# usage: scripts/bench-kafka.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-3}"
STATE="$(mktemp -d)"
trap 'scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
scripts/test-brokers.sh start "$STATE" >/dev/null
source "$STATE/env"
TOPIC=bench
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
echo "filling $TOPIC with $MESSAGES messages of ~200 bytes on Tansu at $EVMON_TEST_KAFKA…"
fill_started=$(now)
python3 scripts/bench_kafka.py fill "$EVMON_TEST_KAFKA" "$TOPIC" "$MESSAGES" 200
echo "filled in $(calc "$(now) - $fill_started") s"

[ -x /usr/bin/time ] || { echo "bench-kafka: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
# The rates below assume every message is read: check that once, outside the timed rounds.
read_back=$("$EVMON" tail "$TOPIC" --from earliest -e --format '%o\n' --broker "kafka://$EVMON_TEST_KAFKA" | wc -l)
[ "$read_back" -eq "$MESSAGES" ] || { echo "bench-kafka: evmon read $read_back of $MESSAGES messages" >&2; exit 1; }
evmon_rates=()
reference_rates=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" tail "$TOPIC" --from earliest -e --format json \
    --broker "kafka://$EVMON_TEST_KAFKA" > /dev/null
  elapsed=$(calc "$(now) - $started")
  rate=$(calc "int($MESSAGES / $elapsed)")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")
  evmon_rates+=("$rate")
  reference=$(python3 scripts/bench_kafka.py consume "$EVMON_TEST_KAFKA" "$TOPIC" "$MESSAGES")
  reference_rates+=("$reference")
  echo "round $round: evmon $rate msg/s (peak RSS ${rss} KB), confluent-kafka $reference msg/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
evmon_median=$(median "${evmon_rates[@]}")
reference_median=$(median "${reference_rates[@]}")
echo "median: evmon $evmon_median msg/s, confluent-kafka $reference_median msg/s, ratio $(calc "round($evmon_median / $reference_median, 2)")"
