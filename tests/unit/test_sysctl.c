/*
 * tzemu's system controller: its registers through an address space, and
 * on the virt board with firmware-psci=on: Secure-only, in the device tree
 * with the PSCI node (SMC) and the MPC carve-out kept from the OS.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../../src/boards/virt_fdt.h"
#include "../../src/hw/sysctl.h"
#include "testlib.h"

#define BASE 0x1000u

typedef struct Calls {
    unsigned off, reset;
} Calls;

static void count_off(void *opaque)
{
    ((Calls *)opaque)->off++;
}

static void count_reset(void *opaque)
{
    ((Calls *)opaque)->reset++;
}

static const SysctlOps counting_ops = { count_off, count_reset };

TEST(sysctl_id_and_power_register)
{
    TestSpace t;
    testspace_init(&t);
    Calls c = { 0 };
    Sysctl *s = sysctl_new("sysctl", &counting_ops, &c, NULL);
    char *log = NULL;
    size_t log_len = 0;
    FILE *logf = open_memstream(&log, &log_len);
    sysctl_set_log(s, logf);
    memory_region_add_subregion(t.root, BASE, sysctl_region(s), NULL);
    MemTxResult r = MEMTX_ERROR;
    CHECK_EQ(address_space_ldl_le(&t.as, BASE + SYSCTL_ID, ATTRS_S, &r),
             SYSCTL_ID_VALUE);
    CHECK_EQ(r, MEMTX_OK);
    address_space_stl_le(&t.as, BASE + SYSCTL_POWER, SYSCTL_POWER_OFF,
                         ATTRS_S, &r);
    CHECK(r == MEMTX_OK && c.off == 1 && c.reset == 0);
    address_space_stl_le(&t.as, BASE + SYSCTL_POWER, SYSCTL_POWER_RESET,
                         ATTRS_S, &r);
    CHECK(r == MEMTX_OK && c.off == 1 && c.reset == 1);
    /* Guest errors: logged, nothing happens. */
    address_space_stl_le(&t.as, BASE + SYSCTL_POWER, 3, ATTRS_S, &r);
    CHECK_EQ(address_space_ldl_le(&t.as, BASE + SYSCTL_POWER, ATTRS_S, &r),
             0);
    address_space_stl_le(&t.as, BASE + SYSCTL_ID, SYSCTL_POWER_OFF, ATTRS_S,
                         &r);
    address_space_stl_le(&t.as, BASE + 0x8, SYSCTL_POWER_OFF, ATTRS_S, &r);
    CHECK(c.off == 1 && c.reset == 1);
    /* Word accesses only. */
    address_space_ldub(&t.as, BASE + SYSCTL_ID, ATTRS_S, &r);
    CHECK(r != MEMTX_OK);
    address_space_stw_le(&t.as, BASE + SYSCTL_POWER, SYSCTL_POWER_OFF,
                         ATTRS_S, &r);
    CHECK(r != MEMTX_OK && c.off == 1);
    fclose(logf);
    CHECK(log && strstr(log, "POWER := 0x3") != NULL);
    CHECK(log && strstr(log, "read of write-only 0x004") != NULL);
    CHECK(log && strstr(log, "to read-only 0x000") != NULL);
    CHECK(log && strstr(log, "to bad offset 0x008") != NULL);
    free(log);
    memory_region_del_subregion(t.root, sysctl_region(s), NULL);
    sysctl_free(s);
    sysctl_free(NULL);
    testspace_destroy(&t);
}

static MemErrCode board(VirtMachine *m, bool mpc, unsigned cpus, Calls *c)
{
    VirtOptions o = { .secure = true, .mpc = mpc, .firmware_psci = true,
                      .power = counting_ops, .power_opaque = c,
                      .nr_cpus = cpus, .ram_size = 512u << 20 };
    return virt_init(m, &o, NULL);
}

