/*
 * ARM's floating-point operations on raw binary16/32/64 values (ARM ARM
 * DDI 0406C A2.7 and the FP* pseudocode functions): the software core of
 * softfp.h plus what the FPSCR adds, flush-to-zero of denormal inputs and
 * tiny results (FZ), the default NaN mode (DN) and the NaN propagation
 * rules of FPProcessNaNs and FPProcessNaNs3.
 */
#ifndef TZEMU_CPU_ARM_VFP_ARITH_H
#define TZEMU_CPU_ARM_VFP_ARITH_H

#include "softfp.h"

/* FPSCR fields (B6.1.6); the cumulative flags are the SF_* bits. */
enum {
    FPSCR_LEN = 7u << 16,
    FPSCR_STRIDE = 3u << 20,
    FPSCR_RMODE_SHIFT = 22,
    FPSCR_FZ = 1u << 24,
    FPSCR_DN = 1u << 25,
    FPSCR_AHP = 1u << 26,
    FPSCR_NZCV = 0xfu << 28,
};

/* One instruction's view of the FPSCR and the flags it raises. */
typedef struct VfpCtx {
    SfStatus st;
    bool fz, dn, ahp;
} VfpCtx;

static inline VfpCtx vfp_ctx(uint32_t fpscr)
{
    VfpCtx c = {
        .st = { .round = (SfRound)((fpscr >> FPSCR_RMODE_SHIFT) & 3),
                .flush_tiny = (fpscr & FPSCR_FZ) != 0 },
        .fz = (fpscr & FPSCR_FZ) != 0,
        .dn = (fpscr & FPSCR_DN) != 0,
        .ahp = (fpscr & FPSCR_AHP) != 0,
    };
    return c;
}

/* FPAdd, FPSub, FPMul, FPDiv: @op is sf_add, sf_sub, sf_mul or sf_div. */
typedef uint64_t (*SfBinary)(const SfFormat *f, uint64_t a, uint64_t b,
                             SfStatus *st);
uint64_t vfp_binary(SfBinary op, const SfFormat *f, uint64_t a, uint64_t b,
                    VfpCtx *c);
uint64_t vfp_sqrt(const SfFormat *f, uint64_t a, VfpCtx *c);
/* FPMulAdd: @addend + @a * @b, one rounding. */
uint64_t vfp_muladd(const SfFormat *f, uint64_t addend, uint64_t a,
                    uint64_t b, VfpCtx *c);
/* FPCompare: the NZCV result; @signal_qnan for VCMPE. */
unsigned vfp_compare(const SfFormat *f, uint64_t a, uint64_t b,
                     bool signal_qnan, VfpCtx *c);
/* Between formats; a half-precision side is IEEE or, with FPSCR.AHP,
 * the alternative format (pass sf_half, the choice is made here). */
uint64_t vfp_convert(const SfFormat *from, uint64_t v, const SfFormat *to,
                     VfpCtx *c);
/* FPToFixed to @bits (16 or 32) bits, towards zero or by FPSCR.RMode. */
uint32_t vfp_to_fixed(const SfFormat *f, uint64_t v, unsigned fbits,
                      unsigned bits, bool is_unsigned, bool round_zero,
                      VfpCtx *c);
/* FixedToFP, rounded to nearest or by FPSCR.RMode. */
uint64_t vfp_from_fixed(const SfFormat *f, bool neg, uint64_t mag,
                        unsigned fbits, bool round_nearest, VfpCtx *c);

#endif
