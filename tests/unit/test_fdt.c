/*
 * The virt device tree, parsed back with libfdt and checked against what
 * qemu-system-arm 7.2 hands Linux for `-M virt -m 512 -kernel -initrd
 * -append` (docs/reference/qemu-7.2/virt/linux-boot.dts) and for
 * `-M virt,secure=on` (virt-secure/dtb.dts): node order, names, compatible
 * strings, reg and interrupt cells, phandles, /chosen and /psci.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../../src/boards/virt_fdt.h"
#include "../../src/core/dtb.h"
#include "testlib.h"

#define MIB (1ull << 20)
#define BOOTARGS "console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init"

/* The tree of a virt board with @secure, @nr_cpus and 512 MiB after
 * QEMU's boot fixups with @boot (NULL: the reference's -kernel/-initrd/
 * -append). */
static void *tree_smp(bool secure, unsigned nr_cpus, bool psci,
                      const DtbBoot *boot)
{
    VirtMachine m;
    VirtOptions o = { .secure = secure, .ram_size = 512 * MIB,
                      .nr_cpus = nr_cpus };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    void *fdt = malloc(VIRT_FDT_SIZE);
    CHECK_EQ(virt_fdt_build(&m, psci, fdt, VIRT_FDT_SIZE), 0);
    virt_destroy(&m);
    DtbBoot ref = { .ram_base = 0x40000000, .ram_size = 512 * MIB,
                    .bootargs = BOOTARGS, .initrd_start = 0x48000000,
                    .initrd_size = 0xd7e6c, .psci = psci };
    char err[256] = "";
    CHECK_EQ(dtb_fixup(fdt, boot ? boot : &ref, err, sizeof(err)), 0);
    CHECK_STR(err, "");
    CHECK_EQ(fdt_check_full(fdt, VIRT_FDT_SIZE), 0);
    return fdt;
}

static void *tree(bool secure, bool psci, const DtbBoot *boot)
{
    return tree_smp(secure, 1, psci, boot);
}

/* Property @name of @path equals the @n cells that follow. */
static bool cells_are(const void *fdt, const char *path, const char *name,
                      int n, ...)
{
    int len, off = fdt_path_offset(fdt, path);
    const fdt32_t *p = off >= 0 ? fdt_getprop(fdt, off, name, &len) : NULL;
    if (!p || len != n * 4) {
        return false;
    }
    va_list ap;
    va_start(ap, n);
    bool same = true;
    for (int i = 0; i < n; i++) {
        same &= fdt32_to_cpu(p[i]) == va_arg(ap, uint32_t);
    }
    va_end(ap);
    return same;
}

/* Property @name of @path is exactly the @len bytes at @want. */
static bool bytes_are(const void *fdt, const char *path, const char *name,
                      const void *want, int want_len)
{
    int len, off = fdt_path_offset(fdt, path);
    const void *p = off >= 0 ? fdt_getprop(fdt, off, name, &len) : NULL;
    return p && len == want_len && memcmp(p, want, (size_t)len) == 0;
}

#define STR_IS(fdt, path, name, s) bytes_are(fdt, path, name, s, sizeof(s))

static bool has_prop(const void *fdt, const char *path, const char *name)
{
    int off = fdt_path_offset(fdt, path);
    return off >= 0 && fdt_getprop(fdt, off, name, NULL) != NULL;
}

/* The root's children, in blob order, joined with spaces. */
static void root_nodes(const void *fdt, char *out, size_t size)
{
    int node;
    out[0] = '\0';
    fdt_for_each_subnode(node, fdt, 0) {
        const char *name = fdt_get_name(fdt, node, NULL);
        if (strlen(out) + strlen(name) + 2 < size) {
            strcat(out, out[0] ? " " : "");
            strcat(out, name);
        }
    }
}

