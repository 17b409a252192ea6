/*
 * The ld/st helpers: one access of 1, 2, 4 or 8 bytes with an explicit byte
 * order, handed to a device whole (its `valid` rules judge it as one).
 */
#include "internal.h"

static uint64_t load(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                     unsigned size, bool be, MemTxResult *res)
{
    uint8_t b[8];
    MemTxResult r = memory_access(as, addr, attrs, b, size, false, true, be);
    if (res) {
        *res = r;
    }
    return mem_bytes_to_value(b, size, be);
}

static void store(AddressSpace *as, hwaddr addr, uint64_t val,
                  MemTxAttrs attrs, unsigned size, bool be, MemTxResult *res)
{
    uint8_t b[8];
    mem_value_to_bytes(b, val, size, be);
    MemTxResult r = memory_access(as, addr, attrs, b, size, true, true, be);
    if (res) {
        *res = r;
    }
}

#define LOAD_ACCESSOR(sfx, type, size, be)                                 \
    type address_space_ld##sfx(AddressSpace *as, hwaddr addr,             \
                               MemTxAttrs attrs, MemTxResult *res)         \
    {                                                                      \
        return (type)load(as, addr, attrs, size, be, res);                 \
    }

#define STORE_ACCESSOR(sfx, type, size, be)                                  \
    void address_space_st##sfx(AddressSpace *as, hwaddr addr, type val,   \
                               MemTxAttrs attrs, MemTxResult *res)         \
    {                                                                      \
        store(as, addr, val, attrs, size, be, res);                        \
    }

LOAD_ACCESSOR(ub, uint8_t, 1, false)
LOAD_ACCESSOR(uw_le, uint16_t, 2, false)
LOAD_ACCESSOR(uw_be, uint16_t, 2, true)
LOAD_ACCESSOR(l_le, uint32_t, 4, false)
LOAD_ACCESSOR(l_be, uint32_t, 4, true)
LOAD_ACCESSOR(q_le, uint64_t, 8, false)
LOAD_ACCESSOR(q_be, uint64_t, 8, true)
STORE_ACCESSOR(b, uint8_t, 1, false)
STORE_ACCESSOR(w_le, uint16_t, 2, false)
STORE_ACCESSOR(w_be, uint16_t, 2, true)
STORE_ACCESSOR(l_le, uint32_t, 4, false)
STORE_ACCESSOR(l_be, uint32_t, 4, true)
STORE_ACCESSOR(q_le, uint64_t, 8, false)
STORE_ACCESSOR(q_be, uint64_t, 8, true)
