/*
 * Memory regions: creation of every kind, references and lifetime, and the
 * topology calls (subregions, priority, enable, move, resize, read-only,
 * alias offset, ROMD mode). Rendering and accesses live elsewhere.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ram.h"

void memory_error_set(MemError *err, MemErrCode code, const char *fmt, ...)
{
    if (!err) {
        return;
    }
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    assert(q != NULL && "memory: out of host memory");
    return q;
}

static hwaddr size_to_m1(uint64_t size)
{
    return size == MEMORY_SIZE_2_64 ? UINT64_MAX : size - 1;
}

/* Whether [base, base + size_m1] fits below 2^64. */
static bool range_fits(hwaddr base, hwaddr size_m1)
{
    return base <= UINT64_MAX - size_m1;
}

static MemoryRegion *region_alloc(const char *name, RegionKind kind,
                                  uint64_t size, MemError *err)
{
    if (size == 0) {
        memory_error_set(err, MEM_ERR_INVAL, "region '%s': size 0",
                     name ? name : "(null)");
        return NULL;
    }
    MemoryRegion *mr = calloc(1, sizeof(*mr));
    assert(mr != NULL);
    mr->name = strdup(name ? name : "anonymous");
    assert(mr->name != NULL);
    mr->kind = kind;
    mr->refcount = 1;
    mr->size_m1 = size_to_m1(size);
    mr->enabled = true;
    mr->fd = -1;
    return mr;
}

static bool access_sizes_ok(unsigned min, unsigned max)
{
    bool min_ok = min == 0 || (min <= 8 && (min & (min - 1)) == 0);
    bool max_ok = max == 0 || (max <= 8 && (max & (max - 1)) == 0);
    return min_ok && max_ok && (min == 0 || max == 0 || min <= max);
}

static bool ops_ok(const char *name, const MemoryRegionOps *ops, MemError *err)
{
    name = name ? name : "(null)";
    if (!ops || !ops->read || !ops->write) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "region '%s': ops need both read and write", name);
        return false;
    }
    if (!access_sizes_ok(ops->valid.min_access_size,
                         ops->valid.max_access_size) ||
        !access_sizes_ok(ops->impl.min_access_size,
                         ops->impl.max_access_size)) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "region '%s': access sizes must be 1, 2, 4 or 8 with "
                     "min <= max", name);
        return false;
    }
    return true;
}

MemoryRegion *memory_region_new_container(const char *name, uint64_t size,
                                          MemError *err)
{
    return region_alloc(name, MR_CONTAINER, size, err);
}

MemoryRegion *memory_region_new_reservation(const char *name, uint64_t size,
                                            MemError *err)
{
    return region_alloc(name, MR_RESERVATION, size, err);
}

/* Gives @mr host memory from @alloc, or frees it and returns NULL. */
static MemoryRegion *region_attach_ram(MemoryRegion *mr, const RamAlloc *alloc)
{
    if (!alloc->host) {
        free(mr->name);
        free(mr);
        return NULL;
    }
    mr->ram = alloc->host;
    mr->ram_size = alloc->size;
    mr->fd = alloc->fd;
    mr->fd_offset = alloc->fd_offset;
    return mr;
}

MemoryRegion *memory_region_new_ram(const char *name, uint64_t size,
                                    MemError *err)
{
    MemoryRegion *mr = region_alloc(name, MR_RAM, size, err);
    if (!mr) {
        return NULL;
    }
    RamAlloc a = ram_alloc_anonymous(mr->name, size, err);
    return region_attach_ram(mr, &a);
}

MemoryRegion *memory_region_new_ram_shared(const char *name, uint64_t size,
                                           MemError *err)
{
    MemoryRegion *mr = region_alloc(name, MR_RAM, size, err);
    if (!mr) {
        return NULL;
    }
    RamAlloc a = ram_alloc_memfd(mr->name, size, err);
    return region_attach_ram(mr, &a);
}

MemoryRegion *memory_region_new_ram_from_fd(const char *name, uint64_t size,
                                            int fd, uint64_t offset,
                                            MemError *err)
{
    MemoryRegion *mr = region_alloc(name, MR_RAM, size, err);
    if (!mr) {
        return NULL;
    }
    RamAlloc a = ram_alloc_from_fd(mr->name, size, fd, offset, err);
    return region_attach_ram(mr, &a);
}

