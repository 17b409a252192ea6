#!/usr/bin/env bash
# End-to-end checks of the tzemu binary: options, errors, and the memory
# map and isolation probe it prints. Ends with "N passed, N failed".
set -u
tzemu=${TZEMU:-build/tzemu}
passed=0
failed=0

# expect NAME WANT_STATUS PATTERN -- ARGS...: PATTERN is a fixed string that
# must appear in the combined output.
expect() {
    local name=$1 want=$2 pattern=$3
    shift 4
    local out rc
    out=$("$tzemu" "$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$want" ] && grep -qF -- "$pattern" <<<"$out"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: status $rc (want $want), output:"
        printf '%s\n' "$out" | head -20
    fi
}

expect version 0 "tzemu version" -- --version
expect help 0 "-m SIZE" -- --help
expect machine_help 0 "virt " -- -machine help
expect unknown_option 1 "unknown option '-bogus'" -- -bogus
expect bad_machine 1 "supported: virt" -- -M versatilepb
expect bad_property 1 "supported: secure=on|off" -- -M virt,gic-version=3
expect missing_argument 1 "needs an argument" -- -m
expect ram_too_big 1 "255 GiB" -- -m 300G
expect secure_root 0 "(prio -1, i/o): system" -- -M virt,secure=on
expect ram_line 0 "0000000040000000-000000005fffffff (prio 0, ram): mach-virt.ram" \
    -- -M virt -m 512
# The Non-secure world can neither read nor write Secure RAM; Secure can.
expect secure_ram_isolated 0 \
    "virt.secure-ram   decode-error/decode-error     ok/ok" \
    -- -M virt -machine secure=on
# flash0 is Secure-only; the write is a flash command (0: read array).
expect secure_flash_isolated 0 \
    "virt.flash0       decode-error/decode-error     ok/ok" \
    -- -M virt,secure=on
# Flash is a ROM device in ROMD mode, shown as QEMU shows it.
expect flash_romd 0 \
    "0000000000000000-0000000003ffffff (prio 0, romd): virt.flash0" \
    -- -M virt,secure=on
expect flash1_romd 0 \
    "0000000004000000-0000000007ffffff (prio 0, romd): virt.flash1" \
    -- -M virt

expect cpu_help 0 "cortex-a15" -- -cpu help
expect bad_cpu 1 "supported: cortex-a15" -- -cpu cortex-a9
expect chardev_help 0 "Available chardev backend types" -- -chardev help
expect bad_log_item 1 "supported: in_asm, int, exec" -- -d everything
expect bad_display 1 "supported: none" -- -display gtk
expect missing_kernel 1 "cannot open" -- -kernel /nonexistent/image.elf
expect bad_serial 1 "-serial bogus:" -- -serial bogus: -kernel /dev/null
expect bad_semihosting_target 1 "supported: native, auto" \
    -- -semihosting-config enable=on,target=gdb
# OP-TEE's documented ARMv7 line is accepted as is (its bl1.bin aside).
expect optee_line 1 "-bios bl1.bin" -- -machine virt -machine secure=on \
    -cpu cortex-a15 -d unimp -semihosting-config enable,target=native \
    -bios bl1.bin -serial null -serial null

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
