# tzmon, tzemu's secure monitor (firmware/): built with Debian's
# arm-none-eabi-gcc for the Secure flash, no C library.
FW_CC := arm-none-eabi-gcc
FW_OBJCOPY := arm-none-eabi-objcopy
FW_CFLAGS := -mcpu=cortex-a15 -marm -mfloat-abi=soft -ffreestanding -fno-builtin \
             -nostdlib -Os -g -std=gnu11 $(WARN) -MMD -MP -Iinclude
FW_SRCS := $(wildcard firmware/*.c) firmware/start.S
FW_OBJS := $(patsubst firmware/%,$(BUILD)/firmware/%.o,$(FW_SRCS))

$(BUILD)/firmware/%.c.o: firmware/%.c
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/firmware/%.S.o: firmware/%.S
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/firmware/tzmon.elf: $(FW_OBJS) firmware/tzmon.ld
	$(FW_CC) $(FW_CFLAGS) -T firmware/tzmon.ld -o $@ $(FW_OBJS) -lgcc

$(BUILD)/firmware/tzmon.bin: $(BUILD)/firmware/tzmon.elf
	$(FW_OBJCOPY) -O binary $< $@

firmware: $(BUILD)/firmware/tzmon.bin
.PHONY: firmware
