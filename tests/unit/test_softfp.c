/*
 * The software floating-point core (softfp.c) and ARM's rules over it
 * (vfp_arith.c) at their corner cases: ties to even and the directed
 * modes, underflow detected before rounding (where x86 SSE, judging after
 * rounding, would not raise it), flushing tiny results and denormal
 * inputs, overflow by rounding mode, invalid operations, the single
 * rounding of fused multiply-add, exact square roots, integer and
 * fixed-point conversions with saturation, half precision in both
 * formats, and NaN selection. Expected values worked out by hand from IEEE
 * 754 and the ARM ARM (DDI 0406C A2.7).
 */
#include "../../src/cpu/arm/softfp.h"
#include "../../src/cpu/arm/vfp_arith.h"
#include "testlib.h"

#define S(x) ((uint64_t)(x))

static SfStatus st_mode(SfRound r)
{
    return (SfStatus){ .round = r };
}

TEST(softfp_add_ties_to_even_and_directed_modes)
{
    /* 1 + 2^-24 is halfway between 1 and 1 + 2^-23. */
    static const uint32_t want[4] = { 0x3f800000, 0x3f800001, 0x3f800000,
                                      0x3f800000 };
    for (unsigned r = 0; r < 4; r++) {
        SfStatus st = st_mode((SfRound)r);
        CHECK_EQ(sf_add(&sf_single, 0x3f800000, 0x33800000, &st), want[r]);
        CHECK_EQ(st.flags, SF_INEXACT);
    }
    /* (1 + 2^-23) + 2^-24: halfway again, now rounding up to even. */
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_add(&sf_single, 0x3f800001, 0x33800000, &st), 0x3f800002);
    /* x - x is +0, or -0 when rounding towards minus infinity. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sub(&sf_single, 0x3f800000, 0x3f800000, &st), 0);
    st = st_mode(SF_DOWN);
    CHECK_EQ(sf_sub(&sf_single, 0x3f800000, 0x3f800000, &st), 0x80000000);
    CHECK_EQ(st.flags, 0);
    /* Double: 1 - 2^-60 rounds to 1, or down to 1 - 2^-53. */
    st = st_mode(SF_ZERO);
    CHECK_EQ(sf_add(&sf_double, 0x3ff0000000000000, 0xbc30000000000000, &st),
             0x3fefffffffffffff);
}

TEST(softfp_underflow_is_judged_before_rounding)
{
    /* min normal * (1 - 2^-24): tiny before rounding, rounds to the
     * min normal; ARM raises Underflow (and Inexact). */
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_mul(&sf_single, 0x00800000, 0x3f7fffff, &st), 0x00800000);
    CHECK_EQ(st.flags, SF_UNDERFLOW | SF_INEXACT);
    /* An exact denormal result is not an underflow. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_mul(&sf_single, 0x00800000, 0x3f000000, &st), 0x00400000);
    CHECK_EQ(st.flags, 0);
    /* Flushing: a signed zero, Underflow without Inexact. */
    st = (SfStatus){ .round = SF_NEAREST, .flush_tiny = true };
    CHECK_EQ(sf_mul(&sf_single, 0x80800000, 0x3f7fffff, &st), 0x80000000);
    CHECK_EQ(st.flags, SF_UNDERFLOW);
    /* 2^-150 to single: a tie between 0 and the smallest denormal. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_convert(&sf_double, 0x3690000000000000, &sf_single, &st), 0);
    CHECK_EQ(st.flags, SF_UNDERFLOW | SF_INEXACT);
    st = st_mode(SF_UP);
    CHECK_EQ(sf_convert(&sf_double, 0x3690000000000000, &sf_single, &st), 1);
}

TEST(softfp_overflow_by_rounding_mode)
{
    static const uint32_t want[4] = { 0x7f800000, 0x7f800000, 0x7f7fffff,
                                      0x7f7fffff };
    for (unsigned r = 0; r < 4; r++) {
        SfStatus st = st_mode((SfRound)r);
        CHECK_EQ(sf_mul(&sf_single, 0x7f7fffff, 0x40000000, &st), want[r]);
        CHECK_EQ(st.flags, SF_OVERFLOW | SF_INEXACT);
    }
    SfStatus st = st_mode(SF_UP);
    CHECK_EQ(sf_mul(&sf_double, 0xffefffffffffffff, 0x4000000000000000, &st),
             0xffefffffffffffff);
}

TEST(softfp_invalid_and_divide_by_zero)
{
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_div(&sf_single, 0x3f800000, 0x80000000, &st), 0xff800000);
    CHECK_EQ(st.flags, SF_DIVBYZERO);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_div(&sf_single, 0, 0, &st), 0x7fc00000);
    CHECK_EQ(st.flags, SF_INVALID);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_add(&sf_double, 0x7ff0000000000000, 0xfff0000000000000, &st),
             0x7ff8000000000000);
    CHECK_EQ(st.flags, SF_INVALID);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_mul(&sf_single, 0x7f800000, 0, &st), 0x7fc00000);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sqrt(&sf_single, 0xbf800000, &st), 0x7fc00000);
    CHECK_EQ(st.flags, SF_INVALID);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sqrt(&sf_single, 0x80000000, &st), 0x80000000);
    CHECK_EQ(st.flags, 0);
}

TEST(softfp_sqrt_and_division_are_correctly_rounded)
{
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sqrt(&sf_double, 0x4000000000000000, &st), 0x3ff6a09e667f3bcd);
    CHECK_EQ(st.flags, SF_INEXACT);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sqrt(&sf_single, 0x41100000, &st), 0x40400000);  /* sqrt 9 */
    CHECK_EQ(st.flags, 0);
    /* sqrt of the smallest denormal: 2^-74.5 */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_sqrt(&sf_single, 1, &st), 0x1a3504f3);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_div(&sf_single, 0x3f800000, 0x40400000, &st), 0x3eaaaaab);
    st = st_mode(SF_ZERO);
    CHECK_EQ(sf_div(&sf_double, 0x3ff0000000000000, 0x4008000000000000, &st),
             0x3fd5555555555555);
}

