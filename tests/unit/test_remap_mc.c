/*
 * The remapping memory controller through address spaces: its registers
 * (Secure only), pass-through while disabled, page translation with
 * permissions, unmapped pages as recorded bus errors with the interrupt,
 * environment switches, the exact ranges its IOMMU notifiers hear and what
 * a CPU's TLB drops for them, and a randomized run against a reference
 * model (TZEMU_SEED=N replays one).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/cpu/arm/tlb.h"
#include "../../src/hw/remap_mc.h"
#include "testlib.h"

#define REGS 0x0a000000ull
#define WIN 0x40000000ull
#define PG REMAP_MC_PAGE_SIZE
#define PTE(ppn, flags) ((uint32_t)(ppn) << REMAP_MC_PTE_PPN_SHIFT | (flags))
#define RW (REMAP_MC_PTE_V | REMAP_MC_PTE_R | REMAP_MC_PTE_W)
#define RO (REMAP_MC_PTE_V | REMAP_MC_PTE_R)
#define WO (REMAP_MC_PTE_V | REMAP_MC_PTE_W)
#define ATTRS_DEBUG ((MemTxAttrs){ .secure = 1, .debug = 1 })

/* One IOMMU event as a notifier heard it. */
typedef struct Heard {
    IOMMUNotifierFlag type;
    int idx;
    hwaddr first;
    hwaddr last;
    IOMMUTLBEntry entry;
} Heard;

typedef struct Rig Rig;

typedef struct Watch {
    IOMMUNotifier n;
    Rig *rig;
} Watch;

/*
 * The window at WIN and the registers at REGS on one bus (the device
 * itself tells Secure from Non-secure), RAM whose every 32-bit word holds
 * its own offset with bit 31 set, the interrupt line and the guest-error
 * log captured, a notifier per index over the whole window.
 */
struct Rig {
    TestSpace bus;
    RemapMc *mc;
    uint8_t *ram;
    uint32_t pages;
    int level;
    FILE *log_file;
    char *log;
    size_t log_len;
    Watch watch[REMAP_MC_NUM_INDEXES];
    Heard heard[16];
    unsigned nr_heard;
};

static void sink_set(void *opaque, int n, int level)
{
    (void)n;
    ((Rig *)opaque)->level = level;
}

static void hear(IOMMUNotifier *n, IOMMUNotifierFlag type,
                 const IOMMUTLBEntry *e)
{
    Watch *w = (Watch *)n;
    Rig *r = w->rig;
    if (r->nr_heard < sizeof(r->heard) / sizeof(r->heard[0])) {
        r->heard[r->nr_heard] = (Heard){ type, n->iommu_idx, e->iova,
                                         e->iova + e->addr_mask, *e };
    }
    r->nr_heard++;
}

static void rig_init(Rig *r, uint32_t pages)
{
    memset(r, 0, sizeof(*r));
    r->pages = pages;
    testspace_init(&r->bus);
    MemoryRegion *ram = test_ram("secret-ram", pages * PG, 0);
    r->ram = memory_region_get_ram_ptr(ram);
    for (uint32_t a = 0; a < pages * PG; a += 4) {
        uint32_t v = 0x80000000u | a;
        memcpy(r->ram + a, &v, 4);
    }
    MemError err;
    r->mc = remap_mc_new("remap", ram, irq_line(sink_set, r, 0), &err);
    memory_region_unref(ram);
    r->log_file = open_memstream(&r->log, &r->log_len);
    remap_mc_set_log(r->mc, r->log_file);
    memory_region_add_subregion(r->bus.root, WIN, remap_mc_upstream(r->mc),
                                NULL);
    memory_region_add_subregion(r->bus.root, REGS, remap_mc_regs(r->mc),
                                NULL);
    for (int i = 0; i < REMAP_MC_NUM_INDEXES; i++) {
        r->watch[i] = (Watch){ .n = { .notify = hear,
                                      .flags = IOMMU_NOTIFIER_UNMAP |
                                               IOMMU_NOTIFIER_MAP,
                                      .start = 0, .end = pages * PG - 1,
                                      .iommu_idx = i },
                               .rig = r };
        CHECK_EQ(memory_region_register_iommu_notifier(
                     remap_mc_upstream(r->mc), &r->watch[i].n, &err),
                 MEM_OK);
    }
}

static void rig_destroy(Rig *r)
{
    remap_mc_free(r->mc);
    testspace_destroy(&r->bus);
    fclose(r->log_file);
    free(r->log);
}

/* Whether the guest-error log holds @text. */
static bool logged(Rig *r, const char *text)
{
    fflush(r->log_file);
    return strstr(r->log, text) != NULL;
}

static uint32_t rd(Rig *r, hwaddr off)
{
    return address_space_ldl_le(&r->bus.as, REGS + off, ATTRS_S, NULL);
}

static void wr(Rig *r, hwaddr off, uint32_t v)
{
    address_space_stl_le(&r->bus.as, REGS + off, v, ATTRS_S, NULL);
}

static void set_pte(Rig *r, uint32_t env, uint32_t page, uint32_t pte)
{
    wr(r, REMAP_MC_ENV_SEL, env);
    wr(r, REMAP_MC_PAGE_IDX, page);
    wr(r, REMAP_MC_PAGE_ENTRY, pte);
}

/* A 32-bit load through the window; *@res gets the result. */
static uint32_t win_ld(Rig *r, hwaddr off, MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ldl_le(&r->bus.as, WIN + off, attrs, res);
}

static MemTxResult win_st(Rig *r, hwaddr off, uint32_t v, MemTxAttrs attrs)
{
    MemTxResult res;
    address_space_stl_le(&r->bus.as, WIN + off, v, attrs, &res);
    return res;
}

static uint32_t ram_word(Rig *r, hwaddr off)
{
    uint32_t v;
    memcpy(&v, r->ram + off, 4);
    return v;
}

/* --------------------------------------------------------- registers */

