/*
 * -dtb files: a valid tree is taken and fixed up as QEMU does (memory
 * nodes replaced, /chosen created, /psci replaced); empty, short, truncated,
 * corrupted and randomly damaged blobs are refused with a message, never a
 * crash (this file also runs under AddressSanitizer).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../../src/core/dtb.h"
#include "memfile.h"
#include "testlib.h"

/* A small tree as a user might bring: two memory nodes, an old /psci. */
static size_t user_tree(void *buf, size_t size)
{
    CHECK_EQ(fdt_create_empty_tree(buf, (int)size), 0);
    fdt_setprop_u32(buf, 0, "#address-cells", 1);
    fdt_setprop_u32(buf, 0, "#size-cells", 1);
    int mem = fdt_add_subnode(buf, 0, "memory");
    fdt_setprop_string(buf, mem, "device_type", "memory");
    mem = fdt_add_subnode(buf, 0, "memory@80000000");
    fdt_setprop_string(buf, mem, "device_type", "memory");
    int psci = fdt_add_subnode(buf, 0, "psci");
    fdt_setprop_u32(buf, psci, "cpu_on", 0x95c1ba60);
    fdt_add_subnode(buf, 0, "uart@1000");
    CHECK_EQ(fdt_pack(buf), 0);
    return fdt_totalsize(buf);
}

/* dtb_load_file on these bytes: the tree, or NULL with @err filled. */
static void *load(const void *data, size_t len, char *err, size_t err_len)
{
    MemFile f = memfile_new(data, len);
    size_t size = 0;
    err[0] = '\0';
    void *fdt = dtb_load_file(f.path, &size, err, err_len);
    memfile_close(&f);
    if (fdt) {
        CHECK_EQ(size, (len + 10000) * 2);
        CHECK_EQ(fdt_totalsize(fdt), size);
    } else {
        CHECK(err[0] != '\0');
    }
    return fdt;
}

TEST(fdt_dtb_file_fixed_up_as_qemu)
{
    uint8_t buf[4096];
    size_t len = user_tree(buf, sizeof(buf));
    char err[256];
    void *fdt = load(buf, len, err, sizeof(err));
    CHECK(fdt != NULL);
    if (!fdt) {
        return;
    }
    DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 256 << 20,
                     .bootargs = "console=ttyAMA0", .initrd_start = 0x48000000,
                     .initrd_size = 0x1000, .psci = true };
    CHECK_EQ(dtb_fixup(fdt, &boot, err, sizeof(err)), 0);
    CHECK_EQ(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
    /* One memory node is left (a path lookup of "/memory" would also
     * match memory@...: count the names). */
    int node, memories = 0;
    fdt_for_each_subnode(node, fdt, 0) {
        memories += strncmp(fdt_get_name(fdt, node, NULL), "memory", 6) == 0;
    }
    CHECK_EQ(memories, 1);
    CHECK_EQ(fdt_path_offset(fdt, "/memory@80000000"), -FDT_ERR_NOTFOUND);
    int mem = fdt_path_offset(fdt, "/memory@40000000");
    int len2;
    const fdt32_t *reg = fdt_getprop(fdt, mem, "reg", &len2);
    /* One address and one size cell, as the tree's root says. */
    CHECK(reg && len2 == 8);
    if (reg && len2 == 8) {
        CHECK_EQ(fdt32_to_cpu(reg[0]), 0x40000000);
        CHECK_EQ(fdt32_to_cpu(reg[1]), 256 << 20);
    }
    int chosen = fdt_path_offset(fdt, "/chosen");
    CHECK_STR(fdt_getprop(fdt, chosen, "bootargs", NULL), "console=ttyAMA0");
    const fdt32_t *end = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL);
    CHECK(end && fdt32_to_cpu(*end) == 0x48001000);
    int psci = fdt_path_offset(fdt, "/psci");
    const fdt32_t *on = fdt_getprop(fdt, psci, "cpu_on", NULL);
    CHECK(on && fdt32_to_cpu(*on) == 0x84000003);
    CHECK(fdt_path_offset(fdt, "/uart@1000") >= 0);
    free(fdt);
}

