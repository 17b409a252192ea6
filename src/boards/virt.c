/*
 * `virt`: the memory map of qemu-system-arm 7.2's virt board (hw/arm/virt.c
 * memmap). With secure=on, the Secure address space is a container holding
 * the Non-secure `system` at priority -1 plus Secure-only flash0, RAM and
 * UART, so the extras win and the Non-secure world never sees them. Flash
 * is two CFI banks as QEMU's virt_flash_create1 makes them; the GICv2
 * takes the UARTs' SPIs and the generic timer's PPIs. No virtio yet.
 */
#include <assert.h>
#include <string.h>

#include "virt.h"

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
    { "virt.secure-ram", 0x0e000000, 16 << 20, VIRT_RAM, true },
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

static MemErrCode add_memory(MemoryRegion *parent, const char *name,
                             hwaddr base, uint64_t size, MemError *err)
{
    MemoryRegion *mr = memory_region_new_ram(name, size, err);
    if (!mr) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    MemErrCode rc = memory_region_add_subregion(parent, base, mr, err);
    /* The parent holds the region now. */
    memory_region_unref(mr);
    return rc;
}

/* Interrupt wiring of QEMU's virt (hw/arm/virt.c a15irqmap): SPIs. */
#define VIRT_UART_SPI 1
#define VIRT_SECURE_UART_SPI 8
#define VIRT_GIC_DIST_BASE 0x08000000u
#define VIRT_GIC_CPU_BASE 0x08010000u
/* The generic timer's PPIs as interrupt IDs (QEMU's ARCH_TIMER_*_IRQ + 16,
 * boards.md 1.2); the Hyp timer's (26) has no timer without Hyp. */
#define VIRT_TIMER_VIRT_ID 27
#define VIRT_TIMER_S_PHYS_ID 29
#define VIRT_TIMER_NS_PHYS_ID 30
/* 256 SPIs plus the 32 private interrupts, as on QEMU's virt. */
#define VIRT_GIC_IRQS 288

/* The GICv2 in the CPU peripheral window, with the Security Extensions
 * when secure=on (as QEMU's virt), wired to the CPU's IRQ and FIQ. */
static MemErrCode add_gic(VirtMachine *m, const VirtOptions *opt,
                          MemError *err)
{
    GicConfig cfg = { .num_cpu = 1, .num_irq = VIRT_GIC_IRQS,
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
    gic_connect_cpu(m->gic, 0, irq_line(arm_cpu_irq_input, m->cpu, ARM_CPU_IRQ),
                    irq_line(arm_cpu_irq_input, m->cpu, ARM_CPU_FIQ));
    /* The timers' outputs, as QEMU's virt wires them; only secure=on has
     * a Secure physical timer to drive its PPI. */
    m->cpu->gt_irq[ARM_GT_PHYS] = gic_ppi_line(m->gic, 0,
                                               VIRT_TIMER_NS_PHYS_ID);
    m->cpu->gt_irq[ARM_GT_VIRT] = gic_ppi_line(m->gic, 0, VIRT_TIMER_VIRT_ID);
    m->cpu->gt_irq[ARM_GT_SEC] = gic_ppi_line(m->gic, 0,
                                              VIRT_TIMER_S_PHYS_ID);
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

MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err)
{
    memset(m, 0, sizeof(*m));
    m->opt = *opt;
    if (opt->ram_size == 0 || opt->ram_size > VIRT_RAM_MAX) {
        memory_error_set(err, MEM_ERR_RANGE,
                         "virt: RAM size must be between 1 byte and 255 GiB");
        return MEM_ERR_RANGE;
    }
    memory_transaction_begin();
    m->system = memory_region_new_container("system", MEMORY_SIZE_2_64, err);
    MemErrCode rc = add_memory(m->system, "mach-virt.ram", VIRT_RAM_BASE,
                               opt->ram_size, err);
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
            rc = add_memory(parent, e->name, e->base, e->size, err);
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
    /* Without secure=on the CPU has one link, `memory` (seed 000). */
    m->cpu = arm_cpu_new(&m->as_ns, opt->secure ? &m->as_s : NULL,
                         opt->secure);
    /* QEMU's virt reports its CPU peripheral window (the GIC) in CBAR. */
    m->cpu->cbar = VIRT_CPU_PERIPHS_BASE;
    rc = add_gic(m, opt, err);
    if (rc != MEM_OK) {
        virt_destroy(m);
        return rc;
    }
    add_uarts(m, opt);
    return MEM_OK;
}

void virt_destroy(VirtMachine *m)
{
    pl011_free(m->uart);
    pl011_free(m->secure_uart);
    gic_free(m->gic);
    if (m->cpu) {
        arm_cpu_free(m->cpu);
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
    memset(m, 0, sizeof(*m));
}