TEST(remap_mc_register_identity_and_reset_values)
{
    Rig r;
    rig_init(&r, 16);
    CHECK_EQ(rd(&r, REMAP_MC_ID), REMAP_MC_ID_VALUE);
    CHECK_EQ(rd(&r, REMAP_MC_CONFIG), 8 | 12 << 8);
    CHECK_EQ(rd(&r, REMAP_MC_NUM_PAGES), 16);
    static const hwaddr zero_at_reset[] = {
        REMAP_MC_CTRL, REMAP_MC_ACTIVE_ENV, REMAP_MC_ENV_SEL,
        REMAP_MC_PAGE_IDX, REMAP_MC_PAGE_ENTRY, REMAP_MC_STATUS,
        REMAP_MC_FAULT_ADDR, REMAP_MC_FAULT_INFO,
    };
    for (size_t i = 0; i < sizeof(zero_at_reset) / sizeof(*zero_at_reset);
         i++) {
        CHECK_EQ(rd(&r, zero_at_reset[i]), 0);
    }
    wr(&r, REMAP_MC_CTRL, ~0u);
    CHECK_EQ(rd(&r, REMAP_MC_CTRL), 7);
    /* Read-only registers ignore writes; all of it is logged. */
    wr(&r, REMAP_MC_ID, 0);
    wr(&r, REMAP_MC_NUM_PAGES, 3);
    CHECK_EQ(rd(&r, REMAP_MC_ID), REMAP_MC_ID_VALUE);
    CHECK_EQ(rd(&r, REMAP_MC_NUM_PAGES), 16);
    CHECK_EQ(rd(&r, REMAP_MC_ENV_CLEAR), 0);
    CHECK_EQ(rd(&r, 0x100), 0);
    wr(&r, 0xffc, 1);
    CHECK(logged(&r, "write of 0x0 to read-only ID"));
    CHECK(logged(&r, "read of write-only ENV_CLEAR"));
    CHECK(logged(&r, "read of bad offset 0x100"));
    CHECK(logged(&r, "write of 0x1 to bad offset 0xffc"));
    /* 32-bit registers only: the bus refuses other sizes. */
    MemTxResult res;
    address_space_ldub(&r.bus.as, REGS + REMAP_MC_ID, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    address_space_stw_le(&r.bus.as, REGS + REMAP_MC_CTRL, 0, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_CTRL), 7);
    rig_destroy(&r);
}

TEST(remap_mc_table_programming_and_range_checks)
{
    Rig r;
    rig_init(&r, 16);
    set_pte(&r, 3, 5, PTE(9, RW | REMAP_MC_PTE_X) | 0xff0);
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(9, RW | REMAP_MC_PTE_X));
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_IDX), 5);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), 0);
    /* An invalid entry may hold any page number; a valid one must exist. */
    set_pte(&r, 3, 6, PTE(0xfffff, REMAP_MC_PTE_R));
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(0xfffff, REMAP_MC_PTE_R));
    set_pte(&r, 3, 5, PTE(16, RW));
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), REMAP_MC_STATUS_PROG_ERR);
    wr(&r, REMAP_MC_PAGE_IDX, 5);
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(9, RW | REMAP_MC_PTE_X));
    wr(&r, REMAP_MC_STATUS, REMAP_MC_STATUS_PROG_ERR);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), 0);
    /* Out-of-range selectors are refused and keep the old value. */
    static const hwaddr selectors[] = { REMAP_MC_ACTIVE_ENV, REMAP_MC_ENV_SEL,
                                        REMAP_MC_PAGE_IDX, REMAP_MC_ENV_CLEAR };
    static const uint32_t limits[] = { 8, 8, 16, 8 };
    for (size_t i = 0; i < 4; i++) {
        uint32_t before = rd(&r, selectors[i]);
        wr(&r, selectors[i], limits[i]);
        CHECK_EQ(rd(&r, REMAP_MC_STATUS), REMAP_MC_STATUS_PROG_ERR);
        CHECK_EQ(rd(&r, selectors[i]), before);
        wr(&r, REMAP_MC_STATUS, ~0u);
    }
    CHECK_EQ(rd(&r, REMAP_MC_ENV_SEL), 3);
    wr(&r, REMAP_MC_PAGE_IDX, 5);
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(9, RW | REMAP_MC_PTE_X));
    CHECK(logged(&r, "PAGE_ENTRY = 0x10007 out of range"));
    CHECK(logged(&r, "ACTIVE_ENV = 0x8 out of range"));
    rig_destroy(&r);
}

TEST(remap_mc_autoincrement_and_env_clear)
{
    Rig r;
    rig_init(&r, 4);
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_AUTOINC);
    wr(&r, REMAP_MC_ENV_SEL, 2);
    wr(&r, REMAP_MC_PAGE_IDX, 2);
    /* Writes and reads step on, wrapping after the last page. */
    for (uint32_t i = 0; i < 4; i++) {
        wr(&r, REMAP_MC_PAGE_ENTRY, PTE(i, RO));
    }
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_IDX), 2);
    for (uint32_t i = 0; i < 4; i++) {
        CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(i, RO));
    }
    wr(&r, REMAP_MC_PAGE_IDX, 0);
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(2, RO));
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_IDX), 1);
    wr(&r, REMAP_MC_PAGE_IDX, 2);
    /* A refused entry still steps on, so a stream stays in step. */
    wr(&r, REMAP_MC_PAGE_ENTRY, PTE(4, RO));
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_IDX), 3);
    set_pte(&r, 1, 0, PTE(1, RW));
    wr(&r, REMAP_MC_ENV_CLEAR, 2);
    wr(&r, REMAP_MC_CTRL, 0);
    wr(&r, REMAP_MC_ENV_SEL, 2);
    for (uint32_t p = 0; p < 4; p++) {
        wr(&r, REMAP_MC_PAGE_IDX, p);
        CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), 0);
    }
    wr(&r, REMAP_MC_ENV_SEL, 1);
    wr(&r, REMAP_MC_PAGE_IDX, 0);
    CHECK_EQ(rd(&r, REMAP_MC_PAGE_ENTRY), PTE(1, RW));
    rig_destroy(&r);
}

