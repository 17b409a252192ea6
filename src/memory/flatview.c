/*
 * Rendering a region tree into a flat view, and looking addresses up in it.
 *
 * Rendering walks the tree in the order lookups resolve overlaps (children
 * by descending priority, a terminating region after its children) and
 * emits one candidate per visible leaf piece, ranked by emission order.
 * A sweep over the candidates' end points then keeps, at every address, the
 * lowest-ranked candidate that covers it: O(n log n) for n candidates, where
 * inserting each leaf into a sorted array would be O(n^2).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef __int128 wide;

typedef struct Candidate {
    hwaddr start;
    hwaddr last;
    MemoryRegion *mr;
    /* Address-space address of the region's offset 0 (may be off-space). */
    wide base;
    bool readonly;
} Candidate;

typedef struct RenderCtx {
    Candidate *cand;
    size_t nr, cap;
} RenderCtx;

static void emit(RenderCtx *c, const Candidate *cand)
{
    if (c->nr == c->cap) {
        c->cap = c->cap * 2 + 64;
        c->cand = realloc(c->cand, c->cap * sizeof(Candidate));
        assert(c->cand != NULL);
    }
    c->cand[c->nr++] = *cand;
}

/* @base: where @mr's container has its offset 0; [cs, ce]: the clip. */
static void render_region(RenderCtx *c, MemoryRegion *mr, wide base, wide cs,
                          wide ce, bool readonly)
{
    if (!mr->enabled) {
        return;
    }
    wide start = base + (wide)mr->addr;
    wide last = start + (wide)mr->size_m1;
    cs = cs > start ? cs : start;
    ce = ce < last ? ce : last;
    if (cs > ce) {
        return;
    }
    readonly |= mr->readonly;
    if (mr->kind == MR_ALIAS) {
        /* The target's offset alias_offset lands on our offset 0. */
        wide tbase = start - (wide)mr->alias_offset - (wide)mr->alias->addr;
        render_region(c, mr->alias, tbase, cs, ce, readonly);
        return;
    }
    for (size_t i = mr->nr_subregions; i-- > 0;) {
        render_region(c, mr->subregions[i], start, cs, ce, readonly);
    }
    if (memory_region_terminates(mr)) {
        Candidate cand = { .start = (hwaddr)cs, .last = (hwaddr)ce,
                           .mr = mr, .base = start, .readonly = readonly };
        emit(c, &cand);
    }
}

typedef struct Event {
    unsigned __int128 pos;
    size_t cand;
    bool open;
} Event;

static int event_cmp(const void *a, const void *b)
{
    const Event *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* A binary min-heap of candidate indexes (the rank is the index). */
typedef struct Heap {
    size_t *v;
    size_t n;
} Heap;

static void heap_push(Heap *h, size_t x)
{
    size_t i = h->n++;
    while (i > 0 && h->v[(i - 1) / 2] > x) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = x;
}

static void heap_pop(Heap *h)
{
    size_t x = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t k = 2 * i + 1;
        if (k >= h->n) {
            break;
        }
        if (k + 1 < h->n && h->v[k + 1] < h->v[k]) {
            k++;
        }
        if (h->v[k] >= x) {
            break;
        }
        h->v[i] = h->v[k];
        i = k;
    }
    h->v[i] = x;
}

typedef struct RangeList {
    FlatRange *r;
    size_t nr, cap;
} RangeList;

/* Appends [start, last] served by @cand (NULL: a hole), merging neighbours. */
static void append_range(RangeList *out, hwaddr start, hwaddr last,
                         const Candidate *cand)
{
    FlatRange fr = { .start = start, .last = last };
    if (cand) {
        fr.mr = cand->mr;
        fr.offset_in_region = (hwaddr)((wide)start - cand->base);
        fr.ram = cand->mr->ram;
        fr.kind = (uint8_t)cand->mr->kind;
        fr.readonly = cand->readonly;
        fr.romd = cand->mr->kind == MR_ROM_DEVICE && cand->mr->romd;
    }
    if (out->nr) {
        FlatRange *p = &out->r[out->nr - 1];
        bool contiguous = p->offset_in_region + (p->last - p->start) + 1 ==
                          fr.offset_in_region;
        if (p->mr == fr.mr && p->readonly == fr.readonly &&
            p->romd == fr.romd && (!fr.mr || contiguous)) {
            p->last = last;
            return;
        }
    }
    if (out->nr == out->cap) {
        out->cap = out->cap * 2 + 16;
        out->r = realloc(out->r, out->cap * sizeof(FlatRange));
        assert(out->r != NULL);
    }
    out->r[out->nr++] = fr;
}

