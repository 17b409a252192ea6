#!/usr/bin/env bash
# Boot-to-shell benchmark: Debian's armmp kernel and the busybox initramfs
# of the Linux system test (scripts/linux-images.sh) on tzemu and on
# qemu-system-arm in the same run, -M virt -cpu cortex-a15 -m 512. Prints,
# for each, the best of RUNS (default 3) wall-clock times from start to
# the init script's first line (the shell is running) and to the exit
# after its poweroff. A measurement, never a pass/fail.
#
#   bench/boot_bench.sh [USERLAND (armel|armhf, default armel)] [SMP]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tzemu=${TZEMU:-$root/build/tzemu}
runs=${RUNS:-3}
userland=${1:-armel}
smp=${2:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/linux-images.sh"
kernel=$(kernel_of linux-image-armmp)
initrd=$(initrd_of "$userland")

now() { date +%s.%N; }

# One boot of emulator @1...: prints "SHELL_S EXIT_S".
one_boot() {
    local t0 shell="" line
    t0=$(now)
    while IFS= read -r line; do
        if [ -z "$shell" ] && [[ $line == TZEMU-BEGIN* ]]; then
            shell=$(echo "$(now) - $t0" | bc)
        fi
    done < <("$@" -M virt -cpu cortex-a15 -m 512 -smp "$smp" -nographic \
                 -no-reboot -kernel "$kernel" -initrd "$initrd" \
                 -append "console=ttyAMA0 panic=-1 quiet" </dev/null 2>&1)
    echo "${shell:-inf} $(echo "$(now) - $t0" | bc)"
}

best() {
    local b_shell="" b_exit="" s e
    for _ in $(seq "$runs"); do
        read -r s e < <(one_boot "$@")
        if [ -z "$b_shell" ] || [ "$(echo "$s < $b_shell" | bc)" = 1 ]; then b_shell=$s; fi
        if [ -z "$b_exit" ] || [ "$(echo "$e < $b_exit" | bc)" = 1 ]; then b_exit=$e; fi
    done
    echo "$b_shell $b_exit"
}

read -r ts te < <(best "$tzemu")
read -r qs qe < <(best qemu-system-arm -nic none -monitor none)
printf 'boot (%s userland, -smp %s, best of %d): to shell tzemu %.2f s, qemu-system-arm %.2f s (%.1fx); to exit %.2f s vs %.2f s (%.1fx)\n' \
    "$userland" "$smp" "$runs" "$ts" "$qs" "$(echo "$ts / $qs" | bc -l)" \
    "$te" "$qe" "$(echo "$te / $qe" | bc -l)"
