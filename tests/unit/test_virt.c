/*
 * The virt board's memory system: what each world reaches, and dump lines
 * that must read as qemu-system-arm 7.2 prints them for the same board
 * (`-M virt,secure=on -m 512`, `info mtree` / `info mtree -f`).
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/boards/virt.h"
#include "testlib.h"

static MemTxResult rd(AddressSpace *as, hwaddr a, bool secure)
{
    MemTxResult r;
    address_space_ldl_le(as, a, (MemTxAttrs){ .secure = secure }, &r);
    return r;
}

static MemTxResult wr(AddressSpace *as, hwaddr a, bool secure)
{
    MemTxResult r;
    address_space_stl_le(as, a, 0x5ec0e7, (MemTxAttrs){ .secure = secure },
                         &r);
    return r;
}

TEST(virt_secure_memory_is_invisible_to_the_non_secure_world)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .ram_size = 512 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    const hwaddr secure_only[] = { 0x0e000000, 0x0e800000, 0x0effffff - 3,
                                   0x00000000, 0x03fffffc };
    for (size_t i = 0; i < sizeof(secure_only) / sizeof(secure_only[0]);
         i++) {
        hwaddr a = secure_only[i];
        CHECK_EQ(rd(&m.as_ns, a, false), MEMTX_DECODE_ERROR);
        CHECK_EQ(wr(&m.as_ns, a, false), MEMTX_DECODE_ERROR);
        /* The attribute alone opens nothing: the NS space has no path. */
        CHECK_EQ(rd(&m.as_ns, a, true), MEMTX_DECODE_ERROR);
        CHECK_EQ(rd(&m.as_s, a, true), MEMTX_OK);
        hwaddr len = 16;
        CHECK(address_space_map(&m.as_ns, a, &len, false,
                                (MemTxAttrs){ .debug = 1 }, NULL) == NULL);
    }
    CHECK_EQ(wr(&m.as_s, 0x0e000000, true), MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0x0e000000, ATTRS_S, NULL),
             0x5ec0e7);
    /* Main RAM is shared by both worlds. */
    CHECK_EQ(wr(&m.as_ns, 0x40000000, false), MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0x40000000, ATTRS_S, NULL),
             0x5ec0e7);
    CHECK_EQ(rd(&m.as_ns, 0x5ffffffc, false), MEMTX_OK);
    CHECK_EQ(rd(&m.as_ns, 0x60000000, false), MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&m.as_ns, 0x04000000, false), MEMTX_OK);

    char *tree = test_capture_tree(m.spaces, 2);
    CHECK(strstr(tree, "address-space: cpu-secure-memory-0\n"
                       "  0000000000000000-ffffffffffffffff (prio 0, i/o): "
                       "secure-memory\n") != NULL);
    CHECK(strstr(tree, "    0000000000000000-ffffffffffffffff (prio -1, i/o):"
                       " system\n") != NULL);
    CHECK(strstr(tree, "    000000000e000000-000000000effffff (prio 0, ram): "
                       "virt.secure-ram\n") != NULL);
    free(tree);
    char *flat = test_capture_flat(m.spaces, 2);
    CHECK(strstr(flat, "  0000000040000000-000000005fffffff (prio 0, ram): "
                       "mach-virt.ram\n") != NULL);
    CHECK(strstr(flat, " Root memory region: secure-memory\n") != NULL);
    free(flat);
    virt_destroy(&m);
}

TEST(virt_without_secure_has_one_view)
{
    VirtMachine m;
    VirtOptions o = { .secure = false, .ram_size = 128 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    CHECK(m.as_ns.current_map == m.as_s.current_map);
    CHECK_EQ(rd(&m.as_ns, 0x00000000, false), MEMTX_OK);
    CHECK_EQ(rd(&m.as_ns, 0x0e000000, false), MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&m.as_s, 0x0e000000, true), MEMTX_DECODE_ERROR);
    virt_destroy(&m);
}

