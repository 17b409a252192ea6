/*
 * The `virt` device tree (Devicetree Specification v0.3; Linux's bindings
 * for each compatible string). Nodes are created in QEMU 7.2's order with
 * the same read-write libfdt calls, so the blob lists them as QEMU's does
 * (libfdt puts each new subnode and property first). Devices the board
 * lacks are left out: virtio-mmio, fw-cfg, PCIe, PL061 GPIO and its keys,
 * the platform bus, the GICv2m frame and the (empty) PMU node.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <libfdt.h>

#include "virt_fdt.h"

/* QEMU's first phandle; the clock, the CPUs and the GIC take them in turn. */
#define PHANDLE_FIRST 0x8000u
/* The APB clock every PrimeCell names (24 MHz, "clk24mhz"). */
#define APB_PCLK_HZ 24000000u
/* Interrupt specifier cells of arm,cortex-a15-gic (Linux's
 * bindings/interrupt-controller/arm,gic.yaml): type, number, flags, with
 * the PPI CPU mask in flags bits [15:8]. */
#define GIC_FDT_SPI 0u
#define GIC_FDT_PPI 1u
#define GIC_FDT_LEVEL_HIGH 4u
#define GIC_FDT_PPI_CPU_SHIFT 8
#define FLASH_BANK_WIDTH 4u
/* Sizes of /chosen's seeds, as QEMU's. */
#define KASLR_SEED_BYTES 8
#define RNG_SEED_BYTES 32

/* Builds at paths; the first libfdt error sticks and ends the build. */
typedef struct FdtBuilder {
    void *fdt;
    int err;
} FdtBuilder;

static int fb_offset(FdtBuilder *b, const char *path)
{
    if (b->err) {
        return -1;
    }
    int off = fdt_path_offset(b->fdt, path);
    if (off < 0) {
        b->err = off;
    }
    return off;
}

static void fb_node(FdtBuilder *b, const char *path)
{
    const char *leaf = strrchr(path, '/');
    char parent[128];
    snprintf(parent, sizeof(parent), "%.*s",
             leaf == path ? 1 : (int)(leaf - path), path);
    int off = fb_offset(b, parent);
    if (off >= 0) {
        int rc = fdt_add_subnode(b->fdt, off, leaf + 1);
        b->err = rc < 0 ? rc : 0;
    }
}

static void fb_prop(FdtBuilder *b, const char *path, const char *name,
                    const void *val, int len)
{
    int off = fb_offset(b, path);
    if (off >= 0) {
        b->err = fdt_setprop(b->fdt, off, name, val, len);
    }
}

static void fb_string(FdtBuilder *b, const char *path, const char *name,
                      const char *s)
{
    fb_prop(b, path, name, s, (int)strlen(s) + 1);
}

/* A string list: @list holds the strings with their NULs, @len in all. */
static void fb_strings(FdtBuilder *b, const char *path, const char *name,
                       const char *list, size_t len)
{
    fb_prop(b, path, name, list, (int)len);
}

/* @n big-endian 32-bit cells. */
static void fb_cells(FdtBuilder *b, const char *path, const char *name,
                     int n, ...)
{
    fdt32_t cells[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
    }
    va_end(ap);
    fb_prop(b, path, name, cells, n * (int)sizeof(cells[0]));
}

/* A reg of one (address, size) pair in the root's 2 + 2 cells. */
static void fb_reg(FdtBuilder *b, const char *path, uint64_t addr,
                   uint64_t size)
{
    fb_cells(b, path, "reg", 4, (uint32_t)(addr >> 32), (uint32_t)addr,
             (uint32_t)(size >> 32), (uint32_t)size);
}

static void fb_random(FdtBuilder *b, const char *path, const char *name,
                      size_t len)
{
    uint8_t seed[RNG_SEED_BYTES];
    if (!b->err && getrandom(seed, len, 0) != (ssize_t)len) {
        b->err = -FDT_ERR_INTERNAL;
    }
    fb_prop(b, path, name, seed, (int)len);
}

#define STRINGS(s) s, sizeof(s)

/* Marks a node as the Secure world's only (ePAPR secure-status binding). */
static void fb_secure_only(FdtBuilder *b, const char *path)
{
    fb_string(b, path, "status", "disabled");
    fb_string(b, path, "secure-status", "okay");
}

