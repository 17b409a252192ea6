/*
 * Address spaces: a root region seen by a bus master, the flat view shared
 * by every space on the same root, the listeners told of its changes and
 * the transaction observer.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    assert(as != NULL && root != NULL);
    memset(as, 0, sizeof(*as));
    as->name = strdup(name ? name : "anonymous");
    assert(as->name != NULL);
    as->root = root;
    memory_region_ref(root);
    if (root->spaces) {
        /* Same root, same view: one render serves them all. */
        as->current_map = root->spaces->current_map;
        flatview_ref(as->current_map);
    } else {
        as->current_map = flatview_render(root);
    }
    as->next_on_root = root->spaces;
    root->spaces = as;
}

void address_space_destroy(AddressSpace *as)
{
    assert(!as->mappings && !as->bounce.busy &&
           "memory: address space destroyed while mapped");
    while (as->listeners) {
        memory_listener_unregister(as->listeners);
    }
    AddressSpace **p = &as->root->spaces;
    while (*p != as) {
        p = &(*p)->next_on_root;
    }
    *p = as->next_on_root;
    flatview_unref(as->current_map);
    memory_region_unref(as->root);
    free(as->bounce.buffer);
    free(as->name);
    memset(as, 0, sizeof(*as));
}

void address_space_set_observer(AddressSpace *as, MemTxObserver fn,
                                void *opaque)
{
    as->observer = fn;
    as->observer_opaque = opaque;
}

uint64_t memtx_event_value(const MemTxEvent *ev)
{
    unsigned size = ev->size < 8 ? (unsigned)ev->size : 8;
    return mem_bytes_to_value(ev->data, size, ev->big_endian);
}

const char *memtx_result_name(MemTxResult r)
{
    if (r == MEMTX_OK) {
        return "ok";
    }
    if (r & MEMTX_DECODE_ERROR) {
        return "decode-error";
    }
    return r & MEMTX_ACCESS_ERROR ? "access-denied" : "device-error";
}

void memory_listener_register(MemoryListener *l, AddressSpace *as)
{
    l->as = as;
    l->next = as->listeners;
    as->listeners = l;
    if (l->begin) {
        l->begin(l);
    }
    const FlatView *fv = as->current_map;
    for (size_t i = 0; i < fv->nr && l->region_add; i++) {
        if (fv->ranges[i].mr) {
            MemoryRegionSection s;
            flat_range_to_section(&fv->ranges[i], &s);
            l->region_add(l, &s);
        }
    }
    if (l->commit) {
        l->commit(l);
    }
}

void memory_listener_unregister(MemoryListener *l)
{
    if (!l->as) {
        return;
    }
    MemoryListener **p = &l->as->listeners;
    while (*p != l) {
        p = &(*p)->next;
    }
    *p = l->next;
    l->as = NULL;
    l->next = NULL;
}
