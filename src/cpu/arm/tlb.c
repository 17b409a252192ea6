/*
 * The TLB's fill and slow path. A page is cached as RAM only when one RAM
 * section covers all of it in the address space the access goes to (past
 * any IOMMUs), and for writes only if it is writable; everything else
 * takes the slow path each time (translated again), so devices, and
 * IOMMUs that refuse, see every access.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmu.h"
#include "tlb.h"

ArmTlb *arm_tlb_new(ArmCpu *cpu)
{
    ArmTlb *tlb = calloc(1, sizeof(*tlb));
    assert(tlb != NULL);
    tlb->cpu = cpu;
    /* The flush takes the CPU's TLB row from it. */
    cpu->tlb = tlb;
    arm_tlb_flush(tlb);
    arm_tlb_watch_init(tlb);
    return tlb;
}

void arm_tlb_free(ArmTlb *tlb)
{
    arm_tlb_watch_free(tlb);
    free(tlb);
}

static const ArmTlbEntry tlb_empty = { ARM_TLB_INVALID, ARM_TLB_INVALID,
                                        ARM_TLB_INVALID, NULL };

static void tlb_flush_idx(ArmTlb *tlb, unsigned m)
{
    for (unsigned i = 0; i < ARM_TLB_SIZE; i++) {
        tlb->e[m][i] = tlb_empty;
    }
    for (unsigned k = 0; k < ARM_TLB_MAX_HOPS; k++) {
        memset(tlb->hop_watch[k][m], 0, sizeof(tlb->hop_watch[k][m]));
    }
    tlb->large_valid[m] = false;
}

void arm_cpu_drop_fetch_page(ArmCpu *cpu)
{
    cpu->fetch_page = ARM_TLB_INVALID;
    arm_request_exit(cpu);
    cpu->regime_idx = (uint8_t)arm_regime_idx_of_state(cpu);
    cpu->tlb_row = cpu->tlb->e[cpu->regime_idx];
}

void arm_tlb_flush(ArmTlb *tlb)
{
    arm_cpu_drop_fetch_page(tlb->cpu);
    for (unsigned m = 0; m < ARM_NR_MMU_IDX; m++) {
        tlb_flush_idx(tlb, m);
    }
    arm_tlb_watch_reset(tlb);
}

void arm_tlb_drop_entry(ArmTlb *tlb, unsigned m, unsigned i)
{
    ArmCpu *cpu = tlb->cpu;
    if (cpu->fetch_page != ARM_TLB_INVALID &&
        tlb->e[m][i].host == cpu->fetch_host) {
        arm_cpu_drop_fetch_page(cpu);
    }
    tlb->e[m][i] = tlb_empty;
    for (unsigned k = 0; k < ARM_TLB_MAX_HOPS; k++) {
        tlb->hop_watch[k][m][i] = 0;
    }
}

void arm_tlb_flush_page(ArmTlb *tlb, uint32_t va)
{
    uint32_t page = va & ARM_PAGE_MASK;
    arm_cpu_drop_fetch_page(tlb->cpu);
    for (unsigned m = 0; m < ARM_NR_MMU_IDX; m++) {
        if (tlb->large_valid[m] &&
            (va & tlb->large_mask[m]) == tlb->large_addr[m]) {
            tlb_flush_idx(tlb, m);
            continue;
        }
        unsigned i = (va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1);
        const ArmTlbEntry *e = &tlb->e[m][i];
        if (e->tag_read == page || e->tag_write == page ||
            e->tag_code == page) {
            arm_tlb_drop_entry(tlb, m, i);
        }
    }
}

/* Widens index @m's large-page range to cover @va's 2^@lg bytes. */
static void tlb_add_large_page(ArmTlb *tlb, unsigned m, uint32_t va,
                               unsigned lg)
{
    uint32_t mask = ~(uint32_t)((1ull << lg) - 1);
    uint32_t addr = va;
    if (tlb->large_valid[m]) {
        addr = tlb->large_addr[m];
        mask &= tlb->large_mask[m];
        while ((addr ^ va) & mask) {
            mask <<= 1;
        }
    }
    tlb->large_valid[m] = true;
    tlb->large_addr[m] = addr & mask;
    tlb->large_mask[m] = mask;
}

/* Whether entry @i of index @m came through the IOMMU pages of @ids and
 * @hops. */
