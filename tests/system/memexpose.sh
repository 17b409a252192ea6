#!/usr/bin/env bash
# System test: two tzemu processes joined by memexpose (docs/memexpose.md)
# over a UNIX socket. The trusted side (-M virt,secure=on, server) runs
# tests/guest/memexpose_trusted.c, the rich side (-M virt, client)
# tests/guest/memexpose_rich.c; each shows the other's UART, RTC and first
# 2 MiB of RAM in a window. Checked:
#  - request/reply: the rich side writes a request into the trusted side's
#    RAM through its window and rings; the trusted side, woken from WFI by
#    the interrupt, answers in the same buffer and rings back;
#  - forwarded MMIO: the rich side reads the trusted side's UART and RTC
#    identification and writes a line into its UART (found in its -serial
#    file);
#  - attributes: the rich side's Non-secure reads of the trusted side's
#    Secure RAM and Secure UART are refused (data aborts), shared RAM not;
#  - ping-pong: for SECONDS both sides increment one counter in shared RAM,
#    each only on its turn (a turn word that only its holder writes, passed
#    after a DMB), while reading each other's UART through the windows
#    (forwarded accesses both ways at once): no deadlock, and the counter
#    equals the sum of both sides' increments;
#  - peer death: the trusted side is killed (SIGKILL); the rich side's next
#    window access aborts, STATUS says CLOSED, tzemu logs why, and the rich
#    side exits 0.
# The guests' output must equal tests/guest/memexpose_{rich,trusted}.expected
# (tzemu's own: qemu-system-arm has no memexpose), the line with the
# ping-pong's counts aside (it is shown, not compared).
#
#   tests/system/memexpose.sh [SECONDS]    (default 2; 10 by hand)
#
# Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tzemu=${TZEMU:-$root/build/tzemu}
seconds=${1:-2}
limit=$((seconds + 60))
passed=0
failed=0
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -9 "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT

ok() {
    passed=$((passed + 1))
    echo "ok   memexpose/$1"
}

bad() {
    failed=$((failed + 1))
    echo "FAIL memexpose/$1"
}

# What both sides map and expose (memexpose_guest.h).
device="shm-addr=0x80000000,shm-size=0x40000000,regs-addr=0x7ff00000"
device+=",expose-addr=0x09000000,expose-size=0x37200000"
sock=$work/mx.sock

# side NAME [PREFIX...] -- TZEMU-ARGS...: starts a side in the background,
# its output in $work/NAME.{out,err}, its guest build/guest/memexpose_NAME.
side() {
    local name=$1
    shift
    local prefix=()
    while [ "$1" != -- ]; do
        prefix+=("$1")
        shift
    done
    shift
    "${prefix[@]}" "$tzemu" -cpu cortex-a15 -nographic -semihosting "$@" \
        -kernel "$root/build/guest/memexpose_$name.elf" \
        </dev/null >"$work/$name.out" 2>"$work/$name.err" &
    pids+=("$!")
}

# Not under timeout(1): the test kills this very process (and cleanup
# does if anything goes wrong).
side trusted -- -M virt,secure=on -serial "file:$work/trusted.uart" \
    -chardev "socket,id=mx,path=$sock,server=on,wait=off" \
    -device "memexpose,chardev=mx,$device,expose-secure=on"
trusted=$!
start=$(date +%s.%N)
side rich timeout "$limit" -- -M virt -serial null \
    -semihosting-config "arg=rich,arg=$seconds" \
    -chardev "socket,id=mx,path=$sock,server=off" \
    -device "memexpose,chardev=mx,$device"
rich=$!

# The rich side says when it is ready to see the trusted side go.
for _ in $(seq $((limit * 10))); do
    grep -q "waiting for the peer to go" "$work/rich.out" && break
    kill -0 "$rich" 2>/dev/null || break
    sleep 0.1
done
kill -9 "$trusted" 2>/dev/null
wait "$trusted" 2>/dev/null
wait "$rich"
echo "exit status: $?" >>"$work/rich.out"
end=$(date +%s.%N)

compare() {
    local name=$1 out=$2
    local expected=$root/tests/guest/memexpose_$name.expected
    if grep -v '^trusted: counts:' "$out" | cmp -s - "$expected"; then
        ok "$name-output"
    else
        bad "$name-output: differs from $expected"
        grep -v '^trusted: counts:' "$out" | diff "$expected" - | head -20
        head -5 "$work/$name.err"
    fi
}
compare rich "$work/rich.out"
compare trusted "$work/trusted.out"
grep '^trusted: counts:' "$work/trusted.out"

if grep -qx "rich side was here" "$work/trusted.uart" 2>/dev/null; then
    ok forwarded-uart-write
else
    bad "forwarded-uart-write: the trusted side's UART did not get the line"
fi
if grep -q "tzemu: memexpose: memexpose0: link closed: " "$work/rich.err"; then
    ok peer-death-logged
else
    bad "peer-death-logged: no 'link closed' line from the rich side"
    cat "$work/rich.err"
fi
printf 'both processes: %.1f s\n' "$(echo "$end - $start" | bc)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
