/*
 * The ARM PrimeCell real-time clock (PL031) as QEMU's "pl031" models it: a
 * 32-bit seconds counter that runs from the host's wall-clock time at
 * creation, a match register and one interrupt line.
 */
#ifndef TZEMU_HW_PL031_H
#define TZEMU_HW_PL031_H

#include <stdint.h>
#include <stdio.h>

#include "tzemu/memory.h"
#include "irq.h"

typedef struct Pl031 Pl031;

/* The machine's time in nanoseconds (the clock the CPU's timer reads). */
typedef uint64_t (*Pl031ClockFn)(void *opaque);

/**
 * pl031_new - a PL031 named @name whose counter reads @base_seconds at
 * @clock time 0 and counts the clock's whole seconds from there (QEMU
 * seeds it with the host's time of day, in seconds since 1970).
 * @clock may be NULL: time then stands still at 0. @irq is RTCINTR
 * (IRQ_LINE_NONE: unconnected). Returns NULL only if host memory runs out.
 */
Pl031 *pl031_new(const char *name, IrqLine irq, Pl031ClockFn clock,
                 void *clock_opaque, uint32_t base_seconds);

/**
 * pl031_region - the 4 KiB register region, owned by the device (map it,
 * never unref it; pl031_free() destroys it).
 */
MemoryRegion *pl031_region(Pl031 *s);

/**
 * pl031_update - raise the match interrupt if the moment RTCMR asked for
 * has come; call it when time has passed (the machine's loop does).
 */
void pl031_update(Pl031 *s);

/**
 * pl031_deadline_ns - the clock time at which the pending match fires, or
 * UINT64_MAX when none is pending.
 */
uint64_t pl031_deadline_ns(const Pl031 *s);

/** pl031_set_log - where guest errors go (stderr by default; NULL: nowhere). */
void pl031_set_log(Pl031 *s, FILE *log);

/** pl031_free - destroy the region and free the device; NULL is a no-op. */
void pl031_free(Pl031 *s);

#endif
