/*
 * VFP arithmetic against qemu-system-arm, on raw bits: every data-
 * processing instruction in single and double precision under the four
 * rounding modes (results and cumulative flags), values at the rounding,
 * overflow and underflow boundaries, flush-to-zero of inputs and results
 * (IDC, UFC), default NaN mode, NaN propagation (signalling before quiet,
 * operand order, the quiet bit, FPNeg of NaN results, the fused
 * infinity*zero rule), VCMP/VCMPE, and every VCVT: single/double,
 * integer with VCVT and VCVTR, fixed point (16/32-bit, signed/unsigned),
 * half precision (VCVTB/VCVTT, IEEE and alternative format).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/vfp.h"

#define RN (0u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

/* Single precision: d S4, n S0, m S2. */
OP(vadd_s, "vadd.f32 s4, s0, s2")
OP(vsub_s, "vsub.f32 s4, s0, s2")
OP(vmul_s, "vmul.f32 s4, s0, s2")
OP(vnmul_s, "vnmul.f32 s4, s0, s2")
OP(vdiv_s, "vdiv.f32 s4, s0, s2")
OP(vmla_s, "vmla.f32 s4, s0, s2")
OP(vmls_s, "vmls.f32 s4, s0, s2")
OP(vnmla_s, "vnmla.f32 s4, s0, s2")
OP(vnmls_s, "vnmls.f32 s4, s0, s2")
OP(vfma_s, "vfma.f32 s4, s0, s2")
OP(vfms_s, "vfms.f32 s4, s0, s2")
OP(vfnma_s, "vfnma.f32 s4, s0, s2")
OP(vfnms_s, "vfnms.f32 s4, s0, s2")
OP(vsqrt_s, "vsqrt.f32 s4, s2")
OP(vabs_s, "vabs.f32 s4, s2")
OP(vneg_s, "vneg.f32 s4, s2")
OP(vmov_s, "vmov.f32 s4, s2")
/* Double precision: d D2, n D0, m D1. */
OP(vadd_d, "vadd.f64 d2, d0, d1")
OP(vsub_d, "vsub.f64 d2, d0, d1")
OP(vmul_d, "vmul.f64 d2, d0, d1")
OP(vnmul_d, "vnmul.f64 d2, d0, d1")
OP(vdiv_d, "vdiv.f64 d2, d0, d1")
OP(vmla_d, "vmla.f64 d2, d0, d1")
OP(vmls_d, "vmls.f64 d2, d0, d1")
OP(vnmla_d, "vnmla.f64 d2, d0, d1")
OP(vnmls_d, "vnmls.f64 d2, d0, d1")
OP(vfma_d, "vfma.f64 d2, d0, d1")
OP(vfms_d, "vfms.f64 d2, d0, d1")
OP(vfnma_d, "vfnma.f64 d2, d0, d1")
OP(vfnms_d, "vfnms.f64 d2, d0, d1")
OP(vsqrt_d, "vsqrt.f64 d2, d1")
OP(vabs_d, "vabs.f64 d2, d1")
OP(vneg_d, "vneg.f64 d2, d1")
OP(vmov_d, "vmov.f64 d2, d1")

typedef struct NamedOp {
    const char *name;
    VfpOp fn;
} NamedOp;

static const NamedOp ops_s[] = {
    { "vadd", vadd_s },   { "vsub", vsub_s },   { "vmul", vmul_s },
    { "vnmul", vnmul_s }, { "vdiv", vdiv_s },   { "vmla", vmla_s },
    { "vmls", vmls_s },   { "vnmla", vnmla_s }, { "vnmls", vnmls_s },
    { "vfma", vfma_s },   { "vfms", vfms_s },   { "vfnma", vfnma_s },
    { "vfnms", vfnms_s }, { "vsqrt", vsqrt_s }, { "vabs", vabs_s },
    { "vneg", vneg_s },   { "vmov", vmov_s },
};

