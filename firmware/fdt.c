/*
 * The structure block is a token stream (DT spec 5.4): BEGIN_NODE and its
 * NUL-terminated name, PROP with length and name offset, END_NODE, NOP,
 * END, each padded to 4 bytes. Properties come before subnodes.
 */
#include "fdt.h"

enum {
    FDT_BEGIN_NODE = 1,
    FDT_END_NODE = 2,
    FDT_PROP = 3,
    FDT_NOP = 4,
    FDT_END = 9,
};

/* Header words (DT spec 5.2). */
enum {
    HDR_MAGIC,
    HDR_TOTALSIZE,
    HDR_OFF_STRUCT,
    HDR_OFF_STRINGS,
    HDR_OFF_RSVMAP,
    HDR_VERSION,
    HDR_LAST_COMP,
    HDR_BOOT_CPU,
    HDR_SIZE_STRINGS,
    HDR_SIZE_STRUCT,
};

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
           (uint32_t)b[2] << 8 | b[3];
}

static uint32_t hdr(const void *fdt, unsigned word)
{
    return be32((const uint8_t *)fdt + 4 * word);
}

uint64_t fdt_cells(const void *p, uint32_t cells)
{
    uint64_t low = be32((const uint8_t *)p + 4 * (cells - 1));
    return cells == 2 ? (uint64_t)be32(p) << 32 | low : low;
}

bool fdt_valid(const void *fdt)
{
    uint32_t size = hdr(fdt, HDR_TOTALSIZE);
    return hdr(fdt, HDR_MAGIC) == FDT_MAGIC &&
           hdr(fdt, HDR_OFF_STRUCT) + hdr(fdt, HDR_SIZE_STRUCT) <= size &&
           hdr(fdt, HDR_OFF_STRINGS) + hdr(fdt, HDR_SIZE_STRINGS) <= size;
}

uint32_t fdt_size(const void *fdt)
{
    return hdr(fdt, HDR_TOTALSIZE);
}

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

/* @name is @node, or @node followed by '@' and a unit address. */
static bool name_is(const char *name, const char *node)
{
    while (*node && *name == *node) {
        name++, node++;
    }
    return !*node && (!*name || *name == '@');
}

static uint32_t align4(uint32_t n)
{
    return (n + 3) & ~3u;
}

const void *fdt_get(const void *fdt, const char *node, const char *prop,
                    uint32_t *len)
{
    const uint8_t *base = fdt;
    const uint8_t *p = base + hdr(fdt, HDR_OFF_STRUCT);
    const uint8_t *end = p + hdr(fdt, HDR_SIZE_STRUCT);
    const char *strings = (const char *)base + hdr(fdt, HDR_OFF_STRINGS);
    unsigned depth = 0;
    bool in_node = false;
    while (p + 4 <= end) {
        uint32_t token = be32(p);
        p += 4;
        switch (token) {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)p;
            uint32_t n = 0;
            while (p + n < end && name[n]) {
                n++;
            }
            p += align4(n + 1);
            depth++;
            in_node = *node ? depth == 2 && name_is(name, node) : depth == 1;
            break;
        }
        case FDT_END_NODE:
            depth--;
            in_node = false;
            break;
        case FDT_PROP: {
            uint32_t plen = be32(p), nameoff = be32(p + 4);
            const uint8_t *value = p + 8;
            /* A property past the block or a name past the strings: a
             * broken tree, read no further. */
            if (plen > (uint32_t)(end - value) ||
                nameoff >= hdr(fdt, HDR_SIZE_STRINGS)) {
                return 0;
            }
            p = value + align4(plen);
            if (in_node && streq(strings + nameoff, prop)) {
                *len = plen;
                return value;
            }
            break;
        }
        case FDT_NOP:
            break;
        default:
            return 0;
        }
    }
    return 0;
}