TEST(remap_mc_nonsecure_register_access_is_a_bus_error)
{
    Rig r;
    rig_init(&r, 4);
    MemTxResult res;
    const MemTxAttrs nonsecure[] = {
        { 0 }, { .user = 1 }, { .debug = 1 }, MEMTXATTRS_UNSPECIFIED,
    };
    for (size_t i = 0; i < 4; i++) {
        CHECK_EQ(address_space_ldl_le(&r.bus.as, REGS + REMAP_MC_ID,
                                      nonsecure[i], &res), 0);
        CHECK_EQ(res, MEMTX_ERROR);
        address_space_stl_le(&r.bus.as, REGS + REMAP_MC_CTRL,
                             REMAP_MC_CTRL_EN, nonsecure[i], &res);
        CHECK_EQ(res, MEMTX_ERROR);
        address_space_stl_le(&r.bus.as, REGS + REMAP_MC_ACTIVE_ENV, 1,
                             nonsecure[i], &res);
    }
    CHECK_EQ(rd(&r, REMAP_MC_CTRL), 0);
    CHECK_EQ(rd(&r, REMAP_MC_ACTIVE_ENV), 0);
    /* Secure user and Secure debug accesses are served. */
    address_space_stl_le(&r.bus.as, REGS + REMAP_MC_ACTIVE_ENV, 5,
                         (MemTxAttrs){ .secure = 1, .user = 1 }, &res);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&r.bus.as, REGS + REMAP_MC_ACTIVE_ENV,
                                  ATTRS_DEBUG, &res), 5);
    CHECK(logged(&r, "Non-secure read of 0x000 refused"));
    CHECK(logged(&r, "Non-secure write of 0x00c refused"));
    rig_destroy(&r);
}

/* ------------------------------------------------------- translation */

TEST(remap_mc_disabled_passes_through)
{
    Rig r;
    rig_init(&r, 8);
    set_pte(&r, 0, 3, PTE(5, RW));
    MemTxResult res;
    for (hwaddr off = 0; off < 8 * PG; off += 0x804) {
        CHECK_EQ(win_ld(&r, off, ATTRS_NS, &res), 0x80000000u | off);
        CHECK_EQ(res, MEMTX_OK);
    }
    CHECK_EQ(win_st(&r, 3 * PG + 8, 0x1234, ATTRS_NS), MEMTX_OK);
    CHECK_EQ(ram_word(&r, 3 * PG + 8), 0x1234);
    /* The RAM shows nowhere on the bus but through the window. */
    AddressSpace *spaces[] = { &r.bus.as };
    char *flat = test_capture_flat(spaces, 1);
    CHECK(strstr(flat, "secret-ram") == NULL);
    CHECK(strstr(flat, "remap") != NULL);
    free(flat);
    AddressSpace *below[] = { remap_mc_downstream_as(r.mc),
                              remap_mc_fault_as(r.mc) };
    flat = test_capture_flat(below, 2);
    CHECK(strstr(flat, "secret-ram") != NULL);
    CHECK(strstr(flat, "remap.fault") != NULL);
    free(flat);
    rig_destroy(&r);
}

TEST(remap_mc_pages_translate_with_permissions)
{
    Rig r;
    rig_init(&r, 8);
    set_pte(&r, 0, 0, PTE(5, RW));
    set_pte(&r, 0, 1, PTE(2, RO));
    set_pte(&r, 0, 2, PTE(6, WO));
    set_pte(&r, 0, 3, PTE(7, REMAP_MC_PTE_V | REMAP_MC_PTE_X));
    set_pte(&r, 0, 5, PTE(1, RW));
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    MemTxResult res;
    CHECK_EQ(win_ld(&r, 0x10, ATTRS_NS, &res), 0x80000000u | (5 * PG + 0x10));
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(win_st(&r, 0x10, 0xaa, ATTRS_NS), MEMTX_OK);
    CHECK_EQ(ram_word(&r, 5 * PG + 0x10), 0xaa);
    CHECK_EQ(ram_word(&r, 0x10), 0x80000010u);
    /* Read-only: writes are denied by the bus, nothing recorded. */
    CHECK_EQ(win_ld(&r, PG + 4, ATTRS_S, &res), 0x80000000u | (2 * PG + 4));
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(win_st(&r, PG + 4, 0xbb, ATTRS_S), MEMTX_ACCESS_ERROR);
    CHECK_EQ(ram_word(&r, 2 * PG + 4), 0x80000000u | (2 * PG + 4));
    /* Write-only: the other way round. */
    CHECK_EQ(win_ld(&r, 2 * PG, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    CHECK_EQ(win_st(&r, 2 * PG, 0xcc, ATTRS_NS), MEMTX_OK);
    CHECK_EQ(ram_word(&r, 6 * PG), 0xcc);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), 0);
    /* Valid without R or W (X is not enforced): a fault like unmapped. */
    CHECK_EQ(win_ld(&r, 3 * PG, ATTRS_S, &res), 0);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), REMAP_MC_STATUS_FAULT);
    wr(&r, REMAP_MC_STATUS, REMAP_MC_STATUS_FAULT);
    /* Debug accesses pass the permissions of a valid page. */
    CHECK_EQ(win_st(&r, PG + 4, 0xdd, ATTRS_DEBUG), MEMTX_OK);
    CHECK_EQ(ram_word(&r, 2 * PG + 4), 0xdd);
    CHECK_EQ(win_ld(&r, 2 * PG, ATTRS_DEBUG, &res), 0xcc);
    CHECK_EQ(win_ld(&r, 3 * PG + 8, ATTRS_DEBUG, &res),
             0x80000000u | (7 * PG + 8));
    CHECK_EQ(res, MEMTX_OK);
    /* An access across pages is translated page by page. */
    uint8_t buf[8];
    CHECK_EQ(address_space_read(&r.bus.as, WIN + 5 * PG - 4, ATTRS_NS, buf,
                                8), MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 5 * PG - 4);
    CHECK(memcmp(buf + 4, r.ram + PG, 4) == 0);
    CHECK(buf[0] == 0 && buf[3] == 0);
    /* The translation a bus master would cache. */
    MemoryRegionSection sec;
    hwaddr xlat, len = 3 * PG;
    CHECK_EQ(address_space_translate(&r.bus.as, WIN + 0x123, &len, false,
                                     ATTRS_NS, &sec, &xlat), MEMTX_OK);
    CHECK_STR(memory_region_name(sec.mr), "secret-ram");
    CHECK_EQ(xlat, 5 * PG + 0x123);
    CHECK_EQ(len, PG - 0x123);
    rig_destroy(&r);
}

