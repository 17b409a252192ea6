#!/bin/busybox sh
# /init of the secure boot system test (tests/system/secure-boot.sh): what
# the Non-secure world can and cannot reach, with -m 512 (the Secure
# carve-out is the top 16 MiB, from 0x5f000000), then PSCI SYSTEM_OFF.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
echo SECURE-BOOT-BEGIN
echo "cpus online: $(cat /sys/devices/system/cpu/online)"
cpu1=/sys/devices/system/cpu/cpu1/online
if [ -e $cpu1 ]; then
    echo 0 >$cpu1
    echo "after CPU_OFF: $(cat /sys/devices/system/cpu/online)"
    echo 1 >$cpu1
    echo "after CPU_ON: $(cat /sys/devices/system/cpu/online)"
fi
echo "PSCI conduit: $(cat /sys/firmware/devicetree/base/psci/method)"
echo "carve-out read: $(devmem 0x5f000000 32)"
devmem 0x5f000000 32 0x12345678
echo "carve-out after write: $(devmem 0x5f000000 32)"
devmem 0x0e000000 32
echo "secure RAM read: exit status $?"
echo SECURE-BOOT-END
poweroff -f