TEST(virt_flash_is_cfi_flash_in_romd_mode)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .ram_size = 512 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    CHECK(m.flash[0] != NULL && m.flash[1] != NULL);
    CHECK_STR(memory_region_name(pflash_region(m.flash[0])), "virt.flash0");
    CHECK_STR(memory_region_name(pflash_region(m.flash[1])), "virt.flash1");
    /* As QEMU's `info mtree` shows them. */
    char *tree = test_capture_tree(m.spaces, 2);
    CHECK(strstr(tree, "    0000000000000000-0000000003ffffff (prio 0, romd): "
                       "virt.flash0\n") != NULL);
    CHECK(strstr(tree, "    0000000004000000-0000000007ffffff (prio 0, romd): "
                       "virt.flash1\n") != NULL);
    free(tree);

    /* flash0 takes commands from the Secure world only. */
    address_space_stl_le(&m.as_s, 0, 0x00900090, ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0, ATTRS_S, NULL), 0x00890089);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 4, ATTRS_S, NULL), 0x00180018);
    CHECK_EQ(rd(&m.as_ns, 0, false), MEMTX_DECODE_ERROR);
    char *flat = test_capture_flat(m.spaces, 2);
    CHECK(strstr(flat, "  0000000000000000-0000000003ffffff (prio 0, i/o): "
                       "virt.flash0\n") != NULL);
    free(flat);
    address_space_stl_le(&m.as_s, 0, 0x00ff00ff, ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0, ATTRS_S, NULL), 0);

    /* flash1 is one device for both worlds: a mode set by one shows in
     * the other. */
    address_space_stl_le(&m.as_ns, 0x04000000, 0x00980098, ATTRS_NS, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0x04000040, ATTRS_S, NULL),
             0x00510051);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x0400009c, ATTRS_NS, NULL),
             0x00190019);
    address_space_stl_le(&m.as_s, 0x04000000, 0x00ff00ff, ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x04000040, ATTRS_NS, NULL), 0);
    virt_destroy(&m);

    /* Without secure=on flash0 is in the one view. */
    o.secure = false;
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    address_space_stl_le(&m.as_ns, 0x10, 0x00900090, ATTRS_NS, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0, ATTRS_NS, NULL), 0x00890089);
    address_space_stl_le(&m.as_ns, 0x10, 0x00ff00ff, ATTRS_NS, NULL);
    virt_destroy(&m);
}

TEST(virt_rejects_bad_ram_sizes)
{
    VirtMachine m;
    MemError err = { 0 };
    VirtOptions o = { .ram_size = VIRT_RAM_MAX + 1 };
    CHECK_EQ(virt_init(&m, &o, &err), MEM_ERR_RANGE);
    CHECK(strstr(err.message, "255 GiB") != NULL);
    o.ram_size = 0;
    CHECK_EQ(virt_init(&m, &o, &err), MEM_ERR_RANGE);
}

/* mpc=on: main RAM behind the TZ-MPC, every block Non-secure at reset;
 * the MPC's registers exist in the Secure space only; a block made Secure
 * through them is then out of the Non-secure world's reach. */
TEST(virt_mpc_guards_main_ram)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .mpc = true, .ram_size = 64 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    const hwaddr regs = VIRT_MPC_BASE, blk_idx = regs + 0x18,
                 blk_lut = regs + 0x1c;
    CHECK_EQ(rd(&m.as_ns, regs, false), MEMTX_DECODE_ERROR);
    CHECK_EQ(wr(&m.as_ns, blk_lut, false), MEMTX_DECODE_ERROR);
    CHECK_EQ(rd(&m.as_s, regs, true), MEMTX_OK);
    /* Reset: Non-secure RAM, as without the MPC. */
    CHECK_EQ(wr(&m.as_ns, 0x40001000, false), MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40001000, ATTRS_NS, NULL),
             0x5ec0e7);
    /* Block 1 (0x40001000) becomes Secure: LUT word 0, bit 1 clear. */
    address_space_stl_le(&m.as_s, blk_idx, 0, ATTRS_S, NULL);
    address_space_stl_le(&m.as_s, blk_lut, ~2u, ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40001000, ATTRS_NS, NULL), 0);
    address_space_stl_le(&m.as_ns, 0x40001000, 1, ATTRS_NS, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_s, 0x40001000, ATTRS_S, NULL),
             0x5ec0e7);
    /* Its neighbours stay Non-secure. */
    CHECK_EQ(wr(&m.as_ns, 0x40000000, false), MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40002000, ATTRS_NS, NULL), 0);
    CHECK_EQ(wr(&m.as_ns, 0x40002000, false), MEMTX_OK);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40002000, ATTRS_NS, NULL),
             0x5ec0e7);
    virt_destroy(&m);

    MemError err = { 0 };
    o.secure = false;
    CHECK_EQ(virt_init(&m, &o, &err), MEM_ERR_INVAL);
    CHECK(strstr(err.message, "secure=on") != NULL);
}

