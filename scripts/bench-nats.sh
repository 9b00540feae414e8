#!/usr/bin/env bash
# NATS JetStream read rate: `evmon tail S --from earliest -e --format json > /dev/null` against
# nats-py's ordered push consumer with a counting callback, alternating, on 1,000,000 messages of
# 200 bytes in one file-stored stream of nats-server.
#
# usage: scripts/bench-nats.sh EVMON_BIN [MESSAGES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [MESSAGES] [ROUNDS]}"
MESSAGES="${2:-1000000}"
ROUNDS="${3:-3}"
STATE="$(mktemp -d)"
trap 'scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
scripts/test-brokers.sh start "$STATE" >/dev/null
source "$STATE/env"
STREAM=BENCH
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
echo "filling $STREAM with $MESSAGES messages of 200 bytes on nats-server at $EVMON_TEST_NATS…"
fill_started=$(now)
python3 scripts/bench_nats.py fill "$EVMON_TEST_NATS" "$STREAM" "$MESSAGES" 200
echo "filled in $(calc "$(now) - $fill_started") s"

[ -x /usr/bin/time ] || { echo "bench-nats: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
# The rates below assume every message is read: check that once, outside the timed rounds.
"$EVMON" tail "$STREAM" --from earliest -e --format '%o\n' --broker "nats://$EVMON_TEST_NATS" > "$STATE/offsets"
read_back=$(wc -l < "$STATE/offsets")
distinct=$(sort -un "$STATE/offsets" | wc -l)
[ "$read_back" -eq "$MESSAGES" ] && [ "$distinct" -eq "$MESSAGES" ] || {
  echo "bench-nats: evmon read $read_back messages ($distinct distinct) of $MESSAGES" >&2; exit 1; }
rm -f "$STATE/offsets"
evmon_rates=()
reference_rates=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" tail "$STREAM" --from earliest -e --format json \
    --broker "nats://$EVMON_TEST_NATS" > /dev/null
  elapsed=$(calc "$(now) - $started")
  rate=$(calc "int($MESSAGES / $elapsed)")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")
  evmon_rates+=("$rate")
  reference=$(python3 scripts/bench_nats.py consume "$EVMON_TEST_NATS" "$STREAM" "$MESSAGES")
  reference_rates+=("$reference")
  echo "round $round: evmon $rate msg/s (peak RSS ${rss} KB), nats-py $reference msg/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
evmon_median=$(median "${evmon_rates[@]}")
reference_median=$(median "${reference_rates[@]}")
echo "median: evmon $evmon_median msg/s, nats-py $reference_median msg/s, ratio $(calc "round($evmon_median / $reference_median, 2)")"
