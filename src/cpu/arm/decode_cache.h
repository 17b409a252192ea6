/*
 * Decoded instructions. An A32 instruction's decoded form depends on its
 * word alone (PC-relative operands are resolved at execution), so an entry
 * is valid exactly when it holds the word just fetched: whatever writes
 * memory (the CPU, a device, a peer process sharing RAM), stale code can
 * never run. Entries are placed by the instruction's address, so code that
 * runs in sequence uses consecutive entries (the cache stays warm), and
 * each instruction is decoded once while it stays in this direct-mapped
 * cache (64 KiB of code). Thumb code has entries of its own, validated by
 * its decode key (thumb.h), so a decode of one instruction set is never
 * used for the other at the same address.
 */
#ifndef TZEMU_CPU_ARM_DECODE_CACHE_H
#define TZEMU_CPU_ARM_DECODE_CACHE_H

#include "a32.h"

#define ARM_DCACHE_BITS 14

struct ArmDecodeCache {
    ArmInsn e[1u << ARM_DCACHE_BITS];
    /* Thumb instructions by halfword address (32 KiB of code). */
    ArmInsn t[1u << ARM_DCACHE_BITS];
};

ArmDecodeCache *arm_decode_cache_new(void);
void arm_decode_cache_free(ArmDecodeCache *dc);

static inline ArmInsn *arm_decode_slot(ArmDecodeCache *dc, uint32_t pc)
{
    return &dc->e[(pc >> 2) & ((1u << ARM_DCACHE_BITS) - 1)];
}

static inline ArmInsn *arm_decode_thumb_slot(ArmDecodeCache *dc,
                                             uint32_t pc)
{
    return &dc->t[(pc >> 1) & ((1u << ARM_DCACHE_BITS) - 1)];
}

#endif
