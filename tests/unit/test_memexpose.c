/*
 * memexpose devices talking to each other: RAM shared by descriptor (no
 * message per access), MMIO forwarded with its attributes (Secure-only
 * regions refused to Non-secure requests), doorbells both ways, both sides
 * hammering each other at once, nested forwarding, orderly shutdown.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "../../src/hw/memexpose_proto.h"
#include "test_memexpose_rig.h"

#define NS ATTRS_NS
#define S ATTRS_S
#define NS_USER ((MemTxAttrs){ .user = 1 })

static bool fd_readable(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    return poll(&p, 1, 0) == 1;
}

GUARDED_TEST(memexpose_ram_is_shared_by_descriptor)
{
    MxRig r;
    if (!rig_start(&r, 0)) {
        return;
    }
    CHECK_EQ(side_reg_read(&r.b, MEMEXPOSE_REG_WINDOW_SIZE),
             A_EXPOSE_SIZE);
    uint8_t *a_ram = memory_region_get_ram_ptr(r.a.ram);
    MemTxResult res = ~0u;
    /* B writes A's RAM through the window: A sees it at once. */
    address_space_stl_le(&r.b.as_ns, B_WINDOW + 0x100, 0xcafef00d, NS,
                         &res);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(a_ram[0x100], 0x0d);
    CHECK_EQ(a_ram[0x103], 0xca);
    /* A writes; B reads the same bytes. */
    address_space_stq_le(&r.a.as_ns, A_RAM + 0xfff8, 0x1122334455667788,
                         S, NULL);
    CHECK_EQ(address_space_ldq_le(&r.b.as_ns, B_WINDOW + 0xfff8, NS,
                                  &res), 0x1122334455667788);
    CHECK_EQ(res, MEMTX_OK);
    /* No message went to A for any of that: A served nothing. */
    CHECK(!fd_readable(memexpose_fd(r.a.dev)));
    rig_destroy(&r);
}

GUARDED_TEST(memexpose_mmio_is_forwarded_with_attributes)
{
    MxRig r;
    if (!rig_start(&r, 0)) {
        return;
    }
    r.a.tdev.regs[0x10] = 0x44;
    r.a.tdev.regs[0x11] = 0x33;
    r.a.sdev.regs[0x20] = 0x5a;
    MxRunner run;
    runner_start(&run, &r.a, NULL, NULL);
    MemTxResult res = ~0u, res_w = ~0u, res_ns = 0, res_s = ~0u;
    uint64_t got = address_space_lduw_le(&r.b.as_ns, B_WINDOW + 0x10010,
                                         NS_USER, &res);
    address_space_stl_le(&r.b.as_ns, B_WINDOW + 0x10040, 0xa1b2c3d4, S,
                         &res_w);
    /* The Secure-only device: refused to Non-secure, served to Secure. */
    uint8_t ns_val = address_space_ldub(&r.b.as_ns, B_WINDOW + 0x11020, NS,
                                        &res_ns);
    uint8_t s_val = address_space_ldub(&r.b.as_ns, B_WINDOW + 0x11020, S,
                                       &res_s);
    /*
     * Secure-only RAM is not shared by descriptor (a mapping could not
     * refuse Non-secure accesses): it is forwarded, and checked, too.
     */
    ((uint8_t *)memory_region_get_ram_ptr(r.a.sram))[4] = 0x99;
    MemTxResult res_sram_ns = 0, res_sram_s = ~0u;
    address_space_ldub(&r.b.as_ns, B_WINDOW + 0x12004, NS, &res_sram_ns);
    uint8_t sram_val = address_space_ldub(&r.b.as_ns, B_WINDOW + 0x12004, S,
                                          &res_sram_s);
    runner_stop(&run);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(got, 0x3344);
    CHECK_EQ(res_w, MEMTX_OK);
    CHECK_EQ(res_ns, MEMTX_DECODE_ERROR);
    CHECK_EQ(ns_val, 0);
    CHECK_EQ(res_s, MEMTX_OK);
    CHECK_EQ(s_val, 0x5a);
    CHECK_EQ(res_sram_ns, MEMTX_DECODE_ERROR);
    CHECK_EQ(res_sram_s, MEMTX_OK);
    CHECK_EQ(sram_val, 0x99);
    /* A's devices saw one access each, of the size and with the rights. */
    CHECK_EQ(r.a.tdev.nr_calls, 2);
    CHECK_EQ(r.a.tdev.calls[0].size, 2);
    CHECK_EQ(r.a.tdev.calls[0].attrs.user, 1);
    CHECK_EQ(r.a.tdev.calls[0].attrs.secure, 0);
    CHECK_EQ(r.a.tdev.calls[1].is_write, 1);
    CHECK_EQ(r.a.tdev.calls[1].value, 0xa1b2c3d4);
    CHECK_EQ(r.a.tdev.calls[1].attrs.secure, 1);
    CHECK_EQ(r.a.sdev.nr_calls, 1);
    CHECK_EQ(r.a.sdev.calls[0].attrs.secure, 1);
    rig_destroy(&r);
}

