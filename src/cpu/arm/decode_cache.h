/*
 * Decoded instructions. An A32 instruction's decoded form depends on its
 * word alone (PC-relative operands are resolved at execution), so an entry
 * is valid exactly when it holds the word just fetched: whatever writes
 * memory (the CPU, a device, a peer process sharing RAM), stale code can
 * never run. Entries are placed by the instruction's address, so code that
 * runs in sequence uses consecutive entries (the cache stays warm), and
 * each instruction is decoded once while it stays in this direct-mapped
 * cache (64 KiB of code).
 */
#ifndef TZEMU_CPU_ARM_DECODE_CACHE_H
#define TZEMU_CPU_ARM_DECODE_CACHE_H

#include "a32.h"

#define ARM_DCACHE_BITS 14

struct ArmDecodeCache {
    ArmInsn e[1u << ARM_DCACHE_BITS];
};

ArmDecodeCache *arm_decode_cache_new(void);
void arm_decode_cache_free(ArmDecodeCache *dc);

static inline ArmInsn *arm_decode_slot(ArmDecodeCache *dc, uint32_t pc)
{
    return &dc->e[(pc >> 2) & ((1u << ARM_DCACHE_BITS) - 1)];
}

#endif
