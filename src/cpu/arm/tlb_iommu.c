/*
 * How the TLB hears that cached pages went stale. A topology change in an
 * address space a page came from (the CPU's own, or one an IOMMU forwards
 * into) flushes everything. An IOMMU's announced change of a range for one
 * of its indexes drops only the entries that came through that IOMMU with
 * that index and cover part of the range, in every MMU index; the fetch
 * page goes with them. Watches are taken when a page is first cached
 * through an IOMMU or into a space, and given back when no entry uses them
 * and a slot is needed.
 */
#include <stddef.h>
#include <string.h>

#include "tlb.h"

static void tlb_topology_changed(MemoryListener *l)
{
    arm_tlb_flush(((ArmTlbListener *)l)->tlb);
}

/* Listens to @as in @slot without the flush registering reports. */
static void tlb_listen(ArmTlb *tlb, ArmTlbListener *slot, AddressSpace *as)
{
    slot->tlb = tlb;
    slot->listener.commit = NULL;
    memory_listener_register(&slot->listener, as);
    slot->listener.commit = tlb_topology_changed;
}

void arm_tlb_watch_init(ArmTlb *tlb)
{
    tlb_listen(tlb, &tlb->spaces[0], tlb->cpu->as[0]);
    if (tlb->cpu->as[1] != tlb->cpu->as[0]) {
        tlb_listen(tlb, &tlb->spaces[1], tlb->cpu->as[1]);
    }
}

void arm_tlb_watch_free(ArmTlb *tlb)
{
    for (unsigned i = 0; i < ARM_TLB_MAX_SPACES; i++) {
        memory_listener_unregister(&tlb->spaces[i].listener);
    }
    for (unsigned i = 0; i < ARM_TLB_MAX_IOMMUS; i++) {
        memory_region_unregister_iommu_notifier(&tlb->iommus[i].notifier);
    }
}

void arm_tlb_watch_reset(ArmTlb *tlb)
{
    for (unsigned i = 0; i < ARM_TLB_MAX_SPACES; i++) {
        tlb->spaces[i].used = false;
    }
    for (unsigned i = 0; i < ARM_TLB_MAX_IOMMUS; i++) {
        tlb->iommus[i].used = false;
    }
}

/* The end of the IOMMU range a page recorded at @addr covers. */
static hwaddr page_last(hwaddr addr)
{
    hwaddr last = addr + ((1u << ARM_PAGE_BITS) - 1);
    return last < addr ? UINT64_MAX : last;
}

/*
 * Drops the entries that came through this watch's IOMMU and index and
 * overlap the announced range. Only UNMAP is heard: a changed mapping is
 * announced as UNMAP first (memory.h), and a MAP alone grants what was
 * refused, which no entry holds (a refused page is never cached, and a
 * read-only one has no write tag).
 */
static void tlb_iommu_notify(IOMMUNotifier *n, IOMMUNotifierFlag type,
                             const IOMMUTLBEntry *entry)
{
    (void)type;
    ArmTlbIommuWatch *w = (ArmTlbIommuWatch *)n;
    ArmTlb *tlb = w->tlb;
    if (!w->used) {
        return;
    }
    uint8_t id = (uint8_t)(w - tlb->iommus + 1);
    hwaddr first = entry->iova;
    hwaddr last = entry->iova + entry->addr_mask;
    const uint64_t ones = 0x0101010101010101ull;
    bool left = false;
    for (unsigned k = 0; k < ARM_TLB_MAX_HOPS; k++) {
        const uint8_t *ids = (const uint8_t *)tlb->hop_watch[k];
        for (unsigned j = 0; j < ARM_NR_MMU_IDX * ARM_TLB_SIZE; j += 8) {
            /* Eight records at a time: skip words with no byte == id. */
            uint64_t x;
            memcpy(&x, ids + j, 8);
            x ^= id * ones;
            if (!((x - ones) & ~x & (ones << 7))) {
                continue;
            }
            for (unsigned b = j; b < j + 8; b++) {
                unsigned m = b / ARM_TLB_SIZE, i = b % ARM_TLB_SIZE;
                if (tlb->hop_watch[k][m][i] != id) {
                    continue;
                }
                hwaddr a = tlb->hop_addr[k][m][i];
                if (a <= last && page_last(a) >= first) {
                    arm_tlb_drop_entry(tlb, m, i);
                } else {
                    left = true;
                }
            }
        }
    }
    w->used = left;
}

/* The slot watching @as, taken if need be; NULL when all are in use. */
static ArmTlbListener *tlb_watch_space(ArmTlb *tlb, AddressSpace *as)
{
    ArmTlbListener *free_slot = NULL;
    for (unsigned i = 0; i < ARM_TLB_MAX_SPACES; i++) {
        ArmTlbListener *l = &tlb->spaces[i];
        if (l->listener.as == as) {
            return l;
        }
        if (!free_slot && i >= 2 && (!l->listener.as || !l->used)) {
            free_slot = l;
        }
    }
    if (free_slot) {
        memory_listener_unregister(&free_slot->listener);
        tlb_listen(tlb, free_slot, as);
        free_slot->used = false;
    }
    return free_slot;
}

/* The slot watching index @idx of @iommu, taken if need be; NULL when all
 * are in use or the registration fails. */
static ArmTlbIommuWatch *tlb_watch_iommu(ArmTlb *tlb, MemoryRegion *iommu,
                                         int idx)
{
    ArmTlbIommuWatch *free_slot = NULL;
    for (unsigned i = 0; i < ARM_TLB_MAX_IOMMUS; i++) {
        ArmTlbIommuWatch *w = &tlb->iommus[i];
        /* A destroyed IOMMU leaves its notifiers unregistered. */
        if (w->notifier.iommu == iommu && w->notifier.iommu_idx == idx) {
            return w;
        }
        if (!free_slot && (!w->notifier.iommu || !w->used)) {
            free_slot = w;
        }
    }
    if (!free_slot) {
        return NULL;
    }
    memory_region_unregister_iommu_notifier(&free_slot->notifier);
    free_slot->tlb = tlb;
    free_slot->used = false;
    free_slot->notifier = (IOMMUNotifier){ .notify = tlb_iommu_notify,
                                           .flags = IOMMU_NOTIFIER_UNMAP,
                                           .start = 0,
                                           .end = UINT64_MAX,
                                           .iommu_idx = idx };
    if (memory_region_register_iommu_notifier(iommu, &free_slot->notifier,
                                              NULL) != MEM_OK) {
        return NULL;
    }
    return free_slot;
}

bool arm_tlb_watch_path(ArmTlb *tlb, const IOMMUHop *hops, unsigned nr,
                        uint8_t *ids)
{
    for (unsigned k = 0; k < nr; k++) {
        ArmTlbListener *l = tlb_watch_space(tlb, hops[k].target_as);
        ArmTlbIommuWatch *w =
            tlb_watch_iommu(tlb, hops[k].iommu, hops[k].iommu_idx);
        if (!l || !w) {
            return false;
        }
        l->used = true;
        w->used = true;
        ids[k] = (uint8_t)(w - tlb->iommus + 1);
    }
    return true;
}
