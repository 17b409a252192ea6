/*
 * Text dumps of region trees and flat views in the shape of QEMU's
 * `info mtree` and `info mtree -f`, so users can compare the two directly.
 * Beyond QEMU: IOMMU regions show as "iommu", destroyed ones are marked.
 */
#include <stdlib.h>

#include "internal.h"

#define ADDR_FMT "%016llx"

typedef struct PtrList {
    const void **v;
    size_t n, cap;
} PtrList;

static bool ptrlist_add_unique(PtrList *l, const void *p)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i] == p) {
            return false;
        }
    }
    if (l->n == l->cap) {
        l->cap = l->cap * 2 + 8;
        l->v = realloc(l->v, l->cap * sizeof(void *));
        if (!l->v) {
            abort();
        }
    }
    l->v[l->n++] = p;
    return true;
}

static const char *region_type(const MemoryRegion *mr, bool readonly)
{
    while (mr->kind == MR_ALIAS) {
        mr = mr->alias;
    }
    switch (mr->kind) {
    case MR_RAM:
        return readonly || mr->readonly ? "rom" : "ram";
    case MR_ROM_DEVICE:
        return mr->romd ? "romd" : "i/o";
    case MR_IOMMU:
        return "iommu";
    default:
        return "i/o";
    }
}

static const char *region_flags(const MemoryRegion *mr)
{
    if (mr->kind == MR_DESTROYED) {
        return " [destroyed]";
    }
    return mr->enabled ? "" : " [disabled]";
}

/* QEMU's print order: by address, then higher priority first. */
static bool prints_before(const MemoryRegion *x, const MemoryRegion *y)
{
    if (x->addr != y->addr) {
        return x->addr < y->addr;
    }
    return x->priority > y->priority;
}

/*
 * A stable insertion sort from lookup order (highest precedence first), so
 * ties print in that order, as QEMU's do.
 */
static void sort_for_print(MemoryRegion **v, const MemoryRegion *mr)
{
    size_t n = mr->nr_subregions;
    for (size_t i = 0; i < n; i++) {
        MemoryRegion *x = mr->subregions[n - 1 - i];
        size_t j = i;
        while (j > 0 && prints_before(x, v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static void print_region(FILE *out, const MemoryRegion *mr, int level,
                         hwaddr base, PtrList *alias_targets)
{
    hwaddr start = base + mr->addr;
    fprintf(out, "%*s" ADDR_FMT "-" ADDR_FMT " (prio %d, %s): ", level * 2,
            "", (unsigned long long)start,
            (unsigned long long)(start + mr->size_m1), mr->priority,
            region_type(mr, false));
    if (mr->kind == MR_ALIAS) {
        fprintf(out, "alias %s @%s " ADDR_FMT "-" ADDR_FMT "%s\n", mr->name,
                mr->alias->name, (unsigned long long)mr->alias_offset,
                (unsigned long long)(mr->alias_offset + mr->size_m1),
                region_flags(mr));
        ptrlist_add_unique(alias_targets, mr->alias);
        return;
    }
    fprintf(out, "%s%s\n", mr->name, region_flags(mr));
    if (!mr->nr_subregions) {
        return;
    }
    /* Sort a copy: the subregion array's order is the priority order. */
    MemoryRegion **sorted = malloc(mr->nr_subregions * sizeof(*sorted));
    if (!sorted) {
        abort();
    }
    sort_for_print(sorted, mr);
    for (size_t i = 0; i < mr->nr_subregions; i++) {
        print_region(out, sorted[i], level + 1, start, alias_targets);
    }
    free(sorted);
}

void memory_dump_tree(FILE *out, AddressSpace *const *spaces, size_t n)
{
    PtrList roots = { 0 }, targets = { 0 };
    for (size_t i = 0; i < n; i++) {
        const MemoryRegion *root = spaces[i]->root;
        if (!ptrlist_add_unique(&roots, root)) {
            continue;
        }
        for (size_t j = i; j < n; j++) {
            if (spaces[j]->root == root) {
                fprintf(out, "address-space: %s\n", spaces[j]->name);
            }
        }
        print_region(out, root, 1, 0, &targets);
        fprintf(out, "\n");
    }
    /* Printing a target may find more targets: the list grows as we go. */
    for (size_t i = 0; i < targets.n; i++) {
        const MemoryRegion *t = targets.v[i];
        fprintf(out, "memory-region: %s\n", t->name);
        print_region(out, t, 1, 0, &targets);
        fprintf(out, "\n");
    }
    free(roots.v);
    free(targets.v);
}

static void print_flat_range(FILE *out, const FlatRange *fr)
{
    fprintf(out, "  " ADDR_FMT "-" ADDR_FMT " (prio %d, %s): %s",
            (unsigned long long)fr->start, (unsigned long long)fr->last,
            fr->mr->priority,
            fr->mr->kind == MR_ROM_DEVICE ? (fr->romd ? "romd" : "i/o")
                                          : region_type(fr->mr, fr->readonly),
            fr->mr->name);
    if (fr->offset_in_region) {
        fprintf(out, " @" ADDR_FMT, (unsigned long long)fr->offset_in_region);
    }
    fprintf(out, "\n");
}

void memory_dump_flat(FILE *out, AddressSpace *const *spaces, size_t n)
{
    PtrList views = { 0 };
    for (size_t i = 0; i < n; i++) {
        const FlatView *fv = spaces[i]->current_map;
        if (!ptrlist_add_unique(&views, fv)) {
            continue;
        }
        fprintf(out, "FlatView #%zu\n", views.n - 1);
        for (size_t j = i; j < n; j++) {
            if (spaces[j]->current_map == fv) {
                fprintf(out, " AS \"%s\", root: %s\n", spaces[j]->name,
                        spaces[j]->root->name);
            }
        }
        fprintf(out, " Root memory region: %s\n", fv->root->name);
        bool any = false;
        for (size_t k = 0; k < fv->nr; k++) {
            if (fv->ranges[k].mr) {
                print_flat_range(out, &fv->ranges[k]);
                any = true;
            }
        }
        if (!any) {
            fprintf(out, "  No rendered FlatView\n");
        }
        fprintf(out, "\n");
    }
    free(views.v);
}
