# The emulator binary: command line and start-up.
CORE_SRCS := $(wildcard src/core/*.c)

EMULATOR_SRCS = $(CORE_SRCS) $(BOARD_SRCS) $(HW_SRCS) $(CPU_ARM_SRCS)

$(BUILD)/tzemu: $(call obj,$(EMULATOR_SRCS)) $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)
