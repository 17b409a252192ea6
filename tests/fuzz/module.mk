# A32 differential fuzz test: a32gen writes random instruction blocks in a
# harness; run.sh assembles them and compares tzemu with qemu-system-arm.
# tests/fuzz/run.sh --long 1000000 is the long run, by hand.
$(BUILD)/tests/fuzz/a32gen: $(BUILD)/tests/fuzz/a32gen.o
	$(CC) $(CFLAGS) -o $@ $^

CHECK_DEPS += $(BUILD)/tests/fuzz/a32gen $(BUILD)/tzemu
CHECK_CMDS += tests/fuzz/run.sh