TEST(remap_mc_unmapped_access_is_a_recorded_bus_error)
{
    Rig r;
    rig_init(&r, 8);
    wr(&r, REMAP_MC_ACTIVE_ENV, 6);
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    MemTxResult res;
    CHECK_EQ(win_ld(&r, 0x44, ATTRS_DEBUG, &res), 0);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), 0); /* debug leaves no trace */
    MemTxAttrs who = { .user = 1, .requester_id = 0xbeef };
    CHECK_EQ(win_st(&r, 3 * PG + 0x18, 1, who), MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), REMAP_MC_STATUS_FAULT);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 3 * PG + 0x18);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_INFO),
             REMAP_MC_FINFO_WRITE | REMAP_MC_FINFO_NS | REMAP_MC_FINFO_USER |
             6 << REMAP_MC_FINFO_ENV_SHIFT |
             0xbeefu << REMAP_MC_FINFO_REQ_SHIFT);
    CHECK_EQ(r.level, 0);
    /* The first fault stays; later ones set OVERRUN. */
    CHECK_EQ(win_ld(&r, 7 * PG, ATTRS_S, &res), 0);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS),
             REMAP_MC_STATUS_FAULT | REMAP_MC_STATUS_OVERRUN);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 3 * PG + 0x18);
    /* The interrupt follows FAULT while enabled. */
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN | REMAP_MC_CTRL_IRQ_EN);
    CHECK_EQ(r.level, 1);
    wr(&r, REMAP_MC_STATUS, REMAP_MC_STATUS_OVERRUN);
    CHECK_EQ(r.level, 1);
    wr(&r, REMAP_MC_STATUS, REMAP_MC_STATUS_FAULT);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(win_ld(&r, 2 * PG + 4, ATTRS_S, &res), 0);
    CHECK_EQ(r.level, 1);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 2 * PG + 4);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_INFO), 6 << REMAP_MC_FINFO_ENV_SHIFT);
    /* One wide access is one fault. */
    wr(&r, REMAP_MC_STATUS, ~0u);
    address_space_ldq_le(&r.bus.as, WIN + 8, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), REMAP_MC_STATUS_FAULT);
    /* A DMA mapping of an unmapped page fails the same way. */
    hwaddr len = 64;
    CHECK(address_space_map(&r.bus.as, WIN + PG, &len, false, ATTRS_NS,
                            &res) == NULL);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    /* Reset forgets the fault and lowers the line. */
    remap_mc_reset(r.mc);
    CHECK_EQ(r.level, 0);
    CHECK_EQ(rd(&r, REMAP_MC_STATUS), 0);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 0);
    CHECK_EQ(win_ld(&r, PG, ATTRS_NS, &res), 0x80000000u | PG);
    rig_destroy(&r);
}

TEST(remap_mc_switching_environments_is_one_write)
{
    Rig r;
    rig_init(&r, 8);
    for (uint32_t env = 0; env < REMAP_MC_NUM_ENVS; env++) {
        set_pte(&r, env, 1, PTE(env, RW));
    }
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    MemTxResult res;
    for (uint32_t env = 0; env < REMAP_MC_NUM_ENVS; env++) {
        wr(&r, REMAP_MC_ACTIVE_ENV, env);
        CHECK_EQ(win_ld(&r, PG + 0x20, ATTRS_NS, &res),
                 0x80000000u | (env * PG + 0x20));
        CHECK_EQ(res, MEMTX_OK);
        CHECK_EQ(win_st(&r, PG, env + 1, ATTRS_NS), MEMTX_OK);
    }
    for (uint32_t env = 0; env < REMAP_MC_NUM_ENVS; env++) {
        CHECK_EQ(ram_word(&r, env * PG), env + 1);
    }
    /* Disabling passes through again; the tables are kept. */
    wr(&r, REMAP_MC_CTRL, 0);
    CHECK_EQ(win_ld(&r, PG + 0x20, ATTRS_NS, &res), 0x80000000u | (PG + 0x20));
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    CHECK_EQ(win_ld(&r, PG, ATTRS_NS, &res), 8);
    rig_destroy(&r);
}

/* -------------------------------------------------------- notifiers */

/* Event @i was @type for index @idx over [@first, @last]. */
static void check_heard(Rig *r, unsigned i, IOMMUNotifierFlag type, int idx,
                        hwaddr first, hwaddr last)
{
    CHECK(i < r->nr_heard);
    if (i < r->nr_heard) {
        CHECK_EQ(r->heard[i].type, type);
        CHECK_EQ(r->heard[i].idx, idx);
        CHECK_EQ(r->heard[i].first, first);
        CHECK_EQ(r->heard[i].last, last);
    }
}

/* Exactly one UNMAP of the whole window per index since the last look. */
static void check_window_unmap(Rig *r)
{
    CHECK_EQ(r->nr_heard, REMAP_MC_NUM_INDEXES);
    for (int idx = 0; idx < REMAP_MC_NUM_INDEXES; idx++) {
        check_heard(r, (unsigned)idx, IOMMU_NOTIFIER_UNMAP, idx, 0,
                    r->pages * PG - 1);
        CHECK_EQ(r->heard[idx].entry.perm, IOMMU_NONE);
    }
    r->nr_heard = 0;
}

