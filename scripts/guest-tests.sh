#!/usr/bin/env bash
# Runs the guest tests. For each tests/guest/NAME.c, build/guest/NAME.elf is
# run with the arguments on its "// args:" line (default: -M virt) plus
# -cpu cortex-a15 -nographic -semihosting; what it prints and its exit
# status must equal tests/guest/NAME.expected.
#   scripts/guest-tests.sh [tzemu|qemu] [--regen]
# "qemu" runs the same programs on qemu-system-arm, so the expectations are
# checked against the reference; --regen (with qemu) rewrites them.
# Programs with a "// run-by: SCRIPT" line are built here but run by that
# script (with a peer process, say), not here.
# Ends with "N passed, N failed".
set -u
target=${1:-tzemu}
regen=${2:-}
tzemu=${TZEMU:-build/tzemu}
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

run() {
    local elf=$1
    shift
    if [ "$target" = qemu ]; then
        timeout 60 qemu-system-arm -cpu cortex-a15 -nographic -semihosting \
            -nic none -monitor none "$@" -kernel "$elf" </dev/null
    else
        timeout 60 "$tzemu" -cpu cortex-a15 -nographic -semihosting \
            "$@" -kernel "$elf" </dev/null
    fi
}

for src in tests/guest/*.c; do
    name=$(basename "$src" .c)
    grep -q '^// run-by:' "$src" && continue
    elf=build/guest/$name.elf
    expected=tests/guest/$name.expected
    args=$(sed -n 's|^// args: *||p' "$src" | head -n 1)
    [ -n "$args" ] || args="-M virt"
    # shellcheck disable=SC2086
    run "$elf" $args >"$out" 2>&1
    echo "exit status: $?" >>"$out"
    if [ "$regen" = --regen ]; then
        cp "$out" "$expected"
        echo "wrote $expected"
        continue
    fi
    if cmp -s "$out" "$expected"; then
        passed=$((passed + 1))
        echo "ok   guest/$name ($target)"
    else
        failed=$((failed + 1))
        echo "FAIL guest/$name ($target): output differs from $expected"
        diff "$expected" "$out" | head -20
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
