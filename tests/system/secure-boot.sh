#!/usr/bin/env bash
# System test of the main job (make run's flow, firmware/run-linux.sh):
# tzmon boots Debian's Linux in the Non-secure world with -smp 1 and 2,
# whose /init (secure-boot-init.sh) turns CPU 1 off and on again through
# PSCI, reads and writes the Secure carve-out with devmem (the MPC must
# refuse: reads 0, the write lost, tzmon logging each blocked access from
# the MPC's interrupt), reads the Secure RAM (an external abort: the
# process dies of SIGBUS) and powers off (PSCI SYSTEM_OFF through tzmon
# and tzemu's system controller: tzemu exits 0).
#
#   tests/system/secure-boot.sh [--only SMP]
#
# Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
timeout_s=${TZEMU_BOOT_TIMEOUT:-300}
only=
if [ "${1:-}" = --only ]; then
    only=$2
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# What a run must show, in this order (fixed strings): the firmware's
# boot, then the /init script's part, whose CPU lines depend on -smp.
expect_boot=(
    "[secure] tzmon: MPC: 0x40000000-0x5effffff Non-secure, 0x5f000000-0x5fffffff Secure-only (holds 0x5ec0de00)"
    "[secure] tzmon: entering Linux at 0x40010000 in Non-secure SVC"
    "SECURE-BOOT-BEGIN"
)
expect_script=(
    "PSCI conduit: smc"
    "[secure] tzmon: MPC blocked a Non-secure access to 0x5f000000 (a Secure block)"
    "carve-out read: 0x00000000"
    "carve-out after write: 0x00000000"
    "Unhandled fault: external abort on non-linefetch"
    "Bus error"
    "secure RAM read: exit status 135"
    "SECURE-BOOT-END"
    "[secure] tzmon: PSCI SYSTEM_OFF"
)

# Whether the log holds @... in order (each line searched after the last).
in_order() {
    local rest
    rest=$(tr -d '\r' <"$log")
    for want in "$@"; do
        case $rest in
        *"$want"*) rest=${rest#*"$want"} ;;
        *) echo "  missing (or out of order): $want"; return 1 ;;
        esac
    done
}

pass=0
fail=0
for smp in 1 2; do
    if [ -n "$only" ] && [ "$only" != "$smp" ]; then
        continue
    fi
    if [ "$smp" = 2 ]; then
        expect=("[secure] tzmon: tzemu secure monitor, 2 CPUs"
                "${expect_boot[@]}" "cpus online: 0-1" "after CPU_OFF: 0"
                "after CPU_ON: 0-1" "${expect_script[@]}")
    else
        expect=("[secure] tzmon: tzemu secure monitor, 1 CPU,"
                "${expect_boot[@]}" "cpus online: 0" "${expect_script[@]}")
    fi
    t0=$(date +%s.%N)
    timeout "$timeout_s" "$root/firmware/run-linux.sh" \
        --init "$root/tests/system/secure-boot-init.sh" --smp "$smp" \
        -no-reboot </dev/null >"$log" 2>&1
    rc=$?
    t=$(printf '%.1f s' "$(echo "$(date +%s.%N) - $t0" | bc)")
    blocked=$(grep -c 'MPC blocked a Non-secure access to 0x5f000000' "$log")
    if [ "$rc" -eq 0 ] && out=$(in_order "${expect[@]}") &&
       [ "$blocked" -ge 2 ]; then
        echo "ok   secure boot, -smp $smp ($t)"
        pass=$((pass + 1))
    else
        echo "FAIL secure boot, -smp $smp (tzemu exit $rc, $blocked blocked accesses logged; $t)"
        [ -n "${out:-}" ] && echo "$out"
        tail -n 25 "$log" | sed 's/^/  tzemu: /'
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
