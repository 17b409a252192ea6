# Debian's armhf kernels and a busybox initramfs for the Linux system test
# and the boot benchmark, fetched with apt-get download on first use and
# kept in $TZEMU_CACHE (default ~/.cache/tzemu), outside the repository.
# Sourced; defines kernel_of PACKAGE, initrd_of USERLAND (armhf, armel) and
# initrd_with_init USERLAND INIT NAME (another /init script), which print
# the path of the image. Needs $work, a scratch directory.
cache=${TZEMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tzemu}
mkdir -p "$cache"

# Downloads package @1 (name:arch) into the cache once; prints the .deb.
fetch_deb() {
    local deb
    deb=$(ls "$cache"/"${1%%:*}"_*_"${1##*:}".deb 2>/dev/null | head -n 1)
    if [ -z "$deb" ]; then
        (cd "$cache" && apt-get download -q "$1" >/dev/null 2>&1) || {
            echo "cannot download $1 (needs the ${1##*:} architecture: dpkg --add-architecture ${1##*:}; apt-get update)" >&2
            return 1
        }
        deb=$(ls "$cache"/"${1%%:*}"_*_"${1##*:}".deb | head -n 1)
    fi
    echo "$deb"
}

# The kernel image of meta-package @1 (linux-image-armmp or -armmp-lpae).
kernel_of() {
    local real deb dir
    real=$(apt-cache depends "$1:armhf" 2>/dev/null |
           awk '/Depends: linux-image-[0-9]/ { sub(":armhf", "", $2); print $2; exit }')
    [ -n "$real" ] || { echo "no kernel package behind $1" >&2; return 1; }
    deb=$(fetch_deb "$real:armhf") || return 1
    dir=$cache/${real}
    if [ ! -d "$dir" ]; then
        dpkg-deb -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
    fi
    ls "$dir"/boot/vmlinuz-*
}

# The script the initramfs runs: what the kernel and userland must do.
write_init() {
    cat >"$1" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo TZEMU-BEGIN
uname -a
grep -v -e BogoMIPS -e Features /proc/cpuinfo
grep -c ^processor /proc/cpuinfo
mount | grep -e ^proc -e ^sysfs
seq 1 30000 >/tmp/numbers
md5sum /tmp/numbers
i=0; s=0
while [ $i -lt 3000 ]; do s=$(( (s * 31 + i * i) % 1000003 )); i=$((i + 1)); done
echo "loop=$s"
awk 'BEGIN { h = 0; for (i = 1; i <= 2000; i++) h += 1 / i;
             x = 1; for (i = 0; i < 8; i++) x = (x + 2 / x) / 2;
             printf "harmonic=%.12f sqrt2=%.15f big=%.6e\n", h, x, 3.7e10 * 1.1e-3 / 7 }'
echo TZEMU-END
poweroff -f
INIT
    chmod +x "$1"
}

# Packs busybox for userland @1 with the executable @2 as /init into the
# gzipped newc initramfs @3.
pack_initrd() {
    local deb dir
    deb=$(fetch_deb "busybox-static:$1") || return 1
    dir=$(mktemp -d "$work/initrd-$1.XXXXXX")
    dpkg-deb -x "$deb" "$dir/pkg"
    mkdir -p "$dir/root/bin"
    cp "$dir/pkg/bin/busybox" "$dir/root/bin/busybox"
    cp "$2" "$dir/root/init"
    chmod +x "$dir/root/init"
    (cd "$dir/root" && find . | cpio -o -H newc --quiet | gzip -9) >"$3.tmp" &&
        mv "$3.tmp" "$3"
}

# The gzipped newc initramfs with busybox for userland @1 (armhf, armel).
initrd_of() {
    local out=$cache/initrd-$1.cpio.gz
    if [ ! -f "$out" ] || [ "${BASH_SOURCE[0]}" -nt "$out" ]; then
        write_init "$work/init-$1"
        pack_initrd "$1" "$work/init-$1" "$out" || return 1
    fi
    echo "$out"
}

# The same with the script @2 as /init, cached under the name @3.
initrd_with_init() {
    local out=$cache/initrd-$3-$1.cpio.gz
    if [ ! -f "$out" ] || [ "$2" -nt "$out" ] || [ "${BASH_SOURCE[0]}" -nt "$out" ]; then
        pack_initrd "$1" "$2" "$out" || return 1
    fi
    echo "$out"
}
