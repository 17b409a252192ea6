#!/usr/bin/env bash
# The main job (make run): tzmon in the Secure world, then Debian's Linux
# (linux-image-armmp, a busybox initramfs) in the Non-secure one, on
# -M virt,secure=on,mpc=on,firmware-psci=on. The Secure UART's lines share
# the terminal, marked "[secure] ".
#
#   firmware/run-linux.sh [--init FILE] [--smp N] [TZEMU-ARGS...]
#
# --init: the initramfs's /init (default: firmware/shell-init.sh, an
# interactive shell); --smp: CPUs (default 1); anything else goes to tzemu.
# Images come from scripts/linux-images.sh ($TZEMU_CACHE).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tzemu=${TZEMU:-$root/build/tzemu}
init=$root/firmware/shell-init.sh
smp=1
while [ $# -gt 0 ]; do
    case $1 in
    --init) init=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    *) break ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/linux-images.sh"
name=$(basename "$init" .sh)
vmlinuz=$(kernel_of linux-image-armmp) &&
    initrd=$(initrd_with_init armhf "$init" "$name") || exit 1
"$tzemu" -M virt,secure=on,mpc=on,firmware-psci=on -cpu cortex-a15 -m 512 \
    -smp "$smp" -nographic -bios "$root/build/firmware/tzmon.bin" \
    -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyAMA0 panic=-1 quiet" "$@"
