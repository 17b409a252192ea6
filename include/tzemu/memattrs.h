/*
 * Transaction attributes and results: what every memory access carries in and
 * what it answers. One struct for every bus master (CPU, DMA, IOMMU walker).
 * The secure bit is ARM TrustZone's NS bit inverted (ARM ARM B1.5, "Security
 * Extensions"); results follow AXI's OKAY / SLVERR / DECERR responses.
 */
#ifndef TZEMU_MEMATTRS_H
#define TZEMU_MEMATTRS_H

#include <stdbool.h>
#include <stdint.h>

/* A guest physical (bus) address or a size in that space. */
typedef uint64_t hwaddr;

/**
 * MemTxAttrs - attributes of one memory transaction.
 * @secure:       the access is Secure (TrustZone NS=0).
 * @user:         the access is unprivileged (PL0).
 * @debug:        a debugger's or loader's access: may write read-only RAM
 *                (ROM) but passes every other check, secure ones included.
 * @unspecified:  the master gave no attributes (all other fields zero).
 * @requester_id: bus-master identifier (e.g. the SIE-200 HMASTER value).
 */
typedef struct MemTxAttrs {
    unsigned int secure : 1;
    unsigned int user : 1;
    unsigned int debug : 1;
    unsigned int unspecified : 1;
    unsigned int requester_id : 16;
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs){ .unspecified = 1 })

/**
 * MemTxResult - outcome of a transaction; bit flags, ORed over the pieces of
 * an access that was split.
 * MEMTX_OK:           every byte was transferred.
 * MEMTX_ERROR:        the device refused (AXI SLVERR): an MMIO callback said
 *                     so, or the access broke the region's `valid` rules.
 * MEMTX_DECODE_ERROR: nothing answers at that address (AXI DECERR):
 *                     unassigned, a reservation, a destroyed region, an IOMMU
 *                     chain that loops.
 * MEMTX_ACCESS_ERROR: the access was denied: an IOMMU translation without the
 *                     needed permission, a write to read-only memory.
 * A failed read returns zero bytes for the failed part; a failed write changes
 * nothing in the failed part.
 */
typedef uint32_t MemTxResult;
#define MEMTX_OK 0u
#define MEMTX_ERROR (1u << 0)
#define MEMTX_DECODE_ERROR (1u << 1)
#define MEMTX_ACCESS_ERROR (1u << 2)

#endif