static void add_chosen(FdtBuilder *b, const char *path)
{
    fb_node(b, path);
    fb_random(b, path, "kaslr-seed", KASLR_SEED_BYTES);
    fb_random(b, path, "rng-seed", RNG_SEED_BYTES);
}

static void add_clock(FdtBuilder *b)
{
    const char *p = "/apb-pclk";
    fb_node(b, p);
    fb_string(b, p, "compatible", "fixed-clock");
    fb_cells(b, p, "#clock-cells", 1, 0u);
    fb_cells(b, p, "clock-frequency", 1, APB_PCLK_HZ);
    fb_string(b, p, "clock-output-names", "clk24mhz");
    fb_cells(b, p, "phandle", 1, PHANDLE_FIRST);
}

/* The four timer PPIs in the binding's order: Secure physical, Non-secure
 * physical, virtual, Hyp (arm,arch_timer.yaml), level high, to every CPU. */
static void add_timer(FdtBuilder *b, unsigned nr_cpus)
{
    const char *p = "/timer";
    uint32_t flags = GIC_FDT_LEVEL_HIGH |
                     ((1u << nr_cpus) - 1) << GIC_FDT_PPI_CPU_SHIFT;
    fb_node(b, p);
    fb_string(b, p, "compatible", "arm,armv7-timer");
    fb_prop(b, p, "always-on", NULL, 0);
    fb_cells(b, p, "interrupts", 12,
             GIC_FDT_PPI, VIRT_TIMER_S_PHYS_ID - 16u, flags,
             GIC_FDT_PPI, VIRT_TIMER_NS_PHYS_ID - 16u, flags,
             GIC_FDT_PPI, VIRT_TIMER_VIRT_ID - 16u, flags,
             GIC_FDT_PPI, VIRT_TIMER_HYP_ID - 16u, flags);
}

/* CPU n's phandle: the CPUs take theirs from the last down, after the
 * clock's. */
static uint32_t cpu_phandle(unsigned n, unsigned nr_cpus)
{
    return PHANDLE_FIRST + nr_cpus - n;
}

/*
 * One cpu@N per CPU, reg = its MPIDR affinity (Aff0 = N within clusters
 * of up to 8, as QEMU's virt numbers them), and the cpu-map topology.
 */
static void add_cpus(FdtBuilder *b, unsigned nr_cpus, bool psci)
{
    char p[96];
    fb_node(b, "/cpus");
    fb_cells(b, "/cpus", "#address-cells", 1, 1u);
    fb_cells(b, "/cpus", "#size-cells", 1, 0u);
    for (unsigned n = nr_cpus; n-- > 0;) {
        snprintf(p, sizeof(p), "/cpus/cpu@%u", n);
        fb_node(b, p);
        fb_string(b, p, "device_type", "cpu");
        fb_string(b, p, "compatible", "arm,cortex-a15");
        if (psci && nr_cpus > 1) {
            fb_string(b, p, "enable-method", "psci");
        }
        fb_cells(b, p, "reg", 1, (n / 8) << 8 | n % 8);
        fb_cells(b, p, "phandle", 1, cpu_phandle(n, nr_cpus));
    }
    fb_node(b, "/cpus/cpu-map");
    fb_node(b, "/cpus/cpu-map/socket0");
    for (unsigned n = nr_cpus; n-- > 0;) {
        snprintf(p, sizeof(p), "/cpus/cpu-map/socket0/cluster%u", n / 8);
        if (fdt_path_offset(b->fdt, p) == -FDT_ERR_NOTFOUND) {
            fb_node(b, p);
        }
        snprintf(p + strlen(p), sizeof(p) - strlen(p), "/core%u", n % 8);
        fb_node(b, p);
        fb_cells(b, p, "cpu", 1, cpu_phandle(n, nr_cpus));
    }
}

/* Without secure=on one node for both banks; with it, flash0 is the
 * Secure world's own. */
