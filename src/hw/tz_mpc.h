/*
 * The ARM CoreLink SIE-200 AHB5 TrustZone Memory Protection Controller
 * (TZ-MPC) as QEMU's "tz-mpc" models it: an IOMMU region placed where a
 * memory used to be, which passes each transfer to that memory or blocks
 * it, per block and per security state, and a 4 KiB register frame that
 * programs the blocks.
 */
#ifndef TZEMU_HW_TZ_MPC_H
#define TZEMU_HW_TZ_MPC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tzemu/memory.h"
#include "irq.h"

/* The register frame's size. */
#define TZ_MPC_REG_SIZE 0x1000

/*
 * The block size a board normally asks for: the smallest VMSAv7 page (ARM
 * ARM B3.5.1), which is what a CPU TLB caches translations by, so a block
 * never splits a TLB entry. QEMU's model has exactly this block size on a
 * v7-A CPU (BLK_CFG = 7).
 */
#define TZ_MPC_DEFAULT_BLOCK_SIZE 4096u
/* BLK_CFG is four bits and block size = 1 << (BLK_CFG + 5). */
#define TZ_MPC_MIN_BLOCK_SIZE 32u
#define TZ_MPC_MAX_BLOCK_SIZE (1u << 20)

/*
 * The upstream region's IOMMU indexes (memory_region_iommu_attrs_to_index):
 * Secure transfers and transfers without attributes (a loader's) use
 * TZ_MPC_IDX_S, the rest TZ_MPC_IDX_NS.
 */
enum {
    TZ_MPC_IDX_S = 0,
    TZ_MPC_IDX_NS = 1,
    TZ_MPC_NUM_INDEXES = 2,
};

typedef struct TzMpc TzMpc;

/**
 * tz_mpc_new - an MPC named @name in front of @downstream, in its reset
 * state.
 * @downstream: the protected memory (RAM, say). The MPC reaches it through
 *   an address space of its own rooted on it, which holds a reference on
 *   it until tz_mpc_free(). Its size is the upstream region's size and must
 *   be a multiple of @block_size.
 * @block_size: a power of two from TZ_MPC_MIN_BLOCK_SIZE to
 *   TZ_MPC_MAX_BLOCK_SIZE; in a CPU's path it must not be smaller than the
 *   CPU's TLB page (TZ_MPC_DEFAULT_BLOCK_SIZE).
 * @lut_init_ns: the SIE-200's cfg_init_value input: the value every
 *   look-up-table bit takes at reset (true: every block Non-secure; false:
 *   every block Secure, as in QEMU's model).
 * @irq: the mpc_irq output (IRQ_LINE_NONE: unconnected).
 * Returns NULL with @err filled on failure: MEM_ERR_INVAL for a bad block
 * size or a size that is not a multiple of it, MEM_ERR_RANGE for more than
 * 2^32 look-up-table words, MEM_ERR_NOMEM when host memory runs out.
 */
TzMpc *tz_mpc_new(const char *name, MemoryRegion *downstream,
                  uint32_t block_size, bool lut_init_ns, IrqLine irq,
                  MemError *err);

/**
 * tz_mpc_reg_region - the register frame (TZ_MPC_REG_SIZE bytes, named
 * @name). Map it in the Secure address space only. Non-secure accesses that reach it anyway
 * see only the ID registers (the rest read as zero and ignore writes, as
 * in QEMU). Owned by the device: map it, never unref it.
 */
MemoryRegion *tz_mpc_reg_region(TzMpc *s);

/**
 * tz_mpc_upstream - the IOMMU region to map where the protected memory
 * belongs (named "@name-upstream", the size of the downstream region).
 * Transfers that pass reach the downstream region at the same offset; the
 * others reach the MPC's blocked target, which answers as CTRL says and
 * records the first violation. Privilege does not count; a debug transfer
 * is judged and recorded by its security like any other (AHB5 has no debug
 * signal; QEMU does the same). Every look-up-table change is announced to
 * its notifiers (UNMAP, then MAP, for both indexes) over the exact range of
 * the blocks that changed; CTRL changes no translation, so it announces
 * nothing. Owned by the device.
 */
MemoryRegion *tz_mpc_upstream(TzMpc *s);

/** tz_mpc_block_size - the block size the MPC was made with. */
uint32_t tz_mpc_block_size(const TzMpc *s);

/**
 * tz_mpc_reset - the reset state: registers, look-up table from
 * @lut_init_ns (blocks that change are announced), interrupt line low.
 */
void tz_mpc_reset(TzMpc *s);

/** tz_mpc_set_log - where guest errors go (stderr by default; NULL: nowhere). */
void tz_mpc_set_log(TzMpc *s, FILE *log);

/**
 * tz_mpc_free - destroy the register and upstream regions (whatever still
 * reaches them gets decode errors; their notifiers are dropped), release
 * the downstream region and free the device. NULL is a no-op.
 */
void tz_mpc_free(TzMpc *s);

#endif
