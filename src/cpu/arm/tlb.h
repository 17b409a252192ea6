/*
 * The CPU's software TLB and memory access path. Each entry caches, per
 * MMU index (security state x privilege) and virtual page, what serves the
 * page: for RAM a host address, so loads, stores and fetches are a tag
 * compare and a host access; for anything else the address-space index and
 * physical page, so the access is dispatched in the space it was filled
 * for. Entries are filled through the MMU (mmu.c) for the translation's
 * output address space; an entry is tagged by security state, privilege
 * and virtual page, not by ASID: the TLB is flushed whenever the ASID
 * changes (CONTEXTIDR, a 64-bit TTBR or TTBCR write), as QEMU does.
 * RAM behind IOMMU regions is cached too, with the permission the
 * translation gave; each entry remembers the IOMMU pages it came through,
 * so an IOMMU's announced change drops exactly the entries it covers
 * (tlb_iommu.c).
 */
#ifndef TZEMU_CPU_ARM_TLB_H
#define TZEMU_CPU_ARM_TLB_H

#include "cpu.h"
#include "exception.h"

#define ARM_TLB_BITS 8
#define ARM_TLB_SIZE (1u << ARM_TLB_BITS)
#define ARM_PAGE_BITS 12
#define ARM_PAGE_MASK (~(uint32_t)((1u << ARM_PAGE_BITS) - 1))
/* MMU indexes: bit 0 user, bit 1 secure. */
#define ARM_NR_MMU_IDX 4

/* A tag no page address can equal (page addresses have low bits clear). */
/* ARM_TLB_INVALID (cpu.h) marks empty tags. */

typedef struct ArmTlbEntry {
    uint32_t tag_read;
    uint32_t tag_write;
    uint32_t tag_code;
    /* Host address of the page; NULL when the page is not plain RAM. */
    uint8_t *host;
} ArmTlbEntry;

/*
 * A cached page may come through at most this many IOMMUs (deeper chains
 * take the slow path). The TLB watches at most ARM_TLB_MAX_IOMMUS
 * (IOMMU, index) pairs and ARM_TLB_MAX_SPACES address spaces (the CPU's
 * own and those IOMMUs forward into); a page whose path needs more is not
 * cached.
 */
#define ARM_TLB_MAX_HOPS 2
#define ARM_TLB_MAX_IOMMUS 16
#define ARM_TLB_MAX_SPACES 8

/* A listener on an address space the TLB's pages come from. @used: some
 * entry came through it since the last full flush. */
typedef struct ArmTlbListener {
    MemoryListener listener;
    ArmTlb *tlb;
    bool used;
} ArmTlbListener;

/* A notifier on one index of an IOMMU region. @used: some entry may
 * still record it. */
typedef struct ArmTlbIommuWatch {
    IOMMUNotifier notifier;
    ArmTlb *tlb;
    bool used;
} ArmTlbIommuWatch;

struct ArmTlb {
    ArmTlbEntry e[ARM_NR_MMU_IDX][ARM_TLB_SIZE];
    /*
     * Per entry and hop, the IOMMU it came through (iommus[] slot + 1;
     * 0: no hop) and the address inside the IOMMU region of the page's
     * first byte. Apart from the entries, so the fast path stays dense
     * and an invalidation scans a byte per entry.
     */
    uint8_t hop_watch[ARM_TLB_MAX_HOPS][ARM_NR_MMU_IDX][ARM_TLB_SIZE];
    hwaddr hop_addr[ARM_TLB_MAX_HOPS][ARM_NR_MMU_IDX][ARM_TLB_SIZE];
    /*
     * Per MMU index, the virtual range holding every cached page of a
     * mapping larger than a page (QEMU's large_page_addr/mask): a
     * flush by address inside it flushes the whole index, since the
     * mapping's other pages may be cached too.
     */
    bool large_valid[ARM_NR_MMU_IDX];
    uint32_t large_addr[ARM_NR_MMU_IDX];
    uint32_t large_mask[ARM_NR_MMU_IDX];
    ArmCpu *cpu;
    /* Pages cached so far (a measure for tests and benchmarks). */
    uint64_t fills;
    /*
     * Any topology change in a watched address space flushes everything:
     * slots 0 and 1 hold the CPU's own spaces, the rest are taken as
     * IOMMUs are found to forward into other spaces.
     */
    ArmTlbListener spaces[ARM_TLB_MAX_SPACES];
    ArmTlbIommuWatch iommus[ARM_TLB_MAX_IOMMUS];
};

