#!/usr/bin/env bash
# Fetching the same jumbo field 1,000 times (memory cache, disk cache, no
# cache) against three stores on this machine: s3rver and moto (S3 over HTTP
# on 127.0.0.1, SigV4-signed) and a directory. Run scripts/setup first (it
# installs s3rver).
#
#   bench/jumbo_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bench="$build/bin/jumbo_bench"
[ -x "$bench" ] || bench="$build/bench/jumbo_bench"
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

run() {  # name, then environment assignments
  local name=$1
  shift
  echo "== $name"
  env "$@" "$bench" --benchmark_format=console 2>&1 | grep -E "BM_|^-|Benchmark" || true
}

# Starts a server that prints its port (and for moto, its key) on stdout.
start() {  # output file, then the command
  local out=$1
  shift
  "$@" >"$out" &
  pids+=($!)
  for _ in $(seq 300); do
    [ -s "$out" ] && [ "$(wc -l <"$out")" -ge 1 ] && return 0
    sleep 0.1
  done
  echo "server did not start: $*" >&2
  exit 1
}

start "$dir/s3rver" node tests/support/s3rver_server.js bench
s3rver_port=$(head -1 "$dir/s3rver")
run "s3rver (127.0.0.1)" SIMPLEFLOW_JUMBO_FIELDS_BUCKET=bench/fields AWS_ENDPOINT_URL_S3="http://127.0.0.1:$s3rver_port" \
  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1

start "$dir/moto" python3 tests/support/moto_s3_server.py --bucket bench
for _ in $(seq 300); do [ "$(wc -l <"$dir/moto")" -ge 2 ] && break; sleep 0.1; done
moto_port=$(sed -n 1p "$dir/moto")
read -r moto_key moto_secret < <(sed -n 2p "$dir/moto")
run "moto (127.0.0.1, authenticated)" SIMPLEFLOW_JUMBO_FIELDS_BUCKET=bench/fields \
  AWS_ENDPOINT_URL_S3="http://127.0.0.1:$moto_port" AWS_ACCESS_KEY_ID="$moto_key" AWS_SECRET_ACCESS_KEY="$moto_secret" \
  AWS_REGION=us-east-1

run "directory" SIMPLEFLOW_JUMBO_FIELDS_BUCKET="file://$dir/fields"
