/*
 * A32 logical operations and the shifter: AND/ORR/EOR/BIC/MVN/TST/TEQ with
 * the shifter's carry-out (immediate rotation, register shifts) and V kept,
 * shifts by immediate (LSR/ASR #32, RRX) and by register (0, 32, over 32,
 * only the bottom byte counting), REV/REV16/REVSH/RBIT/CLZ, BFI/BFC/UBFX/
 * SBFX and MOVW/MOVT. Line format: see lib/dp.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/dp.h"
#include "lib/guest.h"

/* Logical operations: C from the shifter, V unchanged. */
OP(op_ands, "ands %[r], %[a], %[b]")
OP(op_orrs, "orrs %[r], %[a], %[b]")
OP(op_eors, "eors %[r], %[a], %[b]")
OP(op_bics, "bics %[r], %[a], %[b]")
OP(op_mvns, "mvns %[r], %[b]")
OP(op_tst, "tst %[a], %[b]")
OP(op_teq, "teq %[a], %[b]")
OP(op_ands_lsl1, "ands %[r], %[a], %[b], lsl #1")
OP(op_ands_ff000000, "ands %[r], %[a], #0xff000000")
OP(op_movs_ff, "movs %[r], #0xff")
OP(op_movs_3fc, "movs %[r], #0x3fc")
OP(op_mvns_0, "mvns %[r], #0")
OP(op_tst_80000000, "tst %[a], #0x80000000")
OP(op_teq_2, "teq %[a], #2")

static void test_logical(void)
{
    static const Op ops[] = {
        { "ands", op_ands, B1 }, { "orrs", op_orrs, B1 },
        { "eors", op_eors, B1 }, { "bics", op_bics, B1 },
        { "mvns", op_mvns, B1 }, { "tst", op_tst, B1 },
        { "teq", op_teq, B1 },   { "ands,l1", op_ands_lsl1, B1 },
    };
    static const Op imm_ops[] = {
        { "ands#ff<<24", op_ands_ff000000, U1 },
        { "movs#ff", op_movs_ff, U1 },
        { "movs#3fc", op_movs_3fc, U1 },
        { "mvns#0", op_mvns_0, U1 },
        { "tst#1<<31", op_tst_80000000, U1 },
        { "teq#2", op_teq_2, U1 },
    };
    static const Pair p[] = {
        { 0xf0f0f0f0, 0x0ff00ff0 }, { 0x80000000, 0x80000000 },
        { 0xffffffff, 0 }, { 0x12345678, 0xedcba987 },
    };
    static const Pair pi[] = { { 0x80000002, 0 }, { 0x7ffffffd, 0 } };
    static const uint32_t fcv[] = { FC | FV };
    static const uint32_t fc[] = { 0, FC };
    printf("-- logical\n");
    run_ops(ops, N(ops), p, N(p), fcv, 1, 0, 0);
    run_ops(imm_ops, N(imm_ops), pi, N(pi), fc, 2, 0, 0);
}

/* Shifts by an immediate (LSR/ASR #32 encoded as #0, RRX as ROR #0). */
OP(op_lsl0, "movs %[r], %[a], lsl #0")
OP(op_lsl1, "movs %[r], %[a], lsl #1")
OP(op_lsl31, "movs %[r], %[a], lsl #31")
OP(op_lsr1, "movs %[r], %[a], lsr #1")
OP(op_lsr32, "movs %[r], %[a], lsr #32")
OP(op_asr1, "movs %[r], %[a], asr #1")
OP(op_asr32, "movs %[r], %[a], asr #32")
OP(op_ror1, "movs %[r], %[a], ror #1")
OP(op_ror31, "movs %[r], %[a], ror #31")
OP(op_rrx, "movs %[r], %[a], rrx")
OP(op_add_rrx, "adds %[r], %[b], %[a], rrx")
/* By a register: only its bottom byte counts. */
OP(op_lslr, "movs %[r], %[a], lsl %[b]")
OP(op_lsrr, "movs %[r], %[a], lsr %[b]")
OP(op_asrr, "movs %[r], %[a], asr %[b]")
OP(op_rorr, "movs %[r], %[a], ror %[b]")
OP(op_addlslr, "adds %[r], %[a], %[a], lsl %[b]")