TEST(remap_mc_notifiers_hear_exact_ranges)
{
    Rig r;
    rig_init(&r, 8);
    /* Disabled: table writes, switches and clears change nothing seen. */
    set_pte(&r, 0, 2, PTE(4, RW));
    wr(&r, REMAP_MC_ACTIVE_ENV, 1);
    wr(&r, REMAP_MC_ACTIVE_ENV, 0);
    wr(&r, REMAP_MC_ENV_CLEAR, 0);
    remap_mc_reset(r.mc);
    CHECK_EQ(r.nr_heard, 0);
    /* Enabling changes every page. */
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    check_window_unmap(&r);
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN | REMAP_MC_CTRL_IRQ_EN);
    CHECK_EQ(r.nr_heard, 0);
    /* A page of the active table: UNMAP then MAP of that page, each index. */
    set_pte(&r, 0, 2, PTE(4, RW));
    CHECK_EQ(r.nr_heard, 4);
    for (int idx = 0; idx < 2; idx++) {
        check_heard(&r, 2 * idx, IOMMU_NOTIFIER_UNMAP, idx, 2 * PG,
                    3 * PG - 1);
        check_heard(&r, 2 * idx + 1, IOMMU_NOTIFIER_MAP, idx, 2 * PG,
                    3 * PG - 1);
        CHECK_EQ(r.heard[2 * idx + 1].entry.translated_addr, 4 * PG);
        CHECK_EQ(r.heard[2 * idx + 1].entry.perm, IOMMU_RW);
        CHECK(r.heard[2 * idx + 1].entry.target_as ==
              remap_mc_downstream_as(r.mc));
    }
    r.nr_heard = 0;
    /* The same entry again changes nothing. */
    set_pte(&r, 0, 2, PTE(4, RW));
    CHECK_EQ(r.nr_heard, 0);
    /* Permissions alone: only the bus index sees a change. */
    set_pte(&r, 0, 2, PTE(4, RO | REMAP_MC_PTE_X));
    CHECK_EQ(r.nr_heard, 2);
    check_heard(&r, 0, IOMMU_NOTIFIER_UNMAP, REMAP_MC_IDX_BUS, 2 * PG,
                3 * PG - 1);
    check_heard(&r, 1, IOMMU_NOTIFIER_MAP, REMAP_MC_IDX_BUS, 2 * PG,
                3 * PG - 1);
    CHECK_EQ(r.heard[1].entry.perm, IOMMU_RO);
    r.nr_heard = 0;
    /* Unmapping: the new translation leads to the fault responder. */
    set_pte(&r, 0, 7, 0);
    CHECK_EQ(r.nr_heard, 0);
    set_pte(&r, 0, 2, 0);
    CHECK_EQ(r.nr_heard, 4);
    CHECK(r.heard[1].entry.target_as == remap_mc_fault_as(r.mc));
    r.nr_heard = 0;
    /* Another environment's table: nothing. */
    set_pte(&r, 3, 2, PTE(1, RW));
    CHECK_EQ(r.nr_heard, 0);
    /* A switch: the whole window, once per index; to itself: nothing. */
    wr(&r, REMAP_MC_ACTIVE_ENV, 3);
    check_window_unmap(&r);
    wr(&r, REMAP_MC_ACTIVE_ENV, 3);
    CHECK_EQ(r.nr_heard, 0);
    /* Clearing the active table, disabling, resetting while enabled. */
    wr(&r, REMAP_MC_ENV_CLEAR, 0);
    CHECK_EQ(r.nr_heard, 0);
    wr(&r, REMAP_MC_ENV_CLEAR, 3);
    check_window_unmap(&r);
    wr(&r, REMAP_MC_CTRL, 0);
    check_window_unmap(&r);
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    check_window_unmap(&r);
    remap_mc_reset(r.mc);
    check_window_unmap(&r);
    /* Faults and register reads announce nothing. */
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    r.nr_heard = 0;
    MemTxResult res;
    win_ld(&r, 0, ATTRS_NS, &res);
    rd(&r, REMAP_MC_STATUS);
    wr(&r, REMAP_MC_STATUS, ~0u);
    CHECK_EQ(r.nr_heard, 0);
    rig_destroy(&r);
}

/*
 * A CPU (MMU off, Secure SVC after reset) in front of the window: its TLB
 * caches window pages as RAM, and each announcement drops exactly them.
 */
static bool cpu_cached(ArmCpu *cpu, hwaddr off, ArmAccess acc)
{
    return arm_tlb_host(cpu, (uint32_t)(WIN + off), 4, acc, false) != NULL;
}

/* A 32-bit CPU load from the window; false with *@f on an abort. */
static bool cpu_load(ArmCpu *cpu, hwaddr off, uint32_t *v, ArmFault *f)
{
    uint8_t buf[4];
    bool ok = arm_tlb_access(cpu, (uint32_t)(WIN + off), 4, ARM_ACC_READ,
                             false, buf, f);
    memcpy(v, buf, 4);
    return ok;
}

