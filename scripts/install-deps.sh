#!/usr/bin/env bash
# Installs the Debian packages tzemu's build and tests need, only those
# missing; as root, or through sudo. Safe to run any number of times.
set -eu
# gcc, make, libc, pkg-config: the build. capstone: disassembly in -d
# in_asm traces. arm-none-eabi-gcc and newlib: the guest tests.
# qemu-system-arm: the reference the guest tests are checked against.
# bc: arithmetic in the benchmark script.
packages=(gcc make libc6-dev pkg-config libcapstone-dev gcc-arm-none-eabi
          libnewlib-arm-none-eabi qemu-system-arm bc)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
