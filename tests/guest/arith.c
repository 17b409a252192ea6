/*
 * A32 arithmetic: results and NZCVQ flags of ADD/ADC/SUB/SBC/RSB/RSC/CMP/
 * CMN at their carry and overflow edges, every condition code against
 * every NZCV combination, multiplies (MUL/MLA/MLS, long, UMAAL, halfword,
 * word-by-halfword, dual, most-significant-word; the Q flag),
 * SDIV/UDIV (incl. by zero and INT_MIN / -1), and saturating arithmetic
 * (QADD/QSUB/QDADD/QDSUB, SSAT/USAT with shifts; the sticky Q flag).
 * Line format: see lib/dp.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/dp.h"
#include "lib/guest.h"

/* Add and subtract. */
OP(op_adds, "adds %[r], %[a], %[b]")
OP(op_adcs, "adcs %[r], %[a], %[b]")
OP(op_subs, "subs %[r], %[a], %[b]")
OP(op_sbcs, "sbcs %[r], %[a], %[b]")
OP(op_rsbs, "rsbs %[r], %[a], %[b]")
OP(op_rscs, "rscs %[r], %[a], %[b]")
OP(op_cmp, "cmp %[a], %[b]")
OP(op_cmn, "cmn %[a], %[b]")
OP(op_adc, "adc %[r], %[a], %[b]")
OP(op_sbc, "sbc %[r], %[a], %[b]")

static void test_addsub(void)
{
    static const Op ops[] = {
        { "adds", op_adds, B1 }, { "subs", op_subs, B1 },
        { "rsbs", op_rsbs, B1 }, { "cmp", op_cmp, B1 },
        { "cmn", op_cmn, B1 },
    };
    static const Op carry_ops[] = {
        { "adcs", op_adcs, B1 }, { "sbcs", op_sbcs, B1 },
        { "rscs", op_rscs, B1 }, { "adc", op_adc, B1 },
        { "sbc", op_sbc, B1 },
    };
    static const Pair p[] = {
        { 0, 0 }, { 1, 0xffffffff }, { 0x7fffffff, 1 },
        { 0x80000000, 0x80000000 }, { 0x80000000, 1 },
        { 0xffffffff, 0xffffffff }, { 0x12345678, 0x9abcdef0 }, { 0, 1 },
    };
    static const uint32_t f0[] = { 0 };
    static const uint32_t fc[] = { 0, FC };
    printf("-- add/sub\n");
    run_ops(ops, N(ops), p, N(p), f0, 1, 0, 0);
    run_ops(carry_ops, N(carry_ops), p, N(p), fc, 2, 0, 0);
}

/* Every condition against all sixteen NZCV combinations. */
#define COND_FN(cc)                                                          \
    static uint32_t cond_##cc(void)                                          \
    {                                                                        \
        uint32_t mask = 0;                                                   \
        for (uint32_t f = 0; f < 16; f++) {                                  \
            uint32_t r = 0;                                                  \
            __asm__ volatile("msr APSR_nzcvq, %[f]\n\tmov" #cc " %[r], #1"   \
                             : [r] "+r"(r)                                   \
                             : [f] "r"(f << 28)                              \
                             : "cc");                                        \
            mask |= r << f;                                                  \
        }                                                                    \
        return mask;                                                         \
    }
COND_FN(eq) COND_FN(ne) COND_FN(cs) COND_FN(cc) COND_FN(mi) COND_FN(pl)
COND_FN(vs) COND_FN(vc) COND_FN(hi) COND_FN(ls) COND_FN(ge) COND_FN(lt)
COND_FN(gt) COND_FN(le) COND_FN(al)

