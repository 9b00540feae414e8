#!/usr/bin/env bash
# Runs every fuzz target (Sources/EvmonFuzzing) under libFuzzer with AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 600); all targets by default
#
# Each target starts from its committed seeds (Tests/EvmonFuzzTests/Corpus/TARGET) plus what
# earlier runs found (.build-fuzz/corpus/TARGET, not committed). A crash is written into the
# committed corpus folder as crash-*, so that `make test` replays it from then on; commit it
# with its fix. Two targets run at a time (this machine has two cores). The summary prints
# executions per second and corpus size per target.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --product evmon-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DEVMON_LIBFUZZER -Xswiftc -parse-as-library
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/evmon-fuzz"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(ls Tests/EvmonFuzzTests/Corpus)
fi

run_one() {
  local target=$1 seconds=$2 binary=$3 scratch=$4
  local seeds="Tests/EvmonFuzzTests/Corpus/$target" found="$scratch/corpus/$target" log="$scratch/logs/$target.log"
  mkdir -p "$found" "$scratch/logs"
  # -rss_limit_mb: evmon's own caps keep memory bounded; an input that needs more is a finding.
  if EVMON_FUZZ_TARGET="$target" LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt" "$binary" "$found" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 -artifact_prefix="$seeds/" >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
  fi
  local runs speed
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  printf '%-16s %-6s %12s runs %8s exec/s %6s inputs\n' "$target" "$status" "$runs" "$speed" "$(ls "$found" | wc -l)"
}
export -f run_one

printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$binary" "$scratch" | tee "$scratch/fuzz-summary.txt"
! grep -q CRASH "$scratch/fuzz-summary.txt"
