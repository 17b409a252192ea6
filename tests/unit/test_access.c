/*
 * Accesses: splitting at region boundaries, the valid/impl rules, device
 * endianness, unassigned addresses, the top of the space, the observer.
 */
#include <string.h>

#include "testlib.h"

/* A device region at @addr in a fresh space; regs hold 0x10, 0x11, ... */
static MemoryRegion *add_dev(TestSpace *t, TestDev *d, hwaddr addr,
                             const MemoryRegionOps *ops)
{
    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = (uint8_t)(0x10 + i);
    }
    return testspace_add(t, addr, memory_region_new_io("dev", 0x100, ops, d,
                                                       NULL), 0);
}

TEST(access_split_at_region_boundaries)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *ram = testspace_add(&t, 0x1000, test_ram("ram", 0x1000, 0),
                                      0);
    uint8_t *host = memory_region_get_ram_ptr(ram);
    for (int i = 0; i < 0x1000; i++) {
        host[i] = (uint8_t)i;
    }
    TestDev d = { 0 };
    add_dev(&t, &d, 0x2000, &testdev_ops_le);

    uint8_t buf[16];
    CHECK_EQ(address_space_read(&t.as, 0x1ff8, ATTRS_NS, buf, 16), MEMTX_OK);
    CHECK_EQ(buf[0], 0xf8);
    CHECK_EQ(buf[7], 0xff);
    CHECK_EQ(buf[8], 0x10);
    CHECK_EQ(buf[15], 0x17);
    CHECK_EQ(d.nr_calls, 1);
    CHECK(d.calls[0].addr == 0 && d.calls[0].size == 8);

    /* Into unassigned space: the device part arrives, the rest is zero. */
    memset(buf, 0xff, sizeof(buf));
    CHECK_EQ(address_space_read(&t.as, 0x20f8, ATTRS_NS, buf, 16),
             MEMTX_DECODE_ERROR);
    CHECK_EQ(buf[0], (uint8_t)(0x10 + 0xf8));
    CHECK_EQ(buf[8], 0);
    CHECK_EQ(buf[15], 0);

    /* A typed access straddling RAM and the device is split too. */
    host[0xffe] = 0xaa;
    host[0xfff] = 0xbb;
    MemTxResult r;
    CHECK_EQ(address_space_ldl_le(&t.as, 0x1ffe, ATTRS_NS, &r), 0x1110bbaa);
    CHECK_EQ(r, MEMTX_OK);
    uint8_t w[4] = { 1, 2, 3, 4 };
    CHECK_EQ(address_space_write(&t.as, 0x1ffe, ATTRS_NS, w, 4), MEMTX_OK);
    CHECK_EQ(host[0xfff], 2);
    CHECK_EQ(d.regs[0], 3);
    CHECK_EQ(d.regs[1], 4);
    testspace_destroy(&t);
}

static bool secure_only(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs)
{
    (void)opaque, (void)addr, (void)size, (void)is_write;
    return attrs.secure;
}

TEST(access_valid_rules_reject_without_calling)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegionOps ops = testdev_ops_le;
    ops.valid.min_access_size = 4;
    ops.valid.max_access_size = 4;
    TestDev d = { 0 };
    add_dev(&t, &d, 0, &ops);
    MemTxResult r;
    CHECK_EQ(address_space_ldub(&t.as, 0, ATTRS_NS, &r), 0);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK_EQ(address_space_ldl_le(&t.as, 2, ATTRS_NS, &r), 0);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK_EQ(address_space_ldq_le(&t.as, 0, ATTRS_NS, &r), 0);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK_EQ(d.nr_calls, 0);
    CHECK_EQ(address_space_ldl_le(&t.as, 4, ATTRS_NS, &r), 0x17161514);
    CHECK_EQ(r, MEMTX_OK);
    /* A byte buffer is cut into pieces the hardware takes. */
    uint8_t buf[8];
    CHECK_EQ(address_space_read(&t.as, 8, ATTRS_NS, buf, 8), MEMTX_OK);
    CHECK_EQ(d.nr_calls, 3);
    CHECK(d.calls[1].size == 4 && d.calls[2].addr == 12);
    /* ... but not below what it takes. */
    CHECK_EQ(address_space_read(&t.as, 8, ATTRS_NS, buf, 2), MEMTX_ERROR);
    testspace_destroy(&t);

    testspace_init(&t);
    ops = testdev_ops_le;
    ops.valid.accepts = secure_only;
    d.nr_calls = 0;
    add_dev(&t, &d, 0, &ops);
    address_space_stl_le(&t.as, 0, 1, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stl_le(&t.as, 0, 1, ATTRS_S, &r);
    CHECK_EQ(r, MEMTX_OK);
    CHECK_EQ(d.nr_calls, 1);
    CHECK(d.calls[0].attrs.secure);
    testspace_destroy(&t);
}

