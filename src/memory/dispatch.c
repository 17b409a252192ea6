/*
 * MMIO dispatch: the `valid` rules that decide whether the modelled hardware
 * accepts an access, the `impl` rules that split or widen it into what the
 * callbacks implement, and the byte order between bus and device.
 * Bytes on the bus are in address order; a device's value is laid out on
 * them in the device's endianness (a big-endian device's most significant
 * byte sits at the lowest address), so splitting and widening are plain
 * byte-range arithmetic.
 */
#include <string.h>

#include "internal.h"

/* Byte-order conversions with the host's order decided at compile time. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_BIG_ENDIAN false
#else
#define HOST_BIG_ENDIAN true
#endif

static uint64_t swap_bytes(uint64_t v, unsigned size)
{
    return __builtin_bswap64(v) >> (64 - 8 * size);
}

uint64_t mem_bytes_to_value(const uint8_t *p, unsigned size, bool big_endian)
{
    uint64_t v = 0;
    /* The value's bytes sit at the low end of v on either host order. */
    memcpy((uint8_t *)&v + (HOST_BIG_ENDIAN ? 8 - size : 0), p, size);
    return big_endian != HOST_BIG_ENDIAN ? swap_bytes(v, size) : v;
}

void mem_value_to_bytes(uint8_t *p, uint64_t v, unsigned size,
                        bool big_endian)
{
    if (big_endian != HOST_BIG_ENDIAN) {
        v = swap_bytes(v, size);
    }
    memcpy(p, (const uint8_t *)&v + (HOST_BIG_ENDIAN ? 8 - size : 0), size);
}

static unsigned or_default(unsigned v, unsigned dflt)
{
    return v ? v : dflt;
}

unsigned memory_region_piece_size(const MemoryRegion *mr, hwaddr offset,
                                  hwaddr len)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned max = ops ? or_default(ops->valid.max_access_size, 8) : 8;
    /* Hardware that refuses unaligned accesses gets aligned pieces. */
    if (ops && !ops->valid.unaligned && offset) {
        hwaddr align = offset & -offset;
        if (align < max) {
            max = (unsigned)align;
        }
    }
    unsigned l = len < max ? (unsigned)len : max;
    while (l & (l - 1)) {
        l &= l - 1;
    }
    return l;
}

static bool access_valid(const MemoryRegion *mr, hwaddr offset, unsigned size,
                         bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned min = or_default(ops->valid.min_access_size, 1);
    unsigned max = or_default(ops->valid.max_access_size, 8);
    if (size < min || size > max) {
        return false;
    }
    if (!ops->valid.unaligned && (offset & (size - 1))) {
        return false;
    }
    return !ops->valid.accepts ||
           ops->valid.accepts(mr->opaque, offset, size, is_write, attrs);
}

/* Splits or widens one valid access into units the callbacks implement. */
static MemTxResult dispatch_units(MemoryRegion *mr, hwaddr offset,
                                  uint8_t *buf, unsigned size, bool is_write,
                                  MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned imin = or_default(ops->impl.min_access_size, 1);
    unsigned imax = or_default(ops->impl.max_access_size, 4);
    bool big = ops->endianness == DEVICE_BIG_ENDIAN;
    MemTxResult r = MEMTX_OK;
    unsigned done = 0;
    while (done < size) {
        hwaddr pos = offset + done;
        unsigned left = size - done;
        unsigned u = imax;
        hwaddr ustart = pos;
        if (ops->impl.unaligned) {
            while (u > imin && u > left) {
                u >>= 1;
            }
        } else {
            while (u > imin && ((pos & (u - 1)) || u > left)) {
                u >>= 1;
            }
            ustart = pos & ~(hwaddr)(u - 1);
        }
        unsigned skip = (unsigned)(pos - ustart);
        unsigned take = u - skip < left ? u - skip : left;
        uint8_t unit[8] = { 0 };
        if (is_write) {
            memcpy(unit + skip, buf + done, take);
            uint64_t v = mem_bytes_to_value(unit, u, big);
            r |= ops->write(mr->opaque, ustart, v, u, attrs);
        } else {
            uint64_t v = 0;
            r |= ops->read(mr->opaque, ustart, &v, u, attrs);
            mem_value_to_bytes(unit, v, u, big);
            memcpy(buf + done, unit + skip, take);
        }
        done += take;
    }
    return r;
}

MemTxResult memory_region_dispatch(MemoryRegion *mr, hwaddr offset,
                                   uint8_t *buf, unsigned size, bool is_write,
                                   MemTxAttrs attrs)
{
    MemTxResult r;
    if (!mr->ops) {
        r = MEMTX_DECODE_ERROR;
    } else if (!access_valid(mr, offset, size, is_write, attrs)) {
        r = MEMTX_ERROR;
    } else {
        return dispatch_units(mr, offset, buf, size, is_write, attrs);
    }
    if (!is_write) {
        memset(buf, 0, size);
    }
    return r;
}
