/*
 * address_space_map/unmap: zero-copy access to RAM for DMA-like transfers,
 * and one bounce buffer per address space for everything else. Unlike
 * QEMU, the bounce write-back keeps the mapping's attributes, so a
 * Non-secure mapping can never write back as Secure.
 */
#include <assert.h>
#include <stdlib.h>

#include "internal.h"

struct MemoryMapping {
    uint8_t *host;
    MemoryRegion *mr;
    MemoryMapping *next;
};

/* Whether the leaf can be handed out as host memory for this direction. */
static bool direct(const FlatRange *fr, bool is_write, MemTxAttrs attrs)
{
    switch (fr->kind) {
    case MR_RAM:
        return !is_write || !fr->readonly || attrs.debug;
    case MR_ROM_DEVICE:
        return !is_write && fr->romd;
    default:
        return false;
    }
}

static void *map_direct(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs, const FlatRange *fr,
                        hwaddr off, hwaddr first_len)
{
    MemoryRegion *mr = fr->mr;
    uint8_t *host = mr->ram + off;
    hwaddr total = first_len;
    /* Extend over following pieces of the same host memory. */
    while (total < *plen && addr + total != 0) {
        hwaddr l = *plen - total;
        const FlatRange *next;
        hwaddr noff;
        if (memory_translate(as, addr + total, &l, is_write, attrs, &next,
                             &noff) != MEMTX_OK ||
            next->mr != mr || !direct(next, is_write, attrs) ||
            mr->ram + noff != host + total) {
            break;
        }
        total += l;
    }
    MemoryMapping *m = malloc(sizeof(*m));
    assert(m != NULL);
    m->host = host;
    m->mr = mr;
    memory_region_ref(mr);
    m->next = as->mappings;
    as->mappings = m;
    *plen = total;
    return host;
}

static void *map_bounce(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs, hwaddr first_len,
                        MemTxResult *res)
{
    if (as->bounce.busy) {
        *plen = 0;
        return NULL;
    }
    hwaddr l = first_len < MEMORY_BOUNCE_SIZE ? first_len : MEMORY_BOUNCE_SIZE;
    if (!as->bounce.buffer) {
        as->bounce.buffer = malloc(MEMORY_BOUNCE_SIZE);
        assert(as->bounce.buffer != NULL);
    }
    if (!is_write) {
        MemTxResult r = memory_access(as, addr, attrs, as->bounce.buffer, l,
                                      false, false, false);
        if (r != MEMTX_OK) {
            *res = r;
            *plen = 0;
            return NULL;
        }
    }
    as->bounce.busy = true;
    as->bounce.addr = addr;
    as->bounce.len = l;
    as->bounce.attrs = attrs;
    *plen = l;
    return as->bounce.buffer;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs, MemTxResult *res)
{
    MemTxResult dummy;
    res = res ? res : &dummy;
    *res = MEMTX_OK;
    if (*plen == 0) {
        return NULL;
    }
    hwaddr l = *plen;
    const FlatRange *fr;
    hwaddr off;
    MemTxResult r = memory_translate(as, addr, &l, is_write, attrs, &fr, &off);
    if (r != MEMTX_OK) {
        *res = r;
        *plen = 0;
        return NULL;
    }
    if (direct(fr, is_write, attrs)) {
        return map_direct(as, addr, plen, is_write, attrs, fr, off, l);
    }
    return map_bounce(as, addr, plen, is_write, attrs, l, res);
}

MemTxResult address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                                bool is_write, hwaddr access_len)
{
    assert(access_len <= len && "memory: unmap of more than was mapped");
    if (as->bounce.busy && buffer == as->bounce.buffer) {
        MemTxResult r = MEMTX_OK;
        if (is_write) {
            hwaddr n = access_len < as->bounce.len ? access_len
                                                   : as->bounce.len;
            r = memory_access(as, as->bounce.addr, as->bounce.attrs,
                              as->bounce.buffer, n, true, false, false);
        }
        as->bounce.busy = false;
        return r;
    }
    MemoryMapping **p = &as->mappings;
    while (*p && (*p)->host != buffer) {
        p = &(*p)->next;
    }
    assert(*p != NULL && "memory: unmap of a pointer that was not mapped");
    MemoryMapping *m = *p;
    *p = m->next;
    memory_region_unref(m->mr);
    free(m);
    return MEMTX_OK;
}
