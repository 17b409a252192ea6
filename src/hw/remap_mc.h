/*
 * A remapping memory controller: an IOMMU region in front of RAM that maps
 * each 4 KiB page of a bus-visible window onto a page of the RAM behind it,
 * through the translation table of the active "environment" (one of
 * REMAP_MC_NUM_ENVS), with read and write permissions. The RAM itself is
 * never visible on the bus. Programmed through a Secure-only register block;
 * the register interface is docs/remap-mc.md.
 */
#ifndef TZEMU_HW_REMAP_MC_H
#define TZEMU_HW_REMAP_MC_H

#include <stdint.h>
#include <stdio.h>

#include "tzemu/memory.h"
#include "irq.h"

/* Environments, each with its own table. */
#define REMAP_MC_NUM_ENVS 8
/* The translation granule. */
#define REMAP_MC_PAGE_SHIFT 12
#define REMAP_MC_PAGE_SIZE (1ull << REMAP_MC_PAGE_SHIFT)
/* Page numbers are 20 bits wide in PAGE_ENTRY: at most 4 GiB behind it. */
#define REMAP_MC_MAX_SIZE (1ull << 32)
/* The register block's size. */
#define REMAP_MC_REGS_SIZE 0x1000

/*
 * IOMMU indexes of the upstream region: ordinary bus transactions obey the
 * page permissions; debug ones (a debugger or loader, MemTxAttrs.debug)
 * reach every mapped page whatever its permissions, as memattrs.h promises.
 */
enum {
    REMAP_MC_IDX_BUS = 0,
    REMAP_MC_IDX_DEBUG = 1,
    REMAP_MC_NUM_INDEXES = 2,
};

/* Register offsets (docs/remap-mc.md has what each field means). */
enum {
    REMAP_MC_ID = 0x000,
    REMAP_MC_CONFIG = 0x004,
    REMAP_MC_NUM_PAGES = 0x008,
    REMAP_MC_CTRL = 0x00c,
    REMAP_MC_ACTIVE_ENV = 0x010,
    REMAP_MC_ENV_SEL = 0x014,
    REMAP_MC_PAGE_IDX = 0x018,
    REMAP_MC_PAGE_ENTRY = 0x01c,
    REMAP_MC_ENV_CLEAR = 0x020,
    REMAP_MC_STATUS = 0x024,
    REMAP_MC_FAULT_ADDR = 0x028,
    REMAP_MC_FAULT_INFO = 0x02c,
};

/* ID: "RMC" and revision 1. */
#define REMAP_MC_ID_VALUE 0x524d4301u

/* CTRL bits. */
#define REMAP_MC_CTRL_EN (1u << 0)
#define REMAP_MC_CTRL_IRQ_EN (1u << 1)
#define REMAP_MC_CTRL_AUTOINC (1u << 2)

/* PAGE_ENTRY: valid, permissions and the physical page number. */
#define REMAP_MC_PTE_V (1u << 0)
#define REMAP_MC_PTE_R (1u << 1)
#define REMAP_MC_PTE_W (1u << 2)
#define REMAP_MC_PTE_X (1u << 3)
#define REMAP_MC_PTE_PPN_SHIFT 12

/* STATUS bits (write 1 to clear). */
#define REMAP_MC_STATUS_FAULT (1u << 0)
#define REMAP_MC_STATUS_OVERRUN (1u << 1)
#define REMAP_MC_STATUS_PROG_ERR (1u << 2)

/* FAULT_INFO fields. */
#define REMAP_MC_FINFO_WRITE (1u << 0)
#define REMAP_MC_FINFO_NS (1u << 1)
#define REMAP_MC_FINFO_USER (1u << 2)
#define REMAP_MC_FINFO_ENV_SHIFT 4
#define REMAP_MC_FINFO_REQ_SHIFT 16

typedef struct RemapMc RemapMc;

/**
 * remap_mc_new - a controller named @name in front of @downstream (the RAM,
 * or a container of it). The bus window is as large as @downstream, whose
 * size must be a non-zero multiple of 4 KiB, at most REMAP_MC_MAX_SIZE.
 * @downstream must have no parent: the controller maps it in its own
 * downstream address space (taking a reference), so only the window
 * reaches it. @irq is the fault interrupt (IRQ_LINE_NONE: unconnected).
 * Starts as after remap_mc_reset(). Returns NULL with @err filled:
 * MEM_ERR_INVAL (bad size), MEM_ERR_BUSY (@downstream has a parent),
 * MEM_ERR_NOMEM.
 */
RemapMc *remap_mc_new(const char *name, MemoryRegion *downstream,
                      IrqLine irq, MemError *err);

/**
 * remap_mc_upstream - the IOMMU region the bus sees (map it where RAM
 * belongs); owned by the device: never unref it, remap_mc_free() destroys
 * it.
 */
MemoryRegion *remap_mc_upstream(RemapMc *s);

/**
 * remap_mc_regs - the 4 KiB register block, owned by the device. Map it in
 * the Secure address space only; Non-secure accesses that still reach it
 * are refused with MEMTX_ERROR.
 */
MemoryRegion *remap_mc_regs(RemapMc *s);

/**
 * remap_mc_downstream_as / remap_mc_fault_as - the address spaces the
 * window translates into: the RAM, and the fault responder that unmapped
 * pages lead to (for memory dumps).
 */
AddressSpace *remap_mc_downstream_as(RemapMc *s);
AddressSpace *remap_mc_fault_as(RemapMc *s);

/**
 * remap_mc_reset - the reset state: disabled (the window passes through to
 * the same page below), environment 0 active and selected, every table
 * entry invalid, no fault recorded, interrupt low. Announces the change to
 * IOMMU notifiers if translations change.
 */
void remap_mc_reset(RemapMc *s);

/**
 * remap_mc_set_log - where guest errors go (stderr by default; NULL:
 * nowhere).
 */
void remap_mc_set_log(RemapMc *s, FILE *log);

/**
 * remap_mc_free - destroy the regions and address spaces and free the
 * device; @downstream loses the reference the device held. NULL is a no-op.
 */
void remap_mc_free(RemapMc *s);

#endif