MemoryRegion *memory_region_new_rom(const char *name, uint64_t size,
                                    MemError *err)
{
    MemoryRegion *mr = memory_region_new_ram(name, size, err);
    if (mr) {
        mr->readonly = true;
    }
    return mr;
}

MemoryRegion *memory_region_new_rom_device(const char *name, uint64_t size,
                                           const MemoryRegionOps *ops,
                                           void *opaque, MemError *err)
{
    if (!ops_ok(name, ops, err)) {
        return NULL;
    }
    MemoryRegion *mr = memory_region_new_ram(name, size, err);
    if (mr) {
        mr->kind = MR_ROM_DEVICE;
        mr->romd = true;
        mr->ops = ops;
        mr->opaque = opaque;
    }
    return mr;
}

MemoryRegion *memory_region_new_io(const char *name, uint64_t size,
                                   const MemoryRegionOps *ops, void *opaque,
                                   MemError *err)
{
    if (!ops_ok(name, ops, err)) {
        return NULL;
    }
    MemoryRegion *mr = region_alloc(name, MR_IO, size, err);
    if (mr) {
        mr->ops = ops;
        mr->opaque = opaque;
    }
    return mr;
}

static void referrer_add(MemoryRegion *target, MemoryRegion *alias)
{
    if (target->nr_referrers == target->cap_referrers) {
        target->cap_referrers = target->cap_referrers * 2 + 4;
        target->alias_referrers =
            xrealloc(target->alias_referrers,
                     target->cap_referrers * sizeof(MemoryRegion *));
    }
    target->alias_referrers[target->nr_referrers++] = alias;
}

static void referrer_remove(MemoryRegion *target, MemoryRegion *alias)
{
    for (size_t i = 0; i < target->nr_referrers; i++) {
        if (target->alias_referrers[i] == alias) {
            target->alias_referrers[i] =
                target->alias_referrers[--target->nr_referrers];
            return;
        }
    }
    assert(!"memory: alias missing from its target's referrers");
}

MemoryRegion *memory_region_new_alias(const char *name, MemoryRegion *target,
                                      hwaddr offset, uint64_t size,
                                      MemError *err)
{
    assert(target != NULL);
    if (size != 0 && !range_fits(offset, size_to_m1(size))) {
        memory_error_set(err, MEM_ERR_RANGE,
                     "alias '%s': offset 0x%llx + size 0x%llx overflows "
                     "64 bits", name ? name : "(null)",
                     (unsigned long long)offset, (unsigned long long)size);
        return NULL;
    }
    MemoryRegion *mr = region_alloc(name, MR_ALIAS, size, err);
    if (mr) {
        mr->alias = target;
        mr->alias_offset = offset;
        memory_region_ref(target);
        referrer_add(target, mr);
    }
    return mr;
}

MemoryRegion *memory_region_new_iommu(const char *name, uint64_t size,
                                      const IOMMUMemoryRegionOps *ops,
                                      void *opaque, MemError *err)
{
    if (!ops || !ops->translate || ops->num_indexes < 0) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "IOMMU region '%s': ops need translate and "
                     "num_indexes >= 0", name ? name : "(null)");
        return NULL;
    }
    MemoryRegion *mr = region_alloc(name, MR_IOMMU, size, err);
    if (mr) {
        mr->iommu_ops = ops;
        mr->opaque = opaque;
    }
    return mr;
}

void memory_region_ref(MemoryRegion *mr)
{
    assert(mr->refcount > 0 && "memory: ref of a freed region");
    mr->refcount++;
}

static void subregions_clear(MemoryRegion *mr)
{
    for (size_t i = 0; i < mr->nr_subregions; i++) {
        MemoryRegion *child = mr->subregions[i];
        child->container = NULL;
        memory_region_unref(child);
    }
    mr->nr_subregions = 0;
}

static void alias_clear(MemoryRegion *mr)
{
    if (mr->alias) {
        referrer_remove(mr->alias, mr);
        memory_region_unref(mr->alias);
        mr->alias = NULL;
    }
}

static void notifiers_clear(MemoryRegion *mr)
{
    for (IOMMUNotifier *n = mr->notifiers; n; n = n->next) {
        n->iommu = NULL;
    }
    mr->notifiers = NULL;
}

