#!/usr/bin/env bash
# Produce rate on Tansu: `evmon produce T --file F` (1,000,000 JSON lines in tail's shape,
# ~200-byte values, partitions named) against confluent-kafka's producer writing the same
# messages (built in memory before its clock starts: the reference's own input costs nothing),
# each into a fresh 3-partition topic, alternating; prints each round, the medians and the
# ratio. Then one evmon round per codec. Both write with acks=all.
#
# usage: scripts/bench-produce.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-3}"
SIZE=200
[ -x /usr/bin/time ] || { echo "bench-produce: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
source scripts/bench-lib.sh
bench_start_brokers
ADDRESS="$EVMON_TEST_KAFKA"
URL="kafka://$ADDRESS"
FIXTURES="$STATE/fixtures.jsonl"
python3 scripts/bench_kafka.py fixtures "$ADDRESS" - "$MESSAGES" "$SIZE" > "$FIXTURES"
echo "fixtures: $MESSAGES lines, $(du -m "$FIXTURES" | cut -f1) MB"

evmon_round() {  # evmon_round TOPIC [COMPRESSION]: prints msg/s, checks every message landed
  local topic=$1 compression=${2:-none} started rate
  python3 scripts/bench_kafka.py create "$ADDRESS" "$topic" 0
  started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" produce "$topic" --file "$FIXTURES" --compression "$compression" --broker "$URL" > "$STATE/landed"
  rate=$(calc "int($MESSAGES / ($(now) - $started))")
  [ "$(wc -l < "$STATE/landed")" -eq "$MESSAGES" ] || { echo "bench-produce: evmon reported $(wc -l < "$STATE/landed") of $MESSAGES" >&2; exit 1; }
  echo "$rate $(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")"
}

evmon_rates=()
reference_rates=()
for round in $(seq 1 "$ROUNDS"); do
  read -r rate rss < <(evmon_round "bench-evmon-$round")
  evmon_rates+=("$rate")
  reference=$(python3 scripts/bench_kafka.py produce "$ADDRESS" "bench-reference-$round" "$MESSAGES" "$SIZE")
  reference_rates+=("$reference")
  echo "round $round: evmon $rate msg/s (peak RSS ${rss} KB), confluent-kafka $reference msg/s"
done
evmon_median=$(median "${evmon_rates[@]}")
reference_median=$(median "${reference_rates[@]}")
echo "median: evmon $evmon_median msg/s, confluent-kafka $reference_median msg/s, ratio $(calc "round($evmon_median / $reference_median, 2)")"

# Read back once: every message of the last round is there, in the order of the file per partition.
"$EVMON" tail "bench-evmon-$ROUNDS" --from earliest -e --format '%p %k\n' --broker "$URL" | sort -s -k1,1 > "$STATE/read"
python3 -c "
import json, sys
lines = [json.loads(l) for l in open('$FIXTURES')]
expected = sorted(((str(l['partition']), l['key']) for l in lines), key=lambda p: p[0])
read = [tuple(l.split(' ', 1)) for l in open('$STATE/read').read().splitlines()]
sys.exit(0 if read == expected else 'bench-produce: what evmon wrote does not read back in order')
"
echo "read back: $MESSAGES messages, in order per partition"

for codec in gzip snappy lz4 zstd; do
  read -r rate rss < <(evmon_round "bench-$codec" "$codec")
  echo "evmon --compression $codec: $rate msg/s (peak RSS ${rss} KB)"
done
