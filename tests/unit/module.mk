# Host unit tests of the memory API, devices, CPU tables and boards, built
# twice: optimised,
# and with AddressSanitizer + UndefinedBehaviorSanitizer.
UNIT_SRCS := $(wildcard tests/unit/*.c) tests/harness.c
UNIT_LINKED = $(filter-out src/core/main.c,$(EMULATOR_SRCS))

$(BUILD)/tests/unit-tests: $(call obj,$(UNIT_SRCS) $(UNIT_LINKED)) $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/asan/tests/unit-tests: $(call san_obj,$(UNIT_SRCS) $(UNIT_LINKED)) $(BUILD)/asan/libmemory.a
	$(CC) $(CFLAGS_SAN) -o $@ $^ $(LIBS)

CHECK_DEPS += $(BUILD)/tests/unit-tests $(BUILD)/asan/tests/unit-tests
CHECK_CMDS += $(BUILD)/tests/unit-tests $(BUILD)/asan/tests/unit-tests
