/*
 * The ARM PrimeCell UART (PL011) as QEMU's "pl011" models it: 4 KiB of
 * 32-bit little-endian registers, transmit straight to a character device,
 * a receive FIFO fed from it, one combined interrupt line.
 */
#ifndef TZEMU_HW_PL011_H
#define TZEMU_HW_PL011_H

#include <stdint.h>
#include <stdio.h>

#include "devlog.h"

#include "tzemu/memory.h"
#include "../core/chardev.h"
#include "irq.h"

/* The receive FIFO's depth with LCR_H.FEN set; without it, one character. */
#define PL011_FIFO_DEPTH 16
/* Guest errors logged per device before the rest are suppressed. */
#define PL011_LOG_LIMIT DEVLOG_LIMIT

typedef struct Pl011 Pl011;

/**
 * pl011_new - a PL011 in its reset state, named @name (also its region's
 * name). Transmitted bytes go to @cd, received ones come from it through
 * chardev_poll() (the PL011 registers itself as @cd's frontend); @cd may be
 * NULL (output discarded, no input) and is not owned: it must outlive the
 * device. @irq is the combined UARTINTR line (IRQ_LINE_NONE: unconnected).
 * Returns NULL only if host memory runs out.
 */
Pl011 *pl011_new(const char *name, CharDev *cd, IrqLine irq);

/**
 * pl011_region - the 4 KiB register region. It belongs to the device: map
 * it with memory_region_add_subregion() (which takes its own reference),
 * never unref it; pl011_free() destroys it.
 */
MemoryRegion *pl011_region(Pl011 *s);

/** pl011_reset - the reset state: registers, FIFO, interrupt line low. */
void pl011_reset(Pl011 *s);

/**
 * pl011_free - detach from the character device, destroy the region (see
 * memory_region_destroy) and free the device. NULL is a no-op.
 */
void pl011_free(Pl011 *s);

/**
 * pl011_set_log - where guest errors and unimplemented features are
 * reported (stderr by default; NULL: nowhere), at most PL011_LOG_LIMIT
 * lines and then one saying the rest are suppressed.
 */
void pl011_set_log(Pl011 *s, FILE *log);

/**
 * pl011_can_receive/pl011_receive - the character-device frontend (what
 * pl011_new registers on @cd), for other sources of input: how many
 * characters the receive FIFO has room for, and characters arriving on the
 * line. A character that finds the FIFO full is lost and reported as an
 * overrun (UARTRSR.OE, UARTRIS.OE, UARTDR.OE on the next character stored).
 */
int pl011_can_receive(void *opaque);
void pl011_receive(void *opaque, const uint8_t *buf, int len);

#endif
