/*
 * ARM Generic Interrupt Controller v2 (ARM IHI 0048B) as QEMU 7.2's arm_gic
 * models it for the virt board: a distributor and up to GIC_MAX_CPUS CPU
 * interfaces, optional Security Extensions. See gic.c for what is modelled.
 */
#ifndef TZEMU_HW_GIC_H
#define TZEMU_HW_GIC_H

#include <stdbool.h>
#include <stdio.h>

#include "devlog.h"

#include "irq.h"
#include "tzemu/memory.h"

/* Architectural limits: CPU interfaces, and interrupt IDs (SGI+PPI+SPI). */
#define GIC_MAX_CPUS 8
#define GIC_MAX_IRQS 992
/* SGIs are IDs 0-15, PPIs 16-31, SPIs from 32 on. */
#define GIC_NR_SGIS 16
#define GIC_INTERNAL 32
/* IDs the CPU interface answers when it has nothing to acknowledge. */
#define GIC_SPURIOUS_GROUP1 1022
#define GIC_SPURIOUS 1023

/* Sizes of the two register regions (QEMU's gic_dist and gic_cpu). */
#define GIC_DIST_SIZE 0x1000
#define GIC_CPU_SIZE 0x2000

/* Guest-error and unimplemented reports per device before suppression. */
#define GIC_LOG_LIMIT DEVLOG_LIMIT

typedef struct Gic Gic;

/**
 * GicConfig - what the board chooses.
 * @num_cpu: CPU interfaces, 1..GIC_MAX_CPUS (GICD_TYPER.CPUNumber + 1).
 * @num_irq: interrupt IDs including the 32 private ones, a multiple of 32
 *   from 32 to GIC_MAX_IRQS (virt: 288, GICD_TYPER.ITLinesNumber 8).
 * @security_extn: the Security Extensions (virt secure=on): Group 0 is
 *   Secure, Non-secure accesses get the Non-secure register views.
 */
typedef struct GicConfig {
    unsigned num_cpu;
    unsigned num_irq;
    bool security_extn;
} GicConfig;

/*
 * Which CPU interface an access talks to. The GIC never sees a CPU: the
 * banked registers (GICD_IGROUPR0, ISENABLER0, IPRIORITYR0-7, ITARGETSR0-7,
 * the SGI registers and the whole CPU interface) are selected by the
 * transaction's MemTxAttrs.requester_id, which the board sets to the
 * accessing CPU's number (0..num_cpu-1) in the attributes its CPUs issue.
 * An access with a requester_id of num_cpu or more is a guest error,
 * read-as-zero/write-ignored. Debug and loader accesses (requester_id 0)
 * see CPU 0's bank.
 */

/**
 * gic_new - a GIC in its reset state (everything Group 0, disabled,
 * priority 0, PMR 0), its CPU outputs unconnected. @name names it in log
 * messages; its regions are "gic_dist" and "gic_cpu", as in QEMU.
 * Returns NULL with @err filled (MEM_ERR_INVAL) for a bad @cfg, or
 * (MEM_ERR_NOMEM) when host memory runs out.
 */
Gic *gic_new(const char *name, const GicConfig *cfg, MemError *err);

/**
 * gic_dist_region/gic_cpu_region - the distributor (GIC_DIST_SIZE) and CPU
 * interface (GIC_CPU_SIZE) register regions. They belong to the device: map
 * them with memory_region_add_subregion() (which takes its own reference),
 * never unref them; gic_free() destroys them.
 */
MemoryRegion *gic_dist_region(Gic *s);
MemoryRegion *gic_cpu_region(Gic *s);

/**
 * gic_connect_cpu - the outputs of CPU interface @cpu: @irq and @fiq (for
 * the CPU, arm_cpu_irq_input with ARM_CPU_IRQ and ARM_CPU_FIQ; either may
 * be IRQ_LINE_NONE). Both are driven to their current level at once.
 * A Group 0 interrupt is signalled on @fiq when the Secure GICC_CTLR.FIQEn
 * is set, everything else on @irq.
 */
void gic_connect_cpu(Gic *s, unsigned cpu, IrqLine irq, IrqLine fiq);

/**
 * gic_irq_input - the interrupt inputs, an IrqHandler with the Gic as
 * @opaque. Input @n numbers, as QEMU's arm_gic GPIO inputs:
 *   0 .. num_irq-33:                        SPI n (interrupt ID 32+n);
 *   num_irq-32 + 32*cpu + id (id 16..31):   PPI @id of CPU @cpu.
 * A rising @level makes an edge-triggered interrupt pending; a level-
 * sensitive one is pending while the level is high. Any other @n is a
 * wiring bug (assert).
 */
void gic_irq_input(void *opaque, int n, int level);

/** gic_spi_line - the line to SPI @spi (interrupt ID 32 + @spi). */
IrqLine gic_spi_line(Gic *s, unsigned spi);
/** gic_ppi_line - the line to PPI @id (16..31) of CPU @cpu. */
IrqLine gic_ppi_line(Gic *s, unsigned cpu, unsigned id);

/**
 * gic_set_reset_nonsecure - with the Security Extensions, make reset leave
 * the GIC as Secure firmware would before entering a Non-secure kernel
 * (QEMU's direct Linux boot): every interrupt Group 1, every priority and
 * PMR 0x80. Takes effect at the next gic_reset().
 */
void gic_set_reset_nonsecure(Gic *s, bool on);

/** gic_reset - the reset state; outputs lowered. */
void gic_reset(Gic *s);

/**
 * gic_set_log - where guest errors are reported (stderr by default; NULL:
 * nowhere), at most GIC_LOG_LIMIT lines and then one saying the rest are
 * suppressed.
 */
void gic_set_log(Gic *s, FILE *log);

/**
 * gic_free - destroy the regions (see memory_region_destroy) and free the
 * device. NULL is a no-op.
 */
void gic_free(Gic *s);

#endif
