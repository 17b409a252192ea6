/*
 * `virt`: the memory map of qemu-system-arm 7.2's virt board (hw/arm/virt.c
 * memmap). With secure=on, the Secure address space is a container holding
 * the Non-secure `system` at priority -1 plus Secure-only flash0, RAM and
 * UART, so the extras win and the Non-secure world never sees them. Flash
 * is two CFI banks as QEMU's virt_flash_create1 makes them; the GICv2
 * takes the UARTs' and the RTC's SPIs and the generic timer's PPIs. No
 * virtio yet.
 */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "virt.h"
#include "../cpu/arm/cluster.h"

typedef enum VirtMemKind { VIRT_RAM, VIRT_FLASH } VirtMemKind;

typedef struct VirtMemEntry {
    const char *name;
    hwaddr base;
    uint64_t size;
    VirtMemKind kind;
    /* Mapped only in the Secure space when secure=on. */
    bool secure_only;
} VirtMemEntry;

/* Names match QEMU's. */
static const VirtMemEntry virt_memmap[] = {
    { "virt.flash0", VIRT_FLASH_BASE, VIRT_FLASH_SIZE, VIRT_FLASH, true },
    { "virt.flash1", VIRT_FLASH_BASE + VIRT_FLASH_SIZE, VIRT_FLASH_SIZE,
      VIRT_FLASH, false },
    { "virt.secure-ram", VIRT_SECURE_RAM_BASE, VIRT_SECURE_RAM_SIZE, VIRT_RAM,
      true },
};

/*
 * QEMU's flash parameters (those of the Versatile Express): two x16 Intel
 * chips on a 32-bit bank, 256 KiB sectors, identifiers id0 and id1. QEMU
 * also sets id2 = id3 = 0, which only its mode without a device width reads.
 */
#define VIRT_FLASH_SECTOR_SIZE (256u << 10)
#define VIRT_FLASH_BANK_WIDTH 4
#define VIRT_FLASH_DEVICE_WIDTH 2
#define VIRT_FLASH_ID0 0x89
#define VIRT_FLASH_ID1 0x18

static MemErrCode add_flash(MemoryRegion *parent, const VirtMemEntry *e,
                            Pflash **flash, MemError *err)
{
    *flash = pflash_new(e->name, e->size, VIRT_FLASH_SECTOR_SIZE,
                        VIRT_FLASH_BANK_WIDTH, VIRT_FLASH_DEVICE_WIDTH,
                        VIRT_FLASH_ID0, VIRT_FLASH_ID1, err);
    if (!*flash) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    /* Quiet, as QEMU without -d; the -d log is given to it when wanted. */
    pflash_set_log(*flash, NULL);
    /* The device keeps its region; virt_destroy frees the device. */
    return memory_region_add_subregion(parent, e->base,
                                       pflash_region(*flash), err);
}

/* RAM; @shared: in a sealed memfd another process may map (ram_shared). */
static MemoryRegion *new_ram(const char *name, uint64_t size, bool shared,
                             MemError *err)
{
    return shared ? memory_region_new_ram_shared(name, size, err)
                  : memory_region_new_ram(name, size, err);
}

static MemErrCode add_memory(MemoryRegion *parent, const char *name,
                             hwaddr base, uint64_t size, bool shared,
                             MemError *err)
{
    MemoryRegion *mr = new_ram(name, size, shared, err);
    if (!mr) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    MemErrCode rc = memory_region_add_subregion(parent, base, mr, err);
    /* The parent holds the region now. */
    memory_region_unref(mr);
    return rc;
}

/* 256 SPIs plus the 32 private interrupts, as on QEMU's virt. */
#define VIRT_GIC_IRQS 288

/* The GICv2 in the CPU peripheral window, with the Security Extensions
 * when secure=on (as QEMU's virt), one CPU interface per CPU wired to its
 * IRQ and FIQ, and each CPU's timers on its own PPIs. */
