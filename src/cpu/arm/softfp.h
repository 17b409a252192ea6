/*
 * A small, exact software floating-point core for IEEE 754 binary16,
 * binary32 and binary64 held as raw bits: unpack, round-and-pack in any of
 * the four directed/nearest modes, add, multiply, divide, square root,
 * fused multiply-add, compare and conversions. Underflow tininess is
 * detected before rounding and a tiny result may be flushed to zero, the
 * rules of ARM's FPRound (ARM ARM DDI 0406C A2.7.9 and appendix pseudocode).
 * NaN operands are the caller's business: the operations here take
 * numbers, zeros and infinities and return the default NaN on an invalid
 * operation; vfp_arith.c chooses NaN results by ARM's rules.
 */
#ifndef TZEMU_CPU_ARM_SOFTFP_H
#define TZEMU_CPU_ARM_SOFTFP_H

#include <stdbool.h>
#include <stdint.h>

/* Rounding directions, numbered as FPSCR.RMode (A2.7.3). */
typedef enum SfRound {
    SF_NEAREST = 0,
    SF_UP = 1,      /* towards plus infinity */
    SF_DOWN = 2,    /* towards minus infinity */
    SF_ZERO = 3,
} SfRound;

/* Exception flags, at their FPSCR bit positions (A2.7.3). */
enum {
    SF_INVALID = 1u << 0,
    SF_DIVBYZERO = 1u << 1,
    SF_OVERFLOW = 1u << 2,
    SF_UNDERFLOW = 1u << 3,
    SF_INEXACT = 1u << 4,
    SF_INPUT_DENORMAL = 1u << 7,
};

/*
 * A format: exponent and fraction widths. @no_inf: the exponent field's
 * all-ones value is an ordinary exponent (ARM's alternative half
 * precision, A2.7.4): no infinities or NaNs, and overflow is an invalid
 * operation giving the largest magnitude.
 */
typedef struct SfFormat {
    uint8_t exp_bits;
    uint8_t frac_bits;
    bool no_inf;
} SfFormat;

extern const SfFormat sf_half, sf_half_alt, sf_single, sf_double;

/* The rounding direction, whether tiny results flush to zero (before
 * rounding, raising underflow but not inexact), and the flags raised. */
typedef struct SfStatus {
    SfRound round;
    bool flush_tiny;
    uint32_t flags;
} SfStatus;

typedef enum SfClass {
    SF_ZERO_CLASS,
    SF_NORMAL,      /* normal or denormal: a non-zero finite number */
    SF_INF,
    SF_QNAN,
    SF_SNAN,
} SfClass;

/* Field accessors of raw bits @v in format @f. */
static inline uint64_t sf_frac_mask(const SfFormat *f)
{
    return (UINT64_C(1) << f->frac_bits) - 1;
}

static inline unsigned sf_exp_max(const SfFormat *f)
{
    return (1u << f->exp_bits) - 1;
}

static inline unsigned sf_biased_exp(const SfFormat *f, uint64_t v)
{
    return (unsigned)(v >> f->frac_bits) & sf_exp_max(f);
}

static inline uint64_t sf_sign_bit(const SfFormat *f)
{
    return UINT64_C(1) << (f->frac_bits + f->exp_bits);
}

static inline uint64_t sf_quiet_bit(const SfFormat *f)
{
    return UINT64_C(1) << (f->frac_bits - 1);
}

SfClass sf_classify(const SfFormat *f, uint64_t v);

/* A denormal: biased exponent zero, fraction non-zero. */
static inline bool sf_is_denormal(const SfFormat *f, uint64_t v)
{
    return sf_biased_exp(f, v) == 0 && (v & sf_frac_mask(f));
}

static inline bool sf_is_nan(const SfFormat *f, uint64_t v)
{
    SfClass c = sf_classify(f, v);
    return c == SF_QNAN || c == SF_SNAN;
}

/* The default NaN: positive, quiet, zero payload (A2.7.4). */
static inline uint64_t sf_default_nan(const SfFormat *f)
{
    return ((uint64_t)sf_exp_max(f) << f->frac_bits) | sf_quiet_bit(f);
}

static inline uint64_t sf_infinity(const SfFormat *f, bool sign)
{
    return (sign ? sf_sign_bit(f) : 0) |
           ((uint64_t)sf_exp_max(f) << f->frac_bits);
}

/*
 * Arithmetic on non-NaN operands (zeros, numbers, infinities): each
 * result is rounded once, by @st's direction, and flags are ORed into
 * @st->flags. Invalid operations return the default NaN.
 */
uint64_t sf_add(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st);
/* @a - @b: the sum with @b's sign flipped. */
uint64_t sf_sub(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st);
uint64_t sf_mul(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st);
uint64_t sf_div(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st);
uint64_t sf_sqrt(const SfFormat *f, uint64_t a, SfStatus *st);
/* @c + @a * @b with a single rounding. */
uint64_t sf_muladd(const SfFormat *f, uint64_t c, uint64_t a, uint64_t b,
                   SfStatus *st);

/* Comparison of non-NaN operands: -1, 0 or 1 (zeros compare equal). */
int sf_compare(const SfFormat *f, uint64_t a, uint64_t b);

/* A non-NaN value of format @from in format @to (infinities map to
 * infinities, or in a @no_inf format to an invalid operation). */
uint64_t sf_convert(const SfFormat *from, uint64_t v, const SfFormat *to,
                    SfStatus *st);

/*
 * A non-NaN value times 2^@fbits, rounded to an integer of @bits bits
 * (16 or 32), signed or not; out of range saturates and is an invalid
 * operation (not inexact), otherwise a rounded result is inexact.
 */
uint32_t sf_to_fixed(const SfFormat *f, uint64_t v, unsigned fbits,
                     unsigned bits, bool is_unsigned, SfStatus *st);

/* The integer @mag (negated when @neg) divided by 2^@fbits, rounded. */
uint64_t sf_from_fixed(const SfFormat *f, bool neg, uint64_t mag,
                       unsigned fbits, SfStatus *st);

#endif
