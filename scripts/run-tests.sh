#!/usr/bin/env bash
# Runs each test command given (a program, or PROGRAM:ARG for a program
# that takes one argument), shows its output, and ends with one line
# "N passed, N failed" summed over all of them. Exits non-zero on any
# failure. A binary that dies without its summary, or exits non-zero after
# a clean one (a sanitizer's leak report at exit, say), counts one failure.
set -u
total_pass=0
total_fail=0
for bin in "$@"; do
    echo "== $bin"
    if [[ $bin == *:* ]]; then
        out=$("${bin%%:*}" "${bin#*:}" 2>&1)
    else
        out=$("$bin" 2>&1)
    fi
    rc=$?
    printf '%s\n' "$out"
    summary=$(printf '%s\n' "$out" | tail -n 1)
    pass=0
    fail=1
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        pass=${BASH_REMATCH[1]}
        fail=${BASH_REMATCH[2]}
        if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
            echo "$bin exited with status $rc after a clean summary"
            fail=1
        fi
    else
        echo "$bin ended without a summary (exit status $rc)"
    fi
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
done
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" -eq 0 ]
