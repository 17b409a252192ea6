/*
 * The software floating-point core (softfp.h). Every finite operand is
 * unpacked to an exact sign, integer significand and power of two; an
 * operation computes its exact result (or one with a sticky bit standing
 * for the discarded part) and sf_round_pack rounds it once, following
 * FPRound (ARM ARM DDI 0406C, appendix "Floating-point rounding").
 */
#include "softfp.h"

typedef unsigned __int128 u128;

const SfFormat sf_half = { 5, 10, false };
const SfFormat sf_half_alt = { 5, 10, true };
const SfFormat sf_single = { 8, 23, false };
const SfFormat sf_double = { 11, 52, false };

/* A finite value: (-1)^sign * sig * 2^exp. */
typedef struct SfNum {
    bool sign;
    int exp;
    u128 sig;
} SfNum;

static int sf_bias(const SfFormat *f)
{
    return (1 << (f->exp_bits - 1)) - 1;
}

/* The exponent of the smallest normal number. */
static int sf_emin(const SfFormat *f)
{
    return 1 - sf_bias(f);
}

SfClass sf_classify(const SfFormat *f, uint64_t v)
{
    unsigned e = sf_biased_exp(f, v);
    uint64_t frac = v & sf_frac_mask(f);
    if (e == 0) {
        return frac ? SF_NORMAL : SF_ZERO_CLASS;
    }
    if (e == sf_exp_max(f) && !f->no_inf) {
        if (!frac) {
            return SF_INF;
        }
        return (frac & sf_quiet_bit(f)) ? SF_QNAN : SF_SNAN;
    }
    return SF_NORMAL;
}

static bool sf_sign(const SfFormat *f, uint64_t v)
{
    return (v & sf_sign_bit(f)) != 0;
}

static SfNum sf_unpack(const SfFormat *f, uint64_t v)
{
    SfNum n = { .sign = sf_sign(f, v) };
    unsigned e = sf_biased_exp(f, v);
    uint64_t frac = v & sf_frac_mask(f);
    if (e == 0) {
        n.sig = frac;
        n.exp = sf_emin(f) - f->frac_bits;
    } else {
        n.sig = frac | (UINT64_C(1) << f->frac_bits);
        n.exp = (int)e - sf_bias(f) - f->frac_bits;
    }
    return n;
}

/* The index of the highest set bit of a non-zero @x. */
static int sf_msb(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 127 - __builtin_clzll(hi)
              : 63 - __builtin_clzll((uint64_t)x);
}

/* Shifts a non-zero @n left so its highest bit is bit @top (exact). */
static SfNum sf_normalize(SfNum n, int top)
{
    int s = top - sf_msb(n.sig);
    n.sig <<= s;
    n.exp -= s;
    return n;
}

static uint64_t sf_zero(const SfFormat *f, bool sign)
{
    return sign ? sf_sign_bit(f) : 0;
}

/*
 * Overflow (FPRound): infinity or the largest normal by the rounding
 * direction, raising overflow and inexact; in a format without infinities
 * the largest magnitude and an invalid operation instead.
 */
static uint64_t sf_overflow(const SfFormat *f, bool sign, SfStatus *st)
{
    uint64_t s = sf_zero(f, sign);
    if (f->no_inf) {
        st->flags |= SF_INVALID;
        return s | (sf_sign_bit(f) - 1);
    }
    st->flags |= SF_OVERFLOW | SF_INEXACT;
    bool to_inf = st->round == SF_NEAREST ||
                  (st->round == SF_UP && !sign) ||
                  (st->round == SF_DOWN && sign);
    if (to_inf) {
        return sf_infinity(f, sign);
    }
    return s | ((uint64_t)(sf_exp_max(f) - 1) << f->frac_bits) |
           sf_frac_mask(f);
}

/*
 * Rounds @n to format @f. Tininess is judged on the unrounded value
 * (exponent below the normal range): with flush_tiny it becomes a signed
 * zero raising only underflow; otherwise underflow is raised when the
 * rounded result is also inexact.
 */