void memory_region_unref(MemoryRegion *mr)
{
    assert(mr->refcount > 0 && "memory: unref of a freed region");
    if (--mr->refcount > 0) {
        return;
    }
    /* Every holder of a link also holds a reference (see memory.h). */
    assert(!mr->container && !mr->nr_referrers && !mr->spaces);
    subregions_clear(mr);
    alias_clear(mr);
    notifiers_clear(mr);
    ram_free(mr->ram, mr->ram_size, mr->fd);
    free(mr->subregions);
    free(mr->alias_referrers);
    free(mr->name);
    free(mr);
}

void memory_region_destroy(MemoryRegion *mr)
{
    memory_transaction_begin();
    memory_region_changed(mr);
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr, NULL);
    }
    /* Subregions were placed by their own owners: they return unparented. */
    subregions_clear(mr);
    alias_clear(mr);
    notifiers_clear(mr);
    mr->kind = MR_DESTROYED;
    mr->ops = NULL;
    mr->iommu_ops = NULL;
    mr->opaque = NULL;
    memory_transaction_commit();
    memory_region_unref(mr);
}

bool memory_region_terminates(const MemoryRegion *mr)
{
    return mr->kind != MR_CONTAINER && mr->kind != MR_ALIAS;
}

bool memory_region_is_ram_backed(const MemoryRegion *mr)
{
    return mr->kind == MR_RAM || mr->kind == MR_ROM_DEVICE;
}

/*
 * Whether @target can be reached from @from through subregions and alias
 * targets. Marks visited regions with a fresh epoch so shared subgraphs are
 * walked once.
 */
static bool reaches(MemoryRegion *from, MemoryRegion *target, unsigned epoch)
{
    if (from == target) {
        return true;
    }
    if (from->mark_epoch == epoch) {
        return false;
    }
    from->mark_epoch = epoch;
    if (from->alias && reaches(from->alias, target, epoch)) {
        return true;
    }
    for (size_t i = 0; i < from->nr_subregions; i++) {
        if (reaches(from->subregions[i], target, epoch)) {
            return true;
        }
    }
    return false;
}

MemErrCode memory_region_add_subregion_overlap(MemoryRegion *parent,
                                               hwaddr offset,
                                               MemoryRegion *child,
                                               int priority, MemError *err)
{
    assert(parent != NULL && child != NULL);
    if (child->container) {
        memory_error_set(err, MEM_ERR_BUSY,
                     "region '%s' already has parent '%s'", child->name,
                     child->container->name);
        return MEM_ERR_BUSY;
    }
    if (parent->kind == MR_ALIAS || parent->kind == MR_IOMMU ||
        parent->kind == MR_DESTROYED || parent == child) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "region '%s' cannot take subregion '%s'", parent->name,
                     child->name);
        return MEM_ERR_INVAL;
    }
    if (!range_fits(offset, child->size_m1)) {
        memory_error_set(err, MEM_ERR_RANGE,
                     "subregion '%s' at 0x%llx overflows 64 bits",
                     child->name, (unsigned long long)offset);
        return MEM_ERR_RANGE;
    }
    if (reaches(child, parent, memory_next_epoch())) {
        memory_error_set(err, MEM_ERR_LOOP,
                     "adding '%s' to '%s' would make a cycle", child->name,
                     parent->name);
        return MEM_ERR_LOOP;
    }
    if (parent->nr_subregions == parent->cap_subregions) {
        parent->cap_subregions = parent->cap_subregions * 2 + 4;
        parent->subregions =
            xrealloc(parent->subregions,
                     parent->cap_subregions * sizeof(MemoryRegion *));
    }
    /* After every sibling of equal or lower priority: last added wins. */
    size_t pos = parent->nr_subregions;
    while (pos > 0 && parent->subregions[pos - 1]->priority > priority) {
        pos--;
    }
    memmove(&parent->subregions[pos + 1], &parent->subregions[pos],
            (parent->nr_subregions - pos) * sizeof(MemoryRegion *));
    parent->subregions[pos] = child;
    parent->nr_subregions++;
    memory_region_ref(child);
    child->container = parent;
    child->addr = offset;
    child->priority = priority;
    memory_region_changed(parent);
    return MEM_OK;
}

MemErrCode memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                       MemoryRegion *child, MemError *err)
{
    return memory_region_add_subregion_overlap(parent, offset, child, 0, err);
}

