/*
 * ARM's floating-point rules over the software core (ARM ARM DDI 0406C
 * A2.7.4 NaN handling, A2.7.5 flush-to-zero, A2.7.6 default NaN mode and the
 * FPUnpack, FPProcessNaN(s)(3), FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd,
 * FPCompare, FPToFixed, FixedToFP and FP*To* conversion pseudocode).
 */
#include "vfp_arith.h"

/* FPUnpack with FZ: a denormal input of a single or double operation
 * counts as a zero of its sign and raises Input Denormal. */
static uint64_t vfp_in(const SfFormat *f, uint64_t v, VfpCtx *c)
{
    if (c->fz && f->frac_bits > 10 && sf_is_denormal(f, v)) {
        c->st.flags |= SF_INPUT_DENORMAL;
        return v & sf_sign_bit(f);
    }
    return v;
}

/* FPProcessNaN: a signalling NaN is quieted (raising Invalid); DN makes
 * any NaN the default NaN. */
static uint64_t vfp_nan(const SfFormat *f, uint64_t v, VfpCtx *c)
{
    if (sf_classify(f, v) == SF_SNAN) {
        c->st.flags |= SF_INVALID;
        v |= sf_quiet_bit(f);
    }
    return c->dn ? sf_default_nan(f) : v;
}

/*
 * FPProcessNaNs(3): the first signalling NaN in operand order, else the
 * first quiet NaN, is the result. Returns false when no operand is a NaN.
 */
static bool vfp_nans(const SfFormat *f, const uint64_t *ops, unsigned n,
                     uint64_t *res, VfpCtx *c)
{
    static const SfClass order[2] = { SF_SNAN, SF_QNAN };
    for (unsigned k = 0; k < 2; k++) {
        for (unsigned i = 0; i < n; i++) {
            if (sf_classify(f, ops[i]) == order[k]) {
                *res = vfp_nan(f, ops[i], c);
                return true;
            }
        }
    }
    return false;
}

/* A normal number: neither flushed nor a NaN (the common case). */
static bool vfp_normal(const SfFormat *f, uint64_t v)
{
    unsigned e = sf_biased_exp(f, v);
    return e != 0 && e != sf_exp_max(f);
}

uint64_t vfp_binary(SfBinary op, const SfFormat *f, uint64_t a, uint64_t b,
                    VfpCtx *c)
{
    if (vfp_normal(f, a) && vfp_normal(f, b)) {
        return op(f, a, b, &c->st);
    }
    uint64_t ops[2] = { vfp_in(f, a, c), vfp_in(f, b, c) }, r;
    if (vfp_nans(f, ops, 2, &r, c)) {
        return r;
    }
    return op(f, ops[0], ops[1], &c->st);
}

uint64_t vfp_sqrt(const SfFormat *f, uint64_t a, VfpCtx *c)
{
    a = vfp_in(f, a, c);
    if (sf_is_nan(f, a)) {
        return vfp_nan(f, a, c);
    }
    return sf_sqrt(f, a, &c->st);
}

uint64_t vfp_muladd(const SfFormat *f, uint64_t addend, uint64_t a,
                    uint64_t b, VfpCtx *c)
{
    uint64_t ops[3] = { vfp_in(f, addend, c), vfp_in(f, a, c),
                        vfp_in(f, b, c) }, r;
    SfClass ca = sf_classify(f, ops[1]), cb = sf_classify(f, ops[2]);
    bool inf_zero = (ca == SF_INF && cb == SF_ZERO_CLASS) ||
                    (ca == SF_ZERO_CLASS && cb == SF_INF);
    /* A quiet NaN addend does not hide the invalid infinity * zero. */
    if (inf_zero && sf_classify(f, ops[0]) == SF_QNAN) {
        c->st.flags |= SF_INVALID;
        return sf_default_nan(f);
    }
    if (vfp_nans(f, ops, 3, &r, c)) {
        return r;
    }
    return sf_muladd(f, ops[0], ops[1], ops[2], &c->st);
}

unsigned vfp_compare(const SfFormat *f, uint64_t a, uint64_t b,
                     bool signal_qnan, VfpCtx *c)
{
    a = vfp_in(f, a, c);
    b = vfp_in(f, b, c);
    SfClass ca = sf_classify(f, a), cb = sf_classify(f, b);
    if (ca >= SF_QNAN || cb >= SF_QNAN) {
        if (signal_qnan || ca == SF_SNAN || cb == SF_SNAN) {
            c->st.flags |= SF_INVALID;
        }
        return 0x3;
    }
    switch (sf_compare(f, a, b)) {
    case 0:
        return 0x6;
    case -1:
        return 0x8;
    default:
        return 0x2;
    }
}

uint64_t vfp_convert(const SfFormat *from, uint64_t v, const SfFormat *to,
                     VfpCtx *c)
{
    bool from_half = from->frac_bits == 10, to_half = to->frac_bits == 10;
    if (from_half && c->ahp) {
        from = &sf_half_alt;
    }
    if (to_half && c->ahp) {
        to = &sf_half_alt;
    }
    v = vfp_in(from, v, c);
    if (sf_is_nan(from, v)) {
        bool snan = sf_classify(from, v) == SF_SNAN;
        bool sign = (v & sf_sign_bit(from)) != 0;
        if (to->no_inf) {
            /* No NaNs in the alternative format: a zero, Invalid. */
            c->st.flags |= SF_INVALID;
            return sign ? sf_sign_bit(to) : 0;
        }
        if (snan) {
            c->st.flags |= SF_INVALID;
        }
        if (c->dn) {
            return sf_default_nan(to);
        }
        /* The payload keeps its top bits (FPSingleToDouble and kin). */
        uint64_t frac = v & sf_frac_mask(from);
        int d = to->frac_bits - from->frac_bits;
        frac = d >= 0 ? frac << d : frac >> -d;
        return (sign ? sf_sign_bit(to) : 0) | sf_infinity(to, false) |
               sf_quiet_bit(to) | (frac & sf_frac_mask(to));
    }
    /* FPRound does not flush half-precision results (A2.7.5). */
    bool flush = c->st.flush_tiny;
    c->st.flush_tiny = flush && !to_half;
    uint64_t r = sf_convert(from, v, to, &c->st);
    c->st.flush_tiny = flush;
    return r;
}

uint32_t vfp_to_fixed(const SfFormat *f, uint64_t v, unsigned fbits,
                      unsigned bits, bool is_unsigned, bool round_zero,
                      VfpCtx *c)
{
    v = vfp_in(f, v, c);
    if (sf_is_nan(f, v)) {
        c->st.flags |= SF_INVALID;
        return 0;
    }
    SfStatus st = c->st;
    if (round_zero) {
        st.round = SF_ZERO;
    }
    uint32_t r = sf_to_fixed(f, v, fbits, bits, is_unsigned, &st);
    c->st.flags = st.flags;
    return r;
}

uint64_t vfp_from_fixed(const SfFormat *f, bool neg, uint64_t mag,
                        unsigned fbits, bool round_nearest, VfpCtx *c)
{
    SfStatus st = c->st;
    if (round_nearest) {
        st.round = SF_NEAREST;
    }
    uint64_t r = sf_from_fixed(f, neg, mag, fbits, &st);
    c->st.flags = st.flags;
    return r;
}