static void test_shifts(void)
{
    static const Op imm_ops[] = {
        { "lsl#0", op_lsl0, U1 },   { "lsl#1", op_lsl1, U1 },
        { "lsl#31", op_lsl31, U1 }, { "lsr#1", op_lsr1, U1 },
        { "lsr#32", op_lsr32, U1 }, { "asr#1", op_asr1, U1 },
        { "asr#32", op_asr32, U1 }, { "ror#1", op_ror1, U1 },
        { "ror#31", op_ror31, U1 }, { "rrx", op_rrx, U1 },
    };
    static const Op reg_ops[] = {
        { "lsl", op_lslr, B1 }, { "lsr", op_lsrr, B1 },
        { "asr", op_asrr, B1 }, { "ror", op_rorr, B1 },
        { "add,lsl", op_addlslr, B1 },
    };
    static const Pair pi[] = { { 0x80000001, 0 }, { 0x40000002, 0 } };
    static const uint32_t fc[] = { 0, FC };
    static const uint32_t amounts[] = { 0, 1, 4, 31, 32, 33, 255, 256,
                                        0xffffff01 };
    static const uint32_t values[] = { 0x80000001, 0xc0000003 };
    printf("-- shifts\n");
    run_ops(imm_ops, N(imm_ops), pi, N(pi), fc, 2, 0, 0);
    show("add,rrx", op_add_rrx, B1, 0x00000001, 0xffffffff, 0, 0, FC);
    show("add,rrx", op_add_rrx, B1, 0x00000001, 0xffffffff, 0, 0, 0);
    for (int i = 0; i < N(reg_ops); i++) {
        for (int v = 0; v < N(values); v++) {
            for (int j = 0; j < N(amounts); j++) {
                show(reg_ops[i].name, reg_ops[i].fn, B1, values[v],
                     amounts[j], 0, 0, FC | FV);
            }
        }
    }
    show("lsl", op_lslr, B1, 0x80000001, 0, 0, 0, 0);
    show("lsr", op_lsrr, B1, 0x80000001, 256, 0, 0, 0);
}

/* Reverse, count leading zeros, bitfields, MOVW/MOVT. */
OP(op_rev, "rev %[r], %[a]")
OP(op_rev16, "rev16 %[r], %[a]")
OP(op_revsh, "revsh %[r], %[a]")
OP(op_rbit, "rbit %[r], %[a]")
OP(op_clz, "clz %[r], %[a]")
OP(op_bfi4_8, "bfi %[r], %[a], #4, #8")
OP(op_bfi0_32, "bfi %[r], %[a], #0, #32")
OP(op_bfi31_1, "bfi %[r], %[a], #31, #1")
OP(op_bfc8_16, "bfc %[r], #8, #16")
OP(op_ubfx4_8, "ubfx %[r], %[a], #4, #8")
OP(op_ubfx31_1, "ubfx %[r], %[a], #31, #1")
OP(op_ubfx0_32, "ubfx %[r], %[a], #0, #32")
OP(op_sbfx4_8, "sbfx %[r], %[a], #4, #8")
OP(op_sbfx28_4, "sbfx %[r], %[a], #28, #4")
OP(op_sbfx0_1, "sbfx %[r], %[a], #0, #1")
OP(op_movw, "movw %[r], #0xbeef")
OP(op_movt, "movt %[r], #0xdead")
OP(op_movwt, "movw %[r], #0x5678\n\tmovt %[r], #0x1234")

static void test_bits(void)
{
    static const Op un_ops[] = {
        { "rev", op_rev, U1 },     { "rev16", op_rev16, U1 },
        { "revsh", op_revsh, U1 }, { "rbit", op_rbit, U1 },
        { "clz", op_clz, U1 },
    };
    static const Pair un[] = {
        { 0x80f17f81, 0 }, { 0x12345678, 0 }, { 0, 0 }, { 1, 0 },
        { 0xffffffff, 0 }, { 0x00008000, 0 },
    };
    static const Op bf_ops[] = {
        { "bfi4,8", op_bfi4_8, A1 },     { "bfi0,32", op_bfi0_32, A1 },
        { "bfi31,1", op_bfi31_1, A1 },   { "bfc8,16", op_bfc8_16, A1 },
        { "ubfx4,8", op_ubfx4_8, U1 },   { "ubfx31,1", op_ubfx31_1, U1 },
        { "ubfx0,32", op_ubfx0_32, U1 }, { "sbfx4,8", op_sbfx4_8, U1 },
        { "sbfx28,4", op_sbfx28_4, U1 }, { "sbfx0,1", op_sbfx0_1, U1 },
        { "movw", op_movw, A1 },         { "movt", op_movt, A1 },
        { "movw+t", op_movwt, A1 },
    };
    static const Pair bf[] = { { 0x12345678, 0 }, { 0x87654ac1, 0 } };
    static const uint32_t fz[] = { FZ | FC };
    printf("-- reverse, count leading zeros, bitfields, MOVW/MOVT\n");
    run_ops(un_ops, N(un_ops), un, N(un), fz, 1, 0, 0);
    run_ops(bf_ops, N(bf_ops), bf, N(bf), fz, 1, 0xaaaa5555, 0);
}

int main(void)
{
    test_logical();
    test_shifts();
    test_bits();
    return 0;
}
