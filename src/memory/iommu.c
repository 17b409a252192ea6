/*
 * IOMMU regions: one translation step of an access, the attribute-to-index
 * mapping, and the notifiers through which an IOMMU's owner announces that
 * translations changed (so cached ones can be dropped exactly).
 */
#include <assert.h>

#include "internal.h"

int memory_region_iommu_num_indexes(MemoryRegion *iommu)
{
    assert(iommu->kind == MR_IOMMU);
    return iommu->iommu_ops->num_indexes ? iommu->iommu_ops->num_indexes : 1;
}

int memory_region_iommu_attrs_to_index(MemoryRegion *iommu, MemTxAttrs attrs)
{
    assert(iommu->kind == MR_IOMMU);
    if (!iommu->iommu_ops->attrs_to_index) {
        return 0;
    }
    int idx = iommu->iommu_ops->attrs_to_index(iommu->opaque, attrs);
    assert(idx >= 0 && idx < memory_region_iommu_num_indexes(iommu) &&
           "memory: attrs_to_index out of range");
    return idx;
}

MemTxResult iommu_translate_step(MemoryRegion *iommu, hwaddr offset,
                                 hwaddr *plen, bool is_write,
                                 MemTxAttrs attrs, AddressSpace **as,
                                 hwaddr *addr, IOMMUHop *hop)
{
    int idx = memory_region_iommu_attrs_to_index(iommu, attrs);
    IOMMUAccessFlags need = is_write ? IOMMU_WO : IOMMU_RO;
    IOMMUTLBEntry e = iommu->iommu_ops->translate(iommu->opaque, offset,
                                                  need, idx);
    /* Nothing past the granule holding @offset is covered by this entry. */
    hwaddr granule_left_m1 = e.addr_mask - (offset & e.addr_mask);
    if (*plen - 1 > granule_left_m1) {
        *plen = granule_left_m1 + 1;
    }
    bool ok = e.target_as && (e.perm & need) == need;
    if (hop) {
        *hop = (IOMMUHop){ .iommu = iommu, .iommu_idx = idx, .addr = offset,
                           .target_as = ok ? e.target_as : NULL };
    }
    if (!ok) {
        return MEMTX_ACCESS_ERROR;
    }
    *as = e.target_as;
    *addr = (e.translated_addr & ~e.addr_mask) | (offset & e.addr_mask);
    return MEMTX_OK;
}

MemErrCode memory_region_register_iommu_notifier(MemoryRegion *iommu,
                                                 IOMMUNotifier *n,
                                                 MemError *err)
{
    if (iommu->kind != MR_IOMMU) {
        memory_error_set(err, MEM_ERR_INVAL, "region '%s' is not an IOMMU",
                     iommu->name);
        return MEM_ERR_INVAL;
    }
    if (!n->notify || !n->flags || n->start > n->end || n->iommu_idx < 0 ||
        n->iommu_idx >= memory_region_iommu_num_indexes(iommu) || n->iommu) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "IOMMU '%s': notifier needs a callback, flags, "
                     "start <= end, an index below %d, and no other "
                     "registration", iommu->name,
                     memory_region_iommu_num_indexes(iommu));
        return MEM_ERR_INVAL;
    }
    n->iommu = iommu;
    n->next = iommu->notifiers;
    iommu->notifiers = n;
    return MEM_OK;
}

void memory_region_unregister_iommu_notifier(IOMMUNotifier *n)
{
    if (!n->iommu) {
        return;
    }
    IOMMUNotifier **p = &n->iommu->notifiers;
    while (*p != n) {
        p = &(*p)->next;
    }
    *p = n->next;
    n->iommu = NULL;
    n->next = NULL;
}

void memory_region_notify_iommu(MemoryRegion *iommu, int iommu_idx,
                                IOMMUNotifierFlag type,
                                const IOMMUTLBEntry *entry)
{
    assert(iommu->kind == MR_IOMMU);
    hwaddr first = entry->iova;
    hwaddr last = entry->iova + entry->addr_mask;
    for (IOMMUNotifier *n = iommu->notifiers; n; n = n->next) {
        if (n->iommu_idx == iommu_idx && (n->flags & type) &&
            first <= n->end && last >= n->start) {
            n->notify(n, type, entry);
        }
    }
}
