# Benchmarks: measured figures, never pass/fail.
BENCH_SRCS := $(filter-out bench/iommu_bench.c,$(wildcard bench/*.c))
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^

# The memexpose benchmark runs two devices (in two processes).
$(BUILD)/bench/memexpose_bench: $(BUILD)/bench/memexpose_bench.o \
		$(call obj,$(wildcard src/hw/memexpose*.c) src/hw/devlog.c \
		src/hw/irq.c) $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^

# The CPU benchmark's guest program (built as the guest tests are).
$(BUILD)/bench/cpubench.elf: bench/guest/cpubench.c
	@mkdir -p $(@D)
	$(ARM_CC) $(GUEST_CFLAGS) -c $< -o $(BUILD)/bench/cpubench.o
	$(ARM_CC) $(GUEST_LDFLAGS) $(BUILD)/bench/cpubench.o -o $@

# The IOMMU benchmark drives a CPU itself; its guest is a raw binary.
$(BUILD)/bench/iommu_bench: $(BUILD)/bench/iommu_bench.o \
		$(call obj,$(CPU_ARM_SRCS) src/hw/irq.c src/hw/tz_mpc.c \
		src/hw/devlog.c) $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^

$(BUILD)/bench/iommubench.bin: bench/guest/iommubench.S
	@mkdir -p $(@D)
	$(ARM_CC) -mcpu=cortex-a15 -c $< -o $(BUILD)/bench/iommubench.o
	arm-none-eabi-objcopy -O binary $(BUILD)/bench/iommubench.o $@

BENCH_DEPS := $(BENCH_BINS) $(BUILD)/bench/cpubench.elf $(BUILD)/tzemu \
	$(BUILD)/bench/iommu_bench $(BUILD)/bench/iommubench.bin
BENCH_CMDS := $(BENCH_BINS) bench/cpu_bench.sh $(BUILD)/bench/iommu_bench bench/boot_bench.sh
