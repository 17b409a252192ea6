#!/usr/bin/env bash
# Runs each test binary given, shows its output, and ends with one line
# "N passed, N failed" summed over all of them. Exits non-zero on any
# failure, or if a binary dies without its summary line.
set -u
total_pass=0
total_fail=0
status=0
for bin in "$@"; do
    echo "== $bin"
    out=$("$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    summary=$(printf '%s\n' "$out" | tail -n 1)
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        total_pass=$((total_pass + BASH_REMATCH[1]))
        total_fail=$((total_fail + BASH_REMATCH[2]))
    else
        echo "$bin ended without a summary (exit status $rc)"
        total_fail=$((total_fail + 1))
    fi
    [ "$rc" -eq 0 ] || status=1
done
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" -eq 0 ] || status=1
exit "$status"
