# Benchmarks: measured figures, never pass/fail.
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/libmemory.a
	$(CC) $(CFLAGS) -o $@ $^