TEST(fdt_dtb_fixup_refuses_bad_cells)
{
    uint8_t buf[1024];
    char err[256];
    CHECK_EQ(fdt_create_empty_tree(buf, sizeof(buf)), 0);
    DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 1 << 20 };
    /* No #address-cells at all. */
    CHECK_EQ(dtb_fixup(buf, &boot, err, sizeof(err)), -1);
    CHECK(strstr(err, "#address-cells") != NULL);
    fdt_setprop_u32(buf, 0, "#address-cells", 2);
    fdt_setprop_u32(buf, 0, "#size-cells", 1);
    boot.ram_size = 4ull << 30;
    CHECK_EQ(dtb_fixup(buf, &boot, err, sizeof(err)), -1);
    CHECK(strstr(err, "4 GiB") != NULL);
    /* A tree with no room left for the fixups. */
    boot.ram_size = 1 << 20;
    fdt_pack(buf);
    CHECK_EQ(dtb_fixup(buf, &boot, err, sizeof(err)), -1);
    CHECK(strstr(err, "FDT_ERR_NOSPACE") != NULL);
}

TEST(fdt_dtb_short_and_corrupt_files_are_refused)
{
    uint8_t buf[4096];
    size_t len = user_tree(buf, sizeof(buf));
    char err[256];
    CHECK(load(buf, 0, err, sizeof(err)) == NULL);
    CHECK(strstr(err, "not 0") != NULL);
    /* Every truncation of the valid blob. */
    for (size_t cut = 1; cut < len; cut++) {
        void *fdt = load(buf, cut, err, sizeof(err));
        CHECK(fdt == NULL);
        free(fdt);
    }
    uint8_t bad[4096];
    memcpy(bad, buf, len);
    bad[0] ^= 0xff;
    CHECK(load(bad, len, err, sizeof(err)) == NULL);
    CHECK(strstr(err, "FDT_ERR_BADMAGIC") != NULL);
    /* Header fields pointing outside the blob. */
    const unsigned fields[] = { 4, 8, 12, 16, 32, 36 };
    for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        memcpy(bad, buf, len);
        ((fdt32_t *)bad)[fields[i] / 4] = cpu_to_fdt32(0x7ffffff0);
        void *fdt = load(bad, len, err, sizeof(err));
        CHECK(fdt == NULL);
        free(fdt);
    }
    CHECK(load("not a device tree", 17, err, sizeof(err)) == NULL);
    char missing[] = "/nonexistent/tree.dtb";
    size_t size;
    CHECK(dtb_load_file(missing, &size, err, sizeof(err)) == NULL);
    CHECK(strstr(err, "cannot open") != NULL);
}

/* Random byte damage: each blob is refused or, if libfdt finds it sound,
 * fixed up; nothing crashes or reads outside the buffer. */
TEST(fdt_dtb_random_damage)
{
    uint8_t buf[4096], bad[4096];
    size_t len = user_tree(buf, sizeof(buf));
    uint64_t s = 0x9e3779b97f4a7c15ull;
    unsigned taken = 0;
    char err[256];
    for (unsigned round = 0; round < 3000; round++) {
        memcpy(bad, buf, len);
        for (unsigned k = 0; k < 1 + round % 4; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            bad[s % len] = (uint8_t)(s >> 32);
        }
        void *fdt = load(bad, len, err, sizeof(err));
        if (fdt) {
            DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 1 << 30,
                             .bootargs = "x", .psci = true };
            if (dtb_fixup(fdt, &boot, err, sizeof(err)) == 0) {
                taken++;
                CHECK_EQ(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
            }
            free(fdt);
        }
    }
    /* Damage to property values leaves some trees sound. */
    CHECK(taken > 0);
}