TEST(remap_mc_cpu_tlb_drops_exactly_what_changed)
{
    Rig r;
    rig_init(&r, 16);
    for (uint32_t p = 0; p < 8; p++) {
        set_pte(&r, 0, p, PTE(p + 8, RW));
        set_pte(&r, 1, p, PTE(p, RW));
    }
    wr(&r, REMAP_MC_CTRL, REMAP_MC_CTRL_EN);
    ArmCpu *cpu = arm_cpu_new(&r.bus.as, NULL, true);
    arm_cpu_reset(cpu, 0);
    uint32_t v = 0;
    ArmFault f;
    for (uint32_t p = 0; p < 8; p++) {
        CHECK(cpu_load(cpu, p * PG, &v, &f));
        CHECK_EQ(v, 0x80000000u | (p + 8) * PG);
        CHECK(arm_tlb_host(cpu, (uint32_t)(WIN + p * PG), 4, ARM_ACC_READ,
                           false) == r.ram + (p + 8) * PG);
    }
    uint64_t fills = cpu->tlb->fills;
    /* One entry of the active table: that page alone is dropped. */
    set_pte(&r, 0, 3, PTE(0, RO));
    for (uint32_t p = 0; p < 8; p++) {
        CHECK_EQ(cpu_cached(cpu, p * PG, ARM_ACC_READ), p != 3);
    }
    CHECK(cpu_load(cpu, 3 * PG + 4, &v, &f));
    CHECK_EQ(v, 0x80000004u);
    CHECK_EQ(cpu->tlb->fills, fills + 1);
    CHECK(!cpu_cached(cpu, 3 * PG, ARM_ACC_WRITE));
    uint8_t buf[4] = { 0 };
    CHECK(!arm_tlb_access(cpu, (uint32_t)(WIN + 3 * PG), 4, ARM_ACC_WRITE,
                          false, buf, &f));
    CHECK_EQ(f.type, ARM_FAULT_EXTERNAL);
    CHECK_EQ(f.ext, MEMTX_ACCESS_ERROR);
    /* Another table: nothing dropped. */
    set_pte(&r, 1, 5, PTE(15, RW));
    CHECK(cpu_cached(cpu, 5 * PG, ARM_ACC_READ));
    /* A switch drops the whole window; the next loads see the new table. */
    wr(&r, REMAP_MC_ACTIVE_ENV, 1);
    for (uint32_t p = 0; p < 8; p++) {
        CHECK(!cpu_cached(cpu, p * PG, ARM_ACC_READ));
        CHECK(cpu_load(cpu, p * PG, &v, &f));
        CHECK_EQ(v, 0x80000000u | (p == 5 ? 15 : p) * PG);
    }
    /* An unmapped page: an external abort (decode error), recorded. */
    CHECK(!cpu_load(cpu, 12 * PG + 8, &v, &f));
    CHECK_EQ(f.type, ARM_FAULT_EXTERNAL);
    CHECK_EQ(f.ext, MEMTX_DECODE_ERROR);
    CHECK(!cpu_cached(cpu, 12 * PG, ARM_ACC_READ));
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_ADDR), 12 * PG + 8);
    CHECK_EQ(rd(&r, REMAP_MC_FAULT_INFO), 1 << REMAP_MC_FINFO_ENV_SHIFT);
    arm_cpu_free(cpu);
    rig_destroy(&r);
}

/* ----------------------------------------------------------- lifetime */

