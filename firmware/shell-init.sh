#!/bin/busybox sh
# /init of `make run`'s initramfs: a busybox shell on the Non-secure
# console, with a hint at what the Secure world keeps to itself.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
carve=$(ls /sys/firmware/devicetree/base/reserved-memory 2>/dev/null |
        sed -n 's/^secure@//p')
echo
echo "Linux in the Non-secure world; tzmon (the [secure] lines) in the Secure one."
if [ -n "$carve" ]; then
    echo "  devmem 0x$carve   the Secure carve-out: the MPC refuses, tzmon logs it"
fi
echo "  devmem 0x0e000000   the Secure RAM: the bus answers with an abort"
echo "  poweroff -f         PSCI SYSTEM_OFF through tzmon: tzemu exits"
echo
setsid cttyhack sh
poweroff -f
