/*
 * The CPU's TLB over IOMMU regions: pages an IOMMU allows are cached with
 * its permission, refused ones abort, and an IOMMU's announced change
 * drops exactly the entries it covers, per index (Secure/Non-secure x
 * privileged/user here), through chains, and the fetch page with them;
 * and the same with the TZ-MPC programmed through its registers.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/cpu/arm/tlb.h"
#include "../../src/hw/tz_mpc.h"
#include "cpu_rig.h"

#define TI_PAGES 16
#define TI_SIZE (TI_PAGES * 0x1000u)
/* Where the IOMMU sits in the CPU's space, and the code RAM and the
 * flip device the running tests use. */
#define TI_BASE 0x40000000u
#define CODE_BASE 0x10000000u
#define VECTORS (CODE_BASE + 0x1000u)
#define FLIP_BASE 0x20000000u

#define LDR_R0_R1 0xe5910000u
#define STR_R0_R1 0xe5810000u
#define NOP 0xe320f000u
#define B_SELF 0xeafffffeu

/* Index = secure * 2 + user; per index and page a permission and the
 * downstream page it maps to. */
typedef struct TestIommu {
    AddressSpace *target;
    IOMMUAccessFlags perm[4][TI_PAGES];
    unsigned page[4][TI_PAGES];
    MemoryRegion *mr;
} TestIommu;

static IOMMUTLBEntry ti_translate(void *opaque, hwaddr addr,
                                  IOMMUAccessFlags flag, int idx)
{
    (void)flag;
    TestIommu *t = opaque;
    unsigned pg = (unsigned)(addr >> 12) % TI_PAGES;
    return (IOMMUTLBEntry){ .target_as = t->target,
                            .iova = addr & ~0xfffull,
                            .translated_addr = (hwaddr)t->page[idx][pg] << 12,
                            .addr_mask = 0xfff,
                            .perm = t->perm[idx][pg] };
}

static int ti_index(void *opaque, MemTxAttrs attrs)
{
    (void)opaque;
    return attrs.secure * 2 + attrs.user;
}

static const IOMMUMemoryRegionOps ti_ops = {
    .translate = ti_translate,
    .attrs_to_index = ti_index,
    .num_indexes = 4,
};

/* An identity IOMMU into @target, everything allowed. */
static MemoryRegion *ti_init(TestIommu *t, AddressSpace *target)
{
    t->target = target;
    for (unsigned i = 0; i < 4; i++) {
        for (unsigned p = 0; p < TI_PAGES; p++) {
            t->perm[i][p] = IOMMU_RW;
            t->page[i][p] = p;
        }
    }
    t->mr = memory_region_new_iommu("test-iommu", TI_SIZE, &ti_ops, t, NULL);
    return t->mr;
}

/* Changes @n pages from @first (n a power of two, first a multiple) for
 * @idx, announced as one range the way memory.h asks: UNMAP, then MAP. */
static void ti_set(TestIommu *t, int idx, unsigned first, unsigned n,
                   IOMMUAccessFlags perm, unsigned target)
{
    for (unsigned p = 0; p < n; p++) {
        t->perm[idx][first + p] = perm;
        t->page[idx][first + p] = (target + p) % TI_PAGES;
    }
    IOMMUTLBEntry e = { .iova = (hwaddr)first << 12,
                        .addr_mask = ((hwaddr)n << 12) - 1 };
    memory_region_notify_iommu(t->mr, idx, IOMMU_NOTIFIER_UNMAP, &e);
    e.perm = perm;
    e.target_as = t->target;
    memory_region_notify_iommu(t->mr, idx, IOMMU_NOTIFIER_MAP, &e);
}

/*
 * The CPU's space: code RAM, a flip device and the IOMMU at TI_BASE in
 * front of @down's RAM (word i of page p holds p << 16 | i).
 */
typedef struct TlbRig {
    TestSpace up, down;
    TestIommu ti;
    uint8_t *ram;
    uint32_t *code;
    ArmCpu *cpu;
} TlbRig;

static MemTxResult flip_read(void *opaque, hwaddr addr, uint64_t *data,
                             unsigned size, MemTxAttrs attrs);
static MemTxResult flip_write(void *opaque, hwaddr addr, uint64_t data,
                              unsigned size, MemTxAttrs attrs);