TEST(remap_mc_constructor_refuses_bad_downstream)
{
    MemError err;
    MemoryRegion *odd = memory_region_new_ram("odd", 0x1800, NULL);
    CHECK(remap_mc_new("mc", odd, IRQ_LINE_NONE, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    CHECK(strstr(err.message, "'odd'") != NULL);
    memory_region_unref(odd);
    MemoryRegion *huge = memory_region_new_container("huge", 1ull << 33, NULL);
    CHECK(remap_mc_new("mc", huge, IRQ_LINE_NONE, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    memory_region_unref(huge);
    /* RAM already mapped elsewhere would be visible around the window. */
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *ram = testspace_add(&t, 0, test_ram("r", 0x2000, 0), 0);
    CHECK(remap_mc_new("mc", ram, IRQ_LINE_NONE, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_BUSY);
    testspace_destroy(&t);
    remap_mc_free(NULL);
    /* The largest window. */
    MemoryRegion *max = memory_region_new_container("max", REMAP_MC_MAX_SIZE,
                                                    NULL);
    RemapMc *mc = remap_mc_new("mc", max, IRQ_LINE_NONE, &err);
    CHECK(mc != NULL);
    memory_region_unref(max);
    CHECK_EQ(memory_region_size(remap_mc_upstream(mc)), REMAP_MC_MAX_SIZE);
    testspace_init(&t);
    memory_region_add_subregion(t.root, REGS, remap_mc_regs(mc), NULL);
    CHECK_EQ(address_space_ldl_le(&t.as, REGS + REMAP_MC_NUM_PAGES, ATTRS_S,
                                  NULL), 1u << 20);
    address_space_stl_le(&t.as, REGS + REMAP_MC_PAGE_IDX, 0xfffff, ATTRS_S,
                         NULL);
    address_space_stl_le(&t.as, REGS + REMAP_MC_PAGE_ENTRY, PTE(0xfffff, RW),
                         ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&t.as, REGS + REMAP_MC_PAGE_ENTRY, ATTRS_S,
                                  NULL), PTE(0xfffff, RW));
    CHECK_EQ(address_space_ldl_le(&t.as, REGS + REMAP_MC_STATUS, ATTRS_S,
                                  NULL), 0);
    remap_mc_free(mc);
    testspace_destroy(&t);
}

/* ------------------------------------------------------- randomized */

#define R_PAGES 64u
#define R_PRIVATE 6u /* pages only environment e maps: e * 6 .. e * 6 + 5 */
#define R_SHARED_FROM (REMAP_MC_NUM_ENVS * R_PRIVATE)
#define R_ACCESSES 1000000u

/* The reference: tables, active environment, and what RAM must hold. */
typedef struct Model {
    uint32_t pte[REMAP_MC_NUM_ENVS][R_PAGES];
    uint32_t active;
    uint8_t ram[R_PAGES * PG];
} Model;

/*
 * A bus master's cache of translations, per index, page and direction,
 * dropped by the notifier: a cached entry that differs from a fresh
 * translation is a change the device failed to announce.
 */
typedef struct Cached {
    bool valid;
    MemTxResult res;
    MemoryRegion *mr;
    hwaddr xlat;
} Cached;

typedef struct Random {
    Rig rig;
    Model m;
    unsigned short rng[3];
    IOMMUNotifier n[REMAP_MC_NUM_INDEXES];
    Cached cache[REMAP_MC_NUM_INDEXES][R_PAGES][2];
    unsigned long mismatches;
    unsigned long inactive_hits;
    unsigned long stale;
    unsigned long ok, faults, denied, switches, rewrites, drops;
} Random;

static Random *random_of(IOMMUNotifier *n)
{
    return (Random *)((char *)(n - n->iommu_idx) - offsetof(Random, n));
}

static void random_drop(IOMMUNotifier *n, IOMMUNotifierFlag type,
                        const IOMMUTLBEntry *e)
{
    (void)type;
    Random *t = random_of(n);
    for (hwaddr p = e->iova / PG; p <= (e->iova + e->addr_mask) / PG; p++) {
        t->cache[n->iommu_idx][p][0].valid = false;
        t->cache[n->iommu_idx][p][1].valid = false;
    }
    t->drops++;
}

/* libc's 48-bit generator, its state in the run (n <= 2^31). */
static uint32_t rnd_below(Random *t, uint32_t n)
{
    return (uint32_t)nrand48(t->rng) % n;
}

/* The environment that alone maps physical page @ppn, or -1 if shared. */
static int private_owner(uint32_t ppn)
{
    return ppn < R_SHARED_FROM ? (int)(ppn / R_PRIVATE) : -1;
}

/* A random entry for @env: its own pages or shared ones. */
static uint32_t random_pte(Random *t, uint32_t env)
{
    uint32_t ppn = rnd_below(t, 2) ? env * R_PRIVATE + rnd_below(t, R_PRIVATE)
                                   : R_SHARED_FROM +
                                         rnd_below(t, R_PAGES - R_SHARED_FROM);
    uint32_t flags = (rnd_below(t, 8) ? REMAP_MC_PTE_V : 0) |
                     (rnd_below(t, 5) ? REMAP_MC_PTE_R : 0) |
                     (rnd_below(t, 3) ? REMAP_MC_PTE_W : 0) |
                     (rnd_below(t, 2) ? REMAP_MC_PTE_X : 0);
    return PTE(ppn, flags);
}

static void random_rewrite(Random *t)
{
    uint32_t env = rnd_below(t, 4) ? t->m.active
                                   : rnd_below(t, REMAP_MC_NUM_ENVS);
    uint32_t page = rnd_below(t, R_PAGES);
    if (!rnd_below(t, 16)) {
        /* A page that does not exist: refused, PROG_ERR. */
        set_pte(&t->rig, env, page, PTE(R_PAGES + page, RW));
        if (rd(&t->rig, REMAP_MC_STATUS) != REMAP_MC_STATUS_PROG_ERR) {
            t->mismatches++;
        }
        wr(&t->rig, REMAP_MC_STATUS, REMAP_MC_STATUS_PROG_ERR);
        return;
    }
    uint32_t pte = random_pte(t, env);
    set_pte(&t->rig, env, page, pte);
    t->m.pte[env][page] = pte;
    t->rewrites++;
}

/*
 * The model's answer for one page of an access: where it goes (*@ppn) or
 * why it fails (an unusable page is a decode error, a missing permission
 * a denial; debug accesses need only a valid entry).
 */
static MemTxResult model_page(const Model *m, uint32_t page, bool is_write,
                              bool debug, uint32_t *ppn)
{
    uint32_t pte = m->pte[m->active][page];
    bool r = pte & REMAP_MC_PTE_R, w = pte & REMAP_MC_PTE_W;
    if (!(pte & REMAP_MC_PTE_V) || (!debug && !r && !w)) {
        return MEMTX_DECODE_ERROR;
    }
    *ppn = pte >> REMAP_MC_PTE_PPN_SHIFT;
    return debug || (is_write ? w : r) ? MEMTX_OK : MEMTX_ACCESS_ERROR;
}

/* The expected fault record of an access whose byte @addr faulted first. */
static void check_fault_record(Random *t, hwaddr addr, bool is_write,
                               MemTxAttrs attrs)
{
    Rig *r = &t->rig;
    uint32_t info = (is_write ? REMAP_MC_FINFO_WRITE : 0) |
                    (attrs.secure ? 0 : REMAP_MC_FINFO_NS) |
                    (attrs.user ? REMAP_MC_FINFO_USER : 0) |
                    t->m.active << REMAP_MC_FINFO_ENV_SHIFT |
                    (uint32_t)attrs.requester_id << REMAP_MC_FINFO_REQ_SHIFT;
    if (!(rd(r, REMAP_MC_STATUS) & REMAP_MC_STATUS_FAULT) || r->level != 1 ||
        rd(r, REMAP_MC_FAULT_ADDR) != addr ||
        rd(r, REMAP_MC_FAULT_INFO) != info) {
        t->mismatches++;
    }
    wr(r, REMAP_MC_STATUS, REMAP_MC_STATUS_FAULT | REMAP_MC_STATUS_OVERRUN);
}

/* The translation of the access's first byte, checked against the cache
 * and against the pages the active environment may reach. */
static void check_translation(Random *t, hwaddr off, bool is_write,
                              MemTxAttrs attrs)
{
    MemoryRegionSection sec;
    hwaddr xlat, len = 1;
    MemTxResult res = address_space_translate(&t->rig.bus.as, WIN + off,
                                              &len, is_write, attrs, &sec,
                                              &xlat);
    Cached now = { true, res, res == MEMTX_OK ? sec.mr : NULL,
                   res == MEMTX_OK ? xlat & ~(PG - 1) : 0 };
    int idx = attrs.debug ? REMAP_MC_IDX_DEBUG : REMAP_MC_IDX_BUS;
    Cached *c = &t->cache[idx][off / PG][is_write];
    if (c->valid && (c->res != now.res || c->mr != now.mr ||
                     c->xlat != now.xlat)) {
        t->stale++;
    }
    *c = now;
    if (res == MEMTX_OK &&
        strcmp(memory_region_name(sec.mr), "secret-ram") == 0) {
        int owner = private_owner((uint32_t)(xlat / PG));
        if (owner >= 0 && (uint32_t)owner != t->m.active) {
            t->inactive_hits++;
        }
    }
}

static void random_access(Random *t)
{
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    unsigned len = sizes[rnd_below(t, 4)];
    hwaddr off = rnd_below(t, 8)
                     ? rnd_below(t, R_PAGES * (uint32_t)PG / len) * len
                     : (1 + rnd_below(t, R_PAGES - 1)) * PG - 1 -
                           rnd_below(t, len - 1 ? len - 1 : 1);
    if (off + len > R_PAGES * PG) {
        off = R_PAGES * PG - len;
    }
    bool is_write = rnd_below(t, 2);
    MemTxAttrs attrs = { .secure = rnd_below(t, 2), .user = rnd_below(t, 2),
                         .debug = !rnd_below(t, 16),
                         .requester_id = rnd_below(t, 0x10000) };
    check_translation(t, off, is_write, attrs);

    uint8_t data[8], want[8] = { 0 };
    for (unsigned i = 0; i < len; i++) {
        data[i] = (uint8_t)rnd_below(t, 256);
    }
    MemTxResult expect = MEMTX_OK;
    hwaddr first_fault = ~0ull;
    for (unsigned i = 0; i < len; i++) {
        uint32_t ppn;
        MemTxResult res = model_page(&t->m, (uint32_t)((off + i) / PG),
                                     is_write, attrs.debug, &ppn);
        expect |= res;
        if (res == MEMTX_DECODE_ERROR && first_fault == ~0ull) {
            first_fault = off + i;
        }
        if (res != MEMTX_OK) {
            continue;
        }
        uint8_t *cell = &t->m.ram[ppn * PG + (off + i) % PG];
        if (is_write) {
            *cell = data[i];
        } else {
            want[i] = *cell;
        }
    }
    MemTxResult got = address_space_rw(&t->rig.bus.as, WIN + off, attrs,
                                       data, len, is_write);
    if (got != expect || (!is_write && memcmp(data, want, len) != 0)) {
        t->mismatches++;
    }
    t->ok += expect == MEMTX_OK;
    t->denied += (expect & MEMTX_ACCESS_ERROR) != 0;
    if (expect & MEMTX_DECODE_ERROR) {
        t->faults++;
        if (!attrs.debug) {
            check_fault_record(t, first_fault, is_write, attrs);
        }
    }
    if (t->rig.level != 0) {
        t->mismatches++;
    }
}

static uint64_t random_seed(void)
{
    const char *env = getenv("TZEMU_SEED");
    if (env && *env) {
        return strtoull(env, NULL, 0);
    }
    return (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid() << 20;
}

TEST(remap_mc_random_tables_and_switches_match_the_model)
{
    Random *t = calloc(1, sizeof(*t));
    uint64_t seed = random_seed();
    printf("remap_mc random: seed %" PRIu64 "\n", seed);
    fflush(stdout);
    for (int i = 0; i < 3; i++) {
        t->rng[i] = (unsigned short)(seed >> 16 * i);
    }
    rig_init(&t->rig, R_PAGES);
    memcpy(t->m.ram, t->rig.ram, sizeof(t->m.ram));
    for (int i = 0; i < REMAP_MC_NUM_INDEXES; i++) {
        t->n[i] = (IOMMUNotifier){ .notify = random_drop,
                                   .flags = IOMMU_NOTIFIER_UNMAP,
                                   .start = 0, .end = R_PAGES * PG - 1,
                                   .iommu_idx = i };
        memory_region_register_iommu_notifier(remap_mc_upstream(t->rig.mc),
                                              &t->n[i], NULL);
    }
    wr(&t->rig, REMAP_MC_CTRL, REMAP_MC_CTRL_AUTOINC);
    for (uint32_t env = 0; env < REMAP_MC_NUM_ENVS; env++) {
        wr(&t->rig, REMAP_MC_ENV_SEL, env);
        wr(&t->rig, REMAP_MC_PAGE_IDX, 0);
        for (uint32_t p = 0; p < R_PAGES; p++) {
            t->m.pte[env][p] = random_pte(t, env);
            wr(&t->rig, REMAP_MC_PAGE_ENTRY, t->m.pte[env][p]);
        }
    }
    wr(&t->rig, REMAP_MC_CTRL, REMAP_MC_CTRL_EN | REMAP_MC_CTRL_IRQ_EN);

    for (uint32_t i = 0; i < R_ACCESSES; i++) {
        uint32_t dice = rnd_below(t, 1000);
        if (dice == 0) {
            t->m.active = rnd_below(t, REMAP_MC_NUM_ENVS);
            wr(&t->rig, REMAP_MC_ACTIVE_ENV, t->m.active);
            t->switches++;
        } else if (dice < 5) {
            random_rewrite(t);
        }
        random_access(t);
    }
    if (memcmp(t->m.ram, t->rig.ram, sizeof(t->m.ram)) != 0) {
        t->mismatches++;
    }
    printf("remap_mc random: %u accesses (%lu ok, %lu denied, %lu faults), "
           "%lu switches, %lu entries rewritten, %lu notifications, "
           "%lu mismatches, %lu stale, %lu inactive-page hits\n",
           R_ACCESSES, t->ok, t->denied, t->faults, t->switches, t->rewrites,
           t->drops, t->mismatches, t->stale, t->inactive_hits);
    CHECK_EQ(t->mismatches, 0);
    CHECK_EQ(t->stale, 0);
    CHECK_EQ(t->inactive_hits, 0);
    CHECK(t->switches > 500 && t->faults > 10000 && t->denied > 10000);
    if (t->mismatches || t->stale || t->inactive_hits) {
        printf("remap_mc random: FAILED; rerun with TZEMU_SEED=%" PRIu64 "\n",
               seed);
    }
    for (int i = 0; i < REMAP_MC_NUM_INDEXES; i++) {
        memory_region_unregister_iommu_notifier(&t->n[i]);
    }
    rig_destroy(&t->rig);
    free(t);
}