TEST(fdt_virt_nodes_in_qemus_order)
{
    void *fdt = tree(false, true, NULL);
    char names[512];
    root_nodes(fdt, names, sizeof(names));
    /* QEMU's list less virtio, fw-cfg, PCIe, GPIO, platform bus, pmu. */
    CHECK_STR(names, "psci memory@40000000 pl031@9010000 pl011@9000000 "
                     "intc@8000000 flash@0 cpus timer apb-pclk chosen");
    CHECK_EQ(fdt_totalsize(fdt), 0x100000);
    free(fdt);
}

TEST(fdt_virt_root_memory_chosen_as_qemu)
{
    void *fdt = tree(false, true, NULL);
    CHECK(STR_IS(fdt, "/", "compatible", "linux,dummy-virt"));
    CHECK(STR_IS(fdt, "/", "model", "linux,dummy-virt"));
    CHECK(cells_are(fdt, "/", "#address-cells", 1, 2u));
    CHECK(cells_are(fdt, "/", "#size-cells", 1, 2u));
    CHECK(cells_are(fdt, "/", "interrupt-parent", 1, 0x8002u));
    CHECK(STR_IS(fdt, "/memory@40000000", "device_type", "memory"));
    CHECK(cells_are(fdt, "/memory@40000000", "reg", 4, 0u, 0x40000000u, 0u,
                    0x20000000u));
    CHECK(STR_IS(fdt, "/chosen", "bootargs", BOOTARGS));
    CHECK(STR_IS(fdt, "/chosen", "stdout-path", "/pl011@9000000"));
    CHECK(cells_are(fdt, "/chosen", "linux,initrd-start", 1, 0x48000000u));
    CHECK(cells_are(fdt, "/chosen", "linux,initrd-end", 1, 0x480d7e6cu));
    int len;
    CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "rng-seed",
                      &len) && len == 32);
    CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "kaslr-seed",
                      &len) && len == 8);
    CHECK(fdt_path_offset(fdt, "/secure-chosen") == -FDT_ERR_NOTFOUND);
    free(fdt);
}

TEST(fdt_virt_cpus_timer_gic_as_qemu)
{
    void *fdt = tree(false, true, NULL);
    CHECK(cells_are(fdt, "/cpus", "#address-cells", 1, 1u));
    CHECK(cells_are(fdt, "/cpus", "#size-cells", 1, 0u));
    CHECK(STR_IS(fdt, "/cpus/cpu@0", "device_type", "cpu"));
    CHECK(STR_IS(fdt, "/cpus/cpu@0", "compatible", "arm,cortex-a15"));
    CHECK(cells_are(fdt, "/cpus/cpu@0", "reg", 1, 0u));
    CHECK(cells_are(fdt, "/cpus/cpu@0", "phandle", 1, 0x8001u));
    /* One CPU: no enable-method, as QEMU. */
    CHECK(!has_prop(fdt, "/cpus/cpu@0", "enable-method"));
    CHECK(fdt_path_offset(fdt, "/cpus/cpu@1") == -FDT_ERR_NOTFOUND);
    CHECK(cells_are(fdt, "/cpus/cpu-map/socket0/cluster0/core0", "cpu", 1,
                    0x8001u));
    CHECK(STR_IS(fdt, "/timer", "compatible", "arm,armv7-timer"));
    CHECK(has_prop(fdt, "/timer", "always-on"));
    CHECK(cells_are(fdt, "/timer", "interrupts", 12, 1u, 13u, 0x104u, 1u,
                    14u, 0x104u, 1u, 11u, 0x104u, 1u, 10u, 0x104u));
    const char *gic = "/intc@8000000";
    CHECK(STR_IS(fdt, gic, "compatible", "arm,cortex-a15-gic"));
    CHECK(cells_are(fdt, gic, "reg", 8, 0u, 0x8000000u, 0u, 0x10000u, 0u,
                    0x8010000u, 0u, 0x10000u));
    CHECK(cells_are(fdt, gic, "#interrupt-cells", 1, 3u));
    CHECK(has_prop(fdt, gic, "interrupt-controller"));
    CHECK(has_prop(fdt, gic, "ranges"));
    CHECK(cells_are(fdt, gic, "#address-cells", 1, 2u));
    CHECK(cells_are(fdt, gic, "phandle", 1, 0x8002u));
    CHECK(fdt_subnode_offset(fdt, fdt_path_offset(fdt, gic), "v2m@8020000")
          == -FDT_ERR_NOTFOUND);
    free(fdt);
}

