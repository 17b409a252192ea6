/*
 * `virt`: the memory map of qemu-system-arm 7.2's virt board (hw/arm/virt.c
 * memmap). With secure=on, the Secure address space is a container holding
 * the Non-secure `system` at priority -1 plus Secure-only flash0, RAM and
 * (later) UART, so the extras win and the Non-secure world never sees them.
 * Flash is ROM until the CFI flash device exists; the interrupt
 * controller, timer and virtio come with the next board revision.
 */
#include <assert.h>
#include <string.h>

#include "virt.h"

typedef enum VirtMemKind { VIRT_RAM, VIRT_ROM } VirtMemKind;

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
    { "virt.flash0", 0x00000000, 64 << 20, VIRT_ROM, true },
    { "virt.flash1", 0x04000000, 64 << 20, VIRT_ROM, false },
    { "virt.secure-ram", 0x0e000000, 16 << 20, VIRT_RAM, true },
};

static MemErrCode add_memory(MemoryRegion *parent, const char *name,
                             hwaddr base, uint64_t size, VirtMemKind kind,
                             MemError *err)
{
    MemoryRegion *mr = kind == VIRT_ROM ? memory_region_new_rom(name, size, err)
                                        : memory_region_new_ram(name, size, err);
    if (!mr) {
        return err ? err->code : MEM_ERR_NOMEM;
    }
    MemErrCode rc = memory_region_add_subregion(parent, base, mr, err);
    /* The parent holds the region now. */
    memory_region_unref(mr);
    return rc;
}

/* The UART, and with secure=on the Secure UART in the Secure space only;
 * their interrupt lines wait for the interrupt controller. */
static void add_uarts(VirtMachine *m, const VirtOptions *opt)
{
    memory_transaction_begin();
    m->uart = pl011_new("pl011", opt->serial[0], IRQ_LINE_NONE);
    memory_region_add_subregion(m->system, VIRT_UART_BASE,
                                pl011_region(m->uart), NULL);
    if (opt->secure) {
        m->secure_uart = pl011_new("pl011", opt->serial[1], IRQ_LINE_NONE);
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
                               opt->ram_size, VIRT_RAM, err);
    if (opt->secure) {
        m->secure_memory = memory_region_new_container("secure-memory",
                                                       MEMORY_SIZE_2_64, err);
        if (rc == MEM_OK) {
            rc = memory_region_add_subregion_overlap(m->secure_memory, 0,
                                                     m->system, -1, err);
        }
    }
    for (size_t i = 0; rc == MEM_OK && i < sizeof(virt_memmap) /
                                           sizeof(virt_memmap[0]); i++) {
        const VirtMemEntry *e = &virt_memmap[i];
        if (e->secure_only && !opt->secure && e->kind == VIRT_RAM) {
            continue;
        }
        MemoryRegion *parent = e->secure_only && opt->secure
                                   ? m->secure_memory : m->system;
        rc = add_memory(parent, e->name, e->base, e->size, e->kind, err);
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
    add_uarts(m, opt);
    /* Without secure=on the CPU has one link, `memory` (seed 000). */
    m->cpu = arm_cpu_new(&m->as_ns, opt->secure ? &m->as_s : NULL,
                         opt->secure);
    return MEM_OK;
}

void virt_destroy(VirtMachine *m)
{
    if (m->cpu) {
        arm_cpu_free(m->cpu);
    }
    pl011_free(m->uart);
    pl011_free(m->secure_uart);
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
