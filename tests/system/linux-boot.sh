#!/usr/bin/env bash
# System test: Debian's armhf kernels (linux-image-armmp, -armmp-lpae) boot
# a busybox initramfs (busybox-static, armhf: Thumb-2 + VFP; armel: A32
# only) on -M virt -cpu cortex-a15 -m 512 with -smp 1 and 2, run a script
# and power off. What the script prints must be what qemu-system-arm
# prints for the same kernel, initramfs and -smp (lines that measure the
# host, BogoMIPS and the time stamps, aside), and tzemu must exit 0.
#
#   tests/system/linux-boot.sh [--only KERNEL/USERLAND/SMP ...]
#
# e.g. --only armmp/armhf/2. Packages are fetched with apt-get download on
# first use and kept in $TZEMU_CACHE (default ~/.cache/tzemu), outside the
# repository. Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tzemu=${TZEMU:-$root/build/tzemu}
timeout_s=${TZEMU_BOOT_TIMEOUT:-300}
only=()
while [ $# -gt 0 ]; do
    case $1 in
    --only) only+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--only KERNEL/USERLAND/SMP]..." >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/linux-images.sh"

# Runs emulator @1 on kernel @2, initrd @3 with -smp @4; output in @5.
boot() {
    local emu=$1
    shift
    local extra=()
    [ "$emu" = qemu-system-arm ] && extra=(-nic none -monitor none)
    timeout "$timeout_s" "$emu" -M virt -cpu cortex-a15 -m 512 -smp "$3" \
        -nographic -no-reboot -kernel "$1" -initrd "$2" \
        -append "console=ttyAMA0 panic=-1 quiet" "${extra[@]}" \
        </dev/null >"$4" 2>&1
}

# The script's part of a console log, with host-dependent values removed.
script_part() {
    sed -n '/^TZEMU-BEGIN/,/^TZEMU-END/p' "$1" | tr -d '\r' |
        sed -e 's/ [0-9]\{2\}:[0-9]\{2\}:[0-9]\{2\} UTC / TIME UTC /'
}

pass=0
fail=0
for kernel in armmp armmp-lpae; do
    for userland in armhf armel; do
        for smp in 1 2; do
            name=$kernel/$userland/$smp
            if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then
                continue
            fi
            if ! vmlinuz=$(kernel_of "linux-image-$kernel") ||
               ! initrd=$(initrd_of "$userland"); then
                echo "FAIL $name: could not prepare the images"
                fail=$((fail + 1))
                continue
            fi
            t0=$(date +%s.%N)
            boot "$tzemu" "$vmlinuz" "$initrd" "$smp" "$work/tzemu.log"
            rc=$?
            t1=$(date +%s.%N)
            boot qemu-system-arm "$vmlinuz" "$initrd" "$smp" "$work/qemu.log"
            t2=$(date +%s.%N)
            script_part "$work/tzemu.log" >"$work/tzemu.out"
            script_part "$work/qemu.log" >"$work/qemu.out"
            times=$(printf 'tzemu %.1f s, qemu %.1f s' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)")
            if [ "$rc" -ne 0 ] || [ ! -s "$work/qemu.out" ] ||
               ! grep -q '^TZEMU-END' "$work/tzemu.out" ||
               ! diff -u "$work/qemu.out" "$work/tzemu.out" >"$work/diff"; then
                echo "FAIL $name (tzemu exit $rc; $times)"
                if [ -s "$work/diff" ]; then
                    sed 's/^/  /' "$work/diff" | head -40
                else
                    tail -n 25 "$work/tzemu.log" | sed 's/^/  tzemu: /'
                fi
                fail=$((fail + 1))
            else
                echo "ok   $name ($times)"
                pass=$((pass + 1))
            fi
        done
    done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