static uint64_t sf_round_pack(const SfFormat *f, SfNum n, SfStatus *st)
{
    if (n.sig == 0) {
        return sf_zero(f, n.sign);
    }
    int fb = f->frac_bits, lo = sf_emin(f);
    int e = n.exp + sf_msb(n.sig);
    bool tiny = e < lo;
    if (tiny && st->flush_tiny) {
        st->flags |= SF_UNDERFLOW;
        return sf_zero(f, n.sign);
    }
    /* The weight of the result's last place. */
    int q = (tiny ? lo : e) - fb;
    int shift = q - n.exp;
    uint64_t m;
    bool half = false, sticky = false;
    if (shift <= 0) {
        m = (uint64_t)(n.sig << -shift);
    } else if (shift > 128) {
        m = 0;
        sticky = true;
    } else {
        u128 rest = shift == 128 ? n.sig : n.sig & (((u128)1 << shift) - 1);
        u128 halfway = (u128)1 << (shift - 1);
        m = shift == 128 ? 0 : (uint64_t)(n.sig >> shift);
        half = rest >= halfway;
        sticky = (rest & (halfway - 1)) != 0;
    }
    bool inexact = half || sticky;
    if (tiny && inexact) {
        st->flags |= SF_UNDERFLOW;
    }
    bool up;
    switch (st->round) {
    case SF_NEAREST:
        up = half && (sticky || (m & 1));
        break;
    case SF_UP:
        up = inexact && !n.sign;
        break;
    case SF_DOWN:
        up = inexact && n.sign;
        break;
    default:
        up = false;
        break;
    }
    m += up;
    if (m >> (fb + 1)) {
        m >>= 1;
        q++;
    }
    int be = (m >> fb) ? q + fb + sf_bias(f) : 0;
    if (be >= (int)sf_exp_max(f) + (f->no_inf ? 1 : 0)) {
        return sf_overflow(f, n.sign, st);
    }
    if (inexact) {
        st->flags |= SF_INEXACT;
    }
    return sf_zero(f, n.sign) | ((uint64_t)be << fb) | (m & sf_frac_mask(f));
}

static uint64_t sf_invalid(const SfFormat *f, SfStatus *st)
{
    st->flags |= SF_INVALID;
    return sf_default_nan(f);
}

/*
 * The exact sum of two finite values, rounded. The operand with the
 * larger exponent is placed with its top bit at 125 (room for a carry);
 * bits of the other shifted out are kept as a sticky bit 0, which lies far
 * below any rounding position whenever bits were lost (an exponent gap of
 * two or more leaves at most one bit of cancellation).
 */
static uint64_t sf_add_nums(const SfFormat *f, SfNum a, SfNum b,
                            SfStatus *st)
{
    if (a.sig == 0 && b.sig == 0) {
        /* x + x keeps the sign; opposite zeros give +0, or -0 when
         * rounding towards minus infinity (IEEE 754 6.3). */
        bool sign = a.sign == b.sign ? a.sign : st->round == SF_DOWN;
        return sf_zero(f, sign);
    }
    if (a.sig == 0) {
        return sf_round_pack(f, b, st);
    }
    if (b.sig == 0) {
        return sf_round_pack(f, a, st);
    }
    a = sf_normalize(a, 125);
    b = sf_normalize(b, 125);
    if (a.exp < b.exp) {
        SfNum t = a;
        a = b;
        b = t;
    }
    int d = a.exp - b.exp;
    if (d >= 127) {
        b.sig = 1;
    } else if (d > 0) {
        bool lost = (b.sig & (((u128)1 << d) - 1)) != 0;
        b.sig = (b.sig >> d) | lost;
    }
    SfNum r = { .exp = a.exp };
    if (a.sign == b.sign) {
        r.sign = a.sign;
        r.sig = a.sig + b.sig;
    } else if (a.sig >= b.sig) {
        r.sign = a.sign;
        r.sig = a.sig - b.sig;
    } else {
        r.sign = b.sign;
        r.sig = b.sig - a.sig;
    }
    if (r.sig == 0) {
        return sf_zero(f, st->round == SF_DOWN);
    }
    return sf_round_pack(f, r, st);
}

