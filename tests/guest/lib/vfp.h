/*
 * Helpers of the VFP guest tests: FPSCR and FPEXC access, turning the
 * unit on (CPACR cp10/cp11, FPEXC.EN), and instructions run on raw bits.
 * An OP function puts @n in D0, @m in D1 and @d in D2 (so S0, S2 and S4
 * for single precision), runs the instruction and returns D2.
 */
#ifndef GUEST_VFP_H
#define GUEST_VFP_H

#include <stdint.h>

#include "guest.h"

#define FPEXC_EN (1u << 30)

static inline uint32_t fpscr_read(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static inline void fpscr_write(uint32_t v)
{
    __asm__ volatile("vmsr fpscr, %0" : : "r"(v) : "memory");
}

static inline void fpexc_write(uint32_t v)
{
    __asm__ volatile("vmsr fpexc, %0" : : "r"(v) : "memory");
}

static inline uint32_t fpexc_read(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpexc" : "=r"(v));
    return v;
}

/* Full access to cp10 and cp11 from PL0 and PL1, and FPEXC.EN. */
static inline void vfp_enable(void)
{
    MCR(0, 1, 0, 2, MRC(0, 1, 0, 2) | 0xf00000u);
    fpexc_write(FPEXC_EN);
}

typedef uint64_t (*VfpOp)(uint64_t d, uint64_t n, uint64_t m);

#define OP(name, insn)                                                     \
    static uint64_t name(uint64_t d, uint64_t n, uint64_t m)               \
    {                                                                      \
        uint64_t r;                                                        \
        __asm__ volatile("vmov d0, %Q2, %R2\n\t"                           \
                         "vmov d1, %Q3, %R3\n\t"                           \
                         "vmov d2, %Q1, %R1\n\t" insn "\n\t"               \
                         "vmov %Q0, %R0, d2"                               \
                         : "=&r"(r)                                        \
                         : "r"(d), "r"(n), "r"(m)                          \
                         : "d0", "d1", "d2", "memory");                    \
        return r;                                                          \
    }

#endif
