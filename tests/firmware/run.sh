#!/usr/bin/env bash
# tzmon's PSCI calls and MPC carve-out, from a Non-secure payload with
# -smp 2: the run's output (Secure lines marked "[secure] ") must be
# psci.expected, and SYSTEM_RESET under -no-reboot must end tzemu with
# status 0; without -no-reboot the machine boots again (stopped after a
# few seconds, by when it must have run the payload twice). Ends with
# "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tzemu=${TZEMU:-$root/build/tzemu}
args=(-M virt,secure=on,mpc=on,firmware-psci=on -m 128 -smp 2 -nographic
      -bios "$root/build/firmware/tzmon.bin"
      -kernel "$root/build/tests/firmware/psci_payload.bin")
pass=0
fail=0
out=$(timeout 30 "$tzemu" "${args[@]}" -no-reboot </dev/null 2>&1)
rc=$?
if [ "$rc" -eq 0 ] &&
   diff -u "$root/tests/firmware/psci.expected" <(tr -d '\r' <<<"$out"); then
    echo "ok   tzmon_psci_calls"
    pass=$((pass + 1))
else
    echo "FAIL tzmon_psci_calls (tzemu exit $rc)"
    fail=$((fail + 1))
fi
runs=$(timeout 3 "$tzemu" "${args[@]}" </dev/null 2>&1 |
       grep -c "tzmon: PSCI SYSTEM_RESET")
if [ "$runs" -ge 2 ]; then
    echo "ok   tzmon_system_reset_boots_again ($runs runs)"
    pass=$((pass + 1))
else
    echo "FAIL tzmon_system_reset_boots_again: $runs runs to SYSTEM_RESET"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