TEST(access_impl_split_and_endianness)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegionOps le2 = testdev_ops_le;
    le2.impl.max_access_size = 2;
    TestDev d = { 0 };
    add_dev(&t, &d, 0, &le2);
    CHECK_EQ(address_space_ldq_le(&t.as, 0, ATTRS_NS, NULL),
             0x1716151413121110ull);
    CHECK_EQ(d.nr_calls, 4);
    CHECK(d.calls[3].addr == 6 && d.calls[3].size == 2 &&
          d.calls[3].value == 0x1716);
    /* The same bytes read as big-endian. */
    CHECK_EQ(address_space_ldq_be(&t.as, 0, ATTRS_NS, NULL),
             0x1011121314151617ull);
    testspace_destroy(&t);

    testspace_init(&t);
    MemoryRegionOps be4 = testdev_ops_be;
    be4.impl.max_access_size = 4;
    TestDev b = { .big_endian = true };
    add_dev(&t, &b, 0, &be4);
    /* Big-endian device: the first piece is the most significant. */
    CHECK_EQ(address_space_ldq_be(&t.as, 0, ATTRS_NS, NULL),
             0x1011121314151617ull);
    CHECK(b.nr_calls == 2 && b.calls[0].value == 0x10111213);
    b.nr_calls = 0;
    address_space_stl_be(&t.as, 0x20, 0x11223344, ATTRS_NS, NULL);
    CHECK_EQ(b.calls[0].value, 0x11223344);
    address_space_stl_le(&t.as, 0x20, 0x11223344, ATTRS_NS, NULL);
    CHECK_EQ(b.calls[1].value, 0x44332211);
    CHECK_EQ(address_space_lduw_be(&t.as, 0x20, ATTRS_NS, NULL), 0x4433);
    testspace_destroy(&t);
}

TEST(access_impl_widening_is_not_read_modify_write)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegionOps w4 = testdev_ops_le;
    w4.impl.min_access_size = 4;
    w4.impl.max_access_size = 4;
    TestDev d = { 0 };
    add_dev(&t, &d, 0, &w4);
    /* A narrow read reads the aligned unit and returns its bytes. */
    CHECK_EQ(address_space_ldub(&t.as, 5, ATTRS_NS, NULL), 0x15);
    CHECK(d.calls[0].addr == 4 && d.calls[0].size == 4 && !d.calls[0].is_write);
    /* A narrow write sends the unit with zeros around the data. */
    address_space_stb(&t.as, 5, 0xab, ATTRS_NS, NULL);
    CHECK(d.nr_calls == 2 && d.calls[1].is_write);
    CHECK_EQ(d.calls[1].addr, 4);
    CHECK_EQ(d.calls[1].value, 0x0000ab00);
    CHECK_EQ(d.regs[4], 0);
    CHECK_EQ(d.regs[5], 0xab);
    CHECK_EQ(d.regs[6], 0);
    testspace_destroy(&t);

    testspace_init(&t);
    MemoryRegionOps wb = testdev_ops_be;
    wb.impl.min_access_size = 4;
    TestDev b = { .big_endian = true };
    add_dev(&t, &b, 0, &wb);
    address_space_stb(&t.as, 1, 0xab, ATTRS_NS, NULL);
    CHECK_EQ(b.calls[0].value, 0x00ab0000);
    testspace_destroy(&t);

    testspace_init(&t);
    MemoryRegionOps un = testdev_ops_le;
    un.impl.min_access_size = 4;
    un.impl.unaligned = true;
    d.nr_calls = 0;
    add_dev(&t, &d, 0, &un);
    CHECK_EQ(address_space_ldub(&t.as, 1, ATTRS_NS, NULL), 0x11);
    CHECK(d.calls[0].addr == 1 && d.calls[0].size == 4);
    testspace_destroy(&t);
}

