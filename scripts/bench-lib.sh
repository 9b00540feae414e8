# Shared by the benchmark scripts (source it): the test brokers in a temporary folder, stopped
# on exit, and the arithmetic the scripts report with.
#
#   bench_start_brokers   starts scripts/test-brokers.sh in $STATE and loads its env
#   now                   seconds since the epoch, with nanoseconds
#   calc EXPR             Python arithmetic
#   median N…             the median of the numbers
STATE="$(mktemp -d)"

bench_start_brokers() {
  trap 'scripts/test-brokers.sh stop "$STATE"; rm -rf "$STATE"' EXIT
  scripts/test-brokers.sh start "$STATE" >/dev/null
  source "$STATE/env"
}

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