/* remap=on: main RAM behind the remapping controller, passing through
 * until enabled; its registers only in the Secure space; once enabled, the
 * window shows the active environment's pages and faults elsewhere. */
TEST(virt_remap_controller_fronts_main_ram)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .remap = true, .ram_size = 64 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    const hwaddr regs = VIRT_REMAP_BASE;
    CHECK_EQ(rd(&m.as_ns, regs, false), MEMTX_DECODE_ERROR);
    CHECK_EQ(address_space_ldl_le(&m.as_s, regs + REMAP_MC_ID, ATTRS_S,
                                  NULL),
             REMAP_MC_ID_VALUE);
    /* Pass-through at reset: page 3 of the window is page 3 of RAM. */
    CHECK_EQ(wr(&m.as_ns, 0x40003000, false), MEMTX_OK);
    /* Environment 0 maps window page 0 to RAM page 3, read-only. */
    address_space_stl_le(&m.as_s, regs + REMAP_MC_ENV_SEL, 0, ATTRS_S, NULL);
    address_space_stl_le(&m.as_s, regs + REMAP_MC_PAGE_IDX, 0, ATTRS_S, NULL);
    address_space_stl_le(&m.as_s, regs + REMAP_MC_PAGE_ENTRY,
                         (3u << REMAP_MC_PTE_PPN_SHIFT) | REMAP_MC_PTE_V |
                             REMAP_MC_PTE_R,
                         ATTRS_S, NULL);
    address_space_stl_le(&m.as_s, regs + REMAP_MC_CTRL, REMAP_MC_CTRL_EN,
                         ATTRS_S, NULL);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40000000, ATTRS_NS, NULL),
             0x5ec0e7);
    CHECK(wr(&m.as_ns, 0x40000000, false) != MEMTX_OK);
    /* Window page 3 is unmapped now: a bus error. */
    CHECK(rd(&m.as_ns, 0x40003000, false) != MEMTX_OK);
    virt_reset(&m);
    CHECK_EQ(address_space_ldl_le(&m.as_ns, 0x40003000, ATTRS_NS, NULL),
             0x5ec0e7);
    virt_destroy(&m);

    MemError err = { 0 };
    o.mpc = true;
    CHECK_EQ(virt_init(&m, &o, &err), MEM_ERR_INVAL);
    CHECK(strstr(err.message, "choose one") != NULL);
}

/*
 * A load the Secure world made is cached in its TLB row; once boot code
 * hands the CPU to the Non-secure world, the same load must miss that row
 * and abort (Secure-only RAM is not in the Non-secure address space).
 */
TEST(virt_secure_tlb_entries_stay_behind_when_the_cpu_goes_non_secure)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .ram_size = 512 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    const uint32_t code = 0x40000000, ldr_r1_r0 = 0xe5901000u;
    MemTxResult r;
    address_space_stl_le(&m.as_ns, code, ldr_r1_r0, (MemTxAttrs){ 0 }, &r);
    CHECK_EQ(r, MEMTX_OK);
    address_space_stl_le(&m.as_s, 0x0e000000, 0x5ec0e7,
                         (MemTxAttrs){ .secure = 1 }, &r);
    CHECK_EQ(r, MEMTX_OK);
    ArmCpu *cpu = m.cpu;
    arm_cpu_reset(cpu, code);
    cpu->r[0] = 0x0e000000;
    arm_cpu_run(cpu, 1);
    CHECK_EQ(cpu->r[1], 0x5ec0e7u);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_SVC);
    arm_cpu_enter_nonsecure(cpu);
    cpu->r[1] = 0;
    cpu->r[15] = code;
    arm_cpu_run(cpu, 1);
    CHECK_EQ(cpu->r[1], 0u);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
    CHECK(!arm_is_secure(cpu));
    virt_destroy(&m);
}
