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

# Linux boot files and the device tree. A raw "kernel" of 8 KiB, a zImage
# header that claims more bytes than its file has, an initrd.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 8192 /dev/zero >"$tmp/Image"
printf '\x18\x28\x6f\x01\x00\x00\x00\x00\x00\x00\x10\x00' |
    dd of="$tmp/zImage" bs=1 seek=36 2>/dev/null
truncate -s 4096 "$tmp/zImage"
head -c 3000 /dev/urandom >"$tmp/initrd"
head -c 100 /dev/urandom >"$tmp/garbage.dtb"
truncate -s 40M "$tmp/big"
expect initrd_needs_kernel 1 "-initrd only allowed with -kernel option" \
    -- -initrd "$tmp/initrd"
expect append_needs_kernel 1 "-append only allowed with -kernel option" \
    -- -append "console=ttyAMA0"
expect dtb_needs_an_image 1 "-dtb needs -kernel or -bios" \
    -- -dtb "$tmp/garbage.dtb"
expect truncated_zimage 1 "truncated or corrupt" -- -kernel "$tmp/zImage"
expect initrd_too_big 1 "more than the 33554432 that fit at 0x42000000" \
    -- -m 64 -kernel "$tmp/Image" -initrd "$tmp/big"
expect missing_initrd 1 "-initrd /nonexistent: cannot open" \
    -- -kernel "$tmp/Image" -initrd /nonexistent
expect garbage_dtb 1 "not a valid device tree blob (FDT_ERR_BADMAGIC)" \
    -- -kernel "$tmp/Image" -dtb "$tmp/garbage.dtb"
expect dumpdtb 0 "dtb dumped to $tmp/virt.dtb. Exiting." \
    -- -M virt,dumpdtb="$tmp/virt.dtb" -m 512 -kernel "$tmp/Image" \
    -initrd "$tmp/initrd" -append "console=ttyAMA0 rdinit=/init"
head -c 1000 "$tmp/virt.dtb" >"$tmp/truncated.dtb"
expect truncated_dtb 1 "not a valid device tree blob (FDT_ERR_TRUNCATED)" \
    -- -kernel "$tmp/Image" -dtb "$tmp/truncated.dtb"
expect dumpdtb_unwritable 1 "dumpdtb /nonexistent/virt.dtb:" \
    -- -M virt,dumpdtb=/nonexistent/virt.dtb
expect mpc_needs_secure 1 "mpc=on needs secure=on" -- -M virt,mpc=on
expect mpc_bad_value 1 "machine property mpc takes on or off, not 'maybe'" \
    -- -M virt,secure=on,mpc=maybe
expect mpc_in_mtree 0 "(prio 0, iommu): tz-mpc-upstream" \
    -- -M virt,secure=on,mpc=on
expect remap_needs_secure 1 "remap=on needs secure=on" -- -M virt,remap=on
expect remap_in_mtree 0 "(prio 0, iommu): remap-mc" \
    -- -M virt,secure=on,remap=on
expect remap_not_with_mpc 1 "choose one" -- -M virt,secure=on,remap=on,mpc=on
expect mpc_dtb 0 "dtb dumped" -- -M virt,secure=on,mpc=on,dumpdtb="$tmp/mpc.dtb"
if grep -qa "arm,sie200-mpc" "$tmp/mpc.dtb"; then
    passed=$((passed + 1))
    echo "ok   mpc_node_in_dtb"
else
    failed=$((failed + 1))
    echo "FAIL mpc_node_in_dtb: no arm,sie200-mpc node in the dumped tree"
fi

# Secure firmware serving PSCI (make run's flow) and -device loader.
expect firmware_psci_needs_secure 1 "firmware-psci=on needs secure=on" \
    -- -M virt,firmware-psci=on -bios "$tmp/zImage"
expect firmware_psci_needs_bios 1 "firmware-psci=on needs -bios" \
    -- -M virt,secure=on,firmware-psci=on