MemErrCode memory_region_del_subregion(MemoryRegion *parent,
                                       MemoryRegion *child, MemError *err)
{
    assert(parent != NULL && child != NULL);
    size_t i = 0;
    while (i < parent->nr_subregions && parent->subregions[i] != child) {
        i++;
    }
    if (i == parent->nr_subregions) {
        memory_error_set(err, MEM_ERR_NOENT, "region '%s' is not a child of '%s'",
                     child->name, parent->name);
        return MEM_ERR_NOENT;
    }
    memmove(&parent->subregions[i], &parent->subregions[i + 1],
            (parent->nr_subregions - i - 1) * sizeof(MemoryRegion *));
    parent->nr_subregions--;
    child->container = NULL;
    memory_region_changed(parent);
    memory_region_unref(child);
    return MEM_OK;
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_region_changed(mr);
    }
}

/*
 * A moved region counts as re-added, as in QEMU: it becomes the newest of
 * its equal-priority siblings and wins where they overlap.
 */
static void reorder_as_newest(MemoryRegion *mr)
{
    MemoryRegion *parent = mr->container;
    MemoryRegion **v = parent->subregions;
    size_t n = parent->nr_subregions;
    size_t i = 0;
    while (v[i] != mr) {
        i++;
    }
    while (i + 1 < n && v[i + 1]->priority <= mr->priority) {
        v[i] = v[i + 1];
        i++;
    }
    v[i] = mr;
}

MemErrCode memory_region_set_address(MemoryRegion *mr, hwaddr addr,
                                     MemError *err)
{
    if (!range_fits(addr, mr->size_m1)) {
        memory_error_set(err, MEM_ERR_RANGE,
                     "region '%s' at 0x%llx overflows 64 bits", mr->name,
                     (unsigned long long)addr);
        return MEM_ERR_RANGE;
    }
    if (mr->addr != addr) {
        mr->addr = addr;
        if (mr->container) {
            reorder_as_newest(mr);
        }
        memory_region_changed(mr);
    }
    return MEM_OK;
}

MemErrCode memory_region_set_size(MemoryRegion *mr, uint64_t size,
                                  MemError *err)
{
    if (size == 0) {
        memory_error_set(err, MEM_ERR_INVAL, "region '%s': size 0", mr->name);
        return MEM_ERR_INVAL;
    }
    hwaddr m1 = size_to_m1(size);
    bool ram_too_small = mr->ram && m1 >= mr->ram_size;
    if (ram_too_small || !range_fits(mr->addr, m1) ||
        (mr->alias && !range_fits(mr->alias_offset, m1))) {
        memory_error_set(err, MEM_ERR_RANGE,
                     "region '%s' cannot take size 0x%llx%s", mr->name,
                     (unsigned long long)size,
                     ram_too_small ? ": beyond its RAM" : ": overflows");
        return MEM_ERR_RANGE;
    }
    if (mr->size_m1 != m1) {
        mr->size_m1 = m1;
        memory_region_changed(mr);
    }
    return MEM_OK;
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        memory_region_changed(mr);
    }
}

MemErrCode memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset,
                                          MemError *err)
{
    if (mr->kind != MR_ALIAS) {
        memory_error_set(err, MEM_ERR_INVAL, "region '%s' is not an alias",
                     mr->name);
        return MEM_ERR_INVAL;
    }
    if (!range_fits(offset, mr->size_m1)) {
        memory_error_set(err, MEM_ERR_RANGE,
                     "alias '%s': offset 0x%llx overflows 64 bits", mr->name,
                     (unsigned long long)offset);
        return MEM_ERR_RANGE;
    }
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        memory_region_changed(mr);
    }
    return MEM_OK;
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd)
{
    assert(mr->kind == MR_ROM_DEVICE && "memory: set_romd on a non-ROM device");
    if (mr->romd != romd) {
        mr->romd = romd;
        memory_region_changed(mr);
    }
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size_m1 == UINT64_MAX ? MEMORY_SIZE_2_64 : mr->size_m1 + 1;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->kind == MR_RAM;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    return memory_region_is_ram_backed(mr) ? mr->ram : NULL;
}

int memory_region_get_fd(const MemoryRegion *mr, uint64_t *offset)
{
    if (offset) {
        *offset = mr->fd_offset;
    }
    return mr->fd;
}
