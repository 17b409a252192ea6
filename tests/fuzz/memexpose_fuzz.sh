#!/usr/bin/env bash
# Runs the memexpose parser's libFuzzer target (tests/fuzz/memexpose_fuzz.c)
# for a short while, seeded from tests/fuzz/memexpose_corpus (new inputs go
# to a scratch directory, not the corpus). Ends with "N passed, N failed".
#
#   tests/fuzz/memexpose_fuzz.sh [SECONDS]     (default 15)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/build/tests/fuzz/memexpose_fuzz
seconds=${1:-15}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1
mkdir -p "$root/build/fuzz"
if "$bin" -max_total_time="$seconds" -max_len=2200 -timeout=10 \
        -artifact_prefix="$root/build/fuzz/memexpose-" \
        -print_final_stats=1 "$scratch" "$root/tests/fuzz/memexpose_corpus" \
        >log 2>&1; then
    grep -E '^stat::number_of_executed_units' log
    echo "1 passed, 0 failed"
else
    tail -n 40 log
    echo "failing inputs are kept as build/fuzz/memexpose-*"
    echo "0 passed, 1 failed"
fi
