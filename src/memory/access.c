/*
 * Accesses through an address space: resolving an address (through any
 * IOMMUs on the way) to the leaf that serves it, moving the bytes, and the
 * observer hook. RAM is a lookup and a memcpy; the rest is dispatched.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void report_iommu_loop(MemoryRegion *iommu, hwaddr addr)
{
    /* Once per region: a guest can hit this on every access. */
    if (!iommu->loop_reported) {
        iommu->loop_reported = true;
        fprintf(stderr,
                "tzemu: memory: IOMMU chain through '%s' is more than %d "
                "deep at 0x%llx (a loop?); such accesses fail with a "
                "decode error\n", iommu->name, MEMORY_IOMMU_MAX_DEPTH,
                (unsigned long long)addr);
    }
}

/*
 * The translation loop; with @nr_hops it records the IOMMUs crossed (the
 * first @max_hops of them in @hops, their count in *@nr_hops). Inlined so
 * the plain lookup carries no recording.
 */
static inline __attribute__((always_inline)) MemTxResult
translate_through(AddressSpace *as, hwaddr addr, hwaddr *plen, bool is_write,
                  MemTxAttrs attrs, const FlatRange **pfr, hwaddr *xlat,
                  IOMMUHop *hops, unsigned max_hops, unsigned *nr_hops)
{
    for (unsigned depth = 0;; depth++) {
        const FlatRange *fr = flatview_lookup(as->current_map, addr);
        hwaddr left_m1 = fr->last - addr;
        if (*plen - 1 > left_m1) {
            *plen = left_m1 + 1;
        }
        hwaddr off = addr - fr->start + fr->offset_in_region;
        if (!fr->mr) {
            return MEMTX_DECODE_ERROR;
        }
        if (fr->kind != MR_IOMMU) {
            *pfr = fr;
            *xlat = off;
            return MEMTX_OK;
        }
        MemoryRegion *mr = fr->mr;
        if (depth == MEMORY_IOMMU_MAX_DEPTH) {
            report_iommu_loop(mr, addr);
            return MEMTX_DECODE_ERROR;
        }
        IOMMUHop spare, *hop = NULL;
        if (nr_hops) {
            hop = depth < max_hops ? &hops[depth] : &spare;
            *nr_hops = depth + 1;
        }
        MemTxResult r = iommu_translate_step(mr, off, plen, is_write, attrs,
                                             &as, &addr, hop);
        if (r != MEMTX_OK) {
            return r;
        }
    }
}

MemTxResult memory_translate(AddressSpace *as, hwaddr addr, hwaddr *plen,
                             bool is_write, MemTxAttrs attrs,
                             const FlatRange **pfr, hwaddr *xlat)
{
    return translate_through(as, addr, plen, is_write, attrs, pfr, xlat, NULL,
                             0, NULL);
}

MemTxResult address_space_translate(AddressSpace *as, hwaddr addr,
                                    hwaddr *plen, bool is_write,
                                    MemTxAttrs attrs,
                                    MemoryRegionSection *section,
                                    hwaddr *xlat)
{
    unsigned nr_hops;
    return address_space_translate_hops(as, addr, plen, is_write, attrs,
                                        section, xlat, NULL, 0, &nr_hops);
}

MemTxResult address_space_translate_hops(AddressSpace *as, hwaddr addr,
                                         hwaddr *plen, bool is_write,
                                         MemTxAttrs attrs,
                                         MemoryRegionSection *section,
                                         hwaddr *xlat, IOMMUHop *hops,
                                         unsigned max_hops,
                                         unsigned *nr_hops)
{
    const FlatRange *fr;
    *nr_hops = 0;
    MemTxResult r = translate_through(as, addr, plen, is_write, attrs, &fr,
                                      xlat, hops, hops ? max_hops : 0,
                                      nr_hops);
    if (r == MEMTX_OK) {
        flat_range_to_section(fr, section);
    }
    return r;
}

