# Benchmarks: measured figures, never pass/fail.
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^

# The CPU benchmark's guest program (built as the guest tests are).
$(BUILD)/bench/cpubench.elf: bench/guest/cpubench.c
	@mkdir -p $(@D)
	$(ARM_CC) $(GUEST_CFLAGS) -c $< -o $(BUILD)/bench/cpubench.o
	$(ARM_CC) $(GUEST_LDFLAGS) $(BUILD)/bench/cpubench.o -o $@

BENCH_DEPS := $(BENCH_BINS) $(BUILD)/bench/cpubench.elf $(BUILD)/tzemu
BENCH_CMDS := $(BENCH_BINS) bench/cpu_bench.sh