static bool tlb_same_path(const ArmTlb *tlb, unsigned m, unsigned i,
                          const uint8_t *ids, const IOMMUHop *hops)
{
    for (unsigned k = 0; k < ARM_TLB_MAX_HOPS; k++) {
        if (tlb->hop_watch[k][m][i] != ids[k] ||
            (ids[k] && tlb->hop_addr[k][m][i] != hops[k].addr)) {
            return false;
        }
    }
    return true;
}

/*
 * Caches @page for @acc in entry @i of index @m, at the host address of
 * @pa's page, if one plain RAM section serves all of it once translated
 * through any IOMMUs with @attrs (so with their permission for @acc: a
 * page an IOMMU lets be read but not written is cached for reads only).
 */
static void tlb_fill(ArmTlb *tlb, unsigned m, unsigned i, uint32_t page,
                     hwaddr pa, ArmAccess acc, AddressSpace *as,
                     MemTxAttrs attrs)
{
    bool is_write = acc == ARM_ACC_WRITE;
    hwaddr len = 1u << ARM_PAGE_BITS;
    MemoryRegionSection s;
    hwaddr xlat;
    IOMMUHop hops[ARM_TLB_MAX_HOPS];
    unsigned nr_hops;
    if (tlb->cpu->no_fast_path ||
        address_space_translate_hops(as, pa, &len, is_write, attrs, &s, &xlat,
                                     hops, ARM_TLB_MAX_HOPS,
                                     &nr_hops) != MEMTX_OK ||
        len < (1u << ARM_PAGE_BITS) || nr_hops > ARM_TLB_MAX_HOPS) {
        return;
    }
    uint8_t *ram = memory_region_get_ram_ptr(s.mr);
    bool plain = memory_region_is_ram(s.mr);
    /* ROM device arrays are direct for reads in ROMD mode only. */
    bool direct = is_write ? plain && !s.readonly : plain || s.romd;
    uint8_t ids[ARM_TLB_MAX_HOPS] = { 0 };
    if (!ram || !direct || !arm_tlb_watch_path(tlb, hops, nr_hops, ids)) {
        return;
    }
    uint8_t *host = ram + xlat;
    ArmTlbEntry *e = &tlb->e[m][i];
    if (e->host != host || !tlb_same_path(tlb, m, i, ids, hops)) {
        *e = (ArmTlbEntry){ ARM_TLB_INVALID, ARM_TLB_INVALID,
                            ARM_TLB_INVALID, host };
        for (unsigned k = 0; k < ARM_TLB_MAX_HOPS; k++) {
            tlb->hop_watch[k][m][i] = ids[k];
            tlb->hop_addr[k][m][i] = ids[k] ? hops[k].addr : 0;
        }
    }
    switch (acc) {
    case ARM_ACC_READ:
        e->tag_read = page;
        break;
    case ARM_ACC_WRITE:
        e->tag_write = page;
        break;
    case ARM_ACC_FETCH:
        e->tag_code = page;
        break;
    }
    tlb->fills++;
}

/* Where an access to one page goes once translated. */
typedef struct TlbTarget {
    AddressSpace *as;
    MemTxAttrs attrs;
    hwaddr pa;
} TlbTarget;

/* Translates @va for the current state and fills its TLB entry. */
static bool tlb_translate(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool user,
                          TlbTarget *t, ArmFault *f)
{
    ArmMmuResult r;
    if (!arm_mmu_translate(cpu, va, acc, arm_is_secure(cpu), user, &r, f)) {
        f->va = va;
        return false;
    }
    t->as = cpu->as[r.secure ? ARM_AS_S : ARM_AS_NS];
    /* The requester is the CPU, so per-CPU devices (the GIC's CPU
     * interface) answer it with its own bank. */
    t->attrs = (MemTxAttrs){ .secure = r.secure, .user = user,
                             .requester_id = cpu->cpu_index };
    t->pa = r.pa;
    /* A cached index or row that disagrees with CPSR.M and SCR.NS would
     * let the fast path use another world's entries: never go on. */
    if (cpu->regime_idx != arm_regime_idx_of_state(cpu) ||
        cpu->tlb_row != cpu->tlb->e[cpu->regime_idx]) {
        fprintf(stderr, "tzemu: internal error: stale MMU index\n");
        abort();
    }
    unsigned m = arm_mmu_idx(cpu, user);
    if (r.lg_page_size > ARM_PAGE_BITS) {
        tlb_add_large_page(cpu->tlb, m, va, r.lg_page_size);
    }
    tlb_fill(cpu->tlb, m, (va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1),
             va & ARM_PAGE_MASK, r.pa & ~(hwaddr)~ARM_PAGE_MASK, acc, t->as,
             t->attrs);
    return true;
}

