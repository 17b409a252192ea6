/*
 * Internal structures of the memory API, shared by the files of src/memory/
 * and by nothing else.
 */
#ifndef TZEMU_MEMORY_INTERNAL_H
#define TZEMU_MEMORY_INTERNAL_H

#include "tzemu/memory.h"

typedef enum RegionKind {
    MR_CONTAINER,
    MR_RAM,
    MR_ROM_DEVICE,
    MR_IO,
    MR_ALIAS,
    MR_IOMMU,
    MR_RESERVATION,
    /* What a region becomes after memory_region_destroy(). */
    MR_DESTROYED,
} RegionKind;

struct MemoryRegion {
    char *name;
    RegionKind kind;
    unsigned refcount;
    /* The last offset inside the region: size - 1 (UINT64_MAX for 2^64). */
    hwaddr size_m1;
    hwaddr addr;
    int priority;
    bool enabled;
    bool readonly;
    bool romd;
    bool loop_reported;

    MemoryRegion *container;
    /*
     * Subregions in ascending lookup precedence: lowest priority first, and
     * among equal priorities the most recently added last, so the common
     * add (equal priority) appends. Lookups walk the array backwards.
     */
    MemoryRegion **subregions;
    size_t nr_subregions;
    size_t cap_subregions;

    /* Alias: the target, the window's offset in it, and the reverse link. */
    MemoryRegion *alias;
    hwaddr alias_offset;
    MemoryRegion **alias_referrers;
    size_t nr_referrers;
    size_t cap_referrers;

    /* RAM, ROM and ROM devices. */
    uint8_t *ram;
    size_t ram_size;
    int fd;
    uint64_t fd_offset;

    /* MMIO and ROM devices. */
    const MemoryRegionOps *ops;
    void *opaque;

    /* IOMMU regions. */
    const IOMMUMemoryRegionOps *iommu_ops;
    IOMMUNotifier *notifiers;

    /* Address spaces rooted here, and the pending-render bookkeeping. */
    AddressSpace *spaces;
    MemoryRegion *pending_next;
    bool pending;
    unsigned mark_epoch;
};

/*
 * One range of a flat view. Ranges tile [0, 2^64) exactly; gaps are ranges
 * with mr == NULL, so a lookup never misses.
 */
typedef struct FlatRange {
    hwaddr start;
    hwaddr last;
    MemoryRegion *mr;
    hwaddr offset_in_region;
    /* Copies of mr->kind and mr->ram, so accesses need not touch mr. */
    uint8_t *ram;
    uint8_t kind;
    bool readonly;
    bool romd;
} FlatRange;

struct FlatView {
    unsigned refcount;
    size_t nr;
    /* starts[i] == ranges[i].start, kept apart for a cache-dense search. */
    hwaddr *starts;
    FlatRange *ranges;
    MemoryRegion *root;
};

/* region.c */
bool memory_region_terminates(const MemoryRegion *mr);
bool memory_region_is_ram_backed(const MemoryRegion *mr);

/* transaction.c */
unsigned memory_next_epoch(void);
void memory_region_changed(MemoryRegion *mr);
void address_space_attach(AddressSpace *as);
void address_space_detach(AddressSpace *as);

/* flatview.c */
FlatView *flatview_render(MemoryRegion *root);
void flatview_ref(FlatView *fv);
void flatview_unref(FlatView *fv);
const FlatRange *flatview_lookup(const FlatView *fv, hwaddr addr);
void flat_range_to_section(const FlatRange *fr, MemoryRegionSection *s);

/* dispatch.c */
MemTxResult memory_region_dispatch(MemoryRegion *mr, hwaddr offset,
                                   uint8_t *buf, unsigned size, bool is_write,
                                   MemTxAttrs attrs);
unsigned memory_region_piece_size(const MemoryRegion *mr, hwaddr offset,
                                  hwaddr len);

/* access.c */
MemTxResult memory_translate(AddressSpace *as, hwaddr addr, hwaddr *plen,
                             bool is_write, MemTxAttrs attrs,
                             const FlatRange **pfr, hwaddr *xlat);
MemTxResult memory_access(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                          uint8_t *buf, hwaddr len, bool is_write,
                          bool single, bool big_endian);

/* iommu.c */
MemTxResult iommu_translate_step(MemoryRegion *iommu, hwaddr offset,
                                 hwaddr *plen, bool is_write,
                                 MemTxAttrs attrs, AddressSpace **as,
                                 hwaddr *addr, IOMMUHop *hop);

/* Host-independent byte order conversions. */
uint64_t mem_bytes_to_value(const uint8_t *p, unsigned size, bool big_endian);
void mem_value_to_bytes(uint8_t *p, uint64_t v, unsigned size,
                        bool big_endian);

#endif
