/*
 * The TZ-MPC through address spaces: reset state and identity, every
 * register (masks, BLK_LUT auto-increment, BLK_IDX wrap, narrow accesses,
 * lockdown, Non-secure register accesses, the INT_* registers), Secure and
 * Non-secure transfers through the upstream region (pass, RAZ/WI, bus
 * error, across blocks, mapped for DMA), the capture in INT_INFO1/2 and the
 * interrupt, the notifier events of LUT changes, bad configurations, and a
 * randomized run against a reference model. The random seed comes from
 * TZEMU_SEED or the clock and is printed; `TZEMU_SEED=N
 * build/tests/unit-tests tz_mpc_random` replays a run.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/hw/tz_mpc.h"
#include "testlib.h"

#define REG_BASE 0x50083000ull
#define RAM_BASE 0x80000000ull
#define BS 4096u
/* 80 blocks: two full LUT words and half of a third. */
#define NR_BLOCKS 80u
#define RAM_SIZE ((uint64_t)NR_BLOCKS * BS)

enum {
    CTRL = 0x000, BLK_MAX = 0x010, BLK_CFG = 0x014, BLK_IDX = 0x018,
    BLK_LUT = 0x01c, INT_STAT = 0x020, INT_CLEAR = 0x024, INT_EN = 0x028,
    INT_INFO1 = 0x02c, INT_INFO2 = 0x030, INT_SET = 0x034,
};

#define CTRL_SEC_RESP (1u << 4)
#define CTRL_AUTOINC (1u << 8)
#define CTRL_SEC_LOCK (1u << 31)
#define INFO2_HNONSEC (1u << 16)
#define INFO2_CFG_NS (1u << 17)

/* One notifier event as the recorder saw it. */
typedef struct Event {
    IOMMUNotifierFlag type;
    int idx;
    hwaddr iova;
    hwaddr mask;
    AddressSpace *target;
    IOMMUAccessFlags perm;
} Event;

typedef struct EventLog {
    Event ev[512];
    unsigned n;
} EventLog;

/* A notifier over the whole upstream region for one index. */
typedef struct Recorder {
    IOMMUNotifier n;
    EventLog *log;
} Recorder;

typedef struct Rig {
    TestSpace t;
    TzMpc *mpc;
    MemoryRegion *ram_mr;
    uint8_t *ram;
    int level;
    FILE *log_file;
    char *log;
    size_t log_len;
    EventLog events;
    Recorder rec[TZ_MPC_NUM_INDEXES];
} Rig;

static void sink_set(void *opaque, int n, int level)
{
    Rig *r = opaque;
    (void)n;
    r->level = level;
}

static void record(IOMMUNotifier *n, IOMMUNotifierFlag type,
                   const IOMMUTLBEntry *e)
{
    Recorder *rec = (Recorder *)n;
    EventLog *log = rec->log;
    if (log->n < sizeof(log->ev) / sizeof(log->ev[0])) {
        log->ev[log->n] = (Event){ type, n->iommu_idx, e->iova, e->addr_mask,
                                   e->target_as, e->perm };
    }
    log->n++;
}

/* RAM byte at offset o reads (o * 7 + o / BS) & 0xff before any write. */
static uint8_t ram_pattern(uint64_t o)
{
    return (uint8_t)(o * 7 + o / BS);
}

static void rig_init(Rig *r, bool init_ns)
{
    memset(r, 0, sizeof(*r));
    testspace_init(&r->t);
    r->ram_mr = test_ram("ram", RAM_SIZE, 0);
    r->ram = memory_region_get_ram_ptr(r->ram_mr);
    for (uint64_t o = 0; o < RAM_SIZE; o++) {
        r->ram[o] = ram_pattern(o);
    }
    MemError err;
    r->mpc = tz_mpc_new("mpc", r->ram_mr, BS, init_ns,
                        irq_line(sink_set, r, 0), &err);
    CHECK(r->mpc != NULL);
    r->log_file = open_memstream(&r->log, &r->log_len);
    tz_mpc_set_log(r->mpc, r->log_file);
    CHECK_EQ(memory_region_add_subregion(r->t.root, REG_BASE,
                                         tz_mpc_reg_region(r->mpc), NULL),
             MEM_OK);
    CHECK_EQ(memory_region_add_subregion(r->t.root, RAM_BASE,
                                         tz_mpc_upstream(r->mpc), NULL),
             MEM_OK);
    for (int i = 0; i < TZ_MPC_NUM_INDEXES; i++) {
        r->rec[i] = (Recorder){
            .n = { .notify = record,
                   .flags = IOMMU_NOTIFIER_MAP | IOMMU_NOTIFIER_UNMAP,
                   .start = 0, .end = RAM_SIZE - 1, .iommu_idx = i },
            .log = &r->events,
        };
        CHECK_EQ(memory_region_register_iommu_notifier(
                     tz_mpc_upstream(r->mpc), &r->rec[i].n, &err), MEM_OK);
    }
}

static void rig_destroy(Rig *r)
{
    tz_mpc_free(r->mpc);
    memory_region_unref(r->ram_mr);
    testspace_destroy(&r->t);
    fclose(r->log_file);
    free(r->log);
}

/* One 32-bit access to the register frame, which always answers OK. */
static uint32_t reg_rw(Rig *r, hwaddr off, MemTxAttrs attrs, bool is_write,
                       uint32_t v)
{
    MemTxResult res;
    if (is_write) {
        address_space_stl_le(&r->t.as, REG_BASE + off, v, attrs, &res);
    } else {
        v = address_space_ldl_le(&r->t.as, REG_BASE + off, attrs, &res);
    }
    CHECK_EQ(res, MEMTX_OK);
    return v;
}