static void sweep(const RenderCtx *c, RangeList *out)
{
    size_t nev = 0;
    Event *ev = malloc((2 * c->nr + 1) * sizeof(Event));
    Heap heap = { .v = malloc((c->nr + 1) * sizeof(size_t)) };
    bool *closed = calloc(c->nr + 1, 1);
    assert(ev && heap.v && closed);
    for (size_t i = 0; i < c->nr; i++) {
        ev[nev++] = (Event){ .pos = c->cand[i].start, .cand = i, .open = 1 };
        ev[nev++] = (Event){ .pos = (unsigned __int128)c->cand[i].last + 1,
                             .cand = i };
    }
    qsort(ev, nev, sizeof(Event), event_cmp);
    const unsigned __int128 space_end = (unsigned __int128)UINT64_MAX + 1;
    unsigned __int128 pos = 0;
    size_t e = 0;
    while (pos < space_end) {
        for (; e < nev && ev[e].pos == pos; e++) {
            if (ev[e].open) {
                heap_push(&heap, ev[e].cand);
            } else {
                closed[ev[e].cand] = true;
            }
        }
        while (heap.n && closed[heap.v[0]]) {
            heap_pop(&heap);
        }
        unsigned __int128 next = e < nev ? ev[e].pos : space_end;
        append_range(out, (hwaddr)pos, (hwaddr)(next - 1),
                     heap.n ? &c->cand[heap.v[0]] : NULL);
        pos = next;
    }
    free(ev);
    free(heap.v);
    free(closed);
}

FlatView *flatview_render(MemoryRegion *root)
{
    RenderCtx c = { 0 };
    render_region(&c, root, -(wide)root->addr, 0, (wide)UINT64_MAX, false);
    RangeList out = { 0 };
    sweep(&c, &out);
    free(c.cand);

    FlatView *fv = calloc(1, sizeof(*fv));
    assert(fv != NULL);
    fv->refcount = 1;
    fv->nr = out.nr;
    fv->ranges = out.r;
    fv->starts = malloc(out.nr * sizeof(hwaddr));
    assert(fv->starts != NULL);
    for (size_t i = 0; i < out.nr; i++) {
        fv->starts[i] = out.r[i].start;
        if (out.r[i].mr) {
            memory_region_ref(out.r[i].mr);
        }
    }
    fv->root = root;
    memory_region_ref(root);
    return fv;
}

void flatview_ref(FlatView *fv)
{
    fv->refcount++;
}

void flatview_unref(FlatView *fv)
{
    assert(fv->refcount > 0);
    if (--fv->refcount > 0) {
        return;
    }
    for (size_t i = 0; i < fv->nr; i++) {
        if (fv->ranges[i].mr) {
            memory_region_unref(fv->ranges[i].mr);
        }
    }
    memory_region_unref(fv->root);
    free(fv->starts);
    free(fv->ranges);
    free(fv);
}

const FlatRange *flatview_lookup(const FlatView *fv, hwaddr addr)
{
    /* Branch-free search for the last start <= addr; starts[0] is 0. */
    const hwaddr *base = fv->starts;
    size_t n = fv->nr;
    while (n > 1) {
        size_t half = n / 2;
        base = base[half] <= addr ? base + half : base;
        n -= half;
    }
    return &fv->ranges[base - fv->starts];
}

void flat_range_to_section(const FlatRange *fr, MemoryRegionSection *s)
{
    s->mr = fr->mr;
    s->addr = fr->start;
    s->last = fr->last;
    s->offset_in_region = fr->offset_in_region;
    s->readonly = fr->readonly;
    s->romd = fr->romd;
}