/* MMIO: one access if @single, else the widest pieces the device takes. */
static MemTxResult mmio_access(MemoryRegion *mr, hwaddr off, uint8_t *buf,
                               hwaddr len, bool is_write, MemTxAttrs attrs,
                               bool single)
{
    MemTxResult r = MEMTX_OK;
    /* A callback may change the topology; keep the region alive. */
    memory_region_ref(mr);
    while (len) {
        unsigned l = single ? (unsigned)len
                            : memory_region_piece_size(mr, off, len);
        r |= memory_region_dispatch(mr, off, buf, l, is_write, attrs);
        off += l;
        buf += l;
        len -= l;
    }
    memory_region_unref(mr);
    return r;
}

static MemTxResult leaf_access(const FlatRange *fr, hwaddr off, uint8_t *buf,
                               hwaddr len, bool is_write, MemTxAttrs attrs,
                               bool single)
{
    bool write_refused = is_write && fr->readonly && !attrs.debug;
    switch (fr->kind) {
    case MR_RAM:
        if (write_refused) {
            return MEMTX_ACCESS_ERROR;
        }
        if (is_write) {
            memcpy(fr->ram + off, buf, len);
        } else {
            memcpy(buf, fr->ram + off, len);
        }
        return MEMTX_OK;
    case MR_ROM_DEVICE:
        /* A debugger or loader writes the array itself, as into ROM. */
        if (is_write && attrs.debug) {
            memcpy(fr->ram + off, buf, len);
            return MEMTX_OK;
        }
        if (!is_write && fr->romd) {
            memcpy(buf, fr->ram + off, len);
            return MEMTX_OK;
        }
        /* The device's callbacks serve the rest. */
        __attribute__((fallthrough));
    case MR_IO:
        if (write_refused) {
            return MEMTX_ACCESS_ERROR;
        }
        return mmio_access(fr->mr, off, buf, len, is_write, attrs, single);
    default:
        /* Reservations and destroyed regions. */
        if (!is_write) {
            memset(buf, 0, len);
        }
        return MEMTX_DECODE_ERROR;
    }
}

static void observe(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                    const uint8_t *buf, hwaddr len, bool is_write,
                    bool big_endian, MemTxResult r)
{
    MemTxEvent ev = { .as = as, .addr = addr, .size = len,
                      .is_write = is_write, .big_endian = big_endian,
                      .data = buf, .attrs = attrs, .result = r };
    as->observer(as->observer_opaque, &ev);
}

MemTxResult memory_access(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                          uint8_t *buf, hwaddr len, bool is_write,
                          bool single, bool big_endian)
{
    const hwaddr addr0 = addr;
    uint8_t *const buf0 = buf;
    const hwaddr len0 = len;
    MemTxResult r = MEMTX_OK;
    /* The space ends at 2^64 - 1: bytes beyond it decode to nothing. */
    if (len && addr + (len - 1) < addr) {
        hwaddr fits = -addr;
        if (!is_write) {
            memset(buf + fits, 0, len - fits);
        }
        r = MEMTX_DECODE_ERROR;
        len = fits;
    }
    while (len) {
        hwaddr l = len;
        const FlatRange *fr;
        hwaddr off;
        MemTxResult tr = memory_translate(as, addr, &l, is_write, attrs, &fr,
                                          &off);
        if (tr == MEMTX_OK) {
            r |= leaf_access(fr, off, buf, l, is_write, attrs,
                             single && l == len0);
        } else {
            if (!is_write) {
                memset(buf, 0, l);
            }
            r |= tr;
        }
        addr += l;
        buf += l;
        len -= l;
    }
    if (as->observer) {
        observe(as, addr0, attrs, buf0, len0, is_write, big_endian, r);
    }
    return r;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    return memory_access(as, addr, attrs, buf, len, is_write, false, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return memory_access(as, addr, attrs, buf, len, false, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf, hwaddr len)
{
    /* Writes only read from @buf; the cast serves the shared path. */
    return memory_access(as, addr, attrs, (uint8_t *)buf, len, true, false,
                         false);
}