static uint32_t srd(Rig *r, hwaddr off)
{
    return reg_rw(r, off, ATTRS_S, false, 0);
}

static void swr(Rig *r, hwaddr off, uint32_t v)
{
    reg_rw(r, off, ATTRS_S, true, v);
}

static uint32_t nsrd(Rig *r, hwaddr off)
{
    return reg_rw(r, off, ATTRS_NS, false, 0);
}

static void nswr(Rig *r, hwaddr off, uint32_t v)
{
    reg_rw(r, off, ATTRS_NS, true, v);
}

/* Sets LUT word @idx through BLK_IDX/BLK_LUT. */
static void set_lut(Rig *r, uint32_t idx, uint32_t v)
{
    swr(r, BLK_IDX, idx);
    swr(r, BLK_LUT, v);
}

/* The layout most transfer tests use: block 1 Secure, the rest NS. */
static void rig_init_block1_secure(Rig *r)
{
    rig_init(r, true);
    set_lut(r, 0, ~2u);
    r->events.n = 0;
}

static const char *log_text(Rig *r)
{
    fflush(r->log_file);
    return r->log ? r->log : "";
}

static uint8_t ldb(Rig *r, uint64_t off, MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ldub(&r->t.as, RAM_BASE + off, attrs, res);
}

/* ------------------------------------------------------------ registers */

TEST(tz_mpc_reset_state_and_identity)
{
    static const uint8_t ids[12] = { 0x04, 0x00, 0x00, 0x00, 0x60, 0xb8,
                                     0x1b, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int init_ns = 0; init_ns < 2; init_ns++) {
        Rig r;
        rig_init(&r, init_ns);
        CHECK_EQ(srd(&r, CTRL), CTRL_AUTOINC);
        /* 80 blocks: three LUT words, BLK_MAX is the last index. */
        CHECK_EQ(srd(&r, BLK_MAX), 2);
        CHECK_EQ(srd(&r, BLK_CFG), 7);
        CHECK_EQ(srd(&r, BLK_IDX), 0);
        CHECK_EQ(srd(&r, INT_STAT), 0);
        CHECK_EQ(srd(&r, INT_EN), 1);
        CHECK_EQ(srd(&r, INT_INFO1), 0);
        CHECK_EQ(srd(&r, INT_INFO2), 0);
        for (unsigned w = 0; w < 3; w++) {
            CHECK_EQ(srd(&r, BLK_LUT), init_ns ? 0xffffffffu : 0);
        }
        for (unsigned i = 0; i < 12; i++) {
            CHECK_EQ(srd(&r, 0xfd0 + 4 * i), ids[i]);
            /* The ID registers answer the Non-secure world too. */
            CHECK_EQ(nsrd(&r, 0xfd0 + 4 * i), ids[i]);
        }
        CHECK_EQ(r.level, 0);
        CHECK_EQ(r.events.n, 0);
        CHECK_STR(memory_region_name(tz_mpc_upstream(r.mpc)),
                  "mpc-upstream");
        CHECK_EQ(memory_region_size(tz_mpc_upstream(r.mpc)), RAM_SIZE);
        CHECK_EQ(memory_region_iommu_num_indexes(tz_mpc_upstream(r.mpc)), 2);
        CHECK_EQ(tz_mpc_block_size(r.mpc), BS);
        CHECK_STR(log_text(&r), "");
        rig_destroy(&r);
    }
}

