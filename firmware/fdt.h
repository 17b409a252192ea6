/*
 * A read-only flattened device tree reader (Devicetree Specification v0.3,
 * chapter 5), just enough for tzmon: the root's and its children's
 * properties, found by node name (the part before '@').
 */
#ifndef TZMON_FDT_H
#define TZMON_FDT_H

#include <stdbool.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu

/* The header's magic is there and the blocks lie inside totalsize. */
bool fdt_valid(const void *fdt);
uint32_t fdt_size(const void *fdt);

/*
 * Property @prop of the root (@node "") or of the root's child named @node
 * (its name up to '@'); its value and *@len, or NULL when absent.
 */
const void *fdt_get(const void *fdt, const char *node, const char *prop,
                    uint32_t *len);

/* A big-endian value of @cells 32-bit cells (1 or 2) at @p. */
uint64_t fdt_cells(const void *p, uint32_t cells);

#endif
