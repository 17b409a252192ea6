# A32 differential fuzz test: a32gen writes random instruction blocks in a
# harness; run.sh assembles them and compares tzemu with qemu-system-arm.
# tests/fuzz/run.sh --long 1000000 is the long run, by hand.
# fuzzgen.c and fuzzgen_media.c are the parts both generators share.
FUZZGEN_OBJS := $(BUILD)/tests/fuzz/fuzzgen.o $(BUILD)/tests/fuzz/fuzzgen_media.o

$(BUILD)/tests/fuzz/a32gen: $(BUILD)/tests/fuzz/a32gen.o $(FUZZGEN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^

CHECK_DEPS += $(BUILD)/tests/fuzz/a32gen $(BUILD)/tzemu
CHECK_CMDS += tests/fuzz/run.sh

# The VFP fuzz test: vfpgen's programs through the same runner (--vfp);
# tests/fuzz/run.sh --vfp --long 1000000 is its long run, by hand.
$(BUILD)/tests/fuzz/vfpgen: $(BUILD)/tests/fuzz/vfpgen.o
	$(CC) $(CFLAGS) -o $@ $^ -lm

CHECK_DEPS += $(BUILD)/tests/fuzz/vfpgen
CHECK_CMDS += tests/fuzz/run.sh:--vfp

# The Thumb fuzz test: t32gen's programs (16- and 32-bit instructions, IT
# blocks) through the same runner (--thumb).
$(BUILD)/tests/fuzz/t32gen: $(BUILD)/tests/fuzz/t32gen.o $(FUZZGEN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^

CHECK_DEPS += $(BUILD)/tests/fuzz/t32gen
CHECK_CMDS += tests/fuzz/run.sh:--thumb

# The memexpose message parser under libFuzzer (clang, with ASan and
# UBSan): memexpose_fuzz.sh runs it for 15 s from tests/fuzz/memexpose_corpus.
FUZZER_CC := clang
FUZZER_FLAGS := -std=gnu11 $(WARN) -Iinclude -g -O1 -fno-sanitize-recover=all \
                -fsanitize=fuzzer-no-link,address,undefined
MEMEXPOSE_FUZZ_SRCS := tests/fuzz/memexpose_fuzz.c $(wildcard src/hw/memexpose*.c) \
                       src/hw/devlog.c src/hw/irq.c $(MEMORY_SRCS)

$(BUILD)/fuzzer/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZER_CC) $(FUZZER_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/fuzz/memexpose_fuzz: $(patsubst %.c,$(BUILD)/fuzzer/%.o,$(MEMEXPOSE_FUZZ_SRCS))
	$(FUZZER_CC) $(FUZZER_FLAGS) -fsanitize=fuzzer -o $@ $^

CHECK_DEPS += $(BUILD)/tests/fuzz/memexpose_fuzz
CHECK_CMDS += tests/fuzz/memexpose_fuzz.sh