TEST(tz_mpc_block_size_sets_blk_cfg_and_blk_max)
{
    static const struct {
        uint32_t bs;
        uint64_t size;
        uint32_t cfg, max;
    } cases[] = {
        { 32, 32, 0, 0 },
        { 64, 64 * 33, 1, 1 },
        { 4096, 4096 * 32, 7, 0 },
        { 1u << 20, 1u << 26, 15, 1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        TestSpace t;
        testspace_init(&t);
        MemoryRegion *ram = memory_region_new_reservation("mem",
                                                          cases[i].size, NULL);
        TzMpc *s = tz_mpc_new("m", ram, cases[i].bs, false, IRQ_LINE_NONE,
                              NULL);
        memory_region_unref(ram);
        memory_region_add_subregion(t.root, 0, tz_mpc_reg_region(s), NULL);
        CHECK_EQ(address_space_ldl_le(&t.as, BLK_CFG, ATTRS_S, NULL),
                 cases[i].cfg);
        CHECK_EQ(address_space_ldl_le(&t.as, BLK_MAX, ATTRS_S, NULL),
                 cases[i].max);
        tz_mpc_free(s);
        testspace_destroy(&t);
    }
}

TEST(tz_mpc_refuses_bad_configurations)
{
    MemoryRegion *ram = test_ram("ram", 3 * BS, 0);
    MemError err;
    static const uint32_t bad_sizes[] = { 0, 16, 48, 4095, 2u << 20 };
    for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
        CHECK(tz_mpc_new("m", ram, bad_sizes[i], false, IRQ_LINE_NONE,
                         &err) == NULL);
        CHECK_EQ(err.code, MEM_ERR_INVAL);
    }
    /* 3 blocks of 4 KiB are not a whole number of 8 KiB blocks. */
    CHECK(tz_mpc_new("m", ram, 8192, false, IRQ_LINE_NONE, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    CHECK(strstr(err.message, "multiple") != NULL);
    memory_region_unref(ram);
    /* 2^43 bytes of 32-byte blocks: 2^33 LUT words. */
    MemoryRegion *huge = memory_region_new_reservation("huge", 1ull << 43,
                                                       NULL);
    CHECK(tz_mpc_new("m", huge, 32, false, IRQ_LINE_NONE, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_RANGE);
    memory_region_unref(huge);
}

TEST(tz_mpc_ctrl_keeps_its_defined_bits)
{
    Rig r;
    rig_init(&r, true);
    swr(&r, CTRL, 0x7fffffffu);
    CHECK_EQ(srd(&r, CTRL), CTRL_SEC_RESP | CTRL_AUTOINC);
    swr(&r, CTRL, 0);
    CHECK_EQ(srd(&r, CTRL), 0);
    /* Narrow writes keep the other bytes of CTRL. */
    address_space_stb(&r.t.as, REG_BASE + CTRL + 1, 0x01, ATTRS_S, NULL);
    address_space_stb(&r.t.as, REG_BASE + CTRL, 0x10, ATTRS_S, NULL);
    CHECK_EQ(srd(&r, CTRL), CTRL_SEC_RESP | CTRL_AUTOINC);
    CHECK_EQ(address_space_ldub(&r.t.as, REG_BASE + CTRL + 1, ATTRS_S, NULL),
             1);
    CHECK_EQ(address_space_lduw_le(&r.t.as, REG_BASE + CTRL, ATTRS_S, NULL),
             0x110);
    /* No translation depends on CTRL: nothing is announced. */
    CHECK_EQ(r.events.n, 0);
    CHECK_STR(log_text(&r), "");
    rig_destroy(&r);
}

TEST(tz_mpc_blk_lut_auto_increment)
{
    Rig r;
    rig_init(&r, false);
    /* Full-word writes step BLK_IDX and wrap after BLK_MAX. */
    swr(&r, BLK_LUT, 0x11111111);
    CHECK_EQ(srd(&r, BLK_IDX), 1);
    swr(&r, BLK_LUT, 0x22222222);
    swr(&r, BLK_LUT, 0x33333333);
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    /* So do full-word reads. */
    CHECK_EQ(srd(&r, BLK_LUT), 0x11111111);
    CHECK_EQ(srd(&r, BLK_LUT), 0x22222222);
    CHECK_EQ(srd(&r, BLK_LUT), 0x33333333);
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    /* Narrow accesses neither step nor clobber the other bytes. */
    CHECK_EQ(address_space_ldub(&r.t.as, REG_BASE + BLK_LUT + 3, ATTRS_S,
                                NULL), 0x11);
    address_space_stw_le(&r.t.as, REG_BASE + BLK_LUT + 2, 0xabcd, ATTRS_S,
                         NULL);
    address_space_stb(&r.t.as, REG_BASE + BLK_LUT, 0xef, ATTRS_S, NULL);
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    CHECK_EQ(srd(&r, BLK_LUT), 0xabcd11efu);
    CHECK_EQ(srd(&r, BLK_IDX), 1);
    /* Without CTRL.AUTOINC the index stays. */
    swr(&r, CTRL, 0);
    swr(&r, BLK_LUT, 0x44444444);
    CHECK_EQ(srd(&r, BLK_LUT), 0x44444444);
    CHECK_EQ(srd(&r, BLK_LUT), 0x44444444);
    CHECK_EQ(srd(&r, BLK_IDX), 1);
    CHECK_STR(log_text(&r), "");
    rig_destroy(&r);
}

TEST(tz_mpc_blk_idx_wraps_past_blk_max)
{
    Rig r;
    rig_init(&r, false);
    set_lut(&r, 2, 0xcafe);
    swr(&r, CTRL, 0);
    swr(&r, BLK_IDX, 2);
    CHECK_EQ(srd(&r, BLK_IDX), 2);
    /* As QEMU: an index past BLK_MAX is taken modulo the word count. */
    swr(&r, BLK_IDX, 5);
    CHECK_EQ(srd(&r, BLK_IDX), 2);
    CHECK_EQ(srd(&r, BLK_LUT), 0xcafe);
    swr(&r, BLK_IDX, 0xffffffffu);
    CHECK_EQ(srd(&r, BLK_IDX), 0xffffffffu % 3);
    /* A byte write keeps the other bytes: 0x100 | 2 = 258, mod 3 is 0. */
    swr(&r, BLK_IDX, 2);
    address_space_stb(&r.t.as, REG_BASE + BLK_IDX + 1, 0x01, ATTRS_S, NULL);
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    rig_destroy(&r);
}

TEST(tz_mpc_read_only_write_only_and_bad_offsets)
{
    Rig r;
    rig_init(&r, false);
    swr(&r, BLK_MAX, 7);
    swr(&r, BLK_CFG, 1);
    swr(&r, INT_STAT, 1);
    swr(&r, INT_INFO1, 1);
    swr(&r, 0xfe0, 0);
    swr(&r, 0x004, 1);
    CHECK_EQ(srd(&r, BLK_MAX), 2);
    CHECK_EQ(srd(&r, BLK_CFG), 7);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    CHECK_EQ(srd(&r, INT_INFO1), 0);
    CHECK_EQ(srd(&r, 0xfe0), 0x60);
    CHECK_EQ(srd(&r, INT_CLEAR), 0);
    CHECK_EQ(srd(&r, INT_SET), 0);
    CHECK_EQ(srd(&r, 0x004), 0);
    CHECK_EQ(srd(&r, 0x800), 0);
    const char *log = log_text(&r);
    CHECK(strstr(log, "write of 0x7 to read-only BLK_MAX") != NULL);
    CHECK(strstr(log, "write of 0x0 to read-only PIDR0") != NULL);
    CHECK(strstr(log, "write of 0x1 to bad offset 0x004") != NULL);
    CHECK(strstr(log, "read of write-only INT_CLEAR") != NULL);
    CHECK(strstr(log, "read of bad offset 0x800") != NULL);
    CHECK_EQ(r.level, 0);
    rig_destroy(&r);
}

TEST(tz_mpc_non_secure_sees_only_the_id_registers)
{
    Rig r;
    rig_init(&r, true);
    swr(&r, INT_EN, 0);
    nswr(&r, CTRL, CTRL_SEC_RESP);
    nswr(&r, INT_EN, 1);
    nswr(&r, INT_SET, 1);
    nswr(&r, BLK_LUT, 0);
    CHECK_EQ(nsrd(&r, CTRL), 0);
    CHECK_EQ(nsrd(&r, BLK_MAX), 0);
    CHECK_EQ(nsrd(&r, BLK_LUT), 0);
    CHECK_EQ(srd(&r, CTRL), CTRL_AUTOINC);
    CHECK_EQ(srd(&r, INT_EN), 0);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    CHECK_EQ(srd(&r, BLK_LUT), 0xffffffffu);
    CHECK_EQ(r.events.n, 0);
    CHECK(strstr(log_text(&r), "Non-secure write at 0x000") != NULL);
    CHECK(strstr(log_text(&r), "Non-secure read at 0x01c") != NULL);
    rig_destroy(&r);
}

TEST(tz_mpc_interrupt_registers)
{
    Rig r;
    rig_init(&r, true);
    /* INT_SET raises the status; the line follows INT_EN. */
    swr(&r, INT_SET, 2);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    swr(&r, INT_SET, 1);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    CHECK_EQ(r.level, 1);
    /* INT_SET captures nothing. */
    CHECK_EQ(srd(&r, INT_INFO1), 0);
    CHECK_EQ(srd(&r, INT_INFO2), 0);
    swr(&r, INT_EN, 0xfffffffeu);
    CHECK_EQ(srd(&r, INT_EN), 0);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    swr(&r, INT_EN, 0xffffffffu);
    CHECK_EQ(srd(&r, INT_EN), 1);
    CHECK_EQ(r.level, 1);
    /* INT_CLEAR clears on bit 0 only. */
    swr(&r, INT_CLEAR, 0xfffffffeu);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    swr(&r, INT_CLEAR, 1);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    CHECK_EQ(r.level, 0);
    /* A byte write into INT_SET's second byte is not bit 0. */
    address_space_stb(&r.t.as, REG_BASE + INT_SET + 1, 1, ATTRS_S, NULL);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    CHECK_STR(log_text(&r), "");
    rig_destroy(&r);
}

TEST(tz_mpc_lockdown_until_reset)
{
    Rig r;
    rig_init(&r, true);
    swr(&r, CTRL, CTRL_SEC_LOCK | CTRL_AUTOINC);
    swr(&r, CTRL, CTRL_SEC_RESP);
    CHECK_EQ(srd(&r, CTRL), CTRL_SEC_LOCK | CTRL_AUTOINC);
    swr(&r, BLK_LUT, 0);
    swr(&r, INT_EN, 0);
    CHECK_EQ(srd(&r, INT_EN), 1);
    /* The refused BLK_LUT write did not step BLK_IDX; reads still do. */
    CHECK_EQ(srd(&r, BLK_IDX), 0);
    CHECK_EQ(srd(&r, BLK_LUT), 0xffffffffu);
    CHECK_EQ(srd(&r, BLK_IDX), 1);
    /* BLK_IDX and the interrupt status stay writable. */
    swr(&r, BLK_IDX, 2);
    CHECK_EQ(srd(&r, BLK_IDX), 2);
    swr(&r, INT_SET, 1);
    CHECK_EQ(r.level, 1);
    swr(&r, INT_CLEAR, 1);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(r.events.n, 0);
    CHECK(strstr(log_text(&r), "to BLK_LUT under CTRL.SEC_LOCK") != NULL);
    CHECK(strstr(log_text(&r), "to INT_EN under CTRL.SEC_LOCK") != NULL);
    tz_mpc_reset(r.mpc);
    swr(&r, CTRL, 0);
    CHECK_EQ(srd(&r, CTRL), 0);
    rig_destroy(&r);
}

/* ------------------------------------------------------------ transfers */

TEST(tz_mpc_passes_matching_transfers_and_blocks_the_rest)
{
    Rig r;
    rig_init_block1_secure(&r);
    MemTxResult res;
    CHECK_EQ(ldb(&r, 0x10, ATTRS_NS, &res), ram_pattern(0x10));
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(ldb(&r, BS + 0x10, (MemTxAttrs){ .secure = 1, .user = 1 },
                 &res), ram_pattern(BS + 0x10));
    CHECK_EQ(res, MEMTX_OK);
    /* Loaders' transfers without attributes count as Secure. */
    CHECK_EQ(ldb(&r, BS + 0x11, MEMTXATTRS_UNSPECIFIED, &res),
             ram_pattern(BS + 0x11));
    /* Mismatches read as zero and ignore writes, with an OKAY response. */
    CHECK_EQ(ldb(&r, BS + 0x10, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(ldb(&r, 0x10, ATTRS_S, &res), 0);
    CHECK_EQ(res, MEMTX_OK);
    address_space_stb(&r.t.as, RAM_BASE + BS + 0x10, 0xee,
                      (MemTxAttrs){ .user = 1 }, &res);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(r.ram[BS + 0x10], ram_pattern(BS + 0x10));
    /* A debug transfer is judged by its security like any other. */
    CHECK_EQ(ldb(&r, BS + 0x10, (MemTxAttrs){ .debug = 1 }, &res), 0);
    CHECK_EQ(ldb(&r, BS + 0x10, (MemTxAttrs){ .debug = 1, .secure = 1 },
                 &res), ram_pattern(BS + 0x10));
    /* Privilege does not matter; a passing write lands. */
    address_space_stb(&r.t.as, RAM_BASE + 0x20, 0x5a,
                      (MemTxAttrs){ .user = 1 }, &res);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(r.ram[0x20], 0x5a);
    /* With CTRL.CFG_SEC_RESP the same transfers are bus errors. */
    swr(&r, CTRL, CTRL_SEC_RESP | CTRL_AUTOINC);
    CHECK_EQ(ldb(&r, BS + 0x10, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_ERROR);
    address_space_stl_le(&r.t.as, RAM_BASE + 0x30, 0x12345678, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK_EQ(r.ram[0x30], ram_pattern(0x30));
    CHECK_EQ(ldb(&r, 0x10, ATTRS_NS, &res), ram_pattern(0x10));
    CHECK_EQ(res, MEMTX_OK);
    rig_destroy(&r);
}

TEST(tz_mpc_transfer_across_blocks_is_judged_per_block)
{
    Rig r;
    rig_init_block1_secure(&r);
    uint8_t buf[8];
    memset(buf, 0xaa, sizeof(buf));
    /* Unaligned, 4 bytes in block 0 (NS) and 4 in block 1 (S). */
    CHECK_EQ(address_space_read(&r.t.as, RAM_BASE + BS - 4, ATTRS_NS, buf, 8),
             MEMTX_OK);
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(buf[i], i < 4 ? ram_pattern(BS - 4 + i) : 0);
    }
    static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    CHECK_EQ(address_space_write(&r.t.as, RAM_BASE + BS - 4, ATTRS_NS, data,
                                 8), MEMTX_OK);
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(r.ram[BS - 4 + i], i < 4 ? data[i] : ram_pattern(BS + i - 4));
    }
    /* The capture names the first blocked byte. */
    CHECK_EQ(srd(&r, INT_INFO1), BS);
    swr(&r, CTRL, CTRL_SEC_RESP);
    CHECK_EQ(address_space_read(&r.t.as, RAM_BASE + BS - 4, ATTRS_NS, buf, 8),
             MEMTX_ERROR);
    /* The passing half is still read; the blocked half reads as zero. */
    CHECK_EQ(buf[0], 1);
    CHECK_EQ(buf[4], 0);
    rig_destroy(&r);
}

TEST(tz_mpc_dma_mapping_follows_the_lut)
{
    Rig r;
    rig_init_block1_secure(&r);
    MemTxResult res;
    hwaddr len = 2 * BS;
    uint8_t *p = address_space_map(&r.t.as, RAM_BASE, &len, false, ATTRS_NS,
                                   &res);
    /* Block 0 is host RAM; the mapping stops where the block ends. */
    CHECK(p == r.ram);
    CHECK_EQ(len, BS);
    address_space_unmap(&r.t.as, p, len, false, len);
    /* Block 1 reaches the blocked target: a bounce buffer of zeros. */
    len = 16;
    p = address_space_map(&r.t.as, RAM_BASE + BS, &len, false, ATTRS_NS, &res);
    CHECK(p != NULL && p != r.ram + BS);
    CHECK(p && p[0] == 0 && p[15] == 0);
    address_space_unmap(&r.t.as, p, len, false, len);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    CHECK_EQ(srd(&r, INT_INFO1), BS);
    /* A DMA write through the bounce buffer changes nothing. */
    len = 16;
    p = address_space_map(&r.t.as, RAM_BASE + BS, &len, true, ATTRS_NS, &res);
    memset(p, 0xee, len);
    CHECK_EQ(address_space_unmap(&r.t.as, p, len, true, len), MEMTX_OK);
    CHECK_EQ(r.ram[BS], ram_pattern(BS));
    swr(&r, CTRL, CTRL_SEC_RESP);
    len = 16;
    CHECK(address_space_map(&r.t.as, RAM_BASE + BS, &len, false, ATTRS_NS,
                            &res) == NULL);
    CHECK_EQ(res, MEMTX_ERROR);
    rig_destroy(&r);
}

TEST(tz_mpc_captures_the_first_blocked_transfer_and_interrupts)
{
    Rig r;
    rig_init_block1_secure(&r);
    MemTxResult res;
    MemTxAttrs ns_master = { .requester_id = 0xbeef, .user = 1 };
    ldb(&r, BS + 0x123, ns_master, &res);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    CHECK_EQ(r.level, 1);
    CHECK_EQ(srd(&r, INT_INFO1), BS + 0x123);
    /* HMASTER, HNONSEC = 1, CFG_NS = 0 (the block is Secure). */
    CHECK_EQ(srd(&r, INT_INFO2), 0xbeef | INFO2_HNONSEC);
    /* Later violations are answered but not captured. */
    ldb(&r, 0x40, (MemTxAttrs){ .secure = 1, .requester_id = 7 }, &res);
    CHECK_EQ(srd(&r, INT_INFO1), BS + 0x123);
    swr(&r, INT_CLEAR, 1);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(srd(&r, INT_INFO1), BS + 0x123);
    /* After the clear, the next one is: a Secure write to an NS block. */
    address_space_stb(&r.t.as, RAM_BASE + 0x40, 1,
                      (MemTxAttrs){ .secure = 1, .requester_id = 7 }, &res);
    CHECK_EQ(srd(&r, INT_INFO1), 0x40);
    CHECK_EQ(srd(&r, INT_INFO2), 7 | INFO2_CFG_NS);
    CHECK_EQ(r.level, 1);
    /* With INT_EN clear the status is still recorded, the line stays low. */
    swr(&r, INT_CLEAR, 1);
    swr(&r, INT_EN, 0);
    ldb(&r, 2 * BS, ATTRS_S, &res);
    CHECK_EQ(srd(&r, INT_STAT), 1);
    CHECK_EQ(srd(&r, INT_INFO1), 2 * BS);
    CHECK_EQ(r.level, 0);
    swr(&r, INT_EN, 1);
    CHECK_EQ(r.level, 1);
    /* Passing transfers never touch the status. */
    swr(&r, INT_CLEAR, 1);
    ldb(&r, 0, ATTRS_NS, &res);
    ldb(&r, BS, ATTRS_S, &res);
    CHECK_EQ(srd(&r, INT_STAT), 0);
    /* Reset drops the capture and the line. */
    ldb(&r, 0, ATTRS_S, &res);
    CHECK_EQ(r.level, 1);
    tz_mpc_reset(r.mpc);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(srd(&r, INT_INFO1), 0);
    CHECK_EQ(srd(&r, INT_INFO2), 0);
    rig_destroy(&r);
}

TEST(tz_mpc_free_leaves_decode_errors_behind)
{
    Rig r;
    rig_init(&r, true);
    tz_mpc_free(r.mpc);
    r.mpc = NULL;
    MemTxResult res;
    ldb(&r, 0, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    address_space_ldl_le(&r.t.as, REG_BASE, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    /* The RAM is still the test's, untouched. */
    CHECK_EQ(r.ram[5], ram_pattern(5));
    rig_destroy(&r);
}

/* ------------------------------------------------------------ notifiers */

/* Event @i is @type on @idx over [@iova, @iova + @mask]. */
static void check_event(Rig *r, unsigned i, IOMMUNotifierFlag type, int idx,
                        hwaddr iova, hwaddr mask)
{
    const Event *e = &r->events.ev[i];
    CHECK_EQ(e->type, type);
    CHECK_EQ(e->idx, idx);
    CHECK_EQ(e->iova, iova);
    CHECK_EQ(e->mask, mask);
    CHECK_EQ(e->perm, type == IOMMU_NOTIFIER_MAP ? IOMMU_RW : IOMMU_NONE);
}

/* The four events of one chunk: UNMAP S, UNMAP NS, MAP S, MAP NS. */
static void check_chunk(Rig *r, unsigned first, hwaddr iova, hwaddr mask)
{
    check_event(r, first, IOMMU_NOTIFIER_UNMAP, TZ_MPC_IDX_S, iova, mask);
    check_event(r, first + 1, IOMMU_NOTIFIER_UNMAP, TZ_MPC_IDX_NS, iova, mask);
    check_event(r, first + 2, IOMMU_NOTIFIER_MAP, TZ_MPC_IDX_S, iova, mask);
    check_event(r, first + 3, IOMMU_NOTIFIER_MAP, TZ_MPC_IDX_NS, iova, mask);
}

TEST(tz_mpc_lut_changes_announce_exact_ranges)
{
    Rig r;
    rig_init(&r, true);
    /* Blocks 1-6 become Secure: chunks [1], [2-3], [4-5], [6]. */
    set_lut(&r, 0, ~0x7eu);
    CHECK_EQ(r.events.n, 16);
    check_chunk(&r, 0, 1 * BS, BS - 1);
    check_chunk(&r, 4, 2 * BS, 2 * BS - 1);
    check_chunk(&r, 8, 4 * BS, 2 * BS - 1);
    check_chunk(&r, 12, 6 * BS, BS - 1);
    /* The new targets: the Secure index now passes, the NS one not. */
    AddressSpace *pass = r.events.ev[2].target;
    AddressSpace *blocked = r.events.ev[3].target;
    CHECK(pass != blocked);
    CHECK(r.events.ev[0].target == blocked);
    CHECK(r.events.ev[1].target == pass);
    MemoryRegionSection sec;
    hwaddr xlat, len = 1;
    CHECK_EQ(address_space_translate(pass, 0, &len, false, ATTRS_S, &sec,
                                     &xlat), MEMTX_OK);
    CHECK(sec.mr == r.ram_mr);

    /* The same value again: nothing changed, nothing is announced. */
    r.events.n = 0;
    set_lut(&r, 0, ~0x7eu);
    CHECK_EQ(r.events.n, 0);

    /* Block 3 back to NS, block 8 to S: two chunks, opposite targets. */
    set_lut(&r, 0, ~0x176u);
    CHECK_EQ(r.events.n, 8);
    check_chunk(&r, 0, 3 * BS, BS - 1);
    check_chunk(&r, 4, 8 * BS, BS - 1);
    CHECK(r.events.ev[2].target == blocked && r.events.ev[3].target == pass);
    CHECK(r.events.ev[6].target == pass && r.events.ev[7].target == blocked);

    /* Word 2 holds blocks 64-79; its upper half stands for no memory. */
    r.events.n = 0;
    set_lut(&r, 2, 0x0000ffffu);
    CHECK_EQ(r.events.n, 0);
    swr(&r, BLK_IDX, 2);
    CHECK_EQ(srd(&r, BLK_LUT), 0x0000ffffu);
    set_lut(&r, 2, 0);
    CHECK_EQ(r.events.n, 4);
    check_chunk(&r, 0, 64 * BS, 16 * BS - 1);

    /* A whole word: one 128 KiB chunk. */
    r.events.n = 0;
    set_lut(&r, 1, 0);
    CHECK_EQ(r.events.n, 4);
    check_chunk(&r, 0, 32 * BS, 32 * BS - 1);

    /* Reset announces what it puts back: blocks 1-2, 4-6, 8, 32-79. */
    r.events.n = 0;
    tz_mpc_reset(r.mpc);
    CHECK_EQ(r.events.n, 7 * 4);
    check_chunk(&r, 0, 1 * BS, BS - 1);
    check_chunk(&r, 4, 2 * BS, BS - 1);
    check_chunk(&r, 8, 4 * BS, 2 * BS - 1);
    check_chunk(&r, 12, 6 * BS, BS - 1);
    check_chunk(&r, 16, 8 * BS, BS - 1);
    check_chunk(&r, 20, 32 * BS, 32 * BS - 1);
    check_chunk(&r, 24, 64 * BS, 16 * BS - 1);
    rig_destroy(&r);
}

/* ------------------------------------------------------------ randomized */

#define RANDOM_ACCESSES 1000000u
#define NR_WORDS ((NR_BLOCKS + 31) / 32)

typedef struct Model {
    uint32_t lut[NR_WORDS];
    uint8_t ram[RAM_SIZE];
    bool sec_resp;
    bool int_en;
    uint32_t int_stat, info1, info2;
} Model;

typedef struct RandomStats {
    uint64_t accesses, blocked, errors, lut_writes, captures, mismatches;
} RandomStats;

static uint64_t rng_state;

/* xorshift64* */
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t random_seed(void)
{
    const char *env = getenv("TZEMU_SEED");
    return env && *env ? strtoull(env, NULL, 0)
                       : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

static void mismatch(RandomStats *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void mismatch(RandomStats *st, const char *fmt, ...)
{
    if (st->mismatches++ < 10) {
        va_list ap;
        va_start(ap, fmt);
        printf("  tz_mpc random: mismatch after %" PRIu64 " accesses: ",
               st->accesses);
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

static bool model_block_ns(const Model *m, uint64_t block)
{
    return (m->lut[block / 32] >> (block % 32)) & 1;
}

/*
 * A random LUT word: random bits, all-equal, or runs; the events it causes
 * must cover exactly the blocks that changed, per index and event type,
 * with the right target for each block's new setting.
 */
static void random_lut_write(Rig *r, Model *m, RandomStats *st)
{
    uint32_t w = (uint32_t)(rnd() % NR_WORDS);
    uint32_t v;
    switch (rnd() % 4) {
    case 0:
        v = (uint32_t)rnd();
        break;
    case 1:
        v = rnd() & 1 ? ~0u : 0;
        break;
    default: {
        /* Flip a run of bits of the current word. */
        unsigned start = (unsigned)(rnd() % 32);
        unsigned len = 1 + (unsigned)(rnd() % (32 - start));
        v = m->lut[w] ^ (uint32_t)(((1ull << len) - 1) << start);
        break;
    }
    }
    uint64_t valid_blocks = NR_BLOCKS - (uint64_t)w * 32;
    uint32_t valid = valid_blocks >= 32 ? ~0u
                                        : (uint32_t)((1ull << valid_blocks) - 1);
    uint32_t changed = (m->lut[w] ^ v) & valid;
    r->events.n = 0;
    set_lut(r, w, v);
    m->lut[w] = v;
    st->lut_writes++;
    /* Per (type, index): the blocks covered, as a bitmap of this word. */
    uint32_t covered[2][TZ_MPC_NUM_INDEXES] = { { 0 } };
    AddressSpace *pass = NULL, *blocked = NULL;
    for (unsigned i = 0; i < r->events.n && i < 512; i++) {
        const Event *e = &r->events.ev[i];
        uint64_t first = e->iova / BS, count = (e->mask + 1) / BS;
        if ((e->iova & e->mask) || (e->mask + 1) % BS ||
            first < (uint64_t)w * 32 || first + count > (uint64_t)w * 32 + 32) {
            mismatch(st, "event 0x%" PRIx64 "+0x%" PRIx64 " outside word %u",
                     e->iova, e->mask, w);
            continue;
        }
        int t = e->type == IOMMU_NOTIFIER_MAP;
        for (uint64_t b = first; b < first + count; b++) {
            uint32_t bit = 1u << (b - (uint64_t)w * 32);
            if (covered[t][e->idx] & bit) {
                mismatch(st, "block %" PRIu64 " announced twice (%d, %d)", b,
                         t, e->idx);
            }
            covered[t][e->idx] |= bit;
            if (t) {
                bool now_pass = model_block_ns(m, b) == (e->idx ==
                                                         TZ_MPC_IDX_NS);
                AddressSpace **slot = now_pass ? &pass : &blocked;
                if (!*slot) {
                    *slot = e->target;
                }
                if (*slot != e->target) {
                    mismatch(st, "block %" PRIu64 " index %d mapped to a "
                             "wrong target", b, e->idx);
                }
            }
        }
    }
    if (pass && pass == blocked) {
        mismatch(st, "one target for passing and blocked blocks");
    }
    for (int t = 0; t < 2; t++) {
        for (int idx = 0; idx < TZ_MPC_NUM_INDEXES; idx++) {
            if (covered[t][idx] != changed) {
                mismatch(st, "word %u: announced 0x%x, changed 0x%x", w,
                         covered[t][idx], changed);
            }
        }
    }
}

/* Checks the INT_* registers and the line against the model, then clears. */
static void random_check_capture(Rig *r, Model *m, RandomStats *st)
{
    uint32_t stat = srd(r, INT_STAT), i1 = srd(r, INT_INFO1),
             i2 = srd(r, INT_INFO2);
    if (stat != m->int_stat || i1 != m->info1 || i2 != m->info2) {
        mismatch(st, "INT_STAT/INFO1/INFO2 0x%x/0x%x/0x%x, model "
                 "0x%x/0x%x/0x%x", stat, i1, i2, m->int_stat, m->info1,
                 m->info2);
    }
    swr(r, INT_CLEAR, 1);
    m->int_stat = 0;
}

static void random_access(Rig *r, Model *m, RandomStats *st)
{
    MemTxAttrs attrs = { .secure = rnd() & 1, .user = rnd() & 1,
                         .debug = (rnd() & 7) == 0,
                         .requester_id = rnd() & 0xffff };
    if ((rnd() & 15) == 0) {
        attrs = MEMTXATTRS_UNSPECIFIED;
    }
    static const unsigned sizes[] = { 1, 2, 4, 8, 3, 16 };
    unsigned len = sizes[rnd() % 6];
    uint64_t off;
    if (rnd() & 1) {
        /* Straddle or touch a block boundary. */
        uint64_t b = 1 + rnd() % (NR_BLOCKS - 1);
        off = b * BS - (rnd() % len);
    } else {
        off = rnd() % (RAM_SIZE - len + 1);
    }
    bool is_write = rnd() & 1;
    bool secure_idx = attrs.secure || attrs.unspecified;
    uint8_t buf[16], want[16];
    bool any_blocked = false;
    uint64_t first_blocked = 0;
    for (unsigned i = 0; i < len; i++) {
        uint64_t o = off + i;
        bool ns = model_block_ns(m, o / BS);
        bool pass = ns != secure_idx;
        buf[i] = (uint8_t)rnd();
        if (!pass && !any_blocked) {
            any_blocked = true;
            first_blocked = o;
        }
        if (is_write && pass) {
            m->ram[o] = buf[i];
        }
        want[i] = pass ? m->ram[o] : 0;
    }
    MemTxResult res = address_space_rw(&r->t.as, RAM_BASE + off, attrs, buf,
                                       len, is_write);
    st->accesses++;
    MemTxResult want_res = any_blocked && m->sec_resp ? MEMTX_ERROR
                                                      : MEMTX_OK;
    if (res != want_res) {
        mismatch(st, "result 0x%x at 0x%" PRIx64 ", want 0x%x", res, off,
                 want_res);
    }
    if (!is_write && memcmp(buf, want, len) != 0) {
        mismatch(st, "read of %u bytes at 0x%" PRIx64, len, off);
    }
    if (any_blocked) {
        st->blocked++;
        st->errors += m->sec_resp;
        if (!m->int_stat) {
            st->captures++;
            m->int_stat = 1;
            m->info1 = (uint32_t)first_blocked;
            m->info2 = attrs.requester_id | (secure_idx ? 0 : INFO2_HNONSEC) |
                       (model_block_ns(m, first_blocked / BS) ? INFO2_CFG_NS
                                                              : 0);
        }
    }
    if (r->level != (int)(m->int_stat && m->int_en)) {
        mismatch(st, "irq line %d after the access at 0x%" PRIx64, r->level,
                 off);
    }
}

TEST(tz_mpc_random_against_reference_model)
{
    uint64_t seed = random_seed();
    rng_state = seed ? seed : 1;
    printf("tz_mpc random: seed %" PRIu64 "\n", seed);
    fflush(stdout);
    Rig r;
    rig_init(&r, rnd() & 1);
    static Model m;
    memset(&m, 0, sizeof(m));
    for (unsigned w = 0; w < NR_WORDS; w++) {
        m.lut[w] = srd(&r, BLK_LUT);
    }
    memcpy(m.ram, r.ram, RAM_SIZE);
    m.int_en = true;
    RandomStats st = { 0 };
    while (st.accesses < RANDOM_ACCESSES) {
        unsigned op = (unsigned)(rnd() % 1024);
        if (op < 2) {
            random_lut_write(&r, &m, &st);
        } else if (op == 2) {
            m.sec_resp = rnd() & 1;
            swr(&r, CTRL, CTRL_AUTOINC | (m.sec_resp ? CTRL_SEC_RESP : 0));
        } else if (op == 3) {
            m.int_en = rnd() & 1;
            swr(&r, INT_EN, m.int_en);
        } else if (op < 8) {
            random_check_capture(&r, &m, &st);
        } else {
            random_access(&r, &m, &st);
        }
    }
    if (memcmp(m.ram, r.ram, RAM_SIZE) != 0) {
        mismatch(&st, "RAM differs from the model at the end");
    }
    printf("tz_mpc random: %" PRIu64 " accesses (%" PRIu64 " blocked, %"
           PRIu64 " bus errors, %" PRIu64 " captures), %" PRIu64
           " LUT writes, %" PRIu64 " mismatches\n", st.accesses, st.blocked,
           st.errors, st.captures, st.lut_writes, st.mismatches);
    CHECK_EQ(st.mismatches, 0);
    if (st.mismatches) {
        printf("tz_mpc random: FAILED with seed %" PRIu64 "; rerun with "
               "TZEMU_SEED=%" PRIu64 "\n", seed, seed);
    }
    CHECK(st.blocked > RANDOM_ACCESSES / 8 && st.errors > 0 &&
          st.captures > 100 && st.lut_writes > 100);
    rig_destroy(&r);
}