TEST(access_errors_and_unassigned)
{
    TestSpace t;
    testspace_init(&t);
    TestDev d = { .fail_from = 0x80 };
    add_dev(&t, &d, 0x1000, &testdev_ops_le);
    testspace_add(&t, 0x3000, memory_region_new_reservation("hole", 0x1000,
                                                            NULL), 0);
    MemTxResult r;
    address_space_ldl_le(&t.as, 0x1080, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stl_le(&t.as, 0x1080, 1, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK_EQ(address_space_ldl_le(&t.as, 0x9000, ATTRS_NS, &r), 0);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    address_space_stl_le(&t.as, 0x9000, 1, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    CHECK_EQ(address_space_ldl_le(&t.as, 0x3000, ATTRS_NS, &r), 0);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    /* Wild addresses anywhere in the space answer, never crash. */
    for (hwaddr a = 1; a; a <<= 1) {
        address_space_ldq_le(&t.as, a * 3, ATTRS_NS, &r);
        CHECK(r == MEMTX_DECODE_ERROR || a * 3 < 0x2000);
    }
    testspace_destroy(&t);
}

TEST(access_at_the_top_of_the_space)
{
    TestSpace t;
    testspace_init(&t);
    testspace_add(&t, 0xfffffffffffff000ull, test_ram("top", 0x1000, 0x7e),
                  0);
    uint8_t buf[8];
    memset(buf, 0xff, sizeof(buf));
    CHECK_EQ(address_space_read(&t.as, 0xfffffffffffffffcull, ATTRS_NS, buf,
                                8), MEMTX_DECODE_ERROR);
    CHECK(buf[3] == 0x7e && buf[4] == 0 && buf[7] == 0);
    MemTxResult r;
    CHECK_EQ(address_space_ldq_le(&t.as, 0xfffffffffffffff8ull, ATTRS_NS, &r),
             0x7e7e7e7e7e7e7e7eull);
    CHECK_EQ(r, MEMTX_OK);
    testspace_destroy(&t);
}

typedef struct Seen {
    MemTxEvent ev[8];
    uint64_t value[8];
    unsigned n;
} Seen;

static void observer(void *opaque, const MemTxEvent *ev)
{
    Seen *s = opaque;
    if (s->n < 8) {
        s->ev[s->n] = *ev;
        s->value[s->n++] = memtx_event_value(ev);
    }
}

TEST(access_observer_sees_every_transaction)
{
    TestSpace t;
    testspace_init(&t);
    testspace_add(&t, 0x1000, test_ram("ram", 0x1000, 0), 0);
    Seen s = { 0 };
    address_space_set_observer(&t.as, observer, &s);
    address_space_stl_be(&t.as, 0x1004, 0xcafef00d,
                         (MemTxAttrs){ .secure = 1, .user = 1 }, NULL);
    address_space_ldl_le(&t.as, 0x1004, ATTRS_NS, NULL);
    address_space_ldub(&t.as, 0x8000, ATTRS_S, NULL);
    CHECK_EQ(s.n, 3);
    CHECK(s.ev[0].is_write && s.ev[0].addr == 0x1004 && s.ev[0].size == 4);
    CHECK(s.ev[0].attrs.secure && s.ev[0].attrs.user);
    CHECK_EQ(s.value[0], 0xcafef00d);
    CHECK_EQ(s.ev[0].result, MEMTX_OK);
    CHECK(!s.ev[1].is_write && !s.ev[1].attrs.secure);
    CHECK_EQ(s.value[1], 0x0df0feca);
    CHECK_EQ(s.ev[2].result, MEMTX_DECODE_ERROR);
    CHECK(s.ev[2].as == &t.as);
    address_space_set_observer(&t.as, NULL, NULL);
    address_space_ldub(&t.as, 0x1000, ATTRS_NS, NULL);
    CHECK_EQ(s.n, 3);
    testspace_destroy(&t);
}
