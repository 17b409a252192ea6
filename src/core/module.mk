# The emulator binary: command line and start-up.
CORE_SRCS := $(wildcard src/core/*.c)

$(BUILD)/tzemu: $(call obj,$(CORE_SRCS) $(BOARD_SRCS)) $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^