static void add_flash(FdtBuilder *b, bool secure)
{
    const char *p = "/flash@0";
    if (secure) {
        p = "/secflash@0";
        fb_node(b, p);
        fb_string(b, p, "compatible", "cfi-flash");
        fb_reg(b, p, VIRT_FLASH_BASE, VIRT_FLASH_SIZE);
        fb_cells(b, p, "bank-width", 1, FLASH_BANK_WIDTH);
        fb_secure_only(b, p);
        p = "/flash@4000000";
        fb_node(b, p);
        fb_string(b, p, "compatible", "cfi-flash");
        fb_reg(b, p, VIRT_FLASH_BASE + VIRT_FLASH_SIZE, VIRT_FLASH_SIZE);
    } else {
        fb_node(b, p);
        fb_string(b, p, "compatible", "cfi-flash");
        fb_cells(b, p, "reg", 8, 0u, VIRT_FLASH_BASE, 0u, VIRT_FLASH_SIZE,
                 0u, VIRT_FLASH_BASE + VIRT_FLASH_SIZE, 0u, VIRT_FLASH_SIZE);
    }
    fb_cells(b, p, "bank-width", 1, FLASH_BANK_WIDTH);
}

static void add_gic(FdtBuilder *b, uint32_t phandle)
{
    const char *p = "/intc@8000000";
    fb_node(b, p);
    fb_cells(b, p, "#interrupt-cells", 1, 3u);
    fb_prop(b, p, "interrupt-controller", NULL, 0);
    fb_cells(b, p, "#address-cells", 1, 2u);
    fb_cells(b, p, "#size-cells", 1, 2u);
    fb_prop(b, p, "ranges", NULL, 0);
    fb_string(b, p, "compatible", "arm,cortex-a15-gic");
    fb_cells(b, p, "reg", 8, 0u, VIRT_GIC_DIST_BASE, 0u, VIRT_GIC_REGION_SIZE,
             0u, VIRT_GIC_CPU_BASE, 0u, VIRT_GIC_REGION_SIZE);
    fb_cells(b, p, "phandle", 1, phandle);
    fb_cells(b, "/", "interrupt-parent", 1, phandle);
}

/* A PrimeCell (arm,primecell binding): compatible, reg, its SPI, the APB
 * clock (and for a UART the same clock as its reference clock). */
static void add_primecell(FdtBuilder *b, const char *p, const char *compat,
                          size_t compat_len, hwaddr base, unsigned spi,
                          bool uart)
{
    fb_node(b, p);
    fb_strings(b, p, "compatible", compat, compat_len);
    fb_reg(b, p, base, VIRT_PRIMECELL_SIZE);
    fb_cells(b, p, "interrupts", 3, GIC_FDT_SPI, spi, GIC_FDT_LEVEL_HIGH);
    if (uart) {
        fb_cells(b, p, "clocks", 2, PHANDLE_FIRST, PHANDLE_FIRST);
        fb_strings(b, p, "clock-names", STRINGS("uartclk\0apb_pclk"));
    } else {
        fb_cells(b, p, "clocks", 1, PHANDLE_FIRST);
        fb_string(b, p, "clock-names", "apb_pclk");
    }
}

#define PL011_COMPAT STRINGS("arm,pl011\0arm,primecell")

/*
 * What Secure firmware serving PSCI needs the tree to say (firmware-psci):
 * PSCI 1.0 over SMC with the standard function IDs (arm,psci binding), its
 * system controller (Secure-only), and with an MPC the carve-out at the top
 * of RAM kept from the OS (reserved-memory binding, no-map).
 */