ArmTlb *arm_tlb_new(ArmCpu *cpu);
void arm_tlb_free(ArmTlb *tlb);
void arm_tlb_flush(ArmTlb *tlb);
/* Drops what translates @va in every MMU index (TLBIMVA, TLBIMVAA). */
void arm_tlb_flush_page(ArmTlb *tlb, uint32_t va);
/* Drops entry @i of MMU index @m, and the fetch page if it is that page. */
void arm_tlb_drop_entry(ArmTlb *tlb, unsigned m, unsigned i);

/* Where the TLB hears of changes (tlb_iommu.c). */
void arm_tlb_watch_init(ArmTlb *tlb);
void arm_tlb_watch_free(ArmTlb *tlb);
/* Forgets which watches entries use (everything was flushed). */
void arm_tlb_watch_reset(ArmTlb *tlb);
/*
 * Makes sure a change along @hops (as address_space_translate_hops gave
 * them) will be heard, and stores the watch of each hop in @ids. False
 * when a table is full or a registration failed: the page is not cached.
 */
bool arm_tlb_watch_path(ArmTlb *tlb, const IOMMUHop *hops, unsigned nr,
                        uint8_t *ids);

/* The kind of access, for faults and permissions. */
typedef enum ArmAccess {
    ARM_ACC_READ,
    ARM_ACC_WRITE,
    ARM_ACC_FETCH,
} ArmAccess;

/* The MMU index of an access now; @user for LDRT-like forms too. */
static inline unsigned arm_mmu_idx(const ArmCpu *cpu, bool user)
{
    return cpu->regime_idx | (user ? 1u : 0u);
}

/*
 * The slow path: translate, fill the entry if the page is RAM, else
 * perform the access through the output address space. @buf holds @size
 * bytes in guest (little-endian) order. An access crossing a page is
 * translated on both pages before any byte moves. Returns true, or false
 * with the fault (MMU fault or external abort) in @f for the caller to
 * take with arm_fault_abort().
 */
bool arm_tlb_access(ArmCpu *cpu, uint32_t va, unsigned size, ArmAccess acc,
                    bool user, uint8_t *buf, ArmFault *f);

/* The entry that would translate @va for this access, and its tag for
 * the kind of access. An access as the current state goes is one load
 * of the row pointer away from its entry. */
static inline const ArmTlbEntry *arm_tlb_entry(const ArmCpu *cpu, uint32_t va,
                                               ArmAccess acc, bool user,
                                               uint32_t *tag)
{
    const ArmTlbEntry *row =
        user ? cpu->tlb->e[arm_mmu_idx(cpu, user)] : cpu->tlb_row;
    const ArmTlbEntry *e = &row[(va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    *tag = acc == ARM_ACC_READ    ? e->tag_read
           : acc == ARM_ACC_WRITE ? e->tag_write
                                  : e->tag_code;
    return e;
}

/* The host address of @size bytes at @va if they sit in one cached RAM
 * page for this access, else NULL. */
static inline uint8_t *arm_tlb_host(ArmCpu *cpu, uint32_t va, unsigned size,
                                    ArmAccess acc, bool user)
{
    uint32_t tag;
    const ArmTlbEntry *e = arm_tlb_entry(cpu, va, acc, user, &tag);
    if (tag != (va & ARM_PAGE_MASK) ||
        (va & ~ARM_PAGE_MASK) > (1u << ARM_PAGE_BITS) - size) {
        return NULL;
    }
    return e->host + (va & ~ARM_PAGE_MASK);
}

/*
 * arm_tlb_host for an access of a power-of-two @size that must be aligned
 * to it: the alignment test is folded into the tag compare (a misaligned
 * address keeps a low bit no tag has), and an aligned access never
 * crosses its page. NULL sends misaligned accesses to the slow path too.
 */
static inline uint8_t *arm_tlb_host_aligned(ArmCpu *cpu, uint32_t va,
                                            unsigned size, ArmAccess acc,
                                            bool user)
{
    uint32_t tag;
    const ArmTlbEntry *e = arm_tlb_entry(cpu, va, acc, user, &tag);
    if (tag != (va & (ARM_PAGE_MASK | (size - 1)))) {
        return NULL;
    }
    return e->host + (va & ~ARM_PAGE_MASK);
}

#endif
