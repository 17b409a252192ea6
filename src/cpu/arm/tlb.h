/*
 * The CPU's software TLB and memory access path. Each entry caches, per
 * MMU index (security state x privilege) and virtual page, what serves the
 * page: for RAM a host address, so loads, stores and fetches are a tag
 * compare and a host access; for anything else the address-space index and
 * physical page, so the access is dispatched in the space it was filled
 * for. Translation is flat (VA = PA) until the MMU exists.
 */
#ifndef TZEMU_CPU_ARM_TLB_H
#define TZEMU_CPU_ARM_TLB_H

#include "cpu.h"

#define ARM_TLB_BITS 8
#define ARM_TLB_SIZE (1u << ARM_TLB_BITS)
#define ARM_PAGE_BITS 12
#define ARM_PAGE_MASK (~(uint32_t)((1u << ARM_PAGE_BITS) - 1))
/* MMU indexes: bit 0 user, bit 1 secure. */
#define ARM_NR_MMU_IDX 4

/* A tag no page address can equal (page addresses have low bits clear). */
#define ARM_TLB_INVALID 1u

typedef struct ArmTlbEntry {
    uint32_t tag_read;
    uint32_t tag_write;
    uint32_t tag_code;
    /* Host address of the page; NULL when the page is not plain RAM. */
    uint8_t *host;
} ArmTlbEntry;

/* A listener on one of the CPU's address spaces, and its TLB. */
typedef struct ArmTlbListener {
    MemoryListener listener;
    ArmTlb *tlb;
} ArmTlbListener;

struct ArmTlb {
    ArmTlbEntry e[ARM_NR_MMU_IDX][ARM_TLB_SIZE];
    ArmCpu *cpu;
    /* Any topology change in either address space flushes everything. */
    ArmTlbListener watch[2];
};

ArmTlb *arm_tlb_new(ArmCpu *cpu);
void arm_tlb_free(ArmTlb *tlb);
void arm_tlb_flush(ArmTlb *tlb);

/* The kind of access, for faults and permissions. */
typedef enum ArmAccess {
    ARM_ACC_READ,
    ARM_ACC_WRITE,
    ARM_ACC_FETCH,
} ArmAccess;

static inline unsigned arm_mmu_idx(const ArmCpu *cpu, bool user)
{
    return (arm_is_secure(cpu) ? 2u : 0u) | (user ? 1u : 0u);
}

/*
 * The slow path: fill the entry if the page is RAM, else perform the access
 * through the address space. @buf holds @size bytes in guest (little-endian)
 * order. Returns MEMTX_OK or the failure, which the caller turns into the
 * architected abort.
 */
MemTxResult arm_tlb_access(ArmCpu *cpu, uint32_t va, unsigned size,
                           ArmAccess acc, bool user, uint8_t *buf);

/* The host address of @size bytes at @va if they sit in one cached RAM
 * page for this access, else NULL. */
static inline uint8_t *arm_tlb_host(ArmCpu *cpu, uint32_t va, unsigned size,
                                    ArmAccess acc, bool user)
{
    const ArmTlbEntry *e =
        &cpu->tlb->e[arm_mmu_idx(cpu, user)][(va >> ARM_PAGE_BITS) &
                                             (ARM_TLB_SIZE - 1)];
    uint32_t tag = acc == ARM_ACC_READ    ? e->tag_read
                   : acc == ARM_ACC_WRITE ? e->tag_write
                                          : e->tag_code;
    if (tag != (va & ARM_PAGE_MASK) ||
        (va & ~ARM_PAGE_MASK) > (1u << ARM_PAGE_BITS) - size) {
        return NULL;
    }
    return e->host + (va & ~ARM_PAGE_MASK);
}

#endif
