/*
 * IOMMU regions: attribute-dependent translation, permissions, granule
 * splitting, chains, loop detection, notifiers, translate and map.
 */
#include <string.h>

#include "testlib.h"

#define PAGES 16

/* Per index (0 Secure, 1 Non-secure) and page: target page and permission. */
typedef struct PageIommu {
    AddressSpace *target;
    hwaddr page[2][PAGES];
    IOMMUAccessFlags perm[2][PAGES];
    unsigned translations;
} PageIommu;

static IOMMUTLBEntry page_translate(void *opaque, hwaddr addr,
                                    IOMMUAccessFlags flag, int idx)
{
    (void)flag;
    PageIommu *p = opaque;
    unsigned pg = (unsigned)(addr >> 12) % PAGES;
    p->translations++;
    return (IOMMUTLBEntry){ .target_as = p->target,
                            .iova = addr & ~0xfffull,
                            .translated_addr = p->page[idx][pg] << 12,
                            .addr_mask = 0xfff,
                            .perm = p->perm[idx][pg] };
}

static int page_index(void *opaque, MemTxAttrs attrs)
{
    (void)opaque;
    return attrs.secure ? 0 : 1;
}

static const IOMMUMemoryRegionOps page_ops = {
    .translate = page_translate,
    .attrs_to_index = page_index,
    .num_indexes = 2,
};

/* Downstream: 64 KiB of RAM whose byte at page p, offset o is p * 16 + o. */
typedef struct Rig {
    TestSpace up, down;
    PageIommu pi;
    MemoryRegion *iommu;
    uint8_t *ram;
} Rig;

static void rig_init(Rig *r)
{
    testspace_init(&r->up);
    testspace_init(&r->down);
    MemoryRegion *ram = testspace_add(&r->down, 0,
                                      test_ram("down-ram", 0x10000, 0), 0);
    r->ram = memory_region_get_ram_ptr(ram);
    for (unsigned i = 0; i < 0x10000; i++) {
        r->ram[i] = (uint8_t)((i >> 12) * 16 + (i & 0xf));
    }
    memset(&r->pi, 0, sizeof(r->pi));
    r->pi.target = &r->down.as;
    for (unsigned i = 0; i < PAGES; i++) {
        r->pi.page[0][i] = r->pi.page[1][i] = i;
        r->pi.perm[0][i] = r->pi.perm[1][i] = IOMMU_RW;
    }
    r->iommu = testspace_add(&r->up, 0x100000,
                             memory_region_new_iommu("iommu", 0x10000,
                                                     &page_ops, &r->pi, NULL),
                             0);
}

static void rig_destroy(Rig *r)
{
    testspace_destroy(&r->up);
    testspace_destroy(&r->down);
}

TEST(iommu_translation_depends_on_attributes)
{
    Rig r;
    rig_init(&r);
    r.pi.page[0][0] = 3;
    r.pi.page[1][0] = 5;
    MemTxResult res;
    CHECK_EQ(address_space_ldub(&r.up.as, 0x100004, ATTRS_S, &res), 0x34);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(address_space_ldub(&r.up.as, 0x100004, ATTRS_NS, &res), 0x54);
    CHECK_EQ(memory_region_iommu_num_indexes(r.iommu), 2);
    CHECK_EQ(memory_region_iommu_attrs_to_index(r.iommu, ATTRS_S), 0);
    /* An access across a granule is split: each page translated apart. */
    r.pi.page[1][1] = 9;
    uint8_t buf[4];
    CHECK_EQ(address_space_read(&r.up.as, 0x100ffe, ATTRS_NS, buf, 4),
             MEMTX_OK);
    CHECK(buf[0] == 0x5e && buf[1] == 0x5f && buf[2] == 0x90 &&
          buf[3] == 0x91);
    rig_destroy(&r);
}

