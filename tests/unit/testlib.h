/*
 * Helpers shared by the unit tests: a recording MMIO device, and a root
 * container with an address space on it.
 */
#ifndef TZEMU_TESTLIB_H
#define TZEMU_TESTLIB_H

#include "../harness.h"
#include "tzemu/memory.h"

/* One callback the test device saw. */
typedef struct DevCall {
    bool is_write;
    hwaddr addr;
    unsigned size;
    uint64_t value;
    MemTxAttrs attrs;
} DevCall;

/*
 * A device whose registers are a byte array read and written in its own
 * endianness, recording every call. @fail_from: offsets at or above it
 * answer MEMTX_ERROR.
 */
typedef struct TestDev {
    uint8_t regs[256];
    bool big_endian;
    hwaddr fail_from;
    DevCall calls[64];
    unsigned nr_calls;
} TestDev;

extern const MemoryRegionOps testdev_ops_le;
extern const MemoryRegionOps testdev_ops_be;

/* Ops on a TestDev for tests that set their own rules. */
MemTxResult testdev_read(void *opaque, hwaddr addr, uint64_t *data,
                         unsigned size, MemTxAttrs attrs);
MemTxResult testdev_write(void *opaque, hwaddr addr, uint64_t data,
                          unsigned size, MemTxAttrs attrs);

/* A root container of 2^64 bytes with an address space named "test". */
typedef struct TestSpace {
    MemoryRegion *root;
    AddressSpace as;
} TestSpace;

void testspace_init(TestSpace *t);
void testspace_destroy(TestSpace *t);
/* Maps a new region at @addr with @prio and drops the creator's reference. */
MemoryRegion *testspace_add(TestSpace *t, hwaddr addr, MemoryRegion *mr,
                            int prio);
MemoryRegion *test_ram(const char *name, uint64_t size, uint8_t fill);

/* Everything a dump function printed, as a malloc'd string. */
char *test_capture_tree(AddressSpace *const *spaces, size_t n);
char *test_capture_flat(AddressSpace *const *spaces, size_t n);

#define ATTRS_NS ((MemTxAttrs){ 0 })
#define ATTRS_S ((MemTxAttrs){ .secure = 1 })

#endif