static const NamedOp ops_d[] = {
    { "vadd", vadd_d },   { "vsub", vsub_d },   { "vmul", vmul_d },
    { "vnmul", vnmul_d }, { "vdiv", vdiv_d },   { "vmla", vmla_d },
    { "vmls", vmls_d },   { "vnmla", vnmla_d }, { "vnmls", vnmls_d },
    { "vfma", vfma_d },   { "vfms", vfms_d },   { "vfnma", vfnma_d },
    { "vfnms", vfnms_d }, { "vsqrt", vsqrt_d }, { "vabs", vabs_d },
    { "vneg", vneg_d },   { "vmov", vmov_d },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(COUNT(ops_s) == COUNT(ops_d), "the same ops in both");

/* Runs @fn under each rounding mode with @mode's other bits and the flags
 * clear; prints the results (@dp: 64 bits, else the low word) and the
 * FPSCR's NZCV and flags. */
static void run4(const char *name, VfpOp fn, bool dp, uint32_t mode,
                 uint64_t d, uint64_t n, uint64_t m)
{
    printf("%s", name);
    for (uint32_t rm = 0; rm < 4; rm++) {
        fpscr_write(mode | rm << 22);
        uint64_t r = fn(d, n, m);
        uint32_t f = fpscr_read() & 0xf000009fu;
        if (dp) {
            printf(" %016llx/%x", (unsigned long long)r, (unsigned)f);
        } else {
            printf(" %08x/%x", (unsigned)r, (unsigned)f);
        }
    }
    printf("\n");
}

/* Every op of one precision on (d, n, m). */
static void all_ops(bool dp, uint32_t mode, uint64_t d, uint64_t n,
                    uint64_t m)
{
    const NamedOp *ops = dp ? ops_d : ops_s;
    for (size_t o = 0; o < COUNT(ops_s); o++) {
        run4(ops[o].name, ops[o].fn, dp, mode, d, n, m);
    }
}

/* (d, n, m) triples: boundaries of rounding, overflow, underflow. */
static const uint32_t triples_s[][3] = {
    { 0x3f800000, 0x3f800000, 0x33800000 },  /* 1 + 2^-24: halfway */
    { 0x3f800000, 0x3f800001, 0x33800000 },  /* halfway, odd */
    { 0xbf800000, 0x3f800000, 0x33800001 },  /* above halfway */
    { 0x00000000, 0x7f7fffff, 0x7f7fffff },  /* overflow */
    { 0x00000000, 0xff7fffff, 0x3f800001 },
    { 0x00000000, 0x00800000, 0x3f000000 },  /* exact subnormal */
    { 0x00800000, 0x00800001, 0x3effffff },  /* tiny before rounding */
    { 0x80000000, 0x00000001, 0x3f000000 },  /* min subnormal / 2 */
    { 0x00000000, 0x00000003, 0x3f000000 },
    { 0x3f800000, 0x3f800000, 0xbf800000 },  /* exact zero sums */
    { 0x80000000, 0x80000000, 0x00000000 },
    { 0x40400000, 0x3eaaaaab, 0x40400000 },  /* 1/3 * 3 */
    { 0x7f800000, 0x00000000, 0x7f800000 },  /* inf * 0, inf - inf */
    { 0xff800000, 0x7f800000, 0x3f800000 },
    { 0x3f800000, 0x00000000, 0x00000000 },  /* 0/0, x/0 */
    { 0x3f800000, 0x3f800000, 0x80000000 },
    { 0xc0000000, 0x40800000, 0xbf800000 },  /* sqrt(-1) */
    { 0x00000000, 0x3f800000, 0x40000000 },  /* sqrt(2) */
    { 0x7f000000, 0x7f000000, 0x40000000 },  /* fused vs not */
    { 0x33800000, 0x3f800001, 0x3f7fffff },
};

static const uint64_t triples_d[][3] = {
    { 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000 },
    { 0x3ff0000000000000, 0x3ff0000000000001, 0x3ca0000000000000 },
    { 0xbff0000000000000, 0x3ff0000000000000, 0x3ca0000000000001 },
    { 0x0000000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff },
    { 0x0000000000000000, 0x0010000000000000, 0x3fe0000000000000 },
    { 0x0010000000000000, 0x0010000000000001, 0x3fefffffffffffff },
    { 0x8000000000000000, 0x0000000000000001, 0x3fe0000000000000 },
    { 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000 },
    { 0x4008000000000000, 0x3fd5555555555555, 0x4008000000000000 },
    { 0x7ff0000000000000, 0x0000000000000000, 0x7ff0000000000000 },
    { 0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000 },
    { 0x0000000000000000, 0x3ff0000000000000, 0x4000000000000000 },
    { 0xc000000000000000, 0x4010000000000000, 0xbff0000000000000 },
    { 0x3ca0000000000000, 0x3ff0000000000001, 0x3fefffffffffffff },
};

static void test_rounding(void)
{
    printf("-- all ops, four rounding modes (RN RP RM RZ)\n");
    for (size_t t = 0; t < COUNT(triples_s); t++) {
        all_ops(false, 0, triples_s[t][0], triples_s[t][1], triples_s[t][2]);
    }
    for (size_t t = 0; t < COUNT(triples_d); t++) {
        all_ops(true, 0, triples_d[t][0], triples_d[t][1], triples_d[t][2]);
    }
}

/* Flush-to-zero: denormal operands and tiny results, with FZ and DN. */
static void test_fz_dn(void)
{
    static const uint32_t fz_s[][3] = {
        { 0x00000001, 0x00000001, 0x3f800000 },
        { 0x807fffff, 0x3f800000, 0x007fffff },
        { 0x00000000, 0x00800000, 0x3f7fffff },  /* tiny, rounds to normal */
        { 0x00000000, 0x00c00000, 0x3f000000 },
        { 0x7fc00000, 0x00000001, 0x7f800000 },  /* denormal and NaN */
        { 0x3f800000, 0x00000001, 0x00000000 },
    };
    printf("-- FZ and DN\n");
    static const uint32_t modes[] = { FZ, DN, FZ | DN };
    for (size_t k = 0; k < COUNT(modes); k++) {
        printf("mode %08x\n", (unsigned)modes[k]);
        for (size_t t = 0; t < COUNT(fz_s); t++) {
            all_ops(false, modes[k], fz_s[t][0], fz_s[t][1], fz_s[t][2]);
        }
        run4("vmul.f64 dn", vmul_d, true, modes[k], 0, 0x0000000000000001,
             0x3ff0000000000000);
        run4("vadd.f64 tiny", vadd_d, true, modes[k], 0, 0x0010000000000001,
             0x8010000000000000);
    }
}

/* NaN propagation: which operand's NaN wins, the quiet bit, Invalid. */
static void test_nans(void)
{
    static const uint32_t nan_s[][3] = {
        { 0x3f800000, 0x7fc00001, 0x7fc00002 },  /* two quiet: first */
        { 0x3f800000, 0x7fc00001, 0x7f800002 },  /* signalling wins */
        { 0x3f800000, 0xff800003, 0x7fc00002 },
        { 0x7f800004, 0x7fc00001, 0x3f800000 },  /* accumulator signalling */
        { 0x7fc00004, 0x7f800000, 0x00000000 },  /* qNaN + inf*0 */
        { 0x7fc00004, 0x3f800000, 0x7f800005 },
        { 0xffc00006, 0x3f800000, 0x3f800000 },
    };
    static const uint64_t nan_d[][3] = {
        { 0x3ff0000000000000, 0x7ff8000000000001, 0x7ff8000000000002 },
        { 0x3ff0000000000000, 0x7ff8000000000001, 0x7ff0000000000002 },
        { 0x7ff0000000000004, 0x7ff8000000000001, 0x3ff0000000000000 },
        { 0x7ff8000000000004, 0x7ff0000000000000, 0x0000000000000000 },
        { 0xfff8000000000006, 0x3ff0000000000000, 0x3ff0000000000000 },
    };
    printf("-- NaNs\n");
    static const uint32_t modes[] = { 0, DN };
    for (size_t k = 0; k < COUNT(modes); k++) {
        for (size_t t = 0; t < COUNT(nan_s); t++) {
            all_ops(false, modes[k], nan_s[t][0], nan_s[t][1], nan_s[t][2]);
        }
        for (size_t t = 0; t < COUNT(nan_d); t++) {
            all_ops(true, modes[k], nan_d[t][0], nan_d[t][1], nan_d[t][2]);
        }
    }
}

OP(vcmp_s, "vcmp.f32 s0, s2")
OP(vcmpe_s, "vcmpe.f32 s0, s2")
OP(vcmpz_s, "vcmp.f32 s0, #0")
OP(vcmpez_s, "vcmpe.f32 s0, #0")
OP(vcmp_d, "vcmp.f64 d0, d1")
OP(vcmpe_d, "vcmpe.f64 d0, d1")
OP(vcmpz_d, "vcmp.f64 d0, #0")
OP(vcmpez_d, "vcmpe.f64 d0, #0")

static void test_compare(void)
{
    static const uint32_t vals[] = {
        0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001,
        0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
    };
    printf("-- VCMP, VCMPE (NZCV and flags), FZ off/on\n");
    for (uint32_t fz = 0; fz <= FZ; fz += FZ) {
        for (size_t a = 0; a < COUNT(vals); a++) {
            for (size_t b = 0; b < COUNT(vals); b++) {
                printf("%08x %08x:", (unsigned)vals[a], (unsigned)vals[b]);
                run4(" cmp", vcmp_s, false, fz, 0, vals[a], vals[b]);
                run4(" cmpe", vcmpe_s, false, fz, 0, vals[a], vals[b]);
            }
            printf("%08x:", (unsigned)vals[a]);
            run4(" cmp0", vcmpz_s, false, fz, 0, vals[a], 0);
            run4(" cmpe0", vcmpez_s, false, fz, 0, vals[a], 0);
        }
    }
    static const uint64_t dvals[] = {
        0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
        0x0000000000000001, 0xfff0000000000000, 0x7ff8000000000000,
        0x7ff0000000000001,
    };
    for (size_t a = 0; a < COUNT(dvals); a++) {
        for (size_t b = 0; b < COUNT(dvals); b++) {
            printf("%016llx %016llx:", (unsigned long long)dvals[a],
                   (unsigned long long)dvals[b]);
            run4(" cmp", vcmp_d, false, FZ, 0, dvals[a], dvals[b]);
            run4(" cmpe", vcmpe_d, false, 0, 0, dvals[a], dvals[b]);
        }
        run4(" cmp0", vcmpz_d, false, 0, 0, dvals[a], 0);
        run4(" cmpe0", vcmpez_d, false, 0, 0, dvals[a], 0);
    }
}

/* Conversions: the result lands in D2 (S4, or S4's halves). */
OP(f64_f32, "vcvt.f64.f32 d2, s2")
OP(f32_f64, "vcvt.f32.f64 s4, d1")
OP(s32_f32, "vcvt.s32.f32 s4, s2")
OP(u32_f32, "vcvt.u32.f32 s4, s2")
OP(s32_f32r, "vcvtr.s32.f32 s4, s2")
OP(u32_f32r, "vcvtr.u32.f32 s4, s2")
OP(s32_f64, "vcvt.s32.f64 s4, d1")
OP(u32_f64, "vcvt.u32.f64 s4, d1")
OP(s32_f64r, "vcvtr.s32.f64 s4, d1")
OP(u32_f64r, "vcvtr.u32.f64 s4, d1")
OP(f32_s32, "vcvt.f32.s32 s4, s2")
OP(f32_u32, "vcvt.f32.u32 s4, s2")
OP(f64_s32, "vcvt.f64.s32 d2, s2")
OP(f64_u32, "vcvt.f64.u32 d2, s2")
OP(s16_f32x, "vmov.f32 s4, s2\n\tvcvt.s16.f32 s4, s4, #4")
OP(u16_f32x, "vmov.f32 s4, s2\n\tvcvt.u16.f32 s4, s4, #16")
OP(s32_f32x, "vmov.f32 s4, s2\n\tvcvt.s32.f32 s4, s4, #1")
OP(u32_f32x, "vmov.f32 s4, s2\n\tvcvt.u32.f32 s4, s4, #31")
OP(s16_f64x, "vmov.f64 d2, d1\n\tvcvt.s16.f64 d2, d2, #8")
OP(u32_f64x, "vmov.f64 d2, d1\n\tvcvt.u32.f64 d2, d2, #32")
OP(f32_s16x, "vmov.f32 s4, s2\n\tvcvt.f32.s16 s4, s4, #3")
OP(f32_u32x, "vmov.f32 s4, s2\n\tvcvt.f32.u32 s4, s4, #20")
OP(f64_s32x, "vmov.f64 d2, d1\n\tvcvt.f64.s32 d2, d2, #12")
OP(f64_u16x, "vmov.f64 d2, d1\n\tvcvt.f64.u16 d2, d2, #1")
OP(f16_f32b, "vcvtb.f16.f32 s4, s2")
OP(f16_f32t, "vcvtt.f16.f32 s4, s2")
OP(f32_f16b, "vcvtb.f32.f16 s4, s2")
OP(f32_f16t, "vcvtt.f32.f16 s4, s2")

static const NamedOp cvt_from_s[] = {
    { "f64.f32", f64_f32 },   { "s32.f32", s32_f32 },
    { "u32.f32", u32_f32 },   { "s32.f32 r", s32_f32r },
    { "u32.f32 r", u32_f32r }, { "s16.f32 #4", s16_f32x },
    { "u16.f32 #16", u16_f32x }, { "s32.f32 #1", s32_f32x },
    { "u32.f32 #31", u32_f32x }, { "f16.f32 b", f16_f32b },
    { "f16.f32 t", f16_f32t },
};

static const NamedOp cvt_from_d[] = {
    { "f32.f64", f32_f64 },   { "s32.f64", s32_f64 },
    { "u32.f64", u32_f64 },   { "s32.f64 r", s32_f64r },
    { "u32.f64 r", u32_f64r }, { "s16.f64 #8", s16_f64x },
    { "u32.f64 #32", u32_f64x },
};

static const NamedOp cvt_from_int[] = {
    { "f32.s32", f32_s32 },   { "f32.u32", f32_u32 },
    { "f64.s32", f64_s32 },   { "f64.u32", f64_u32 },
    { "f32.s16 #3", f32_s16x }, { "f32.u32 #20", f32_u32x },
    { "f64.s32 #12", f64_s32x }, { "f64.u16 #1", f64_u16x },
    { "f32.f16 b", f32_f16b }, { "f32.f16 t", f32_f16t },
};

static void test_convert(void)
{
    static const uint32_t fvals[] = {
        0x00000000, 0x80000000, 0x3f000000, 0x3fc00000, 0xbfc00000,
        0x40200000, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000,
        0x4effffff, 0xbf7fffff, 0x00000001, 0x7f800000, 0xff800000,
        0x7fc00001, 0x7f800001, 0x477fe000, 0x477ff000, 0x38800000,
        0x387fe000, 0x33800000, 0x33000001, 0x3eaaaaab, 0x7f7fffff,
    };
    static const uint64_t dvals[] = {
        0x0000000000000000, 0x3fe0000000000000, 0x3ff8000000000000,
        0xbff8000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000,
        0xc1e0000000000000, 0xc1e0000000100000, 0x41efffffffe00000,
        0x41f0000000000000, 0x0000000000000001, 0x7ff0000000000000,
        0x7ff8000000000001, 0x7ff0000000000001, 0x47efffffe0000000,
        0x47effffff0000000, 0x380fffffe0000000, 0x36a0000000000000,
        0x3fd5555555555555, 0x7fefffffffffffff, 0xc0b0000000000000,
    };
    static const uint32_t ivals[] = {
        0x00000000, 0x00000001, 0xffffffff, 0x7fffffff, 0x80000000,
        0x01000001, 0xfeffffff, 0x00008000, 0x00007fff, 0x0000ffff,
        0x3c007c00, 0x7c017e00, 0xfc00fbff, 0x000103ff, 0x12345678,
    };
    static const uint32_t modes[] = { 0, FZ, DN | AHP };
    printf("-- conversions\n");
    for (size_t k = 0; k < COUNT(modes); k++) {
        printf("mode %08x\n", (unsigned)modes[k]);
        for (size_t v = 0; v < COUNT(fvals); v++) {
            for (size_t o = 0; o < COUNT(cvt_from_s); o++) {
                printf("%08x ", (unsigned)fvals[v]);
                run4(cvt_from_s[o].name, cvt_from_s[o].fn, o == 0,
                     modes[k], 0xabcd1234abcd1234ull, 0, fvals[v]);
            }
        }
        for (size_t v = 0; v < COUNT(dvals); v++) {
            for (size_t o = 0; o < COUNT(cvt_from_d); o++) {
                printf("%016llx ", (unsigned long long)dvals[v]);
                run4(cvt_from_d[o].name, cvt_from_d[o].fn, o >= 5, modes[k],
                     0xabcd1234abcd1234ull, 0, dvals[v]);
            }
        }
        for (size_t v = 0; v < COUNT(ivals); v++) {
            for (size_t o = 0; o < COUNT(cvt_from_int); o++) {
                printf("%08x ", (unsigned)ivals[v]);
                run4(cvt_from_int[o].name, cvt_from_int[o].fn, true,
                     modes[k], 0xabcd1234abcd1234ull, 0, ivals[v]);
            }
        }
    }
}

int main(void)
{
    exc_install();
    vfp_enable();
    test_rounding();
    test_fz_dn();
    test_nans();
    test_compare();
    test_convert();
    exc_print("any exception", 0);
    return 0;
}