static void test_conditions(void)
{
    static const struct {
        const char *name;
        uint32_t (*fn)(void);
    } conds[] = {
        { "eq", cond_eq }, { "ne", cond_ne }, { "cs", cond_cs },
        { "cc", cond_cc }, { "mi", cond_mi }, { "pl", cond_pl },
        { "vs", cond_vs }, { "vc", cond_vc }, { "hi", cond_hi },
        { "ls", cond_ls }, { "ge", cond_ge }, { "lt", cond_lt },
        { "gt", cond_gt }, { "le", cond_le }, { "al", cond_al },
    };
    printf("-- conditions (bit n set: passes with NZCV = n)\n");
    for (int i = 0; i < N(conds); i++) {
        printf("%s %04x\n", conds[i].name, (unsigned)conds[i].fn());
    }
}

/* Multiplies. */
OP(op_mul, "mul %[r], %[a], %[b]")
OP(op_muls, "muls %[r], %[a], %[b]")
OP(op_mlas, "mlas %[r], %[a], %[b], %[r]")
OP(op_mls, "mls %[r], %[a], %[b], %[r]")
OP(op_umull, "umull %[r], %[r2], %[a], %[b]")
OP(op_umulls, "umulls %[r], %[r2], %[a], %[b]")
OP(op_smull, "smull %[r], %[r2], %[a], %[b]")
OP(op_smulls, "smulls %[r], %[r2], %[a], %[b]")
OP(op_umlal, "umlal %[r], %[r2], %[a], %[b]")
OP(op_umlals, "umlals %[r], %[r2], %[a], %[b]")
OP(op_smlal, "smlal %[r], %[r2], %[a], %[b]")
OP(op_smlals, "smlals %[r], %[r2], %[a], %[b]")
OP(op_umaal, "umaal %[r], %[r2], %[a], %[b]")

static void test_mul(void)
{
    static const Op ops[] = {
        { "mul", op_mul, B1 },     { "muls", op_muls, B1 },
        { "umull", op_umull, B2 }, { "umulls", op_umulls, B2 },
        { "smull", op_smull, B2 }, { "smulls", op_smulls, B2 },
    };
    static const Op acc_ops[] = {
        { "mlas", op_mlas, A1 },     { "mls", op_mls, A1 },
        { "umlal", op_umlal, A2 },   { "umlals", op_umlals, A2 },
        { "smlal", op_smlal, A2 },   { "smlals", op_smlals, A2 },
        { "umaal", op_umaal, A2 },
    };
    static const Pair p[] = {
        { 0, 0 }, { 0xffffffff, 0xffffffff }, { 0x80000000, 2 },
        { 0x7fffffff, 0x7fffffff }, { 0x12345678, 0x9abcdef0 },
        { 0xffffffff, 1 },
    };
    static const uint32_t fcv[] = { FC | FV };
    printf("-- multiply\n");
    run_ops(ops, N(ops), p, N(p), fcv, 1, 0, 0);
    run_ops(acc_ops, N(acc_ops), p, N(p), fcv, 1, 0x11111111, 0xffffffff);
    run_ops(acc_ops, N(acc_ops), p + 1, 2, fcv, 1, 0xffffffff, 0xffffffff);
}

