# System tests: Debian's Linux booted on tzemu and on qemu-system-arm.
CHECK_DEPS += $(BUILD)/tzemu
CHECK_CMDS += tests/system/linux-boot.sh
# The main job's flow: tzmon, then Linux in the Non-secure world.
CHECK_DEPS += $(BUILD)/firmware/tzmon.bin
CHECK_CMDS += tests/system/secure-boot.sh
# Two tzemu processes joined by memexpose, their guests from tests/guest.
CHECK_DEPS += $(BUILD)/guest/memexpose_rich.elf \
	$(BUILD)/guest/memexpose_trusted.elf
CHECK_CMDS += tests/system/memexpose.sh
