#!/usr/bin/env bash
# Redis Streams read rate: `evmon tail S --from earliest -e --format json > /dev/null` against
# redis-py with hiredis (RESP3, XRANGE pages of COUNT 1000), alternating, on 1,000,000 entries
# with one 190-byte field `data` in one stream.
#
# usage: scripts/bench-redis.sh EVMON_BIN [ENTRIES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
EVMON="${1:?usage: $0 EVMON_BIN [ENTRIES] [ROUNDS]}"
ENTRIES="${2:-1000000}"
ROUNDS="${3:-3}"
STATE="$(mktemp -d)"
trap 'scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
scripts/test-brokers.sh start "$STATE" >/dev/null
source "$STATE/env"
STREAM=bench
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
echo "filling $STREAM with $ENTRIES entries of one 190-byte field on Redis at $EVMON_TEST_REDIS…"
fill_started=$(now)
python3 scripts/bench_redis.py fill "$EVMON_TEST_REDIS" "$STREAM" "$ENTRIES" 190
echo "filled in $(calc "$(now) - $fill_started") s"

[ -x /usr/bin/time ] || { echo "bench-redis: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
# The rates below assume every entry is read exactly once: check that once, outside the timed rounds.
read_back=$("$EVMON" tail "$STREAM" --from earliest -e --format '%o\n' --broker "redis://$EVMON_TEST_REDIS" | sort -u | wc -l)
[ "$read_back" -eq "$ENTRIES" ] || { echo "bench-redis: evmon read $read_back distinct entries of $ENTRIES" >&2; exit 1; }
evmon_rates=()
reference_rates=()
for round in $(seq 1 "$ROUNDS"); do
  started=$(now)
  /usr/bin/time -v -o "$STATE/time" "$EVMON" tail "$STREAM" --from earliest -e --format json \
    --broker "redis://$EVMON_TEST_REDIS" > /dev/null
  elapsed=$(calc "$(now) - $started")
  rate=$(calc "int($ENTRIES / $elapsed)")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$STATE/time")
  evmon_rates+=("$rate")
  reference=$(python3 scripts/bench_redis.py read "$EVMON_TEST_REDIS" "$STREAM" "$ENTRIES")
  reference_rates+=("$reference")
  echo "round $round: evmon $rate entries/s (peak RSS ${rss} KB), redis-py+hiredis $reference entries/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
evmon_median=$(median "${evmon_rates[@]}")
reference_median=$(median "${reference_rates[@]}")
echo "median: evmon $evmon_median entries/s, redis-py+hiredis $reference_median entries/s, ratio $(calc "round($evmon_median / $reference_median, 2)")"
