#!/usr/bin/env bash
# Tail read rate of one broker: `evmon tail T --from earliest -e --format json > /dev/null`
# against that broker's reference client reading the same data, alternating, on messages of
# ~200 bytes; prints each round, the medians and their ratio.
#
#   kafka  Tansu, 3 partitions       vs confluent-kafka (assigned from offset 0, batched consume),
#                                    then vs kcat on librdkafka 2.16 (defaults, and tuned), wall and CPU
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
source scripts/bench-lib.sh
bench_start_brokers
case "$BROKER" in
  kafka) ADDRESS="$EVMON_TEST_KAFKA" ;;
  redis) ADDRESS="$EVMON_TEST_REDIS" ;;
  nats)  ADDRESS="$EVMON_TEST_NATS" ;;
esac
URL="$BROKER://$ADDRESS"

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

# Kafka: against the best C client too. kcat (Debian's) on the librdkafka inside the
# confluent-kafka wheel (Debian's 2.0.2 fails ApiVersions with Tansu), alternating with evmon
# printing the same output: kcat's -J envelope with kcat's defaults, and the bare values with
# kcat tuned for throughput. Wall time and CPU seconds (user + system) per million messages.
if [ "$BROKER" = kafka ]; then
  kcat_bin="$(command -v kcat || command -v kafkacat)" || { echo "bench-tail: kcat is not installed (apt-get install kcat)" >&2; exit 1; }
  wheel_lib="$(python3 -c 'import confluent_kafka, glob, os; print(glob.glob(os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs", "librdkafka*.so*"))[0])')"
  mkdir -p "$STATE/kcat-lib" && ln -sf "$wheel_lib" "$STATE/kcat-lib/librdkafka.so.1"
  timed() {  # timed NAME COMMAND…: runs it to /dev/null; sets WALL (s) and CPU (s)
    local started; started=$(now)
    /usr/bin/time -f '%U %S' -o "$STATE/cpu" "${@:2}" > /dev/null
    WALL=$(calc "$(now) - $started"); CPU=$(awk '{print $1 + $2}' "$STATE/cpu")
  }
  compare() {  # compare LABEL "EVMON_ARGS" "KCAT_ARGS"
    local label=$1 evmon_walls=() kcat_walls=() evmon_cpus=() kcat_cpus=()
    for round in $(seq 1 "$ROUNDS"); do
      # shellcheck disable=SC2086
      timed evmon "$EVMON" tail "$TOPIC" --from earliest -e $2 --broker "$URL"
      evmon_walls+=("$WALL"); evmon_cpus+=("$CPU")
      # shellcheck disable=SC2086
      timed kcat env LD_LIBRARY_PATH="$STATE/kcat-lib" "$kcat_bin" -C -q -b "$ADDRESS" -t "$TOPIC" -o beginning -e $3
      kcat_walls+=("$WALL"); kcat_cpus+=("$CPU")
      echo "$label round $round: evmon ${evmon_walls[-1]} s (${evmon_cpus[-1]} CPU-s), kcat ${kcat_walls[-1]} s (${kcat_cpus[-1]} CPU-s)"
    done
    local ew kw ec kc; ew=$(median "${evmon_walls[@]}"); kw=$(median "${kcat_walls[@]}"); ec=$(median "${evmon_cpus[@]}"); kc=$(median "${kcat_cpus[@]}")
    echo "$label median: evmon $(calc "round($ew, 2)") s, kcat $(calc "round($kw, 2)") s, wall evmon/kcat $(calc "round($ew / $kw, 3)");" \
      "CPU-s per million: evmon $(calc "round($ec * 1e6 / $MESSAGES, 2)"), kcat $(calc "round($kc * 1e6 / $MESSAGES, 2)")"
  }
  compare "json vs kcat -J (defaults)" "--format json" "-J"
  compare "values vs kcat -f %s (tuned)" "--format %s\n" "-f %s\n -X queued.min.messages=1000000 -X fetch.message.max.bytes=4194304"
fi
