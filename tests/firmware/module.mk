# tzmon's PSCI calls from a Non-secure payload (tests/firmware/run.sh).
FWT_OBJS := $(BUILD)/tests/firmware/payload.S.o \
            $(BUILD)/tests/firmware/psci_payload.c.o

$(BUILD)/tests/firmware/%.o: tests/firmware/%
	@mkdir -p $(@D)
	$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/tests/firmware/psci_payload.bin: $(FWT_OBJS) tests/firmware/payload.ld
	$(FW_CC) $(FW_CFLAGS) -T tests/firmware/payload.ld -o $(@:.bin=.elf) \
	    $(FWT_OBJS) -lgcc
	$(FW_OBJCOPY) -O binary $(@:.bin=.elf) $@

CHECK_DEPS += $(BUILD)/tzemu $(BUILD)/firmware/tzmon.bin \
              $(BUILD)/tests/firmware/psci_payload.bin
CHECK_CMDS += tests/firmware/run.sh
