/* Helpers behind testlib.h. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static uint64_t regs_value(TestDev *d, hwaddr addr, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = 8 * (d->big_endian ? size - 1 - i : i);
        v |= (uint64_t)d->regs[(addr + i) % sizeof(d->regs)] << shift;
    }
    return v;
}

static void record(TestDev *d, bool is_write, hwaddr addr, unsigned size,
                   uint64_t value, MemTxAttrs attrs)
{
    if (d->nr_calls < sizeof(d->calls) / sizeof(d->calls[0])) {
        d->calls[d->nr_calls++] =
            (DevCall){ is_write, addr, size, value, attrs };
    }
}

MemTxResult testdev_read(void *opaque, hwaddr addr, uint64_t *data,
                         unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;
    *data = regs_value(d, addr, size);
    record(d, false, addr, size, *data, attrs);
    return d->fail_from && addr >= d->fail_from ? MEMTX_ERROR : MEMTX_OK;
}

MemTxResult testdev_write(void *opaque, hwaddr addr, uint64_t data,
                          unsigned size, MemTxAttrs attrs)
{
    TestDev *d = opaque;
    record(d, true, addr, size, data, attrs);
    if (d->fail_from && addr >= d->fail_from) {
        return MEMTX_ERROR;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = 8 * (d->big_endian ? size - 1 - i : i);
        d->regs[(addr + i) % sizeof(d->regs)] = (uint8_t)(data >> shift);
    }
    return MEMTX_OK;
}

const MemoryRegionOps testdev_ops_le = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

const MemoryRegionOps testdev_ops_be = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

void testspace_init(TestSpace *t)
{
    t->root = memory_region_new_container("root", MEMORY_SIZE_2_64, NULL);
    address_space_init(&t->as, t->root, "test");
}

void testspace_destroy(TestSpace *t)
{
    address_space_destroy(&t->as);
    memory_region_unref(t->root);
}

MemoryRegion *testspace_add(TestSpace *t, hwaddr addr, MemoryRegion *mr,
                            int prio)
{
    CHECK_EQ(memory_region_add_subregion_overlap(t->root, addr, mr, prio,
                                                 NULL), MEM_OK);
    memory_region_unref(mr);
    return mr;
}

MemoryRegion *test_ram(const char *name, uint64_t size, uint8_t fill)
{
    MemoryRegion *mr = memory_region_new_ram(name, size, NULL);
    memset(memory_region_get_ram_ptr(mr), fill, size);
    return mr;
}

typedef void (*DumpFn)(FILE *, AddressSpace *const *, size_t);

static char *capture(DumpFn fn, AddressSpace *const *spaces, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fn(f, spaces, n);
    fclose(f);
    return text;
}

char *test_capture_tree(AddressSpace *const *spaces, size_t n)
{
    return capture(memory_dump_tree, spaces, n);
}

char *test_capture_flat(AddressSpace *const *spaces, size_t n)
{
    return capture(memory_dump_flat, spaces, n);
}