TEST(softfp_fused_multiply_add_rounds_once)
{
    /* (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly; a separate product
     * would round away the 2^-24. */
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_muladd(&sf_single, 0xbf800000, 0x3f800800, 0x3f800800, &st),
             0x3a000400);
    CHECK_EQ(st.flags, 0);
    st = st_mode(SF_NEAREST);
    uint64_t p = sf_mul(&sf_single, 0x3f800800, 0x3f800800, &st);
    CHECK_EQ(sf_add(&sf_single, 0xbf800000, p, &st), 0x3a000000);
    /* A zero product and a zero addend of opposite signs. */
    st = st_mode(SF_DOWN);
    CHECK_EQ(sf_muladd(&sf_double, 0, 0x8000000000000000, 0x3ff0000000000000,
                       &st),
             0x8000000000000000);
    /* inf * 0 + x is invalid. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_muladd(&sf_single, 0x3f800000, 0x7f800000, 0, &st),
             0x7fc00000);
    CHECK_EQ(st.flags, SF_INVALID);
}

TEST(softfp_fixed_point_conversions)
{
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_to_fixed(&sf_single, 0x40200000, 0, 32, false, &st), 2);
    CHECK_EQ(sf_to_fixed(&sf_single, 0x40600000, 0, 32, false, &st), 4);
    CHECK_EQ(st.flags, SF_INEXACT);
    /* -0.5 to unsigned rounds to zero: inexact, not invalid. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_to_fixed(&sf_single, 0xbf000000, 0, 32, true, &st), 0);
    CHECK_EQ(st.flags, SF_INEXACT);
    /* -0.75 rounds to -1: out of range, invalid only. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_to_fixed(&sf_single, 0xbf400000, 0, 32, true, &st), 0);
    CHECK_EQ(st.flags, SF_INVALID);
    st = st_mode(SF_ZERO);
    CHECK_EQ(sf_to_fixed(&sf_single, 0x4f000000, 0, 32, false, &st),
             0x7fffffff);
    CHECK_EQ(sf_to_fixed(&sf_single, 0xcf000000, 0, 32, false, &st),
             0x80000000);
    CHECK_EQ(sf_to_fixed(&sf_double, 0x43d0000000000000, 9, 16, true, &st),
             0xffff);
    CHECK_EQ(sf_to_fixed(&sf_single, 0xff800000, 4, 16, false, &st),
             0xffff8000);
    /* 1.5 with 4 fraction bits is 24. */
    st = st_mode(SF_ZERO);
    CHECK_EQ(sf_to_fixed(&sf_single, 0x3fc00000, 4, 16, false, &st), 24);
    CHECK_EQ(st.flags, 0);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_from_fixed(&sf_single, false, 0xffffffff, 0, &st), 0x4f800000);
    CHECK_EQ(st.flags, SF_INEXACT);
    st = st_mode(SF_ZERO);
    CHECK_EQ(sf_from_fixed(&sf_single, false, 0xffffffff, 0, &st), 0x4f7fffff);
    CHECK_EQ(sf_from_fixed(&sf_double, true, 0x80000000, 31, &st),
             0xbff0000000000000);
}