expect firmware_psci_dtb 0 "dtb dumped" -- -bios "$tmp/zImage" \
    -M virt,secure=on,mpc=on,firmware-psci=on,dumpdtb="$tmp/fw.dtb"
if grep -qa "tzemu,sysctl" "$tmp/fw.dtb" && grep -qa "no-map" "$tmp/fw.dtb"; then
    passed=$((passed + 1))
    echo "ok   firmware_psci_nodes_in_dtb"
else
    failed=$((failed + 1))
    echo "FAIL firmware_psci_nodes_in_dtb: no sysctl or carve-out in the tree"
fi
expect device_help 0 'name "loader"' -- -device help
expect bad_device 1 "(supported: loader" -- -device virtio-net-device
expect loader_needs_file 1 "-device loader needs file=FILE" \
    -- -bios "$tmp/zImage" -device loader,addr=0x40000000
expect loader_needs_image 1 "-device loader needs -kernel or -bios" \
    -- -device loader,file="$tmp/zImage",addr=0x40000000
expect loader_missing_file 1 "-device loader,file=/nonexistent: cannot open" \
    -- -bios "$tmp/zImage" -device loader,file=/nonexistent,addr=0x40000000
expect loader_secure_needs_secure 1 "secure=on needs -M virt,secure=on" \
    -- -bios "$tmp/zImage" -device loader,file="$tmp/zImage",addr=0,secure=on

# A -dtb is fixed up (memory, bootargs, initrd, psci) byte for byte as
# qemu-system-arm fixes it up.
same_dtb_as_qemu() {
    local name=$1
    shift
    "$tzemu" "$@" -M dumpdtb="$tmp/t.dtb" >/dev/null 2>&1
    qemu-system-arm -cpu cortex-a15 -display none "$@" \
        -M dumpdtb="$tmp/q.dtb" >/dev/null 2>&1
    if [ -s "$tmp/t.dtb" ] && cmp -s "$tmp/t.dtb" "$tmp/q.dtb"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: the device trees differ"
    fi
    rm -f "$tmp/t.dtb" "$tmp/q.dtb"
}
same_dtb_as_qemu dtb_fixups_as_qemu -M virt -m 256 -dtb "$tmp/virt.dtb" \
    -kernel "$tmp/Image" -initrd "$tmp/initrd" -append "root=/dev/vda quiet"
same_dtb_as_qemu dtb_fixups_as_qemu_secure_bios -M virt,secure=on -m 1G \
    -dtb "$tmp/virt.dtb" -bios "$tmp/Image"

# -smp and -icount: QEMU's spellings, and clear refusals.
expect smp_too_many 1 "-smp takes 1 to 8 CPUs, not '9'" -- -smp 9
expect smp_zero 1 "-smp takes 1 to 8 CPUs, not '0'" -- -smp cpus=0
expect smp_bad_property 1 "supported: -smp N, -smp cpus=N" -- -smp sockets=2
expect smp_cpus_spelling 0 "counter 20000 (expected 20000)" -- -M virt \
    -smp cpus=2 -semihosting -kernel build/guest/smp.elf
expect icount_auto 1 "-icount shift=auto is not supported" \
    -- -icount shift=auto
expect icount_too_big 1 "-icount shift must be 0 to 10, not '11'" -- -icount 11
expect icount_sleep_on 1 "-icount sleep=on is not supported" \
    -- -icount shift=1,sleep=on
expect icount_needs_shift 1 "-icount needs a shift" -- -icount sleep=off

