#!/usr/bin/env bash
# Tail read rate of one broker: `evmon tail T --from earliest -e --format json > /dev/null`
# against that broker's reference client reading the same data, alternating, on messages of
# ~200 bytes; prints each round, the medians and their ratio.
#
#   kafka  Tansu, 3 partitions       vs confluent-kafka (assigned from offset 0, batched consume)
#   redis  one stream, field `data`  vs redis-py + hiredis (RESP3, XRANGE pages of COUNT 1000)
#   redis-json                       the same, one field `payload` holding a JSON object (the
#                                    common entry shape; evmon checks and shows the JSON)
#   nats   one JetStream stream      vs nats-py (ordered push consumer, counting callback)
#
# usage: scripts/bench-tail.sh kafka|redis|redis-json|nats EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BROKER="${1:?usage: $0 kafka|redis|redis-json|nats EVMON_BIN [MESSAGES] [ROUNDS]}"
EVMON="${2:?usage: $0 kafka|redis|redis-json|nats EVMON_BIN [MESSAGES] [ROUNDS]}"
FILL=fill
MESSAGES="${3:-1000000}"
ROUNDS="${4:-3}"
case "$BROKER" in
  kafka) TOPIC=bench; SIZE=200; REFERENCE=confluent-kafka; READ=consume ;;
  redis) TOPIC=bench; SIZE=190; REFERENCE=redis-py+hiredis; READ=read ;;
  redis-json) BROKER=redis; FILL=fill-json; TOPIC=bench; SIZE=190; REFERENCE=redis-py+hiredis; READ=read ;;
  nats)  TOPIC=BENCH; SIZE=200; REFERENCE=nats-py; READ=consume ;;
  *) echo "bench-tail: unknown broker '$BROKER' (kafka, redis, redis-json or nats)" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || { echo "bench-tail: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
STATE="$(mktemp -d)"
trap 'scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
scripts/test-brokers.sh start "$STATE" >/dev/null
source "$STATE/env"
case "$BROKER" in
  kafka) ADDRESS="$EVMON_TEST_KAFKA" ;;
  redis) ADDRESS="$EVMON_TEST_REDIS" ;;
  nats)  ADDRESS="$EVMON_TEST_NATS" ;;
esac
URL="$BROKER://$ADDRESS"
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "filling $TOPIC with $MESSAGES messages of ~$SIZE bytes at $URL…"
fill_started=$(now)
python3 "scripts/bench_$BROKER.py" "$FILL" "$ADDRESS" "$TOPIC" "$MESSAGES" "$SIZE"
echo "filled in $(calc "$(now) - $fill_started") s"

# The rates below assume every message is read exactly once: check that once, outside the timed rounds.
"$EVMON" tail "$TOPIC" --from earliest -e --format '%p %o\n' --broker "$URL" > "$STATE/positions"
read_back=$(wc -l < "$STATE/positions")
distinct=$(sort -u "$STATE/positions" | wc -l)
rm -f "$STATE/positions"
[ "$read_back" -eq "$MESSAGES" ] && [ "$distinct" -eq "$MESSAGES" ] || {
  echo "bench-tail: evmon read $read_back messages ($distinct distinct) of $MESSAGES" >&2; exit 1; }

evmon_rates=()
reference_rates=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" tail "$TOPIC" --from earliest -e --format json --broker "$URL" > /dev/null
  rate=$(calc "int($MESSAGES / ($(now) - $started))")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")
  evmon_rates+=("$rate")
  reference=$(python3 "scripts/bench_$BROKER.py" "$READ" "$ADDRESS" "$TOPIC" "$MESSAGES")
  reference_rates+=("$reference")
  echo "round $round: evmon $rate msg/s (peak RSS ${rss} KB), $REFERENCE $reference msg/s"
done
evmon_median=$(median "${evmon_rates[@]}")
reference_median=$(median "${reference_rates[@]}")
echo "median: evmon $evmon_median msg/s, $REFERENCE $reference_median msg/s, ratio $(calc "round($evmon_median / $reference_median, 2)")"
