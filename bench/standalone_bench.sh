#!/usr/bin/env bash
# Wall time of workflows run through `simpleflow standalone` on the embedded
# server (deciders and workers in their own processes), and the CPU that the
# decider spends per decision, from its own report when it stops.
#
#   bench/standalone_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-3}
bin="$build/bin/simpleflow"
plugin="$build/lib/bench_plugin.so"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

run() {  # name, then standalone's arguments
  local name=$1
  shift
  for i in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    LOG_LEVEL=INFO "$bin" --plugin "$plugin" standalone "$@" --data-dir "$dir/data" -D 1 \
      --workflow-id "$name-$i" >"$dir/out" 2>"$dir/err" || { cat "$dir/err"; exit 1; }
    end=$(date +%s.%N)
    local decider
    decider=$(grep -o 'decider stopped: .*' "$dir/err" | sed 's/decider stopped: //')
    printf '%-22s run %d: %6.2f s wall; decider: %s\n' "$name" "$i" "$(echo "$end - $start" | bc)" "$decider"
  done
}

run basic examples.basic.BasicWorkflow --input '[1, 0]' -W 2
run fan-out-1000 bench.FanOut --input '[1000]' -W 2
run fan-out-1000-w4 bench.FanOut --input '[1000]' -W 4
