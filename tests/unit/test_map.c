/* address_space_map/unmap: direct RAM pointers, shortening, bounce buffer. */
#include <string.h>

#include "testlib.h"

TEST(map_ram_is_direct_and_shortened_at_the_end)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *ram = testspace_add(&t, 0x1000, test_ram("ram", 0x1000, 5),
                                      0);
    TestDev d = { 0 };
    testspace_add(&t, 0x2000, memory_region_new_io("dev", 0x100,
                                                   &testdev_ops_le, &d, NULL),
                  0);
    hwaddr len = 0x1000;
    MemTxResult res = 99;
    uint8_t *p = address_space_map(&t.as, 0x1800, &len, true, ATTRS_NS, &res);
    CHECK(p == (uint8_t *)memory_region_get_ram_ptr(ram) + 0x800);
    CHECK_EQ(len, 0x800);
    CHECK_EQ(res, MEMTX_OK);
    memset(p, 0x44, len);
    CHECK_EQ(address_space_unmap(&t.as, p, len, true, len), MEMTX_OK);
    CHECK_EQ(address_space_ldub(&t.as, 0x1fff, ATTRS_NS, NULL), 0x44);
    /* A ROM is direct for reads only. */
    testspace_add(&t, 0x8000, memory_region_new_rom("rom", 0x1000, NULL), 0);
    len = 0x100;
    p = address_space_map(&t.as, 0x8000, &len, false, ATTRS_NS, &res);
    CHECK(p != NULL && len == 0x100);
    address_space_unmap(&t.as, p, len, false, len);
    len = 0x100;
    p = address_space_map(&t.as, 0x8000, &len, true, ATTRS_NS, &res);
    CHECK(p != NULL);
    memset(p, 1, len);
    CHECK_EQ(address_space_unmap(&t.as, p, len, true, len),
             MEMTX_ACCESS_ERROR);
    CHECK_EQ(address_space_ldub(&t.as, 0x8000, ATTRS_NS, NULL), 0);
    testspace_destroy(&t);
}

TEST(map_bounce_buffer_for_mmio)
{
    TestSpace t;
    testspace_init(&t);
    TestDev d = { 0 };
    for (unsigned i = 0; i < sizeof(d.regs); i++) {
        d.regs[i] = (uint8_t)i;
    }
    testspace_add(&t, 0x2000, memory_region_new_io("dev", 0x100,
                                                   &testdev_ops_le, &d, NULL),
                  0);
    hwaddr len = 0x400;
    MemTxResult res;
    uint8_t *p = address_space_map(&t.as, 0x2010, &len, false, ATTRS_NS, &res);
    CHECK(p != NULL);
    CHECK_EQ(len, 0xf0);
    CHECK(p && p[0] == 0x10 && p[0xef] == 0xff);
    /* One bounce buffer per address space: a second map must wait. */
    hwaddr len2 = 4;
    CHECK(address_space_map(&t.as, 0x2000, &len2, false, ATTRS_NS, &res) ==
          NULL);
    CHECK_EQ(len2, 0);
    CHECK_EQ(res, MEMTX_OK);
    address_space_unmap(&t.as, p, len, false, len);

    /* A write mapping writes back with the mapping's own attributes. */
    d.nr_calls = 0;
    len = 8;
    p = address_space_map(&t.as, 0x2000, &len, true, ATTRS_S, &res);
    CHECK(p != NULL && len == 8);
    CHECK_EQ(d.nr_calls, 0);
    memcpy(p, "\x01\x02\x03\x04", 4);
    CHECK_EQ(address_space_unmap(&t.as, p, len, true, 4), MEMTX_OK);
    CHECK_EQ(d.nr_calls, 1);
    CHECK(d.calls[0].is_write && d.calls[0].attrs.secure &&
          d.calls[0].size == 4 && d.calls[0].value == 0x04030201);

    /* Bounce length is capped. */
    MemoryRegion *big = memory_region_new_io("big", 0x10000, &testdev_ops_le,
                                             &d, NULL);
    testspace_add(&t, 0x100000, big, 0);
    len = 0x10000;
    p = address_space_map(&t.as, 0x100000, &len, true, ATTRS_NS, &res);
    CHECK_EQ(len, MEMORY_BOUNCE_SIZE);
    address_space_unmap(&t.as, p, len, true, 0);

    /* Unassigned: nothing to map. */
    len = 4;
    CHECK(address_space_map(&t.as, 0x900000, &len, false, ATTRS_NS, &res) ==
          NULL);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(len, 0);
    testspace_destroy(&t);
}