TEST(sysctl_on_virt_is_secure_only)
{
    VirtMachine m;
    Calls c = { 0 };
    if (!CHECK_EQ(board(&m, false, 1, &c), MEM_OK)) {
        return;
    }
    MemTxResult r = MEMTX_OK;
    CHECK_EQ(address_space_ldl_le(&m.as_s, VIRT_SYSCTL_BASE, ATTRS_S, &r),
             SYSCTL_ID_VALUE);
    CHECK_EQ(r, MEMTX_OK);
    address_space_ldl_le(&m.as_ns, VIRT_SYSCTL_BASE, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    address_space_stl_le(&m.as_ns, VIRT_SYSCTL_BASE + SYSCTL_POWER,
                         SYSCTL_POWER_OFF, ATTRS_NS, &r);
    CHECK(r == MEMTX_DECODE_ERROR && c.off == 0);
    address_space_stl_le(&m.as_s, VIRT_SYSCTL_BASE + SYSCTL_POWER,
                         SYSCTL_POWER_OFF, ATTRS_S, &r);
    CHECK_EQ(c.off, 1);
    virt_destroy(&m);
    /* It needs a Secure world. */
    MemError err = { 0 };
    VirtOptions o = { .firmware_psci = true, .power = counting_ops,
                      .ram_size = 512u << 20 };
    CHECK_EQ(virt_init(&m, &o, &err), MEM_ERR_INVAL);
    CHECK(strstr(err.message, "firmware-psci=on needs secure=on") != NULL);
}

/* Whether property @name of node @path is the string @want. */
static bool prop_is(const void *fdt, const char *path, const char *name,
                    const char *want)
{
    int node = fdt_path_offset(fdt, path);
    const char *got = node < 0 ? NULL : fdt_getprop(fdt, node, name, NULL);
    if (!got || strcmp(got, want) != 0) {
        printf("  %s %s: '%s', wanted '%s'\n", path, name,
               got ? got : "(none)", want);
        return false;
    }
    return true;
}

TEST(sysctl_firmware_nodes_in_the_device_tree)
{
    VirtMachine m;
    Calls c = { 0 };
    void *fdt = malloc(VIRT_FDT_SIZE);
    if (!CHECK_EQ(board(&m, true, 2, &c), MEM_OK)) {
        free(fdt);
        return;
    }
    CHECK_EQ(virt_fdt_build(&m, false, fdt, VIRT_FDT_SIZE), 0);
    CHECK(prop_is(fdt, "/psci", "compatible", "arm,psci-1.0"));
    CHECK(prop_is(fdt, "/psci", "method", "smc"));
    CHECK(prop_is(fdt, "/cpus/cpu@1", "enable-method", "psci"));
    CHECK(prop_is(fdt, "/sysctl@90e0000", "compatible", "tzemu,sysctl"));
    CHECK(prop_is(fdt, "/sysctl@90e0000", "status", "disabled"));
    CHECK(prop_is(fdt, "/sysctl@90e0000", "secure-status", "okay"));
    /* The carve-out: the top 16 MiB of the 512 MiB, no-map. */
    int node = fdt_path_offset(fdt, "/reserved-memory/secure@5f000000");
    CHECK(node >= 0);
    int len = 0;
    const fdt32_t *reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len)
                                   : NULL;
    CHECK(reg && len == 16 && fdt32_to_cpu(reg[1]) == 0x5f000000u &&
          fdt32_to_cpu(reg[3]) == VIRT_CARVEOUT_SIZE);
    CHECK(node >= 0 && fdt_getprop(fdt, node, "no-map", NULL) != NULL);
    virt_destroy(&m);
    /* Without an MPC nothing is carved out. */
    if (CHECK_EQ(board(&m, false, 1, &c), MEM_OK)) {
        CHECK_EQ(virt_fdt_build(&m, false, fdt, VIRT_FDT_SIZE), 0);
        CHECK_EQ(fdt_path_offset(fdt, "/reserved-memory"), -FDT_ERR_NOTFOUND);
        CHECK(fdt_path_offset(fdt, "/psci") >= 0);
        virt_destroy(&m);
    }
    free(fdt);
}
