/*
 * Topology changes: which roots a change dirties, batching in
 * begin/commit pairs, re-rendering each dirty root once and telling every
 * address space's listeners exactly which sections went and came.
 */
#include <assert.h>
#include <stddef.h>

#include "internal.h"

/* Per host thread, like a lock depth; see memory_transaction_begin(). */
static __thread unsigned txn_depth;
static __thread MemoryRegion *pending_roots;
static __thread unsigned epoch_counter;

unsigned memory_next_epoch(void)
{
    /* Regions start with epoch 0, so 0 is never handed out. */
    if (++epoch_counter == 0) {
        epoch_counter = 1;
    }
    return epoch_counter;
}

/* Walks from @mr to every root whose view can show it. */
static void mark_roots(MemoryRegion *mr, unsigned epoch)
{
    if (mr->mark_epoch == epoch) {
        return;
    }
    mr->mark_epoch = epoch;
    if (mr->spaces && !mr->pending) {
        mr->pending = true;
        memory_region_ref(mr);
        mr->pending_next = pending_roots;
        pending_roots = mr;
    }
    if (mr->container) {
        mark_roots(mr->container, epoch);
    }
    for (size_t i = 0; i < mr->nr_referrers; i++) {
        mark_roots(mr->alias_referrers[i], epoch);
    }
}

void memory_region_changed(MemoryRegion *mr)
{
    memory_transaction_begin();
    mark_roots(mr, memory_next_epoch());
    memory_transaction_commit();
}

void memory_transaction_begin(void)
{
    txn_depth++;
}

static bool same_section(const FlatRange *a, const FlatRange *b)
{
    return a->start == b->start && a->last == b->last && a->mr == b->mr &&
           a->kind == b->kind &&
           a->offset_in_region == b->offset_in_region &&
           a->readonly == b->readonly && a->romd == b->romd;
}

typedef void (*SectionFn)(MemoryListener *l, const MemoryRegionSection *s);

/*
 * Calls @fn for each section of @from that @other does not hold exactly.
 * Both views tile the whole space in address order, so one merge walk
 * finds them.
 */
static void diff_pass(MemoryListener *l, SectionFn fn, const FlatView *from,
                      const FlatView *other)
{
    size_t j = 0;
    for (size_t i = 0; i < from->nr; i++) {
        const FlatRange *fr = &from->ranges[i];
        while (j < other->nr && other->ranges[j].start < fr->start) {
            j++;
        }
        bool kept = j < other->nr && same_section(fr, &other->ranges[j]);
        if (fr->mr && !kept) {
            MemoryRegionSection s;
            flat_range_to_section(fr, &s);
            fn(l, &s);
        }
    }
}

static bool views_equal(const FlatView *a, const FlatView *b)
{
    if (a->nr != b->nr) {
        return false;
    }
    for (size_t i = 0; i < a->nr; i++) {
        if (!same_section(&a->ranges[i], &b->ranges[i])) {
            return false;
        }
    }
    return true;
}

static void tell_listener(MemoryListener *l, const FlatView *old,
                          const FlatView *new)
{
    if (l->begin) {
        l->begin(l);
    }
    if (l->region_del) {
        diff_pass(l, l->region_del, old, new);
    }
    if (l->region_add) {
        diff_pass(l, l->region_add, new, old);
    }
    if (l->commit) {
        l->commit(l);
    }
}

static void update_root(MemoryRegion *root)
{
    FlatView *fv = flatview_render(root);
    for (AddressSpace *as = root->spaces; as; as = as->next_on_root) {
        FlatView *old = as->current_map;
        if (views_equal(old, fv)) {
            continue;
        }
        flatview_ref(fv);
        as->current_map = fv;
        for (MemoryListener *l = as->listeners; l; l = l->next) {
            tell_listener(l, old, fv);
        }
        flatview_unref(old);
    }
    flatview_unref(fv);
}

void memory_transaction_commit(void)
{
    assert(txn_depth > 0 && "memory: commit without begin");
    if (txn_depth > 1) {
        txn_depth--;
        return;
    }
    /* Stay inside the transaction while rendering: listeners are told
     * about a consistent state, and roots they dirty are picked up here. */
    while (pending_roots) {
        MemoryRegion *root = pending_roots;
        pending_roots = root->pending_next;
        root->pending = false;
        if (root->spaces) {
            update_root(root);
        }
        memory_region_unref(root);
    }
    txn_depth--;
}