uint64_t sf_add(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st)
{
    bool inf_a = sf_classify(f, a) == SF_INF;
    bool inf_b = sf_classify(f, b) == SF_INF;
    if (inf_a && inf_b && sf_sign(f, a) != sf_sign(f, b)) {
        return sf_invalid(f, st);
    }
    if (inf_a || inf_b) {
        return inf_a ? a : b;
    }
    return sf_add_nums(f, sf_unpack(f, a), sf_unpack(f, b), st);
}

uint64_t sf_sub(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st)
{
    return sf_add(f, a, b ^ sf_sign_bit(f), st);
}

uint64_t sf_mul(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st)
{
    SfClass ca = sf_classify(f, a), cb = sf_classify(f, b);
    bool sign = sf_sign(f, a) != sf_sign(f, b);
    if ((ca == SF_INF && cb == SF_ZERO_CLASS) ||
        (ca == SF_ZERO_CLASS && cb == SF_INF)) {
        return sf_invalid(f, st);
    }
    if (ca == SF_INF || cb == SF_INF) {
        return sf_infinity(f, sign);
    }
    SfNum x = sf_unpack(f, a), y = sf_unpack(f, b);
    SfNum p = { sign, x.exp + y.exp, x.sig * y.sig };
    return sf_round_pack(f, p, st);
}

uint64_t sf_div(const SfFormat *f, uint64_t a, uint64_t b, SfStatus *st)
{
    SfClass ca = sf_classify(f, a), cb = sf_classify(f, b);
    bool sign = sf_sign(f, a) != sf_sign(f, b);
    if ((ca == SF_INF && cb == SF_INF) ||
        (ca == SF_ZERO_CLASS && cb == SF_ZERO_CLASS)) {
        return sf_invalid(f, st);
    }
    if (ca == SF_INF) {
        return sf_infinity(f, sign);
    }
    if (cb == SF_ZERO_CLASS) {
        st->flags |= SF_DIVBYZERO;
        return sf_infinity(f, sign);
    }
    if (ca == SF_ZERO_CLASS || cb == SF_INF) {
        return sf_zero(f, sign);
    }
    /* A dividend of 126 bits over a divisor of at most 53 leaves a
     * quotient of 73 bits or more; a remainder becomes the sticky bit. */
    SfNum x = sf_normalize(sf_unpack(f, a), 126), y = sf_unpack(f, b);
    SfNum q = { sign, x.exp - y.exp, x.sig / y.sig };
    q.sig |= (x.sig % y.sig) != 0;
    return sf_round_pack(f, q, st);
}