TEST(iommu_permission_failure_is_an_error_result)
{
    Rig r;
    rig_init(&r);
    r.pi.perm[1][1] = IOMMU_RO;
    r.pi.perm[1][2] = IOMMU_NONE;
    r.pi.perm[1][3] = IOMMU_WO;
    MemTxResult res;
    address_space_stb(&r.up.as, 0x101000, 0xee, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    CHECK_EQ(r.ram[0x1000], 0x10);
    CHECK_EQ(address_space_ldub(&r.up.as, 0x101000, ATTRS_NS, &res), 0x10);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(address_space_ldub(&r.up.as, 0x102000, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    CHECK_EQ(address_space_ldub(&r.up.as, 0x103000, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    address_space_stb(&r.up.as, 0x103000, 0xee, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_OK);
    CHECK_EQ(r.ram[0x3000], 0xee);
    /* The Secure index was left RW. */
    address_space_stb(&r.up.as, 0x102000, 0xdd, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_OK);
    /* No target: denied too. */
    r.pi.target = NULL;
    address_space_ldub(&r.up.as, 0x100000, ATTRS_S, &res);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    hwaddr len = 16;
    CHECK(address_space_map(&r.up.as, 0x100000, &len, false, ATTRS_S, &res) ==
          NULL);
    CHECK_EQ(res, MEMTX_ACCESS_ERROR);
    CHECK_EQ(len, 0);
    rig_destroy(&r);
}

TEST(iommu_chains_and_loops)
{
    Rig r;
    rig_init(&r);
    /* A second IOMMU in front of the first: up2 -> up -> down. */
    TestSpace up2;
    testspace_init(&up2);
    PageIommu outer = { .target = &r.up.as };
    for (unsigned i = 0; i < PAGES; i++) {
        outer.page[0][i] = outer.page[1][i] = 0x100 + (PAGES - 1 - i);
        outer.perm[0][i] = outer.perm[1][i] = IOMMU_RW;
    }
    testspace_add(&up2, 0, memory_region_new_iommu("outer", 0x10000,
                                                   &page_ops, &outer, NULL),
                  0);
    MemTxResult res;
    CHECK_EQ(address_space_ldub(&up2.as, 0x0007, ATTRS_NS, &res), 0xf7);
    CHECK_EQ(res, MEMTX_OK);
    MemoryRegionSection s;
    hwaddr xlat, len = 0x10000;
    CHECK_EQ(address_space_translate(&up2.as, 0x1010, &len, false, ATTRS_NS,
                                     &s, &xlat), MEMTX_OK);
    CHECK_STR(memory_region_name(s.mr), "down-ram");
    CHECK_EQ(xlat, 0xe010);
    CHECK_EQ(len, 0xff0);
    testspace_destroy(&up2);

    /* An IOMMU that forwards into its own address space loops. */
    r.pi.target = &r.up.as;
    for (unsigned i = 0; i < PAGES; i++) {
        r.pi.page[1][i] = 0x100 + i;
    }
    r.pi.translations = 0;
    CHECK_EQ(address_space_ldub(&r.up.as, 0x100000, ATTRS_NS, &res), 0);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(r.pi.translations, MEMORY_IOMMU_MAX_DEPTH);
    rig_destroy(&r);
}

TEST(iommu_map_reaches_host_memory_through_granules)
{
    Rig r;
    rig_init(&r);
    MemTxResult res;
    hwaddr len = 0x3000;
    uint8_t *p = address_space_map(&r.up.as, 0x100800, &len, true, ATTRS_NS,
                                   &res);
    /* Identity pages: host memory is contiguous across granules. */
    CHECK(p == r.ram + 0x800);
    CHECK_EQ(len, 0x3000);
    address_space_unmap(&r.up.as, p, len, true, len);
    r.pi.page[1][1] = 7;
    len = 0x3000;
    p = address_space_map(&r.up.as, 0x100800, &len, false, ATTRS_NS, &res);
    CHECK(p == r.ram + 0x800);
    CHECK_EQ(len, 0x800);
    address_space_unmap(&r.up.as, p, len, false, len);
    rig_destroy(&r);
}

typedef struct CountingNotifier {
    IOMMUNotifier n;
    unsigned calls;
    IOMMUNotifierFlag last_type;
    hwaddr last_iova;
} CountingNotifier;

static void count_notify(IOMMUNotifier *n, IOMMUNotifierFlag type,
                         const IOMMUTLBEntry *e)
{
    CountingNotifier *c = (CountingNotifier *)n;
    c->calls++;
    c->last_type = type;
    c->last_iova = e->iova;
}

TEST(iommu_notifiers_get_exact_range_and_index)
{
    Rig r;
    rig_init(&r);
    CountingNotifier a = { .n = { count_notify, IOMMU_NOTIFIER_UNMAP, 0,
                                  0xfff, 0 } };
    CountingNotifier b = { .n = { count_notify,
                                  IOMMU_NOTIFIER_MAP | IOMMU_NOTIFIER_UNMAP,
                                  0x1000, 0x1fff, 1 } };
    CountingNotifier c = { .n = { count_notify, IOMMU_NOTIFIER_MAP, 0,
                                  0xffff, 0 } };
    MemError err;
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &a.n, &err),
             MEM_OK);
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &b.n, &err),
             MEM_OK);
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &c.n, &err),
             MEM_OK);
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &c.n, &err),
             MEM_ERR_INVAL);

    IOMMUTLBEntry e = { .iova = 0, .addr_mask = 0xfff };
    memory_region_notify_iommu(r.iommu, 0, IOMMU_NOTIFIER_UNMAP, &e);
    CHECK(a.calls == 1 && b.calls == 0 && c.calls == 0);
    e.iova = 0x1000;
    memory_region_notify_iommu(r.iommu, 1, IOMMU_NOTIFIER_MAP, &e);
    CHECK(a.calls == 1 && b.calls == 1 && c.calls == 0);
    CHECK(b.last_type == IOMMU_NOTIFIER_MAP && b.last_iova == 0x1000);
    memory_region_notify_iommu(r.iommu, 0, IOMMU_NOTIFIER_MAP, &e);
    CHECK(a.calls == 1 && b.calls == 1 && c.calls == 1);
    /* A large event overlapping a's range reaches it. */
    e = (IOMMUTLBEntry){ .iova = 0, .addr_mask = 0xffff };
    memory_region_notify_iommu(r.iommu, 0, IOMMU_NOTIFIER_UNMAP, &e);
    CHECK_EQ(a.calls, 2);
    memory_region_unregister_iommu_notifier(&a.n);
    memory_region_notify_iommu(r.iommu, 0, IOMMU_NOTIFIER_UNMAP, &e);
    CHECK_EQ(a.calls, 2);

    CountingNotifier bad = { .n = { count_notify, IOMMU_NOTIFIER_MAP, 0, 1,
                                    2 } };
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &bad.n, &err),
             MEM_ERR_INVAL);
    bad.n.iommu_idx = 0;
    bad.n.start = 5;
    CHECK_EQ(memory_region_register_iommu_notifier(r.iommu, &bad.n, &err),
             MEM_ERR_INVAL);
    bad.n.start = 0;
    MemoryRegion *ram = memory_region_new_ram("plain", 0x1000, NULL);
    CHECK_EQ(memory_region_register_iommu_notifier(ram, &bad.n, &err),
             MEM_ERR_INVAL);
    memory_region_unref(ram);
    memory_region_unregister_iommu_notifier(&b.n);
    memory_region_unregister_iommu_notifier(&c.n);
    rig_destroy(&r);
}