static void add_firmware_nodes(FdtBuilder *b, const VirtMachine *m)
{
    fb_node(b, "/psci");
    fb_strings(b, "/psci", "compatible",
               STRINGS("arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
    fb_string(b, "/psci", "method", "smc");
    const char *p = "/sysctl@90e0000";
    fb_node(b, p);
    fb_string(b, p, "compatible", "tzemu,sysctl");
    fb_reg(b, p, VIRT_SYSCTL_BASE, SYSCTL_REG_SIZE);
    fb_secure_only(b, p);
    if (!m->mpc || m->opt.ram_size <= VIRT_CARVEOUT_SIZE) {
        return;
    }
    uint64_t end = VIRT_RAM_BASE + m->opt.ram_size;
    uint64_t base = (end < 1ull << 32 ? end : 1ull << 32) - VIRT_CARVEOUT_SIZE;
    char node[64];
    snprintf(node, sizeof(node), "/reserved-memory/secure@%llx",
             (unsigned long long)base);
    fb_node(b, "/reserved-memory");
    fb_cells(b, "/reserved-memory", "#address-cells", 1, 2u);
    fb_cells(b, "/reserved-memory", "#size-cells", 1, 2u);
    fb_prop(b, "/reserved-memory", "ranges", NULL, 0);
    fb_node(b, node);
    fb_reg(b, node, base, VIRT_CARVEOUT_SIZE);
    fb_prop(b, node, "no-map", NULL, 0);
}

/* A device of the Secure world only: compatible, reg, its SPI. */
static void add_secure_device(FdtBuilder *b, const char *p,
                              const char *compat, hwaddr base, uint64_t size,
                              unsigned spi)
{
    fb_node(b, p);
    fb_string(b, p, "compatible", compat);
    fb_reg(b, p, base, size);
    fb_cells(b, p, "interrupts", 3, GIC_FDT_SPI, spi, GIC_FDT_LEVEL_HIGH);
    fb_secure_only(b, p);
}

static void build(FdtBuilder *b, const VirtMachine *m, bool psci)
{
    const bool secure = m->opt.secure;
    const unsigned nr_cpus = virt_cpu_count(m);
    fb_string(b, "/", "compatible", "linux,dummy-virt");
    fb_cells(b, "/", "#address-cells", 1, 2u);
    fb_cells(b, "/", "#size-cells", 1, 2u);
    fb_string(b, "/", "model", "linux,dummy-virt");
    add_chosen(b, "/chosen");
    if (secure) {
        add_chosen(b, "/secure-chosen");
    }
    add_clock(b);
    add_timer(b, nr_cpus);
    add_cpus(b, nr_cpus, psci || m->opt.firmware_psci);
    add_flash(b, secure);
    add_gic(b, PHANDLE_FIRST + nr_cpus + 1);
    add_primecell(b, "/pl011@9000000", PL011_COMPAT, VIRT_UART_BASE,
                  VIRT_UART_SPI, true);
    fb_string(b, "/chosen", "stdout-path", "/pl011@9000000");
    if (secure) {
        const char *ram = "/secram@e000000";
        fb_node(b, ram);
        fb_string(b, ram, "device_type", "memory");
        fb_reg(b, ram, VIRT_SECURE_RAM_BASE, VIRT_SECURE_RAM_SIZE);
        fb_secure_only(b, ram);
        add_primecell(b, "/pl011@9040000", PL011_COMPAT,
                      VIRT_SECURE_UART_BASE, VIRT_SECURE_UART_SPI, true);
        fb_secure_only(b, "/pl011@9040000");
        fb_string(b, "/secure-chosen", "stdout-path", "/pl011@9040000");
    }
    /* The controller in front of main RAM (the TZ-MPC, or the remapping
     * controller of docs/remap-mc.md): the Secure world's to program. */
    if (m->mpc) {
        add_secure_device(b, "/tz-mpc@90c0000", "arm,sie200-mpc",
                          VIRT_MPC_BASE, TZ_MPC_REG_SIZE, VIRT_MPC_SPI);
        fb_cells(b, "/tz-mpc@90c0000", "arm,block-size", 1,
                 tz_mpc_block_size(m->mpc));
    }
    if (m->remap) {
        add_secure_device(b, "/remap-mc@90d0000", "tzemu,remap-mc",
                          VIRT_REMAP_BASE, REMAP_MC_REGS_SIZE,
                          VIRT_REMAP_SPI);
    }
    if (m->rtc) {
        add_primecell(b, "/pl031@9010000",
                      STRINGS("arm,pl031\0arm,primecell"), VIRT_RTC_BASE,
                      VIRT_RTC_SPI, false);
    }
    if (m->opt.firmware_psci) {
        add_firmware_nodes(b, m);
    }
}

int virt_fdt_build(const VirtMachine *m, bool psci, void *buf, size_t size)
{
    FdtBuilder b = { .fdt = buf };
    b.err = fdt_create_empty_tree(buf, (int)size);
    if (!b.err) {
        build(&b, m, psci);
    }
    return b.err;
}