TEST(softfp_half_precision_both_formats)
{
    SfStatus st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_convert(&sf_single, 0x477ff000, &sf_half, &st), 0x7c00);
    CHECK_EQ(st.flags, SF_OVERFLOW | SF_INEXACT);
    /* The alternative format goes up to 131008; 65536 is normal there. */
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_convert(&sf_single, 0x477ff000, &sf_half_alt, &st), 0x7c00);
    CHECK_EQ(st.flags, SF_INEXACT);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_convert(&sf_single, 0x48000000, &sf_half_alt, &st), 0x7fff);
    CHECK_EQ(st.flags, SF_INVALID);
    st = st_mode(SF_NEAREST);
    CHECK_EQ(sf_convert(&sf_half_alt, 0xfc00, &sf_single, &st), 0xc7800000);
    CHECK_EQ(sf_convert(&sf_half, 0x0001, &sf_single, &st), 0x33800000);
    CHECK_EQ(st.flags, 0);
}

TEST(softfp_compare_and_classify)
{
    CHECK_EQ(sf_compare(&sf_single, 0x80000000, 0), 0);
    CHECK_EQ(sf_compare(&sf_single, 0xbf800000, 0x00000001), -1);
    CHECK_EQ(sf_compare(&sf_double, 0x7ff0000000000000, 0x7fefffffffffffff), 1);
    CHECK_EQ(sf_classify(&sf_single, 0x7f800001), SF_SNAN);
    CHECK_EQ(sf_classify(&sf_single, 0xffc00000), SF_QNAN);
    CHECK_EQ(sf_classify(&sf_half_alt, 0x7c01), SF_NORMAL);
    CHECK_EQ(sf_classify(&sf_double, 1), SF_NORMAL);
}

TEST(vfp_nan_rules_flush_and_default_nan)
{
    VfpCtx c = vfp_ctx(0);
    /* A signalling NaN beats an earlier quiet one, and is quieted. */
    CHECK_EQ(vfp_binary(sf_add, &sf_single, 0x7fc00001, 0xff800002, &c),
             0xffc00002);
    CHECK_EQ(c.st.flags, SF_INVALID);
    c = vfp_ctx(0);
    CHECK_EQ(vfp_binary(sf_mul, &sf_single, 0x7fc00001, 0x7fc00002, &c),
             0x7fc00001);
    CHECK_EQ(c.st.flags, 0);
    c = vfp_ctx(FPSCR_DN);
    CHECK_EQ(vfp_binary(sf_sub, &sf_double, 0x3ff0000000000000,
                        0xfff0000000000001, &c),
             0x7ff8000000000000);
    /* FZ: a denormal input is a zero and raises Input Denormal. */
    c = vfp_ctx(FPSCR_FZ);
    CHECK_EQ(vfp_binary(sf_add, &sf_single, 0x80000001, 0x80000000, &c),
             0x80000000);
    CHECK_EQ(c.st.flags, SF_INPUT_DENORMAL);
    /* Fused: a quiet NaN addend with inf * 0 gives the default NaN. */
    c = vfp_ctx(0);
    CHECK_EQ(vfp_muladd(&sf_single, 0x7fc00005, 0x7f800000, 0, &c),
             0x7fc00000);
    CHECK_EQ(c.st.flags, SF_INVALID);
    /* Conversion keeps the payload's top bits. */
    c = vfp_ctx(0);
    CHECK_EQ(vfp_convert(&sf_single, 0x7f800001, &sf_double, &c),
             0x7ff8000020000000);
    CHECK_EQ(c.st.flags, SF_INVALID);
    /* Compare: unordered, VCMPE signals on quiet NaNs. */
    c = vfp_ctx(0);
    CHECK_EQ(vfp_compare(&sf_single, 0x7fc00000, 0, false, &c), 0x3);
    CHECK_EQ(c.st.flags, 0);
    CHECK_EQ(vfp_compare(&sf_single, 0x7fc00000, 0, true, &c), 0x3);
    CHECK_EQ(c.st.flags, SF_INVALID);
}
