# The memory API: a library linked into tzemu, the tests and the benchmarks.
MEMORY_SRCS := $(wildcard src/memory/*.c)

$(BUILD)/libmemory.a: $(call obj,$(MEMORY_SRCS))
	$(AR) rcs $@ $^

$(BUILD)/asan/libmemory.a: $(call san_obj,$(MEMORY_SRCS))
	$(AR) rcs $@ $^