static void ring_a_to_b(MxSide *a, void *arg)
{
    side_reg_write(a, MEMEXPOSE_REG_DOORBELL, *(uint32_t *)arg);
}

GUARDED_TEST(memexpose_doorbell_both_ways)
{
    MxRig r;
    if (!rig_start(&r, 0)) {
        return;
    }
    /* B rings A: A's line rises, its INT_STATUS shows the bits. */
    side_reg_write(&r.b, MEMEXPOSE_REG_DOORBELL, 0x5);
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while (!r.a.irq_level && rig_now_ms() < end) {
        memexpose_poll(r.a.dev);
    }
    CHECK_EQ(r.a.irq_level, 1);
    CHECK_EQ(side_reg_read(&r.a, MEMEXPOSE_REG_INT_STATUS), 0x5);
    side_reg_write(&r.a, MEMEXPOSE_REG_INT_ACK, 0x1);
    CHECK_EQ(r.a.irq_level, 1);
    side_reg_write(&r.a, MEMEXPOSE_REG_INT_ACK, 0x4);
    CHECK_EQ(r.a.irq_level, 0);
    CHECK_EQ(side_reg_read(&r.a, MEMEXPOSE_REG_INT_STATUS), 0);
    /* A rings B from another thread; then takes the ring back. */
    uint32_t bits = 0x80000000u;
    MxRunner run;
    runner_start(&run, &r.a, ring_a_to_b, &bits);
    end = rig_now_ms() + RIG_WAIT_MS;
    while (!r.b.irq_level && rig_now_ms() < end) {
        memexpose_poll(r.b.dev);
    }
    runner_stop(&run);
    CHECK_EQ(r.b.irq_level, 1);
    CHECK_EQ(side_reg_read(&r.b, MEMEXPOSE_REG_INT_STATUS), 0x80000000u);
    side_reg_write(&r.a, MEMEXPOSE_REG_DOORBELL_CLEAR, 0x80000000u);
    end = rig_now_ms() + RIG_WAIT_MS;
    while (r.b.irq_level && rig_now_ms() < end) {
        memexpose_poll(r.b.dev);
    }
    CHECK_EQ(r.b.irq_level, 0);
    /* Identity registers; writes to read-only ones are logged, not done. */
    CHECK_EQ(side_reg_read(&r.b, MEMEXPOSE_REG_ID), MEMEXPOSE_MAGIC);
    CHECK_EQ(side_reg_read(&r.b, MEMEXPOSE_REG_VERSION), 1);
    side_reg_write(&r.b, MEMEXPOSE_REG_STATUS, 0);
    CHECK_EQ(side_log_count(&r.b, "guest error"), 1);
    rig_destroy(&r);
}

/* Increments a counter through a forwarded window, @n times. */
typedef struct Hammer {
    AddressSpace *as;
    hwaddr addr;
    unsigned n;
    unsigned errors;
} Hammer;

static void hammer(Hammer *h)
{
    for (unsigned i = 0; i < h->n; i++) {
        MemTxResult r1 = MEMTX_OK, r2 = MEMTX_OK;
        uint32_t v = address_space_ldl_le(h->as, h->addr, NS, &r1);
        address_space_stl_le(h->as, h->addr, v + 1, NS, &r2);
        h->errors += (r1 | r2) != MEMTX_OK;
    }
}

static void hammer_work(MxSide *s, void *arg)
{
    (void)s;
    hammer(arg);
}

GUARDED_TEST(memexpose_both_sides_access_each_other_at_once)
{
    MxRig r;
    if (!rig_start(&r, 0)) {
        return;
    }
    /* A counts in B's private RAM, B in A's test device: both forwarded. */
    Hammer ha = { .as = &r.a.as_ns, .addr = A_WINDOW + 0x40, .n = 2000 };
    Hammer hb = { .as = &r.b.as_ns, .addr = B_WINDOW + 0x10080, .n = 2000 };
    MxRunner run;
    runner_start(&run, &r.a, hammer_work, &ha);
    hammer(&hb);
    /* Keep serving A until it is done too. */
    long long end = rig_now_ms() + 4 * RIG_WAIT_MS;
    while (!atomic_load(&run.work_done) && rig_now_ms() < end) {
        memexpose_poll(r.b.dev);
    }
    CHECK(atomic_load(&run.work_done));
    runner_stop(&run);
    CHECK_EQ(ha.errors, 0);
    CHECK_EQ(hb.errors, 0);
    uint8_t *b_ram = memory_region_get_ram_ptr(r.b.ram);
    CHECK_EQ(b_ram[0x40] | b_ram[0x41] << 8, 2000);
    CHECK_EQ(r.a.tdev.regs[0x80] | r.a.tdev.regs[0x81] << 8, 2000);
    CHECK_EQ(memexpose_status(r.a.dev) & MEMEXPOSE_STATUS_CLOSED, 0);
    rig_destroy(&r);
}

