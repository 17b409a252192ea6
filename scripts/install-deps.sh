#!/usr/bin/env bash
# Installs the Debian packages tzemu's build and tests need, only those
# missing; as root, or through sudo. Safe to run any number of times.
set -eu
# gcc, make, libc, pkg-config: the build. capstone: disassembly in -d
# in_asm traces. libfdt: the virt board's device tree. arm-none-eabi-gcc
# and newlib: the guest tests.
# qemu-system-arm: the reference the guest tests are checked against.
# bc: arithmetic in the benchmark scripts. cpio: the Linux system test's
# initramfs. The armhf and armel architectures: the system test fetches
# Debian's armhf kernels and busybox for both with apt-get download.
# clang and its runtimes: libFuzzer for the memexpose parser's fuzz target.
packages=(gcc make libc6-dev pkg-config libcapstone-dev libfdt-dev
          gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm bc cpio
          clang libclang-rt-dev)
foreign=(armhf armel)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$p")
done
new_arch=()
for a in "${foreign[@]}"; do
    dpkg --print-foreign-architectures | grep -qx "$a" || new_arch+=("$a")
done
[ ${#missing[@]} -eq 0 ] && [ ${#new_arch[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
for a in "${new_arch[@]}"; do
    $sudo dpkg --add-architecture "$a"
done
# An index that fails to download (a mirror mid-sync) is not fatal: the
# packages come from the others.
$sudo apt-get update -q || true
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
