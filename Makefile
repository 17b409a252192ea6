# tzemu build: GNU Make, non-recursive. Each folder's module.mk lists its
# sources; everything is built under build/ (build/asan/ for the sanitized
# test build). Targets users type: make, make run, make check, make bench.

BUILD := build
CC ?= gcc
WARN := -Wall -Wextra -Werror
CFLAGS_BASE := -std=gnu11 $(WARN) -Iinclude -g -MMD -MP
# No straight-line (SLP) vectorization: it packs the CPU's four flag words
# into one vector store, whose shuffles and forwarding to the next
# instruction's single-flag loads cost more than four plain stores (a
# Linux boot runs ~5% faster without it; docs/PERFORMANCE.md).
CFLAGS := $(CFLAGS_BASE) -O2 -fno-tree-slp-vectorize
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS_SAN := $(CFLAGS_BASE) -O1 $(SAN)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
san_obj = $(patsubst %.c,$(BUILD)/asan/%.o,$(1))

all: $(BUILD)/tzemu

include src/memory/module.mk
include src/boards/module.mk
include src/hw/module.mk
include src/cpu/arm/module.mk
include src/core/module.mk
include firmware/module.mk
include tests/unit/module.mk
include tests/cli/module.mk
include tests/guest/module.mk
include tests/fuzz/module.mk
include tests/system/module.mk
include tests/firmware/module.mk
include bench/module.mk

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SAN) -c $< -o $@

# Installs the Debian packages the build and tests need (idempotent).
deps:
	@scripts/install-deps.sh

# Libraries found through pkg-config once the dependencies are installed;
# Debian's libfdt-dev ships no .pc file, hence the plain -lfdt fallback.
LIBS = $(shell pkg-config --libs capstone) \
       $(shell pkg-config --libs libfdt 2>/dev/null || echo -lfdt)

# run and check install what is missing first, then build in a second make
# (so nothing is built before the tools exist).
run: deps
	@$(MAKE) --no-print-directory $(BUILD)/tzemu $(BUILD)/firmware/tzmon.bin
	@firmware/run-linux.sh

# Each module adds what its tests need built (CHECK_DEPS) and the commands
# that run them (CHECK_CMDS: PROGRAM or PROGRAM:ARG).
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: $(CHECK_DEPS)
	@scripts/run-tests.sh $(CHECK_CMDS)

bench: deps
	@$(MAKE) --no-print-directory $(BENCH_DEPS)
	@for b in $(BENCH_CMDS); do $$b; done

clean:
	rm -rf $(BUILD)

.PHONY: all deps run check check-run bench clean

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