static MemErrCode add_gic(VirtMachine *m, const VirtOptions *opt,
                          MemError *err)
{
    GicConfig cfg = { .num_cpu = m->nr_cpus, .num_irq = VIRT_GIC_IRQS,
                      .security_extn = opt->secure };
    m->gic = gic_new("gic", &cfg, err);
    if (!m->gic) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    memory_transaction_begin();
    memory_region_add_subregion(m->system, VIRT_GIC_DIST_BASE,
                                gic_dist_region(m->gic), NULL);
    memory_region_add_subregion(m->system, VIRT_GIC_CPU_BASE,
                                gic_cpu_region(m->gic), NULL);
    memory_transaction_commit();
    for (unsigned i = 0; i < m->nr_cpus; i++) {
        ArmCpu *cpu = m->cpus[i];
        gic_connect_cpu(m->gic, i,
                        irq_line(arm_cpu_irq_input, cpu, ARM_CPU_IRQ),
                        irq_line(arm_cpu_irq_input, cpu, ARM_CPU_FIQ));
        /* The timers' outputs, as QEMU's virt wires them; only secure=on
         * has a Secure physical timer to drive its PPI. */
        cpu->gt_irq[ARM_GT_PHYS] = gic_ppi_line(m->gic, i,
                                                VIRT_TIMER_NS_PHYS_ID);
        cpu->gt_irq[ARM_GT_VIRT] = gic_ppi_line(m->gic, i, VIRT_TIMER_VIRT_ID);
        cpu->gt_irq[ARM_GT_SEC] = gic_ppi_line(m->gic, i,
                                               VIRT_TIMER_S_PHYS_ID);
    }
    return MEM_OK;
}

/* The UART, and with secure=on the Secure UART in the Secure space only,
 * on their SPIs. */
static void add_uarts(VirtMachine *m, const VirtOptions *opt)
{
    memory_transaction_begin();
    m->uart = pl011_new("pl011", opt->serial[0],
                        gic_spi_line(m->gic, VIRT_UART_SPI));
    memory_region_add_subregion(m->system, VIRT_UART_BASE,
                                pl011_region(m->uart), NULL);
    if (opt->secure) {
        m->secure_uart = pl011_new("pl011", opt->serial[1],
                                   gic_spi_line(m->gic, VIRT_SECURE_UART_SPI));
        memory_region_add_subregion(m->secure_memory, VIRT_SECURE_UART_BASE,
                                    pl011_region(m->secure_uart), NULL);
    }
    memory_transaction_commit();
}

/* The RTC on its SPI, counting from the host's time of day (QEMU's
 * default -rtc base=utc). */
static void add_rtc(VirtMachine *m, const VirtOptions *opt)
{
    m->rtc = pl031_new("pl031", gic_spi_line(m->gic, VIRT_RTC_SPI),
                       opt->clock_ns, opt->clock_opaque,
                       (uint32_t)time(NULL));
    /* Quiet, as QEMU without -d; the -d log is given to it when wanted. */
    pl031_set_log(m->rtc, NULL);
    memory_region_add_subregion(m->system, VIRT_RTC_BASE,
                                pl031_region(m->rtc), NULL);
}

/*
 * Main RAM behind a controller: mpc=on, a TZ-MPC (4 KiB blocks, every
 * block Non-secure until firmware says otherwise); remap=on, the
 * remapping controller (passing through until firmware enables it). Its
 * upstream goes where RAM was, its registers in the Secure address space
 * only, its interrupt on an SPI. Devices start quiet, as the others
 * without -d.
 */
