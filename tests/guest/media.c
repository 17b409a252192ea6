/*
 * A32 SIMD-within-a-register operations: parallel add/subtract (signed,
 * unsigned, halving; ASX/SAX) and the GE flags they set, SEL choosing by
 * GE, USAD8/USADA8, saturating parallel arithmetic (QADD8 ... UQSAX) and
 * SSAT16/USAT16, pack (PKHBT/PKHTB) and extend (SXTB ... UXTAB16, with
 * rotations). Line format: see lib/dp.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/dp.h"
#include "lib/guest.h"

/* Parallel add/subtract (GE flags), SEL, USAD8. */
OP(op_sadd16, "sadd16 %[r], %[a], %[b]")
OP(op_sadd8, "sadd8 %[r], %[a], %[b]")
OP(op_ssub16, "ssub16 %[r], %[a], %[b]")
OP(op_ssub8, "ssub8 %[r], %[a], %[b]")
OP(op_sasx, "sasx %[r], %[a], %[b]")
OP(op_ssax, "ssax %[r], %[a], %[b]")
OP(op_uadd16, "uadd16 %[r], %[a], %[b]")
OP(op_uadd8, "uadd8 %[r], %[a], %[b]")
OP(op_usub16, "usub16 %[r], %[a], %[b]")
OP(op_usub8, "usub8 %[r], %[a], %[b]")
OP(op_uasx, "uasx %[r], %[a], %[b]")
OP(op_usax, "usax %[r], %[a], %[b]")
OP(op_shadd16, "shadd16 %[r], %[a], %[b]")
OP(op_shadd8, "shadd8 %[r], %[a], %[b]")
OP(op_shsub16, "shsub16 %[r], %[a], %[b]")
OP(op_shsub8, "shsub8 %[r], %[a], %[b]")
OP(op_shasx, "shasx %[r], %[a], %[b]")
OP(op_shsax, "shsax %[r], %[a], %[b]")
OP(op_uhadd16, "uhadd16 %[r], %[a], %[b]")
OP(op_uhadd8, "uhadd8 %[r], %[a], %[b]")
OP(op_uhsub16, "uhsub16 %[r], %[a], %[b]")
OP(op_uhsub8, "uhsub8 %[r], %[a], %[b]")
OP(op_uhasx, "uhasx %[r], %[a], %[b]")
OP(op_uhsax, "uhsax %[r], %[a], %[b]")
OP(op_sel, "sel %[r], %[a], %[b]")
OP(op_usad8, "usad8 %[r], %[a], %[b]")
OP(op_usada8, "usada8 %[r], %[a], %[b], %[r]")

static void test_parallel(void)
{
    static const Op ops[] = {
        { "sadd16", op_sadd16, B1 },   { "sadd8", op_sadd8, B1 },
        { "ssub16", op_ssub16, B1 },   { "ssub8", op_ssub8, B1 },
        { "sasx", op_sasx, B1 },       { "ssax", op_ssax, B1 },
        { "uadd16", op_uadd16, B1 },   { "uadd8", op_uadd8, B1 },
        { "usub16", op_usub16, B1 },   { "usub8", op_usub8, B1 },
        { "uasx", op_uasx, B1 },       { "usax", op_usax, B1 },
        { "shadd16", op_shadd16, B1 }, { "shadd8", op_shadd8, B1 },
        { "shsub16", op_shsub16, B1 }, { "shsub8", op_shsub8, B1 },
        { "shasx", op_shasx, B1 },     { "shsax", op_shsax, B1 },
        { "uhadd16", op_uhadd16, B1 }, { "uhadd8", op_uhadd8, B1 },
        { "uhsub16", op_uhsub16, B1 }, { "uhsub8", op_uhsub8, B1 },
        { "uhasx", op_uhasx, B1 },     { "uhsax", op_uhsax, B1 },
    };
    static const Pair pp[] = {
        { 0x7fff8000, 0x00018000 }, { 0x80ff7f01, 0x01ff8081 },
        { 0xffff0000, 0x0001ffff }, { 0x12345678, 0x12345678 },
    };
    static const uint32_t f0[] = { 0 };
    static const uint32_t fge[] = { GE(0x0), GE(0x5), GE(0xa), GE(0xf),
                                    GE(0x3) | FN | FQ };
    static const Pair sp[] = { { 0x11223344, 0xaabbccdd } };
    static const Pair up[] = {
        { 0x01020304, 0x04030201 }, { 0xff00ff00, 0x00ff00ff },
        { 0x80808080, 0x80808080 },
    };
    static const Op sel_ops[] = { { "sel", op_sel, B1 } };
    static const Op usad_ops[] = { { "usad8", op_usad8, B1 },
                                   { "usada8", op_usada8, A1 } };
    printf("-- parallel\n");
    run_ops(ops, N(ops), pp, N(pp), f0, 1, 0, 0);
    run_ops(sel_ops, 1, sp, 1, fge, N(fge), 0, 0);
    run_ops(usad_ops, 2, up, N(up), f0, 1, 0xfffffff0, 0);
}

