/*
 * tzmon's boot: CPU 0 reads the device tree tzemu left at the RAM base,
 * makes the top of RAM Secure-only through the MPC, hands the GIC and the
 * FPU to the Non-secure world, moves the tree past the initrd (where
 * Linux's booting.rst wants it, and where QEMU puts it for a direct boot)
 * and enters the kernel in Non-secure SVC with r0 = 0, r1 = ~0, r2 = the
 * tree. The other CPUs wait in tzmon for PSCI CPU_ON.
 */
#include "fdt.h"
#include "tzmon.h"

/* The word tzmon leaves at the carve-out's start: only the Secure world
 * reads it back. */
#define CARVEOUT_SECRET 0x5ec0de00u
/* NSACR.CP10/CP11: the Non-secure world may use the FPU (B4.1.111). */
#define NSACR_VFP ((1u << 10) | (1u << 11))
/* SCR (B4.1.129): Non-secure, FIQs to Monitor mode, Non-secure may mask
 * external aborts (AW) but not FIQs (FW 0: the MPC's FIQ always comes). */
#define SCR_NS (1u << 0)
#define SCR_FIQ (1u << 2)
#define SCR_AW (1u << 5)
#define SCR_FOR_NS (SCR_NS | SCR_FIQ | SCR_AW)
/* QEMU's generic timer frequency on virt: 62.5 MHz. */
#define CNTFRQ_HZ 62500000u

typedef struct Boot {
    uint32_t ram_base, ram_size;
    uint32_t initrd_end;
    bool mpc;
    const void *fdt;
} Boot;

/* Per CPU: the banked GIC state, the FPU and the generic timer for the
 * Non-secure world; SCR is set on the way out (start.S). */
static void cpu_setup(void)
{
    gic_cpu_init();
    __asm__ volatile("mcr p15, 0, %0, c1, c1, 2\n\t"
                     "mcr p15, 0, %1, c14, c0, 0\n\tisb"
                     ::"r"(NSACR_VFP), "r"(CNTFRQ_HZ));
}

/* The root's #address-cells and #size-cells (2 each on virt). */
static uint32_t root_cells(const void *fdt, const char *name)
{
    uint32_t len;
    const void *p = fdt_get(fdt, "", name, &len);
    return p && len == 4 ? (uint32_t)fdt_cells(p, 1) : 1;
}

/* What tzmon needs from the tree, read through the MMU's Non-secure view
 * of RAM; false (having said why) when it cannot boot. */
static bool read_tree(Boot *b)
{
    const void *fdt = (const void *)RAM_BASE;
    uint32_t len;
    if (!fdt_valid(fdt)) {
        con_printf("tzmon: no device tree at 0x%08x (boot with -kernel)\n",
                   RAM_BASE);
        return false;
    }
    uint32_t ac = root_cells(fdt, "#address-cells");
    uint32_t sc = root_cells(fdt, "#size-cells");
    const uint8_t *reg = fdt_get(fdt, "memory", "reg", &len);
    if (!reg || len < 4 * (ac + sc) || ac > 2 || sc > 2) {
        con_printf("tzmon: the device tree has no usable /memory\n");
        return false;
    }
    uint64_t base = fdt_cells(reg, ac), size = fdt_cells(reg + 4 * ac, sc);
    if (base >= 1ull << 32 || size == 0) {
        con_printf("tzmon: the device tree's /memory is not in the 32-bit "
                   "space\n");
        return false;
    }
    /* tzmon runs without LPAE: RAM above 4 GiB is the OS's alone. */
    b->ram_base = (uint32_t)base;
    b->ram_size = (uint32_t)((1ull << 32) - base < size ? (1ull << 32) - base
                                                        : size);
    const void *end = fdt_get(fdt, "chosen", "linux,initrd-end", &len);
    b->initrd_end = end && (len == 4 || len == 8)
                        ? (uint32_t)fdt_cells(end, len / 4) : 0;
    b->mpc = fdt_get(fdt, "tz-mpc", "reg", &len) != 0;
    if (!fdt_get(fdt, "psci", "method", &len)) {
        con_printf("tzmon: the device tree offers the OS no PSCI "
                   "(tzemu: -M virt,firmware-psci=on)\n");
    }
    b->fdt = fdt;
    return true;
}