/* floor(sqrt(@x)), and whether it was exact, digit by digit. */
static u128 sf_isqrt(u128 x, bool *exact)
{
    u128 root = 0, bit = (u128)1 << 126;
    while (bit > x) {
        bit >>= 2;
    }
    while (bit) {
        if (x >= root + bit) {
            x -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    *exact = x == 0;
    return root;
}

uint64_t sf_sqrt(const SfFormat *f, uint64_t a, SfStatus *st)
{
    SfClass c = sf_classify(f, a);
    if (c == SF_ZERO_CLASS) {
        return a;
    }
    if (sf_sign(f, a)) {
        return sf_invalid(f, st);
    }
    if (c == SF_INF) {
        return a;
    }
    /* An even exponent and a significand of 124 or 125 bits: the root
     * has 62 or more. */
    SfNum x = sf_normalize(sf_unpack(f, a), 124);
    if (x.exp & 1) {
        x.sig <<= 1;
        x.exp -= 1;
    }
    bool exact;
    SfNum r = { false, x.exp / 2, sf_isqrt(x.sig, &exact) };
    r.sig |= !exact;
    return sf_round_pack(f, r, st);
}

uint64_t sf_muladd(const SfFormat *f, uint64_t c, uint64_t a, uint64_t b,
                   SfStatus *st)
{
    SfClass ca = sf_classify(f, a), cb = sf_classify(f, b);
    SfClass cc = sf_classify(f, c);
    bool ps = sf_sign(f, a) != sf_sign(f, b);
    if ((ca == SF_INF && cb == SF_ZERO_CLASS) ||
        (ca == SF_ZERO_CLASS && cb == SF_INF)) {
        return sf_invalid(f, st);
    }
    if (ca == SF_INF || cb == SF_INF) {
        if (cc == SF_INF && sf_sign(f, c) != ps) {
            return sf_invalid(f, st);
        }
        return sf_infinity(f, ps);
    }
    if (cc == SF_INF) {
        return c;
    }
    SfNum x = sf_unpack(f, a), y = sf_unpack(f, b);
    SfNum p = { ps, x.exp + y.exp, x.sig * y.sig };
    return sf_add_nums(f, sf_unpack(f, c), p, st);
}

int sf_compare(const SfFormat *f, uint64_t a, uint64_t b)
{
    uint64_t mag = sf_sign_bit(f) - 1;
    int64_t ka = sf_sign(f, a) ? -(int64_t)(a & mag) : (int64_t)(a & mag);
    int64_t kb = sf_sign(f, b) ? -(int64_t)(b & mag) : (int64_t)(b & mag);
    return (ka > kb) - (ka < kb);
}

uint64_t sf_convert(const SfFormat *from, uint64_t v, const SfFormat *to,
                    SfStatus *st)
{
    bool sign = sf_sign(from, v);
    switch (sf_classify(from, v)) {
    case SF_ZERO_CLASS:
        return sf_zero(to, sign);
    case SF_INF:
        if (to->no_inf) {
            st->flags |= SF_INVALID;
            return sf_zero(to, sign) | (sf_sign_bit(to) - 1);
        }
        return sf_infinity(to, sign);
    default:
        return sf_round_pack(to, sf_unpack(from, v), st);
    }
}

uint32_t sf_to_fixed(const SfFormat *f, uint64_t v, unsigned fbits,
                     unsigned bits, bool is_unsigned, SfStatus *st)
{
    int64_t max = is_unsigned ? (INT64_C(1) << bits) - 1
                              : (INT64_C(1) << (bits - 1)) - 1;
    int64_t min = is_unsigned ? 0 : -(INT64_C(1) << (bits - 1));
    bool sign = sf_sign(f, v);
    SfClass c = sf_classify(f, v);
    if (c == SF_ZERO_CLASS) {
        return 0;
    }
    SfNum n = sf_unpack(f, v);
    int e = n.exp + (int)fbits;
    uint64_t m = 0;
    /* At least 2^40 is beyond every range (and keeps m in 64 bits). */
    bool half = false, sticky = false;
    bool huge = c == SF_INF || e + sf_msb(n.sig) >= 40;
    if (huge) {
        /* saturated below */
    } else if (e >= 0) {
        m = (uint64_t)n.sig << e;
    } else if (-e > 62) {
        sticky = true;
    } else {
        unsigned s = (unsigned)-e;
        uint64_t sig = (uint64_t)n.sig, rest = sig & ((UINT64_C(1) << s) - 1);
        m = sig >> s;
        half = (rest >> (s - 1)) & 1;
        sticky = (rest & ((UINT64_C(1) << (s - 1)) - 1)) != 0;
    }
    bool inexact = half || sticky;
    switch (st->round) {
    case SF_NEAREST:
        m += half && (sticky || (m & 1));
        break;
    case SF_UP:
        m += inexact && !sign;
        break;
    case SF_DOWN:
        m += inexact && sign;
        break;
    default:
        break;
    }
    int64_t r = sign ? -(int64_t)m : (int64_t)m;
    if (huge || r > max || r < min) {
        st->flags |= SF_INVALID;
        return (uint32_t)(sign ? min : max);
    }
    if (inexact) {
        st->flags |= SF_INEXACT;
    }
    return (uint32_t)r;
}

uint64_t sf_from_fixed(const SfFormat *f, bool neg, uint64_t mag,
                       unsigned fbits, SfStatus *st)
{
    if (mag == 0) {
        return 0;
    }
    SfNum n = { neg, -(int)fbits, mag };
    return sf_round_pack(f, n, st);
}