OP(op_ssat16, "ssat16 %[r], #8, %[a]")
OP(op_ssat16_1, "ssat16 %[r], #1, %[a]")
OP(op_usat16, "usat16 %[r], #8, %[a]")
OP(op_usat16_0, "usat16 %[r], #0, %[a]")
OP(op_qadd8, "qadd8 %[r], %[a], %[b]")
OP(op_qadd16, "qadd16 %[r], %[a], %[b]")
OP(op_qsub8, "qsub8 %[r], %[a], %[b]")
OP(op_qsub16, "qsub16 %[r], %[a], %[b]")
OP(op_qasx, "qasx %[r], %[a], %[b]")
OP(op_qsax, "qsax %[r], %[a], %[b]")
OP(op_uqadd8, "uqadd8 %[r], %[a], %[b]")
OP(op_uqadd16, "uqadd16 %[r], %[a], %[b]")
OP(op_uqsub8, "uqsub8 %[r], %[a], %[b]")
OP(op_uqsub16, "uqsub16 %[r], %[a], %[b]")
OP(op_uqasx, "uqasx %[r], %[a], %[b]")
OP(op_uqsax, "uqsax %[r], %[a], %[b]")


static void test_saturate16(void)
{
    static const Op sat16_ops[] = {
        { "ssat16", op_ssat16, U1 },   { "ssat16#1", op_ssat16_1, U1 },
        { "usat16", op_usat16, U1 },   { "usat16#0", op_usat16_0, U1 },
    };
    static const Pair sp16[] = {
        { 0x7fff8000, 0 }, { 0x00ff0100, 0 }, { 0x0100ff80, 0 },
        { 0x007f0000, 0 },
    };
    static const Op par_ops[] = {
        { "qadd8", op_qadd8, B1 },     { "qadd16", op_qadd16, B1 },
        { "qsub8", op_qsub8, B1 },     { "qsub16", op_qsub16, B1 },
        { "qasx", op_qasx, B1 },       { "qsax", op_qsax, B1 },
        { "uqadd8", op_uqadd8, B1 },   { "uqadd16", op_uqadd16, B1 },
        { "uqsub8", op_uqsub8, B1 },   { "uqsub16", op_uqsub16, B1 },
        { "uqasx", op_uqasx, B1 },     { "uqsax", op_uqsax, B1 },
    };
    static const Pair pp[] = {
        { 0x7fff8000, 0x00018000 }, { 0x80ff7f01, 0x01ff8081 },
        { 0xffff0000, 0x0001ffff },
    };
    static const uint32_t f0[] = { 0 };
    printf("-- saturate (SIMD): Q set by SSAT16/USAT16 only\n");
    run_ops(sat16_ops, N(sat16_ops), sp16, N(sp16), f0, 1, 0, 0);
    run_ops(par_ops, N(par_ops), pp, N(pp), f0, 1, 0, 0);
}