/* Halfword, word-by-halfword, dual and most-significant-word multiplies. */
OP(op_smulbb, "smulbb %[r], %[a], %[b]")
OP(op_smulbt, "smulbt %[r], %[a], %[b]")
OP(op_smultb, "smultb %[r], %[a], %[b]")
OP(op_smultt, "smultt %[r], %[a], %[b]")
OP(op_smlabb, "smlabb %[r], %[a], %[b], %[r]")
OP(op_smlatt, "smlatt %[r], %[a], %[b], %[r]")
OP(op_smulwb, "smulwb %[r], %[a], %[b]")
OP(op_smulwt, "smulwt %[r], %[a], %[b]")
OP(op_smlawb, "smlawb %[r], %[a], %[b], %[r]")
OP(op_smlawt, "smlawt %[r], %[a], %[b], %[r]")
OP(op_smlalbb, "smlalbb %[r], %[r2], %[a], %[b]")
OP(op_smlalbt, "smlalbt %[r], %[r2], %[a], %[b]")
OP(op_smlaltb, "smlaltb %[r], %[r2], %[a], %[b]")
OP(op_smlaltt, "smlaltt %[r], %[r2], %[a], %[b]")
OP(op_smuad, "smuad %[r], %[a], %[b]")
OP(op_smuadx, "smuadx %[r], %[a], %[b]")
OP(op_smusd, "smusd %[r], %[a], %[b]")
OP(op_smusdx, "smusdx %[r], %[a], %[b]")
OP(op_smlad, "smlad %[r], %[a], %[b], %[r]")
OP(op_smladx, "smladx %[r], %[a], %[b], %[r]")
OP(op_smlsd, "smlsd %[r], %[a], %[b], %[r]")
OP(op_smlsdx, "smlsdx %[r], %[a], %[b], %[r]")
OP(op_smlald, "smlald %[r], %[r2], %[a], %[b]")
OP(op_smlaldx, "smlaldx %[r], %[r2], %[a], %[b]")
OP(op_smlsld, "smlsld %[r], %[r2], %[a], %[b]")
OP(op_smlsldx, "smlsldx %[r], %[r2], %[a], %[b]")
OP(op_smmul, "smmul %[r], %[a], %[b]")
OP(op_smmulr, "smmulr %[r], %[a], %[b]")
OP(op_smmla, "smmla %[r], %[a], %[b], %[r]")
OP(op_smmlar, "smmlar %[r], %[a], %[b], %[r]")
OP(op_smmls, "smmls %[r], %[a], %[b], %[r]")
OP(op_smmlsr, "smmlsr %[r], %[a], %[b], %[r]")

static void test_mul_dsp(void)
{
    static const Op ops[] = {
        { "smulbb", op_smulbb, B1 }, { "smulbt", op_smulbt, B1 },
        { "smultb", op_smultb, B1 }, { "smultt", op_smultt, B1 },
        { "smulwb", op_smulwb, B1 }, { "smulwt", op_smulwt, B1 },
        { "smuad", op_smuad, B1 },   { "smuadx", op_smuadx, B1 },
        { "smusd", op_smusd, B1 },   { "smusdx", op_smusdx, B1 },
        { "smmul", op_smmul, B1 },   { "smmulr", op_smmulr, B1 },
    };
    static const Op acc_ops[] = {
        { "smlabb", op_smlabb, A1 },   { "smlatt", op_smlatt, A1 },
        { "smlawb", op_smlawb, A1 },   { "smlawt", op_smlawt, A1 },
        { "smlad", op_smlad, A1 },     { "smladx", op_smladx, A1 },
        { "smlsd", op_smlsd, A1 },     { "smlsdx", op_smlsdx, A1 },
        { "smmla", op_smmla, A1 },     { "smmlar", op_smmlar, A1 },
        { "smmls", op_smmls, A1 },     { "smmlsr", op_smmlsr, A1 },
        { "smlalbb", op_smlalbb, A2 }, { "smlalbt", op_smlalbt, A2 },
        { "smlaltb", op_smlaltb, A2 }, { "smlaltt", op_smlaltt, A2 },
        { "smlald", op_smlald, A2 },   { "smlaldx", op_smlaldx, A2 },
        { "smlsld", op_smlsld, A2 },   { "smlsldx", op_smlsldx, A2 },
    };
    static const Pair p[] = {
        { 0x80008000, 0x80008000 }, { 0x7fff0001, 0xffff7fff },
        { 0x12345678, 0x9abcdef0 }, { 0x80000001, 0x7fffffff },
    };
    static const uint32_t f0[] = { 0 };
    static const uint32_t fq[] = { FQ };
    printf("-- multiply (DSP)\n");
    run_ops(ops, N(ops), p, N(p), f0, 1, 0, 0);
    run_ops(acc_ops, N(acc_ops), p, N(p), f0, 1, 0x7fffffff, 0x00000001);
    run_ops(acc_ops, 4, p, 1, fq, 1, 0x12345678, 0);
}