static const MemoryRegionOps flip_ops = {
    .read = flip_read,
    .write = flip_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void tlb_rig_init(TlbRig *r)
{
    testspace_init(&r->up);
    testspace_init(&r->down);
    MemoryRegion *ram =
        testspace_add(&r->down, 0, test_ram("down-ram", TI_SIZE, 0), 0);
    r->ram = memory_region_get_ram_ptr(ram);
    for (uint32_t i = 0; i < TI_SIZE / 4; i++) {
        uint32_t v = (i >> 10) << 16 | (i & 0x3ff);
        memcpy(r->ram + 4 * i, &v, 4);
    }
    testspace_add(&r->up, TI_BASE, ti_init(&r->ti, &r->down.as), 0);
    MemoryRegion *code = testspace_add(&r->up, CODE_BASE,
                                       test_ram("code", 0x2000, 0), 0);
    r->code = memory_region_get_ram_ptr(code);
    for (unsigned i = 0; i < 8; i++) {
        r->code[(VECTORS - CODE_BASE) / 4 + i] = B_SELF;
    }
    testspace_add(&r->up, FLIP_BASE,
                  memory_region_new_io("flip", 0x100, &flip_ops, r, NULL),
                  0);
    r->cpu = arm_cpu_new(&r->up.as, NULL, true);
    arm_cpu_reset(r->cpu, CODE_BASE);
    r->cpu->cp15.vbar[0] = r->cpu->cp15.vbar[1] = VECTORS;
}

static void tlb_rig_free(TlbRig *r)
{
    arm_cpu_free(r->cpu);
    testspace_destroy(&r->up);
    testspace_destroy(&r->down);
}

/* The flip device: a write of page | perm << 8 sets that page's
 * permission for every index; reads are zero. */
static MemTxResult flip_read(void *opaque, hwaddr addr, uint64_t *data,
                             unsigned size, MemTxAttrs attrs)
{
    (void)opaque, (void)addr, (void)size, (void)attrs;
    *data = 0;
    return MEMTX_OK;
}

static MemTxResult flip_write(void *opaque, hwaddr addr, uint64_t data,
                              unsigned size, MemTxAttrs attrs)
{
    (void)addr, (void)size, (void)attrs;
    TlbRig *r = opaque;
    unsigned page = data & 0xff;
    for (int idx = 0; idx < 4; idx++) {
        ti_set(&r->ti, idx, page, 1, (IOMMUAccessFlags)((data >> 8) & 3),
               page);
    }
    return MEMTX_OK;
}

/*
 * One access as an instruction makes it: the cached host page if the TLB
 * has one for it, else the slow path. Returns whether it completed.
 */
static bool cpu_access(ArmCpu *cpu, uint32_t va, unsigned size, bool write,
                       uint32_t *val)
{
    ArmAccess acc = write ? ARM_ACC_WRITE : ARM_ACC_READ;
    bool user = arm_is_user(cpu);
    uint8_t buf[4];
    uint8_t *host = arm_tlb_host(cpu, va, size, acc, user);
    if (write) {
        memcpy(buf, val, 4);
    }
    if (host) {
        memcpy(write ? host : buf, write ? buf : host, size);
    } else {
        ArmFault f;
        if (!arm_tlb_access(cpu, va, size, acc, user, buf, &f)) {
            return false;
        }
    }
    if (!write) {
        *val = 0;
        memcpy(val, buf, size);
    }
    return true;
}

static bool cached(ArmCpu *cpu, uint32_t va, ArmAccess acc)
{
    return arm_tlb_host(cpu, va, 4, acc, arm_is_user(cpu)) != NULL;
}

static uint32_t page_word(unsigned page, unsigned word)
{
    return page << 16 | word;
}

TEST(tlb_iommu_refused_aborts_and_allowed_is_cached)
{
    TlbRig r;
    tlb_rig_init(&r);
    rig_enter(r.cpu, ARM_MODE_SVC, true);
    r.ti.perm[0][2] = IOMMU_NONE;
    uint32_t v = 0;
    uint8_t buf[4];
    ArmFault f;
    CHECK(!arm_tlb_access(r.cpu, TI_BASE + 0x2000, 4, ARM_ACC_READ, false,
                          buf, &f));
    CHECK_EQ(f.type, ARM_FAULT_EXTERNAL);
    CHECK_EQ(f.ext, MEMTX_ACCESS_ERROR);
    CHECK(!cached(r.cpu, TI_BASE + 0x2000, ARM_ACC_READ));
    CHECK(cpu_access(r.cpu, TI_BASE + 0x3008, 4, false, &v));
    CHECK_EQ(v, page_word(3, 2));
    CHECK_EQ(arm_tlb_host(r.cpu, TI_BASE + 0x3000, 4, ARM_ACC_READ, false),
             r.ram + 0x3000);
    /* The Secure index still allows page 2. */
    rig_enter(r.cpu, ARM_MODE_SVC, false);
    CHECK(cpu_access(r.cpu, TI_BASE + 0x2004, 4, false, &v));
    CHECK_EQ(v, page_word(2, 1));
    tlb_rig_free(&r);
}

TEST(tlb_iommu_read_only_page_is_cached_for_reads_only)
{
    TlbRig r;
    tlb_rig_init(&r);
    r.ti.perm[2][5] = IOMMU_RO;
    uint32_t v = 0xdeadbeef;
    CHECK(cpu_access(r.cpu, TI_BASE + 0x5000, 4, false, &v));
    CHECK(cached(r.cpu, TI_BASE + 0x5000, ARM_ACC_READ));
    v = 0xdeadbeef;
    CHECK(!cpu_access(r.cpu, TI_BASE + 0x5000, 4, true, &v));
    CHECK(!cached(r.cpu, TI_BASE + 0x5000, ARM_ACC_WRITE));
    CHECK_EQ(r.ram[0x5000], 0);
    /* Write-only: writes cached, reads refused. */
    r.ti.perm[2][6] = IOMMU_WO;
    CHECK(cpu_access(r.cpu, TI_BASE + 0x6000, 4, true, &v));
    CHECK(cached(r.cpu, TI_BASE + 0x6000, ARM_ACC_WRITE));
    CHECK(!cpu_access(r.cpu, TI_BASE + 0x6000, 4, false, &v));
    tlb_rig_free(&r);
}

TEST(tlb_iommu_change_drops_exactly_the_pages_it_covers)
{
    TlbRig r;
    tlb_rig_init(&r);
    uint32_t v;
    for (unsigned p = 0; p < 8; p++) {
        CHECK(cpu_access(r.cpu, TI_BASE + p * 0x1000, 4, false, &v));
    }
    uint64_t fills = r.cpu->tlb->fills;
    /* Secure privileged is index 2: pages 4 and 5 become read-only. */
    ti_set(&r.ti, 2, 4, 2, IOMMU_RO, 4);
    for (unsigned p = 0; p < 8; p++) {
        CHECK_EQ(cached(r.cpu, TI_BASE + p * 0x1000, ARM_ACC_READ),
                 p != 4 && p != 5);
    }
    for (unsigned p = 0; p < 8; p++) {
        CHECK(cpu_access(r.cpu, TI_BASE + p * 0x1000 + 4, 4, false, &v));
        CHECK_EQ(v, page_word(p, 1));
    }
    CHECK_EQ(r.cpu->tlb->fills, fills + 2);
    /* Remapped: the new page's contents, at once. */
    ti_set(&r.ti, 2, 0, 1, IOMMU_RW, 9);
    CHECK(cpu_access(r.cpu, TI_BASE + 8, 4, false, &v));
    CHECK_EQ(v, page_word(9, 2));
    CHECK_EQ(r.cpu->tlb->fills, fills + 3);
    /* A change of the whole space drops every page behind the IOMMU and
     * nothing else. */
    r.code[0] = NOP;
    CHECK(cpu_access(r.cpu, CODE_BASE, 4, false, &v));
    ti_set(&r.ti, 2, 0, TI_PAGES, IOMMU_RW, 0);
    CHECK(cached(r.cpu, CODE_BASE, ARM_ACC_READ));
    for (unsigned p = 0; p < 8; p++) {
        CHECK(!cached(r.cpu, TI_BASE + p * 0x1000, ARM_ACC_READ));
    }
    tlb_rig_free(&r);
}

TEST(tlb_iommu_indexes_are_invalidated_apart)
{
    TlbRig r;
    tlb_rig_init(&r);
    uint32_t v;
    /* The same page cached for Secure and Non-secure, privileged and
     * user. */
    for (int ns = 0; ns < 2; ns++) {
        for (int usr = 0; usr < 2; usr++) {
            rig_enter(r.cpu, usr ? ARM_MODE_USR : ARM_MODE_SVC, ns);
            CHECK(cpu_access(r.cpu, TI_BASE + 0x7000, 4, false, &v));
        }
    }
    ti_set(&r.ti, 0, 7, 1, IOMMU_NONE, 7);
    for (int ns = 0; ns < 2; ns++) {
        for (int usr = 0; usr < 2; usr++) {
            rig_enter(r.cpu, usr ? ARM_MODE_USR : ARM_MODE_SVC, ns);
            /* Index 0 is Non-secure privileged. */
            CHECK_EQ(cached(r.cpu, TI_BASE + 0x7000, ARM_ACC_READ),
                     !(ns && !usr));
            CHECK_EQ(cpu_access(r.cpu, TI_BASE + 0x7000, 4, false, &v),
                     !(ns && !usr));
        }
    }
    tlb_rig_free(&r);
}

/* The rig with a second IOMMU @b behind the first: the first forwards
 * into @mid, where @b sits at @at in front of the RAM. */
static void tlb_rig_init_chain(TlbRig *r, TestSpace *mid, TestIommu *b,
                               hwaddr at)
{
    tlb_rig_init(r);
    testspace_init(mid);
    testspace_add(mid, at, ti_init(b, &r->down.as), 0);
    r->ti.target = &mid->as;
}

TEST(tlb_iommu_chains_and_downstream_topology)
{
    /* up -> IOMMU A -> mid -> IOMMU B -> down. */
    TlbRig r;
    TestSpace mid;
    TestIommu b;
    tlb_rig_init_chain(&r, &mid, &b, 0);
    uint32_t v;
    CHECK(cpu_access(r.cpu, TI_BASE + 0x3000, 4, false, &v));
    CHECK(cpu_access(r.cpu, TI_BASE + 0x4000, 4, false, &v));
    CHECK(cached(r.cpu, TI_BASE + 0x3000, ARM_ACC_READ));
    /* A change in the second IOMMU drops the page it covers. */
    ti_set(&b, 2, 3, 1, IOMMU_RW, 8);
    CHECK(!cached(r.cpu, TI_BASE + 0x3000, ARM_ACC_READ));
    CHECK(cached(r.cpu, TI_BASE + 0x4000, ARM_ACC_READ));
    CHECK(cpu_access(r.cpu, TI_BASE + 0x3000, 4, false, &v));
    CHECK_EQ(v, page_word(8, 0));
    /* The middle space's topology changes: everything goes. */
    testspace_add(&mid, 0, test_ram("shadow", 0x1000, 0xab), 1);
    CHECK(!cached(r.cpu, TI_BASE + 0x4000, ARM_ACC_READ));
    CHECK(cpu_access(r.cpu, TI_BASE + 0x0000, 4, false, &v));
    CHECK_EQ(v, 0xababababu);
    tlb_rig_free(&r);
    testspace_destroy(&mid);
}

/* Runs one instruction, which must take the abort at @vector with its
 * fault address register @far at @va; frees @r. */
static void check_abort_taken(TlbRig *r, uint32_t vector,
                              const uint32_t *far, uint32_t va)
{
    arm_cpu_run(r->cpu, 1);
    CHECK_EQ(arm_mode(r->cpu), ARM_MODE_ABT);
    CHECK_EQ(r->cpu->r[15], VECTORS + vector);
    CHECK_EQ(*far, va);
    tlb_rig_free(r);
}

TEST(tlb_iommu_code_page_refused_while_running_aborts)
{
    /* Code behind the IOMMU refuses its own page through the flip
     * device: the very next fetch is a prefetch abort. */
    TlbRig r;
    tlb_rig_init(&r);
    uint32_t prog[] = { STR_R0_R1, NOP, NOP, B_SELF };
    memcpy(r.ram, prog, sizeof(prog));
    arm_cpu_reset(r.cpu, TI_BASE);
    r.cpu->cp15.vbar[1] = VECTORS;
    r.cpu->r[0] = 0 | IOMMU_NONE << 8;
    r.cpu->r[1] = FLIP_BASE;
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(r.cpu->r[15], TI_BASE + 4);
    check_abort_taken(&r, 0x0c, &r.cpu->cp15.ifar[1], TI_BASE + 4);
}

TEST(tlb_iommu_refused_load_is_a_data_abort)
{
    TlbRig r;
    tlb_rig_init(&r);
    r.code[0] = LDR_R0_R1;
    r.code[1] = B_SELF;
    r.ti.perm[2][1] = IOMMU_WO;
    r.cpu->r[1] = TI_BASE + 0x1010;
    check_abort_taken(&r, 0x10, &r.cpu->cp15.dfar[1], TI_BASE + 0x1010);
}

TEST(tlb_iommu_tz_mpc_block_change_drops_only_that_block)
{
    TestSpace up;
    testspace_init(&up);
    MemoryRegion *ram = test_ram("mpc-ram", TI_SIZE, 0x11);
    TzMpc *mpc = tz_mpc_new("mpc", ram, TZ_MPC_DEFAULT_BLOCK_SIZE, false,
                            IRQ_LINE_NONE, NULL);
    memory_region_unref(ram);
    CHECK(mpc != NULL);
    tz_mpc_set_log(mpc, NULL);
    memory_region_add_subregion(up.root, TI_BASE, tz_mpc_upstream(mpc),
                                NULL);
    memory_region_add_subregion(up.root, FLIP_BASE, tz_mpc_reg_region(mpc),
                                NULL);
    ArmCpu *cpu = arm_cpu_new(&up.as, NULL, true);
    uint32_t v;
    /* Every block Secure: the Secure world's pages are cached. */
    for (unsigned p = 0; p < 8; p++) {
        CHECK(cpu_access(cpu, TI_BASE + p * 0x1000, 4, false, &v));
        CHECK_EQ(v, 0x11111111u);
    }
    uint64_t fills = cpu->tlb->fills;
    /* BLK_IDX = 0, then BLK_LUT: block 3 Non-secure. */
    address_space_stl_le(&up.as, FLIP_BASE + 0x18, 0, ATTRS_S, NULL);
    address_space_stl_le(&up.as, FLIP_BASE + 0x1c, 1u << 3, ATTRS_S, NULL);
    for (unsigned p = 0; p < 8; p++) {
        CHECK_EQ(cached(cpu, TI_BASE + p * 0x1000, ARM_ACC_READ), p != 3);
        CHECK(cpu_access(cpu, TI_BASE + p * 0x1000, 4, false, &v));
        /* Blocked: read as zero (CTRL.CFG_SEC_RESP clear), never cached. */
        CHECK_EQ(v, p == 3 ? 0 : 0x11111111u);
    }
    CHECK(!cached(cpu, TI_BASE + 0x3000, ARM_ACC_READ));
    CHECK_EQ(cpu->tlb->fills, fills);
    /* The Non-secure world now reaches block 3. */
    rig_enter(cpu, ARM_MODE_SVC, true);
    CHECK(cpu_access(cpu, TI_BASE + 0x3000, 4, false, &v));
    CHECK_EQ(v, 0x11111111u);
    CHECK(cached(cpu, TI_BASE + 0x3000, ARM_ACC_READ));
    arm_cpu_free(cpu);
    tz_mpc_free(mpc);
    testspace_destroy(&up);
}

/*
 * Random permission and mapping changes interleaved with random accesses
 * from all four indexes, against a model of what each should see.
 */
TEST(tlb_iommu_never_uses_a_stale_translation)
{
    TlbRig r;
    tlb_rig_init(&r);
    static uint8_t model[TI_SIZE];
    memcpy(model, r.ram, TI_SIZE);
    uint32_t seed = 0x1234567u;
    unsigned mismatches = 0, aborts = 0, oks = 0;
    for (unsigned step = 0; step < 1000000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t x = seed >> 8;
        if (x % 8 == 0) {
            /* A change of 1, 2 or 4 aligned pages for one index. */
            unsigned n = 1u << (x >> 3) % 3;
            unsigned first = (x >> 5) % TI_PAGES & ~(n - 1);
            ti_set(&r.ti, (int)(x >> 9) % 4, first, n,
                   (IOMMUAccessFlags)((x >> 11) % 4), (x >> 13) % TI_PAGES);
            continue;
        }
        bool ns = x & 2, usr = x & 4, write = x & 8;
        unsigned size = (x & 16) ? 4 : 1;
        /* Mostly a few hot pages, sometimes across a page end. */
        uint32_t off = (x >> 5) % 0x100 * 4 + ((x >> 13) % 4) * 0x1000 +
                       ((x >> 15) % 2) * 0x8000;
        if ((x >> 16) % 64 == 0) {
            /* Reads only: a store refused on its second page may have
             * written its first (an external abort leaves that open). */
            off = ((x >> 22) % (TI_PAGES - 1) + 1) * 0x1000 - 2;
            write = false;
        }
        int idx = !ns * 2 + usr;
        rig_enter(r.cpu, usr ? ARM_MODE_USR : ARM_MODE_SVC, ns);
        bool want_ok = true;
        uint32_t want = 0;
        for (unsigned i = 0; i < size; i++) {
            unsigned pg = (off + i) >> 12;
            IOMMUAccessFlags need = write ? IOMMU_WO : IOMMU_RO;
            want_ok &= (r.ti.perm[idx][pg] & need) == need;
        }
        uint32_t v = x ^ 0x5a5a5a5a;
        bool ok = cpu_access(r.cpu, TI_BASE + off, size, write, &v);
        for (unsigned i = 0; i < size && want_ok; i++) {
            unsigned a = (off + i) & 0xfff;
            unsigned pg = r.ti.page[idx][(off + i) >> 12];
            if (write) {
                model[pg * 0x1000 + a] = (uint8_t)((x ^ 0x5a5a5a5a) >> 8 * i);
            } else {
                want |= (uint32_t)model[pg * 0x1000 + a] << 8 * i;
            }
        }
        if (ok != want_ok || (ok && !write && v != want)) {
            mismatches++;
        }
        aborts += !ok;
        oks += ok;
    }
    CHECK_EQ(mismatches, 0);
    CHECK(memcmp(model, r.ram, TI_SIZE) == 0);
    /* Both outcomes were exercised, and the cache served most accesses. */
    CHECK(aborts > 1000 && oks > 1000);
    CHECK(r.cpu->tlb->fills < oks / 2);
    tlb_rig_free(&r);
}

TEST(tlb_iommu_translate_hops_reports_the_path)
{
    TlbRig r;
    TestSpace mid;
    TestIommu b;
    tlb_rig_init_chain(&r, &mid, &b, 0x1000);
    r.ti.page[3][2] = 1;
    IOMMUHop hops[2];
    unsigned nr;
    hwaddr len = 4, xlat;
    MemoryRegionSection s;
    MemTxAttrs su = { .secure = 1, .user = 1 };
    CHECK_EQ(address_space_translate_hops(&r.up.as, TI_BASE + 0x2010, &len,
                                          false, su, &s, &xlat, hops, 2, &nr),
             MEMTX_OK);
    CHECK_EQ(nr, 2);
    CHECK(hops[0].iommu == r.ti.mr && hops[0].target_as == &mid.as);
    CHECK_EQ(hops[0].iommu_idx, 3);
    CHECK_EQ(hops[0].addr, 0x2010);
    CHECK(hops[1].iommu == b.mr && hops[1].target_as == &r.down.as);
    CHECK_EQ(hops[1].addr, 0x0010);
    CHECK_EQ(xlat, 0x0010);
    /* Fewer slots than hops: the count still says how many. */
    CHECK_EQ(address_space_translate_hops(&r.up.as, TI_BASE + 0x2010, &len,
                                          false, su, &s, &xlat, hops, 1, &nr),
             MEMTX_OK);
    CHECK_EQ(nr, 2);
    /* Refused by the second: reported with no target. */
    b.perm[3][0] = IOMMU_RO;
    CHECK_EQ(address_space_translate_hops(&r.up.as, TI_BASE + 0x2010, &len,
                                          true, su, &s, &xlat, hops, 2, &nr),
             MEMTX_ACCESS_ERROR);
    CHECK_EQ(nr, 2);
    CHECK(hops[1].iommu == b.mr && hops[1].target_as == NULL);
    /* No IOMMU on the way: no hops. */
    CHECK_EQ(address_space_translate_hops(&r.up.as, CODE_BASE, &len, false,
                                          su, &s, &xlat, NULL, 0, &nr),
             MEMTX_OK);
    CHECK_EQ(nr, 0);
    tlb_rig_free(&r);
    testspace_destroy(&mid);
}