/* Pack and extend. */
OP(op_pkhbt0, "pkhbt %[r], %[a], %[b]")
OP(op_pkhbt8, "pkhbt %[r], %[a], %[b], lsl #8")
OP(op_pkhtb0, "pkhtb %[r], %[a], %[b]")
OP(op_pkhtb16, "pkhtb %[r], %[a], %[b], asr #16")
OP(op_pkhtb32, "pkhtb %[r], %[a], %[b], asr #32")
OP(op_sxtb, "sxtb %[r], %[a]")
OP(op_sxtb8, "sxtb %[r], %[a], ror #8")
OP(op_sxtb16r, "sxtb %[r], %[a], ror #16")
OP(op_sxtb24, "sxtb %[r], %[a], ror #24")
OP(op_sxth, "sxth %[r], %[a]")
OP(op_sxth8, "sxth %[r], %[a], ror #8")
OP(op_uxtb, "uxtb %[r], %[a]")
OP(op_uxtb24, "uxtb %[r], %[a], ror #24")
OP(op_uxth, "uxth %[r], %[a]")
OP(op_uxth16, "uxth %[r], %[a], ror #16")
OP(op_sxtb16, "sxtb16 %[r], %[a]")
OP(op_sxtb16_8, "sxtb16 %[r], %[a], ror #8")
OP(op_uxtb16, "uxtb16 %[r], %[a]")
OP(op_uxtb16_8, "uxtb16 %[r], %[a], ror #8")
OP(op_sxtab, "sxtab %[r], %[b], %[a]")
OP(op_sxtah, "sxtah %[r], %[b], %[a]")
OP(op_uxtab, "uxtab %[r], %[b], %[a], ror #8")
OP(op_uxtah, "uxtah %[r], %[b], %[a]")
OP(op_sxtab16, "sxtab16 %[r], %[b], %[a]")
OP(op_uxtab16, "uxtab16 %[r], %[b], %[a], ror #24")
static void test_pack(void)
{
    static const Op pk_ops[] = {
        { "pkhbt", op_pkhbt0, B1 },      { "pkhbt,l8", op_pkhbt8, B1 },
        { "pkhtb", op_pkhtb0, B1 },      { "pkhtb,a16", op_pkhtb16, B1 },
        { "pkhtb,a32", op_pkhtb32, B1 }, { "sxtab", op_sxtab, B1 },
        { "sxtah", op_sxtah, B1 },       { "uxtab,r8", op_uxtab, B1 },
        { "uxtah", op_uxtah, B1 },       { "sxtab16", op_sxtab16, B1 },
        { "uxtab16", op_uxtab16, B1 },
    };
    static const Pair pk[] = { { 0x80f17f81, 0x01020304 },
                               { 0x12345678, 0xfedcba98 } };
    static const Op un_ops[] = {
        { "sxtb", op_sxtb, U1 },        { "sxtb,r8", op_sxtb8, U1 },
        { "sxtb,r16", op_sxtb16r, U1 }, { "sxtb,r24", op_sxtb24, U1 },
        { "sxth", op_sxth, U1 },        { "sxth,r8", op_sxth8, U1 },
        { "uxtb", op_uxtb, U1 },        { "uxtb,r24", op_uxtb24, U1 },
        { "uxth", op_uxth, U1 },        { "uxth,r16", op_uxth16, U1 },
        { "sxtb16", op_sxtb16, U1 },    { "sxtb16,r8", op_sxtb16_8, U1 },
        { "uxtb16", op_uxtb16, U1 },    { "uxtb16,r8", op_uxtb16_8, U1 },
    };
    static const Pair un[] = {
        { 0x80f17f81, 0 }, { 0x12345678, 0 }, { 0xffffffff, 0 },
        { 0x00008000, 0 },
    };
    static const uint32_t fz[] = { FZ | FC };
    printf("-- pack, extend\n");
    run_ops(pk_ops, N(pk_ops), pk, N(pk), fz, 1, 0, 0);
    run_ops(un_ops, N(un_ops), un, N(un), fz, 1, 0, 0);
}

int main(void)
{
    test_parallel();
    test_saturate16();
    test_pack();
    return 0;
}