GUARDED_TEST(memexpose_nested_forwarding_is_served_while_waiting)
{
    /*
     * B reads A's window-of-B through its own window... by asking A to
     * read B's RAM: A serves B's request by forwarding to B, which must
     * answer while it waits for A's reply.
     */
    MxRig r;
    rig_init(&r, 0);
    /* Show A's window to B too: A's exposed range grows over it. */
    memexpose_free(r.a.dev);
    MemExposeConfig cfg = { .name = "A", .as_ns = &r.a.as_ns,
                            .as_secure = &r.a.as_s, .expose_addr = A_WINDOW,
                            .expose_size = B_RAM_SIZE,
                            .window_size = B_RAM_SIZE };
    r.a.dev = memexpose_new(&cfg, NULL);
    memexpose_set_log(r.a.dev, r.a.log_file);
    CHECK_EQ(memory_region_add_subregion(r.a.root_ns, A_WINDOW,
                                         memexpose_window(r.a.dev), NULL),
             MEM_OK);
    CHECK_EQ(memory_region_add_subregion(r.a.root_ns, A_REGS,
                                         memexpose_regs(r.a.dev), NULL),
             MEM_OK);
    if (rig_connect(&r)) {
        uint8_t *b_ram = memory_region_get_ram_ptr(r.b.ram);
        b_ram[0x24] = 0x77;
        MxRunner run;
        runner_start(&run, &r.a, NULL, NULL);
        MemTxResult res = ~0u;
        uint8_t v = address_space_ldub(&r.b.as_ns, B_WINDOW + 0x24, NS, &res);
        /* Past what A exposes: a bus error without asking A. */
        MemTxResult res_out = MEMTX_OK;
        address_space_ldub(&r.b.as_ns, B_WINDOW + B_RAM_SIZE, NS, &res_out);
        runner_stop(&run);
        CHECK_EQ(res, MEMTX_OK);
        CHECK_EQ(v, 0x77);
        CHECK_EQ(res_out, MEMTX_ERROR);
    }
    rig_destroy(&r);
}

GUARDED_TEST(memexpose_orderly_close_fails_the_window)
{
    MxRig r;
    rig_init(&r, 0);
    if (rig_connect(&r)) {
        memexpose_free(r.a.dev);
        r.a.dev = NULL;
        CHECK(side_poll_until(&r.b, MEMEXPOSE_STATUS_CLOSED));
        CHECK_EQ(side_log_count(&r.b, "link closed: peer closed it "
                                      "(shutdown)"), 1);
        MemTxResult res = MEMTX_OK;
        address_space_ldl_le(&r.b.as_ns, B_WINDOW, NS, &res);
        CHECK_EQ(res, MEMTX_ERROR);
        address_space_ldl_le(&r.b.as_ns, B_WINDOW + 0x10000, NS, &res);
        CHECK_EQ(res, MEMTX_ERROR);
        CHECK_EQ(memexpose_fd(r.b.dev), -1);
        CHECK_EQ(side_reg_read(&r.b, MEMEXPOSE_REG_WINDOW_SIZE), 0);
    }
    rig_destroy(&r);
}

TEST(memexpose_config_is_checked)
{
    MemError err;
    CHECK(memexpose_new(&(MemExposeConfig){ .name = "x" }, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    CHECK(memexpose_new(&(MemExposeConfig){ .name = "x", .window_size = 1,
                                            .expose_size = 16 },
                        &err) == NULL);
    TestSpace t;
    testspace_init(&t);
    CHECK(memexpose_new(&(MemExposeConfig){ .name = "x", .window_size = 1,
                                            .as_ns = &t.as,
                                            .expose_addr = ~0ull,
                                            .expose_size = 2 },
                        &err) == NULL);
    MemExpose *d = memexpose_new(&(MemExposeConfig){ .name = "x",
                                                     .window_size = 0x1000 },
                                 &err);
    CHECK(d != NULL);
    /* Not connected: the window answers bus errors, STATUS is 0. */
    MemoryRegion *w = memexpose_window(d);
    testspace_add(&t, 0x1000, w, 0);
    memory_region_ref(w); /* testspace_add dropped the device's reference */
    MemTxResult res = MEMTX_OK;
    address_space_ldl_le(&t.as, 0x1000, NS, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK_EQ(memexpose_status(d), 0);
    CHECK_EQ(memexpose_fd(d), -1);
    CHECK_EQ(memexpose_poll(d), 0);
    memexpose_free(d);
    testspace_destroy(&t);
}

TEST(memexpose_shared_ram_memfd_is_sealed)
{
    MemoryRegion *mr = memory_region_new_ram_shared("sealed", 0x1000, NULL);
    int fd = memory_region_get_fd(mr, NULL);
    int seals = fcntl(fd, F_GET_SEALS);
    CHECK(seals >= 0 && (seals & F_SEAL_SHRINK) && (seals & F_SEAL_SEAL));
    CHECK(ftruncate(fd, 0) < 0);
    memory_region_unref(mr);
}
