/* The `info mtree` and `info mtree -f` shaped dumps of a small tree. */
#include <stdlib.h>

#include "testlib.h"

static IOMMUTLBEntry deny_all(void *opaque, hwaddr addr, IOMMUAccessFlags f,
                              int idx)
{
    (void)opaque, (void)f, (void)idx;
    return (IOMMUTLBEntry){ .iova = addr & ~0xfffull, .addr_mask = 0xfff };
}

static const IOMMUMemoryRegionOps deny_ops = { .translate = deny_all };

static void add(MemoryRegion *parent, hwaddr addr, MemoryRegion *mr)
{
    memory_region_add_subregion(parent, addr, mr, NULL);
    memory_region_unref(mr);
}

TEST(dump_tree_and_flat_views)
{
    TestDev d = { 0 };
    MemoryRegion *sys = memory_region_new_container("sys", MEMORY_SIZE_2_64,
                                                    NULL);
    MemoryRegion *ram = test_ram("ram", 0x1000, 0);
    add(sys, 0x1000, ram);
    MemoryRegion *box = memory_region_new_container("box", 0x10000, NULL);
    add(box, 0, memory_region_new_rom("boot", 0x100, NULL));
    add(box, 0x100, memory_region_new_io("dev", 0x100, &testdev_ops_le, &d,
                                         NULL));
    add(sys, 0x8000, memory_region_new_alias("win", box, 0x100, 0x200, NULL));
    add(sys, 0x9000, memory_region_new_alias("win2", ram, 0x800, 0x400, NULL));
    add(sys, 0x10000, box);
    MemoryRegion *off = test_ram("off", 0x1000, 0);
    add(sys, 0x20000, off);
    memory_region_set_enabled(off, false);
    add(sys, 0x30000, memory_region_new_iommu("mmu", 0x1000, &deny_ops, NULL,
                                              NULL));
    AddressSpace a, b;
    address_space_init(&a, sys, "a");
    address_space_init(&b, sys, "b");
    AddressSpace *spaces[] = { &a, &b };

    char *tree = test_capture_tree(spaces, 2);
    CHECK_STR(tree,
        "address-space: a\n"
        "address-space: b\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): sys\n"
        "    0000000000001000-0000000000001fff (prio 0, ram): ram\n"
        "    0000000000008000-00000000000081ff (prio 0, i/o): alias win @box "
        "0000000000000100-00000000000002ff\n"
        "    0000000000009000-00000000000093ff (prio 0, ram): alias win2 @ram "
        "0000000000000800-0000000000000bff\n"
        "    0000000000010000-000000000001ffff (prio 0, i/o): box\n"
        "      0000000000010000-00000000000100ff (prio 0, rom): boot\n"
        "      0000000000010100-00000000000101ff (prio 0, i/o): dev\n"
        "    0000000000020000-0000000000020fff (prio 0, ram): off [disabled]\n"
        "    0000000000030000-0000000000030fff (prio 0, iommu): mmu\n"
        "\n"
        "memory-region: box\n"
        "  0000000000010000-000000000001ffff (prio 0, i/o): box\n"
        "    0000000000010000-00000000000100ff (prio 0, rom): boot\n"
        "    0000000000010100-00000000000101ff (prio 0, i/o): dev\n"
        "\n"
        "memory-region: ram\n"
        "  0000000000001000-0000000000001fff (prio 0, ram): ram\n"
        "\n");
    free(tree);

    char *flat = test_capture_flat(spaces, 2);
    CHECK_STR(flat,
        "FlatView #0\n"
        " AS \"a\", root: sys\n"
        " AS \"b\", root: sys\n"
        " Root memory region: sys\n"
        "  0000000000001000-0000000000001fff (prio 0, ram): ram\n"
        "  0000000000008000-00000000000080ff (prio 0, i/o): dev\n"
        "  0000000000009000-00000000000093ff (prio 0, ram): ram "
        "@0000000000000800\n"
        "  0000000000010000-00000000000100ff (prio 0, rom): boot\n"
        "  0000000000010100-00000000000101ff (prio 0, i/o): dev\n"
        "  0000000000030000-0000000000030fff (prio 0, iommu): mmu\n"
        "\n");
    free(flat);
    address_space_destroy(&a);
    address_space_destroy(&b);
    memory_region_unref(sys);
}