# -icount: a timer-driven guest on two CPUs (each spins until its timer
# interrupt) runs the same, instruction for instruction, every time; with
# another shift time passes differently and so does the run.
icount_run() {
    local out=$1
    shift
    "$tzemu" -M virt -smp 2 -cpu cortex-a15 -nographic -semihosting \
        -d exec,int -D "$out.log" -kernel build/guest/smp_timer.elf "$@" \
        >"$out.out" 2>&1 </dev/null
    echo "exit status: $?" >>"$out.out"
}
check_traces() {
    local name=$1 want_same=$2 a=$3 b=$4
    local same=no
    if cmp -s "$a.log" "$b.log" && cmp -s "$a.out" "$b.out"; then
        same=yes
    fi
    if [ -s "$a.log" ] && [ "$same" = "$want_same" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: traces and outputs alike: $same (want $want_same)"
    fi
}
icount_run "$tmp/ic2a" -icount shift=2
icount_run "$tmp/ic2b" -icount 2
icount_run "$tmp/ic4" -icount shift=4,sleep=off
check_traces icount_runs_repeat yes "$tmp/ic2a" "$tmp/ic2b"
check_traces icount_shift_matters no "$tmp/ic2a" "$tmp/ic4"
rm -f "$tmp"/ic*

# The boot protocol as a Linux image sees it (tests/cli/linux_entry.S, a
# raw image) must be what qemu-system-arm hands it: r0, r1, r2 = the device
# tree after the initrd, SVC with IRQ/FIQ masked, the tree at r2, and with
# secure=on the Non-secure world.
entry_same_as_qemu() {
    local name=$1 t q
    shift
    t=$("$tzemu" "$@" -semihosting -nographic -kernel "$tmp/entry.bin" \
        </dev/null 2>&1; echo "exit $?")
    q=$(timeout 20 qemu-system-arm -cpu cortex-a15 "$@" -semihosting \
        -nographic -nic none -monitor none -kernel "$tmp/entry.bin" \
        </dev/null 2>&1; echo "exit $?")
    if [ "$t" = "$q" ] && [ "$(wc -l <<<"$t")" -eq 8 ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: tzemu, then qemu-system-arm:"
        paste <(echo "$t") <(echo "$q")
    fi
}
arm-none-eabi-gcc -nostdlib -Wl,-Ttext=0x40010000 -o "$tmp/entry.elf" \
    tests/cli/linux_entry.S &&
    arm-none-eabi-objcopy -O binary "$tmp/entry.elf" "$tmp/entry.bin"
entry_same_as_qemu linux_entry_as_qemu -M virt -m 512 -initrd "$tmp/initrd"
entry_same_as_qemu linux_entry_as_qemu_secure -M virt,secure=on -m 128
truncate -s 20M "$tmp/initrd20M"
entry_same_as_qemu linux_entry_as_qemu_20M_initrd -M virt -m 64 \
    -initrd "$tmp/initrd20M"

# -no-reboot: a guest's PSCI SYSTEM_RESET ends the run (exit 0) on both.
t=$("$tzemu" -M virt -cpu cortex-a15 -smp 2 -semihosting -nographic \
    -no-reboot -kernel build/guest/smp_reset.elf </dev/null 2>&1; echo "exit $?")
q=$(timeout 20 qemu-system-arm -M virt -cpu cortex-a15 -smp 2 -semihosting \
    -nographic -nic none -monitor none -no-reboot \
    -kernel build/guest/smp_reset.elf </dev/null 2>&1; echo "exit $?")
if [ "$t" = "$q" ] && grep -q SYSTEM_RESET <<<"$t" && ! grep -q "marker set" <<<"$t"; then
    passed=$((passed + 1))
    echo "ok   no_reboot_exits_on_reset"
else
    failed=$((failed + 1))
    echo "FAIL no_reboot_exits_on_reset: tzemu, then qemu-system-arm:"
    paste <(echo "$t") <(echo "$q")
fi

# memexpose (docs/memexpose.md): -chardev socket and -device memexpose.
mx_dev="shm-addr=0x80000000,shm-size=0x1000000,regs-addr=0x7ff00000"
mx_sock="socket,id=mx,path=$tmp/mx.sock,server=on,wait=off"
expect chardev_help_socket 0 "  socket" -- -chardev help
expect device_help_memexpose 0 'name "memexpose"' -- -device help
expect chardev_bad_backend 1 "-chardev 'stdio' is not supported" \
    -- -chardev stdio
expect chardev_needs_path 1 "needs id=ID and path=PATH" \
    -- -chardev socket,id=mx
expect chardev_bad_property 1 "'host' is not supported" \
    -- -chardev socket,id=mx,path=p,host=a
expect chardev_bad_bool 1 "server takes on or off, not 'maybe'" \
    -- -chardev socket,id=mx,path=p,server=maybe
expect chardev_client_wait 1 "wait= is for server=on only" \
    -- -chardev socket,id=mx,path=p,wait=off
expect chardev_duplicate_id 1 "duplicate id 'mx'" \
    -- -chardev socket,id=mx,path=p -chardev socket,id=mx,path=q
expect chardev_unused 1 "no -device memexpose uses it" \
    -- -bios "$tmp/zImage" -chardev "$mx_sock"
expect memexpose_needs_properties 1 "needs chardev=ID, shm-addr=ADDR" \
    -- -device memexpose,chardev=mx
expect memexpose_unaligned 1 "must be multiples of 4 KiB" \
    -- -device memexpose,chardev=mx,$mx_dev,shm-addr=0x80000100
expect memexpose_bad_number 1 "shm-size 'lots' is not a number" \
    -- -device memexpose,chardev=mx,$mx_dev,shm-size=lots
expect memexpose_bad_property 1 "'size' is not supported" \
    -- -device memexpose,chardev=mx,size=1
expect memexpose_expose_pair 1 "expose-addr and expose-size go together" \
    -- -device memexpose,chardev=mx,$mx_dev,expose-size=4K
expect memexpose_no_chardev 1 "no -chardev socket with id 'mx'" \
    -- -bios "$tmp/zImage" -device memexpose,chardev=mx,$mx_dev
expect memexpose_secure_needs_secure 1 \
    "expose-secure=on needs -M virt,secure=on" -- -bios "$tmp/zImage" \
    -chardev "$mx_sock" -device memexpose,chardev=mx,$mx_dev,expose-addr=0x40000000,expose-size=4K,expose-secure=on
expect memexpose_needs_image 1 "-device memexpose needs -kernel or -bios" \
    -- -chardev "$mx_sock" -device memexpose,chardev=mx,$mx_dev
expect memexpose_window_on_ram 1 \
    "window 0x40000000-0x40ffffff overlaps mach-virt.ram at 0x40000000" \
    -- -bios "$tmp/zImage" -chardev "$mx_sock" \
    -device memexpose,chardev=mx,$mx_dev,shm-addr=0x40000000
expect memexpose_regs_on_uart 1 \
    "register block 0x9000000-0x9000fff overlaps pl011 at 0x9000000" \
    -- -bios "$tmp/zImage" -chardev "$mx_sock" \
    -device memexpose,chardev=mx,$mx_dev,regs-addr=0x09000000
touch "$tmp/not-a-socket"
expect memexpose_path_not_socket 1 "exists and is not a socket" \
    -- -bios "$tmp/zImage" -device memexpose,chardev=mx,$mx_dev \
    -chardev socket,id=mx,path="$tmp/not-a-socket",server=on,wait=off
expect memexpose_dtb 0 "dtb dumped" -- -bios "$tmp/zImage" \
    -chardev "$mx_sock" -device memexpose,chardev=mx,$mx_dev \
    -M virt,dumpdtb="$tmp/mx.dtb"
# The node (two reg entries, SPI 12): its name and compatible string.
if grep -qa "memexpose@7ff00000" "$tmp/mx.dtb" &&
    grep -qa "tzemu,memexpose" "$tmp/mx.dtb"; then
    passed=$((passed + 1))
    echo "ok   memexpose_node_in_dtb"
else
    failed=$((failed + 1))
    echo "FAIL memexpose_node_in_dtb: no memexpose@7ff00000 node"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
