# Guest tests: bare-metal ARM programs built with Debian's arm-none-eabi-gcc
# and newlib's semihosting (rdimon) library, run on tzemu and checked
# against what qemu-system-arm prints for the same program (*.expected).
#
# Compiled for the Cortex-A15 in A32 state, linked against the default
# (A32) multilib: the Cortex-A15 multilib is Thumb code.
ARM_CC := arm-none-eabi-gcc
GUEST_CFLAGS := -O2 -marm -mcpu=cortex-a15 -mfloat-abi=soft -Wall -Wextra \
	-Werror -ffreestanding -Itests/guest -Iinclude
GUEST_LDFLAGS := -marm -march=armv4t -mfloat-abi=soft -specs=rdimon.specs \
	-Wl,-Ttext-segment=0x40000000
GUEST_SRCS := $(wildcard tests/guest/*.c)
GUEST_LIB := $(wildcard tests/guest/lib/*.c tests/guest/lib/*.S)
GUEST_ELFS := $(patsubst tests/guest/%.c,$(BUILD)/guest/%.elf,$(GUEST_SRCS))

# The shared code in tests/guest/lib (exception vectors and handlers,
# printing helpers) is linked into every program. Header dependencies come
# from -MMD (the top-level Makefile includes every .d under build/).
$(BUILD)/guest/lib/%.o: tests/guest/lib/%.c
	@mkdir -p $(@D)
	$(ARM_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guest/lib/%.o: tests/guest/lib/%.S
	@mkdir -p $(@D)
	$(ARM_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

GUEST_LIB_OBJS := $(patsubst tests/guest/%,$(BUILD)/guest/%.o,$(basename $(GUEST_LIB)))

# Kept between runs (they would otherwise be removed as intermediates).
.SECONDARY: $(GUEST_LIB_OBJS)

# The VFP tests (vfp*.c) reach the VFP through inline assembly only: the
# compiler keeps to core registers (the unit starts disabled) and to the
# soft-float calling convention of the rest.
GUEST_VFP_CFLAGS := -mfloat-abi=softfp -mfpu=vfpv4 -mgeneral-regs-only

# The Thumb tests (thumb*.c) are Thumb code; the library stays A32 and
# calls between them interwork.
GUEST_THUMB_CFLAGS := -mthumb

$(BUILD)/guest/%.elf: tests/guest/%.c $(GUEST_LIB_OBJS)
	@mkdir -p $(@D)
	$(ARM_CC) $(GUEST_CFLAGS) $(if $(filter vfp%,$*),$(GUEST_VFP_CFLAGS)) \
		$(if $(filter thumb%,$*),$(GUEST_THUMB_CFLAGS)) \
		-MMD -MP -MT $@ -MF $(BUILD)/guest/$*.d -c $< -o $(BUILD)/guest/$*.o
	$(ARM_CC) $(GUEST_LDFLAGS) $(BUILD)/guest/$*.o $(GUEST_LIB_OBJS) -o $@

guest: $(GUEST_ELFS)

.PHONY: guest

# Checked on tzemu, and the expectations on qemu-system-arm.
CHECK_DEPS += $(GUEST_ELFS) $(BUILD)/tzemu
CHECK_CMDS += scripts/guest-tests.sh:tzemu scripts/guest-tests.sh:qemu