static void put_le(uint8_t *buf, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        buf[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *buf, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

/* One access of 1, 2, 4 or 8 bytes, handed to a device whole. */
static MemTxResult single_access(AddressSpace *as, hwaddr pa, unsigned size,
                                 bool is_write, MemTxAttrs attrs, uint8_t *buf)
{
    MemTxResult r;
    if (is_write) {
        uint64_t v = get_le(buf, size);
        switch (size) {
        case 1:
            address_space_stb(as, pa, (uint8_t)v, attrs, &r);
            break;
        case 2:
            address_space_stw_le(as, pa, (uint16_t)v, attrs, &r);
            break;
        case 4:
            address_space_stl_le(as, pa, (uint32_t)v, attrs, &r);
            break;
        default:
            address_space_stq_le(as, pa, v, attrs, &r);
            break;
        }
        return r;
    }
    uint64_t v;
    switch (size) {
    case 1:
        v = address_space_ldub(as, pa, attrs, &r);
        break;
    case 2:
        v = address_space_lduw_le(as, pa, attrs, &r);
        break;
    case 4:
        v = address_space_ldl_le(as, pa, attrs, &r);
        break;
    default:
        v = address_space_ldq_le(as, pa, attrs, &r);
        break;
    }
    put_le(buf, v, size);
    return r;
}

static bool external(MemTxResult r, uint32_t va, ArmFault *f)
{
    if (r == MEMTX_OK) {
        return true;
    }
    *f = (ArmFault){ .type = ARM_FAULT_EXTERNAL, .ext = r, .va = va };
    return false;
}

bool arm_tlb_access(ArmCpu *cpu, uint32_t va, unsigned size, ArmAccess acc,
                    bool user, uint8_t *buf, ArmFault *f)
{
    bool is_write = acc == ARM_ACC_WRITE;
    uint32_t in_page = (1u << ARM_PAGE_BITS) - (va & ~ARM_PAGE_MASK);
    TlbTarget t;
    if (!tlb_translate(cpu, va, acc, user, &t, f)) {
        return false;
    }
    if (size > in_page) {
        /* Both pages translated first; a fault on the second reports its
         * first byte (QEMU's second tlb_fill). */
        TlbTarget t2;
        if (!tlb_translate(cpu, va + in_page, acc, user, &t2, f)) {
            return false;
        }
        MemTxResult r = address_space_rw(t.as, t.pa, t.attrs, buf, in_page,
                                         is_write);
        if (r == MEMTX_OK) {
            r = address_space_rw(t2.as, t2.pa, t2.attrs, buf + in_page,
                                 size - in_page, is_write);
        }
        return external(r, va, f);
    }
    uint8_t *host = arm_tlb_host(cpu, va, size, acc, user);
    if (host) {
        if (is_write) {
            memcpy(host, buf, size);
        } else {
            memcpy(buf, host, size);
        }
        return true;
    }
    if (size & (size - 1)) {
        return external(address_space_rw(t.as, t.pa, t.attrs, buf, size,
                                         is_write),
                        va, f);
    }
    return external(single_access(t.as, t.pa, size, is_write, t.attrs, buf),
                    va, f);
}

MemTxResult arm_cpu_memory_rw(ArmCpu *cpu, uint32_t va, void *buf,
                              uint32_t len, bool is_write)
{
    bool secure = arm_is_secure(cpu);
    bool user = arm_is_user(cpu);
    ArmAccess acc = is_write ? ARM_ACC_WRITE : ARM_ACC_READ;
    uint8_t *p = buf;
    /* Page by page: each may translate anywhere. */
    while (len) {
        uint32_t n = (1u << ARM_PAGE_BITS) - (va & ~ARM_PAGE_MASK);
        n = n < len ? n : len;
        ArmMmuResult r;
        ArmFault f;
        if (!arm_mmu_translate(cpu, va, acc, secure, user, &r, &f)) {
            return MEMTX_ERROR;
        }
        MemTxAttrs attrs = { .secure = r.secure, .user = user,
                             .requester_id = cpu->cpu_index };
        MemTxResult res = address_space_rw(
            cpu->as[r.secure ? ARM_AS_S : ARM_AS_NS], r.pa, attrs, p, n,
            is_write);
        if (res != MEMTX_OK) {
            return res;
        }
        va += n;
        p += n;
        len -= n;
    }
    return MEMTX_OK;
}
