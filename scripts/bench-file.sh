#!/usr/bin/env bash
# Capture read rate: `evmon tail T --from earliest -e --format json` from a file:// capture of
# a Tansu topic (1,000,000 messages of ~200 bytes, 3 partitions, taken with evmon tail) against
# the same command reading Tansu itself, alternating; prints each round, the medians and the
# ratio (file over Tansu), and checks that the capture reads back line for line.
#
# usage: scripts/bench-file.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-3}"
[ -x /usr/bin/time ] || { echo "bench-file: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
source scripts/bench-lib.sh
bench_start_brokers
URL="kafka://$EVMON_TEST_KAFKA"
CAPTURE="$STATE/capture.jsonl"
python3 scripts/bench_kafka.py fill "$EVMON_TEST_KAFKA" bench "$MESSAGES" 200
"$EVMON" tail bench --from earliest -e --format json --broker "$URL" > "$CAPTURE"
echo "capture: $(wc -l < "$CAPTURE") lines, $(du -m "$CAPTURE" | cut -f1) MB"
# The same lines come back: in offset order per partition, partitions merged by time (a Kafka
# tail prints them by fetch), so compared sorted.
"$EVMON" tail bench --from earliest -e --format json --broker "file://$CAPTURE" | sort | cmp - <(sort "$CAPTURE") \
  || { echo "bench-file: the capture does not read back as it was written" >&2; exit 1; }

rate() {  # rate URL: msg/s and peak RSS (KB) of one tail of the whole topic
  local started; started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" tail bench --from earliest -e --format json --broker "$1" > /dev/null
  echo "$(calc "int($MESSAGES / ($(now) - $started))") $(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")"
}
file_rates=()
kafka_rates=()
for round in $(seq 1 "$ROUNDS"); do
  read -r file_rate file_rss < <(rate "file://$CAPTURE")
  read -r kafka_rate kafka_rss < <(rate "$URL")
  file_rates+=("$file_rate")
  kafka_rates+=("$kafka_rate")
  echo "round $round: file:// $file_rate msg/s (peak RSS ${file_rss} KB), Tansu $kafka_rate msg/s (peak RSS ${kafka_rss} KB)"
done
file_median=$(median "${file_rates[@]}")
kafka_median=$(median "${kafka_rates[@]}")
echo "median: file:// $file_median msg/s, tail from Tansu $kafka_median msg/s, ratio $(calc "round($file_median / $kafka_median, 2)")"
