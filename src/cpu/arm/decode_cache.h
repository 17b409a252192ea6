/*
 * Decoded instructions, cached by instruction word. An A32 instruction's
 * decoded form depends on its word alone (PC-relative operands are resolved
 * at execution), so a cache keyed by the word itself can never serve stale
 * code: whatever writes memory (the CPU, a device, a peer process sharing
 * RAM), the word fetched is the key. Each instruction is decoded once while
 * it stays in this direct-mapped cache.
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

/* Fibonacci hashing spreads the condition and opcode bits. */
static inline ArmInsn *arm_decode_slot(ArmDecodeCache *dc, uint32_t word)
{
    return &dc->e[(word * 0x9e3779b1u) >> (32 - ARM_DCACHE_BITS)];
}

static inline bool arm_decode_cache_has(ArmDecodeCache *dc, uint32_t word)
{
    const ArmInsn *in = arm_decode_slot(dc, word);
    return in->raw == word && in->fn;
}

static inline const ArmInsn *arm_decode_cached(ArmDecodeCache *dc,
                                               uint32_t word)
{
    ArmInsn *in = arm_decode_slot(dc, word);
    if (in->raw != word || !in->fn) {
        a32_decode(word, in);
    }
    return in;
}

#endif