TEST(fdt_virt_devices_as_qemu)
{
    void *fdt = tree(false, true, NULL);
    CHECK(STR_IS(fdt, "/apb-pclk", "compatible", "fixed-clock"));
    CHECK(cells_are(fdt, "/apb-pclk", "clock-frequency", 1, 24000000u));
    CHECK(cells_are(fdt, "/apb-pclk", "#clock-cells", 1, 0u));
    CHECK(STR_IS(fdt, "/apb-pclk", "clock-output-names", "clk24mhz"));
    CHECK(cells_are(fdt, "/apb-pclk", "phandle", 1, 0x8000u));
    const char *uart = "/pl011@9000000";
    CHECK(STR_IS(fdt, uart, "compatible", "arm,pl011\0arm,primecell"));
    CHECK(cells_are(fdt, uart, "reg", 4, 0u, 0x9000000u, 0u, 0x1000u));
    CHECK(cells_are(fdt, uart, "interrupts", 3, 0u, 1u, 4u));
    CHECK(cells_are(fdt, uart, "clocks", 2, 0x8000u, 0x8000u));
    CHECK(STR_IS(fdt, uart, "clock-names", "uartclk\0apb_pclk"));
    const char *rtc = "/pl031@9010000";
    CHECK(STR_IS(fdt, rtc, "compatible", "arm,pl031\0arm,primecell"));
    CHECK(cells_are(fdt, rtc, "reg", 4, 0u, 0x9010000u, 0u, 0x1000u));
    CHECK(cells_are(fdt, rtc, "interrupts", 3, 0u, 2u, 4u));
    CHECK(cells_are(fdt, rtc, "clocks", 1, 0x8000u));
    CHECK(STR_IS(fdt, rtc, "clock-names", "apb_pclk"));
    CHECK(STR_IS(fdt, "/flash@0", "compatible", "cfi-flash"));
    CHECK(cells_are(fdt, "/flash@0", "reg", 8, 0u, 0u, 0u, 0x4000000u, 0u,
                    0x4000000u, 0u, 0x4000000u));
    CHECK(cells_are(fdt, "/flash@0", "bank-width", 1, 4u));
    free(fdt);
}