/* Divide (the Cortex-A15 has SDIV/UDIV in A32 too): by zero gives 0. */
OP(op_sdiv, "sdiv %[r], %[a], %[b]")
OP(op_udiv, "udiv %[r], %[a], %[b]")

static void test_div(void)
{
    static const Op ops[] = { { "sdiv", op_sdiv, B1 }, { "udiv", op_udiv, B1 } };
    static const Pair p[] = {
        { 100, 7 }, { (uint32_t)-100, 7 }, { 100, (uint32_t)-7 },
        { 7, 0 }, { 0, 0 }, { 0x80000000, 0xffffffff }, { 0xffffffff, 2 },
        { 0xffffffff, 0xffffffff }, { 5, 10 },
    };
    static const uint32_t fall[] = { FN | FZ | FC | FV };
    printf("-- divide\n");
    run_ops(ops, N(ops), p, N(p), fall, 1, 0, 0);
}

/* Saturation. */
OP(op_qadd, "qadd %[r], %[a], %[b]")
OP(op_qsub, "qsub %[r], %[a], %[b]")
OP(op_qdadd, "qdadd %[r], %[a], %[b]")
OP(op_qdsub, "qdsub %[r], %[a], %[b]")
OP(op_ssat8, "ssat %[r], #8, %[a]")
OP(op_ssat1, "ssat %[r], #1, %[a]")
OP(op_ssat32, "ssat %[r], #32, %[a]")
OP(op_ssat16l4, "ssat %[r], #16, %[a], lsl #4")
OP(op_ssat8a4, "ssat %[r], #8, %[a], asr #4")
OP(op_ssat8a32, "ssat %[r], #8, %[a], asr #32")
OP(op_usat8, "usat %[r], #8, %[a]")
OP(op_usat0, "usat %[r], #0, %[a]")
OP(op_usat31, "usat %[r], #31, %[a]")
OP(op_usat4a1, "usat %[r], #4, %[a], asr #1")

static void test_saturate(void)
{
    static const Op q_ops[] = {
        { "qadd", op_qadd, B1 },   { "qsub", op_qsub, B1 },
        { "qdadd", op_qdadd, B1 }, { "qdsub", op_qdsub, B1 },
    };
    static const Pair qp[] = {
        { 0x7fffffff, 1 }, { 0x80000000, 0xffffffff }, { 1, 0x40000000 },
        { 0x80000000, 0x80000000 }, { 1, 2 }, { 0xc0000000, 0x7fffffff },
    };
    static const Op sat_ops[] = {
        { "ssat8", op_ssat8, U1 },       { "ssat1", op_ssat1, U1 },
        { "ssat32", op_ssat32, U1 },     { "ssat16,l4", op_ssat16l4, U1 },
        { "ssat8,a4", op_ssat8a4, U1 },  { "ssat8,a32", op_ssat8a32, U1 },
        { "usat8", op_usat8, U1 },       { "usat0", op_usat0, U1 },
        { "usat31", op_usat31, U1 },     { "usat4,a1", op_usat4a1, U1 },
    };
    static const Pair sp[] = {
        { 0x7f, 0 }, { 0x80, 0 }, { 0xffffff7f, 0 }, { 0xffffffff, 0 },
        { 0x12345678, 0 }, { 0x80000000, 0 }, { 0x00000ff0, 0 },
    };
    static const uint32_t f0[] = { 0 };
    static const uint32_t f0q[] = { 0, FQ };
    printf("-- saturate\n");
    run_ops(q_ops, N(q_ops), qp, N(qp), f0q, 2, 0, 0);
    run_ops(sat_ops, N(sat_ops), sp, N(sp), f0, 1, 0, 0);
    run_ops(sat_ops, 1, sp + 1, 1, f0q + 1, 1, 0, 0);
}

int main(void)
{
    test_addsub();
    test_conditions();
    test_mul();
    test_mul_dsp();
    test_div();
    test_saturate();
    return 0;
}