static MemErrCode add_ram_controller(VirtMachine *m, MemError *err)
{
    MemoryRegion *upstream, *regs;
    hwaddr regs_base;
    if (m->opt.mpc) {
        m->mpc = tz_mpc_new("tz-mpc", m->ram, TZ_MPC_DEFAULT_BLOCK_SIZE, true,
                            gic_spi_line(m->gic, VIRT_MPC_SPI), err);
        if (!m->mpc) {
            return err ? err->code : MEM_ERR_NOMEM;
        }
        tz_mpc_set_log(m->mpc, NULL);
        upstream = tz_mpc_upstream(m->mpc);
        regs = tz_mpc_reg_region(m->mpc);
        regs_base = VIRT_MPC_BASE;
    } else {
        m->remap = remap_mc_new("remap-mc", m->ram,
                                gic_spi_line(m->gic, VIRT_REMAP_SPI), err);
        if (!m->remap) {
            return err ? err->code : MEM_ERR_NOMEM;
        }
        remap_mc_set_log(m->remap, NULL);
        upstream = remap_mc_upstream(m->remap);
        regs = remap_mc_regs(m->remap);
        regs_base = VIRT_REMAP_BASE;
    }
    memory_transaction_begin();
    MemErrCode rc = memory_region_add_subregion(m->system, VIRT_RAM_BASE,
                                                upstream, err);
    if (rc == MEM_OK) {
        rc = memory_region_add_subregion(m->secure_memory, regs_base, regs,
                                         err);
    }
    memory_transaction_commit();
    return rc;
}

/* tzemu's system controller in the Secure address space only. */
static MemErrCode add_sysctl(VirtMachine *m, MemError *err)
{
    m->sysctl = sysctl_new("tzemu-sysctl", &m->opt.power, m->opt.power_opaque,
                           err);
    if (!m->sysctl) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    sysctl_set_log(m->sysctl, NULL);
    return memory_region_add_subregion(m->secure_memory, VIRT_SYSCTL_BASE,
                                       sysctl_region(m->sysctl), err);
}

/*
 * The CPUs, one cluster sharing the address spaces (without secure=on a
 * CPU has one link, `memory`): CPU i has MPIDR.Aff0 = i, as QEMU's virt
 * numbers up to 8 CPUs with a GICv2.
 */
static void add_cpus(VirtMachine *m, const VirtOptions *opt)
{
    for (unsigned i = 0; i < m->nr_cpus; i++) {
        ArmCpu *cpu = arm_cpu_new(&m->as_ns, opt->secure ? &m->as_s : NULL,
                                  opt->secure);
        cpu->cpu_index = i;
        cpu->nr_cpus = m->nr_cpus;
        /* QEMU's virt reports its CPU peripheral window (the GIC) in CBAR. */
        cpu->cbar = VIRT_CPU_PERIPHS_BASE;
        m->cpus[i] = cpu;
    }
    m->cpu = m->cpus[0];
    arm_cluster_init(&m->cluster, m->cpus, m->nr_cpus);
}

MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err)
{
    memset(m, 0, sizeof(*m));
    m->opt = *opt;
    m->nr_cpus = opt->nr_cpus ? opt->nr_cpus : 1;
    if (m->nr_cpus > VIRT_MAX_CPUS) {
        memory_error_set(err, MEM_ERR_RANGE,
                         "virt: the number of CPUs must be between 1 and 8");
        return MEM_ERR_RANGE;
    }
    if (opt->ram_size == 0 || opt->ram_size > VIRT_RAM_MAX) {
        memory_error_set(err, MEM_ERR_RANGE,
                         "virt: RAM size must be between 1 byte and 255 GiB");
        return MEM_ERR_RANGE;
    }
    if ((opt->mpc || opt->remap) && !opt->secure) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "virt: %s=on needs secure=on (its registers live in "
                         "the Secure address space)",
                         opt->mpc ? "mpc" : "remap");
        return MEM_ERR_INVAL;
    }
    /* The controller calls the machine back: a board without callbacks
     * is a wiring bug. */
    assert(!opt->firmware_psci || (opt->power.power_off && opt->power.reset));
    if (opt->firmware_psci && !opt->secure) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "virt: firmware-psci=on needs secure=on (Secure "
                         "firmware serves PSCI over SMC)");
        return MEM_ERR_INVAL;
    }
    if (opt->mpc && opt->remap) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "virt: mpc=on and remap=on both want to sit in "
                         "front of the main RAM; choose one");
        return MEM_ERR_INVAL;
    }
    memory_transaction_begin();
    m->system = memory_region_new_container("system", MEMORY_SIZE_2_64, err);
    MemErrCode rc = MEM_OK;
    if (opt->mpc || opt->remap) {
        /* Mapped behind its controller once the GIC exists. */
        m->ram = new_ram("mach-virt.ram", opt->ram_size, opt->ram_shared,
                         err);
        rc = m->ram ? MEM_OK : (err ? err->code : MEM_ERR_NOMEM);
    } else {
        rc = add_memory(m->system, "mach-virt.ram", VIRT_RAM_BASE,
                        opt->ram_size, opt->ram_shared, err);
    }
    if (opt->secure) {
        m->secure_memory = memory_region_new_container("secure-memory",
                                                       MEMORY_SIZE_2_64, err);
        if (rc == MEM_OK) {
            rc = memory_region_add_subregion_overlap(m->secure_memory, 0,
                                                     m->system, -1, err);
        }
    }
    unsigned nr_flash = 0;
    for (size_t i = 0; rc == MEM_OK && i < sizeof(virt_memmap) /
                                           sizeof(virt_memmap[0]); i++) {
        const VirtMemEntry *e = &virt_memmap[i];
        /* Without secure=on flash0 is in `system`; Secure RAM is absent. */
        if (e->secure_only && !opt->secure && e->kind == VIRT_RAM) {
            continue;
        }
        MemoryRegion *parent = e->secure_only && opt->secure
                                   ? m->secure_memory : m->system;
        if (e->kind == VIRT_FLASH) {
            assert(nr_flash < sizeof(m->flash) / sizeof(m->flash[0]));
            rc = add_flash(parent, e, &m->flash[nr_flash++], err);
        } else {
            rc = add_memory(parent, e->name, e->base, e->size, false, err);
        }
    }
    memory_transaction_commit();
    if (rc != MEM_OK) {
        virt_destroy(m);
        return rc;
    }
    address_space_init(&m->as_ns, m->system, "cpu-memory-0");
    address_space_init(&m->as_s, opt->secure ? m->secure_memory : m->system,
                       "cpu-secure-memory-0");
    m->spaces[0] = &m->as_ns;
    m->spaces[1] = &m->as_s;
    add_cpus(m, opt);
    rc = add_gic(m, opt, err);
    if (rc != MEM_OK) {
        virt_destroy(m);
        return rc;
    }
    add_uarts(m, opt);
    add_rtc(m, opt);
    if (opt->mpc || opt->remap) {
        rc = add_ram_controller(m, err);
        if (rc != MEM_OK) {
            virt_destroy(m);
            return rc;
        }
    }
    if (opt->firmware_psci) {
        rc = add_sysctl(m, err);
        if (rc != MEM_OK) {
            virt_destroy(m);
            return rc;
        }
    }
    return MEM_OK;
}

void virt_reset(VirtMachine *m)
{
    gic_reset(m->gic);
    pl011_reset(m->uart);
    if (m->secure_uart) {
        pl011_reset(m->secure_uart);
    }
    for (int i = 0; i < 2; i++) {
        pflash_reset(m->flash[i]);
    }
    if (m->mpc) {
        tz_mpc_reset(m->mpc);
    }
    if (m->remap) {
        remap_mc_reset(m->remap);
    }
    for (unsigned i = 0; i < m->nr_cpus; i++) {
        arm_cpu_reset(m->cpus[i], 0);
    }
}

void virt_destroy(VirtMachine *m)
{
    pl011_free(m->uart);
    pl011_free(m->secure_uart);
    pl031_free(m->rtc);
    gic_free(m->gic);
    for (unsigned i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i]) {
            arm_cpu_free(m->cpus[i]);
        }
    }
    pflash_free(m->flash[0]);
    pflash_free(m->flash[1]);
    if (m->spaces[0]) {
        address_space_destroy(&m->as_ns);
        address_space_destroy(&m->as_s);
    }
    if (m->secure_memory) {
        memory_region_unref(m->secure_memory);
    }
    if (m->system) {
        memory_region_unref(m->system);
    }
    tz_mpc_free(m->mpc);
    remap_mc_free(m->remap);
    sysctl_free(m->sysctl);
    if (m->ram) {
        memory_region_unref(m->ram);
    }
    memset(m, 0, sizeof(*m));
}