TEST(fdt_virt_psci_as_qemu)
{
    void *fdt = tree(false, true, NULL);
    CHECK(STR_IS(fdt, "/psci", "compatible",
                 "arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
    CHECK(STR_IS(fdt, "/psci", "method", "hvc"));
    CHECK(cells_are(fdt, "/psci", "cpu_suspend", 1, 0x84000001u));
    CHECK(cells_are(fdt, "/psci", "cpu_off", 1, 0x84000002u));
    CHECK(cells_are(fdt, "/psci", "cpu_on", 1, 0x84000003u));
    CHECK(cells_are(fdt, "/psci", "migrate", 1, 0x84000005u));
    free(fdt);
}

TEST(fdt_virt_secure_nodes_as_qemu)
{
    /* The reference's -bios boot: no kernel, no PSCI. */
    DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 512 * MIB };
    void *fdt = tree(true, false, &boot);
    char names[512];
    root_nodes(fdt, names, sizeof(names));
    CHECK_STR(names, "memory@40000000 pl031@9010000 pl011@9040000 "
                     "secram@e000000 pl011@9000000 intc@8000000 "
                     "flash@4000000 secflash@0 cpus timer apb-pclk "
                     "secure-chosen chosen");
    CHECK(STR_IS(fdt, "/secure-chosen", "stdout-path", "/pl011@9040000"));
    CHECK(STR_IS(fdt, "/chosen", "stdout-path", "/pl011@9000000"));
    CHECK(!has_prop(fdt, "/chosen", "bootargs"));
    CHECK(!has_prop(fdt, "/chosen", "linux,initrd-start"));
    const char *secure_only[] = { "/secflash@0", "/secram@e000000",
                                  "/pl011@9040000" };
    for (unsigned i = 0; i < 3; i++) {
        CHECK(STR_IS(fdt, secure_only[i], "status", "disabled"));
        CHECK(STR_IS(fdt, secure_only[i], "secure-status", "okay"));
    }
    CHECK(!has_prop(fdt, "/flash@4000000", "status"));
    CHECK(cells_are(fdt, "/secflash@0", "reg", 4, 0u, 0u, 0u, 0x4000000u));
    CHECK(cells_are(fdt, "/flash@4000000", "reg", 4, 0u, 0x4000000u, 0u,
                    0x4000000u));
    CHECK(cells_are(fdt, "/flash@4000000", "bank-width", 1, 4u));
    CHECK(cells_are(fdt, "/secram@e000000", "reg", 4, 0u, 0xe000000u, 0u,
                    0x1000000u));
    CHECK(STR_IS(fdt, "/secram@e000000", "device_type", "memory"));
    CHECK(cells_are(fdt, "/pl011@9040000", "interrupts", 3, 0u, 8u, 4u));
    CHECK(fdt_path_offset(fdt, "/psci") == -FDT_ERR_NOTFOUND);
    free(fdt);
}

TEST(fdt_memory_follows_ram_size)
{
    DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 5ull << 30 };
    void *fdt = tree(false, true, &boot);
    CHECK(cells_are(fdt, "/memory@40000000", "reg", 4, 0u, 0x40000000u, 1u,
                    0x40000000u));
    free(fdt);
}

TEST(fdt_build_reports_a_buffer_too_small)
{
    VirtMachine m;
    VirtOptions o = { .ram_size = 128 * MIB };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    char small[512];
    CHECK_EQ(virt_fdt_build(&m, true, small, sizeof(small)),
             -FDT_ERR_NOSPACE);
    virt_destroy(&m);
}

/* -smp 2 as QEMU: CPUs take phandles from the last down, then the GIC;
 * PSCI starts them; the timer PPIs go to both. */
TEST(fdt_virt_two_cpus_as_qemu)
{
    void *fdt = tree_smp(false, 2, true, NULL);
    CHECK(cells_are(fdt, "/cpus/cpu@0", "reg", 1, 0u));
    CHECK(cells_are(fdt, "/cpus/cpu@1", "reg", 1, 1u));
    CHECK(cells_are(fdt, "/cpus/cpu@0", "phandle", 1, 0x8002u));
    CHECK(cells_are(fdt, "/cpus/cpu@1", "phandle", 1, 0x8001u));
    CHECK(STR_IS(fdt, "/cpus/cpu@0", "enable-method", "psci"));
    CHECK(STR_IS(fdt, "/cpus/cpu@1", "enable-method", "psci"));
    CHECK(cells_are(fdt, "/cpus/cpu-map/socket0/cluster0/core1", "cpu", 1,
                    0x8001u));
    CHECK(cells_are(fdt, "/intc@8000000", "phandle", 1, 0x8003u));
    CHECK(cells_are(fdt, "/", "interrupt-parent", 1, 0x8003u));
    CHECK(cells_are(fdt, "/timer", "interrupts", 12, 1u, 13u, 0x304u, 1u,
                    14u, 0x304u, 1u, 11u, 0x304u, 1u, 10u, 0x304u));
    free(fdt);
    /* Without PSCI (Secure firmware) nothing says how to start them. */
    DtbBoot boot = { .ram_base = 0x40000000, .ram_size = 512 * MIB };
    fdt = tree_smp(true, 2, false, &boot);
    CHECK(!has_prop(fdt, "/cpus/cpu@1", "enable-method"));
    free(fdt);
}