/*
 * The tree's new home: the first 4 KiB boundary after the initrd, or
 * without one where QEMU would have put an initrd (RAM + min(RAM / 2,
 * 128 MiB)), clear of the kernel's decompression. NULL (having said
 * why) when it does not fit in RAM there.
 */
static void *move_tree(const Boot *b)
{
    uint32_t half = b->ram_size / 2 < (128u << 20) ? b->ram_size / 2
                                                   : 128u << 20;
    uint32_t to = b->initrd_end ? (b->initrd_end + 0xfffu) & ~0xfffu
                                : b->ram_base + half;
    uint32_t size = fdt_size(b->fdt);
    uint64_t ram_end = (uint64_t)b->ram_base + b->ram_size;
    if (to < b->ram_base || to >= ram_end || size > ram_end - to) {
        con_printf("tzmon: the device tree (%u bytes) does not fit at "
                   "0x%08x\n", size, to);
        return 0;
    }
    const uint32_t *src = b->fdt;
    uint32_t *dst = (uint32_t *)to;
    for (uint32_t i = 0; i < (size + 3) / 4; i++) {
        dst[i] = src[i];
    }
    return dst;
}

void tzmon_main(void)
{
    Boot b;
    unsigned nr_cpus = gic_cpu_count();
    con_printf("tzmon: tzemu secure monitor, %u CPU%s, PSCI 1.0 over SMC\n",
               nr_cpus, nr_cpus > 1 ? "s" : "");
    mmu_ns_ram_on();
    bool ok = read_tree(&b);
    bool kernel = ok && *(volatile uint32_t *)(KERNEL_ENTRY + 0x24) ==
                            ZIMAGE_MAGIC;
    void *tree = kernel ? move_tree(&b) : 0;
    mmu_off();
    if (ok && !kernel) {
        con_printf("tzmon: no Linux zImage at 0x%08x\n", KERNEL_ENTRY);
    }
    if (!tree) {
        tzmon_halt();
    }
    con_printf("tzmon: RAM 0x%08x-0x%08x, device tree moved to 0x%08x\n",
               b.ram_base, b.ram_base + b.ram_size - 1, (uint32_t)tree);
    if (b.mpc && b.ram_size > CARVEOUT_SIZE) {
        uint32_t carve = b.ram_base + b.ram_size - CARVEOUT_SIZE;
        mpc_setup(b.ram_base, b.ram_size, carve);
        mmio_write(carve, CARVEOUT_SECRET);
        con_printf("tzmon: MPC: 0x%08x-0x%08x Non-secure, 0x%08x-0x%08x "
                   "Secure-only (holds 0x%08x)\n", b.ram_base, carve - 1,
                   carve, b.ram_base + b.ram_size - 1, mmio_read(carve));
    } else {
        con_printf("tzmon: %s: all of RAM is open to both worlds\n",
                   b.mpc ? "RAM too small for a carve-out" : "no MPC");
    }
    gic_dist_init(b.mpc);
    cpu_setup();
    psci_boot(nr_cpus);
    con_printf("tzmon: entering Linux at 0x%08x in Non-secure SVC\n",
               KERNEL_ENTRY);
    tzmon_enter_ns(KERNEL_ENTRY, 0, LINUX_MACH_DT, (uint32_t)tree);
}

/* The other CPUs come here from reset and wait for CPU_ON. */
void tzmon_secondary(unsigned cpu)
{
    cpu_setup();
    psci_hold(cpu);
}

/* The Monitor's FIQ: Group 0 interrupts, of which only the MPC's is
 * enabled. */
void tzmon_fiq(void)
{
    uint32_t iar = gic_ack();
    if ((iar & 0x3ffu) == MPC_IRQ_ID) {
        mpc_interrupt();
    }
    if ((iar & 0x3ffu) < 1020) {
        gic_eoi(iar);
    }
}

/* An exception tzmon never expects: say where, and stop this CPU. */
void tzmon_trap(uint32_t vector, uint32_t lr, uint32_t spsr)
{
    con_printf("tzmon: unexpected exception at vector 0x%x on CPU %u, "
               "lr 0x%08x, spsr 0x%08x\n", vector, cpu_index(), lr, spsr);
    tzmon_halt();
}
