/*
 * Parallel NOR flash with the Intel/Sharp command set and a CFI query
 * table, as QEMU 7.2's "cfi.pflash01" models it: a bank of identical chips
 * side by side on the bus, one ROM-device region whose array is read
 * directly (ROMD mode) until a command switches reads to the device.
 */
#ifndef TZEMU_HW_PFLASH_CFI01_H
#define TZEMU_HW_PFLASH_CFI01_H

#include <stdint.h>
#include <stdio.h>

#include "devlog.h"

#include "tzemu/memory.h"

/* Messages logged per device before the rest are suppressed. */
#define PFLASH_LOG_LIMIT DEVLOG_LIMIT

/* The status register's "write state machine ready" bit (SR.7). */
#define PFLASH_STATUS_READY 0x80

typedef struct Pflash Pflash;

/**
 * pflash_new - a flash bank in read-array mode with status "ready" and an
 * all-zero array (QEMU's flash without a drive), named @name (also its
 * region's name).
 * @size: bytes of the whole bank; a multiple of @sector_len.
 * @sector_len: the erase block as the bus sees it (the same block of every
 *   chip of the bank together); a power of two, at least the bank's write
 *   buffer (256 bytes per chip on a byte-wide bank, else 2 KiB per chip).
 * @bank_width: bytes per bus word (QEMU's "width"): 1, 2 or 4.
 * @device_width: bytes per chip (QEMU's "device-width"): 1, 2 or 4, at
 *   most @bank_width. The chips are @bank_width / @device_width side by
 *   side, so commands, status and identifiers appear once per chip.
 *   QEMU's legacy mode without a device width is not modelled.
 * @manufacturer/@device: the identifiers read in read-ID mode (QEMU's
 *   "id0" and "id1"; its "id2" and "id3" are read only in the legacy mode).
 * Returns NULL with @err filled for a bad geometry (MEM_ERR_INVAL) or when
 * the array cannot be allocated.
 */
Pflash *pflash_new(const char *name, uint64_t size, uint64_t sector_len,
                   unsigned bank_width, unsigned device_width,
                   uint16_t manufacturer, uint16_t device, MemError *err);

/**
 * pflash_region - the ROM-device region of the whole bank. It belongs to
 * the device: map it with memory_region_add_subregion() (which takes its
 * own reference), never unref it; pflash_free() destroys it. An image
 * written with debug attributes (the loaders) goes straight into the
 * array, whatever mode the device is in.
 */
MemoryRegion *pflash_region(Pflash *s);

/** pflash_reset - read-array mode, status "ready"; the array is kept. */
void pflash_reset(Pflash *s);

/**
 * pflash_free - destroy the region (see memory_region_destroy) and free
 * the device. NULL is a no-op.
 */
void pflash_free(Pflash *s);

/**
 * pflash_set_log - where unimplemented command sequences and guest errors
 * are reported (stderr by default; NULL: nowhere), at most
 * PFLASH_LOG_LIMIT lines and then one saying the rest are suppressed.
 */
void pflash_set_log(Pflash *s, FILE *log);

#endif
