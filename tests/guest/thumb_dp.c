/*
 * Thumb data processing (built as Thumb code): the 16-bit forms, which set
 * the flags outside an IT block and not inside one (ARM ARM A6.2); 32-bit
 * forms with modified immediates (their carry out, A6.3.2), ORN, plain
 * immediates, register shifts; IT blocks with every condition against
 * every NZCV and then/else masks; CBZ/CBNZ; TBB/TBH. Line format: see
 * lib/dp.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/dp.h"
#include "lib/guest.h"

/* 16-bit, outside IT: flags set. */
OP(op_adds16, "adds.n %[r], %[a], %[b]")
OP(op_subs16, "subs.n %[r], %[a], %[b]")
OP(op_adds16i, "adds.n %[r], %[a], #7")
OP(op_adcs16, "mov %[r], %[a]\n\tadcs.n %[r], %[b]")
OP(op_sbcs16, "mov %[r], %[a]\n\tsbcs.n %[r], %[b]")
OP(op_ands16, "mov %[r], %[a]\n\tands.n %[r], %[b]")
OP(op_bics16, "mov %[r], %[a]\n\tbics.n %[r], %[b]")
OP(op_lsls16, "mov %[r], %[a]\n\tlsls.n %[r], %[b]")
OP(op_rors16, "mov %[r], %[a]\n\trors.n %[r], %[b]")
OP(op_lsrs16i, "lsrs.n %[r], %[a], #32")
OP(op_asrs16i, "asrs.n %[r], %[a], #1")
OP(op_negs16, "negs.n %[r], %[a]")
OP(op_muls16, "mov %[r], %[a]\n\tmuls.n %[r], %[b], %[r]")
OP(op_mvns16, "mvns.n %[r], %[a]")
OP(op_cmn16, "cmn.n %[a], %[b]")
OP(op_movs16, "movs.n %[r], %[a]")
/* The same inside an IT block (either arm runs): no flags. */
#define IN_IT(insn) "ite eq\n\t" insn("eq") "\n\t" insn("ne")
#define ADD16(c) "add" c ".n %[r], %[a], %[b]"
#define SUB16(c) "sub" c ".n %[r], %[a], #1"
#define LSL16(c) "lsl" c ".n %[r], %[b]"
#define MUL16(c) "mul" c ".n %[r], %[b], %[r]"
#define MOV16(c) "mov" c ".n %[r], #200"
OP(op_add16_it, IN_IT(ADD16))
OP(op_sub16_it, IN_IT(SUB16))
OP(op_lsl16_it, "mov %[r], %[a]\n\t" IN_IT(LSL16))
OP(op_mul16_it, "mov %[r], %[a]\n\t" IN_IT(MUL16))
OP(op_mov16_it, IN_IT(MOV16))

static void test_16bit(void)
{
    static const Op ops[] = {
        { "adds.n", op_adds16, B1 },   { "subs.n", op_subs16, B1 },
        { "adds.n#7", op_adds16i, B1 }, { "adcs.n", op_adcs16, B1 },
        { "sbcs.n", op_sbcs16, B1 },   { "ands.n", op_ands16, B1 },
        { "bics.n", op_bics16, B1 },   { "lsls.n", op_lsls16, B1 },
        { "rors.n", op_rors16, B1 },   { "lsrs.n#32", op_lsrs16i, B1 },
        { "asrs.n#1", op_asrs16i, B1 }, { "negs.n", op_negs16, B1 },
        { "muls.n", op_muls16, B1 },   { "mvns.n", op_mvns16, B1 },
        { "cmn.n", op_cmn16, B1 },     { "movs.n", op_movs16, B1 },
        { "add.n/it", op_add16_it, B1 }, { "sub.n/it", op_sub16_it, B1 },
        { "lsl.n/it", op_lsl16_it, B1 }, { "mul.n/it", op_mul16_it, B1 },
        { "mov.n/it", op_mov16_it, B1 },
    };
    static const Pair p[] = {
        { 0x7fffffff, 1 }, { 0x80000000, 0x80000000 }, { 0, 0 },
        { 0x12345678, 33 },
    };
    static const uint32_t fins[] = { 0, FN | FZ | FC | FV };
    printf("-- 16-bit, outside and inside IT\n");
    run_ops(ops, N(ops), p, N(p), fins, N(fins), 0, 0);
}

/* 32-bit with modified immediates: logical ones take C from a rotated
 * constant's bit 31, from CPSR.C for the unrotated patterns. */
OP(op_ands_rot, "ands.w %[r], %[a], #0x80000000")
OP(op_ands_rot2, "ands.w %[r], %[a], #0x3fc00")
OP(op_ands_byte, "ands.w %[r], %[a], #0xff")
OP(op_orrs_rep, "orrs.w %[r], %[a], #0x00ab00ab")
OP(op_eors_rep, "eors.w %[r], %[a], #0xcdcdcdcd")
OP(op_bics_rep, "bics.w %[r], %[a], #0x12001200")
OP(op_orn, "orn %[r], %[a], %[b]")
OP(op_orns_lsr, "orns %[r], %[a], %[b], lsr #3")
OP(op_orns_imm, "orns %[r], %[a], #0xff000000")
OP(op_mvns_rrx, "mvns.w %[r], %[a], rrx")
OP(op_adds_w, "adds.w %[r], %[a], #0x80000000")
OP(op_sbcs_w, "sbcs.w %[r], %[a], %[b], asr #32")
OP(op_rsbs_w, "rsbs.w %[r], %[a], #0x10000")
OP(op_teq_w, "teq.w %[a], #0x40000000")
OP(op_cmp_w, "cmp.w %[a], %[b], lsl #31")
OP(op_addw, "addw %[r], %[a], #4095")
OP(op_subw, "subw %[r], %[a], #1")
OP(op_lsls_w, "lsls.w %[r], %[a], %[b]")
OP(op_asrs_w, "asrs.w %[r], %[a], %[b]")

static void test_32bit(void)
{
    static const Op ops[] = {
        { "ands#1<<31", op_ands_rot, B1 }, { "ands#3fc00", op_ands_rot2, B1 },
        { "ands#ff", op_ands_byte, B1 },  { "orrs#00ab00ab", op_orrs_rep, B1 },
        { "eors#cd*4", op_eors_rep, B1 }, { "bics#12001200", op_bics_rep, B1 },
        { "orn", op_orn, B1 },            { "orns,lsr3", op_orns_lsr, B1 },
        { "orns#ff<<24", op_orns_imm, B1 }, { "mvns,rrx", op_mvns_rrx, B1 },
        { "adds.w#1<<31", op_adds_w, B1 }, { "sbcs,asr32", op_sbcs_w, B1 },
        { "rsbs#10000", op_rsbs_w, B1 },  { "teq#1<<30", op_teq_w, B1 },
        { "cmp,lsl31", op_cmp_w, B1 },    { "addw#4095", op_addw, B1 },
        { "subw#1", op_subw, B1 },        { "lsls.w", op_lsls_w, B1 },
        { "asrs.w", op_asrs_w, B1 },
    };
    static const Pair p[] = {
        { 0xf0f0f0f0, 0x0ff00ff0 }, { 0x80000000, 32 }, { 0xffffffff, 0 },
        { 0x40000001, 0x101 },
    };
    static const uint32_t fins[] = { FV, FC };
    printf("-- 32-bit\n");
    run_ops(ops, N(ops), p, N(p), fins, N(fins), 0, 0);
}

/* ITE <c>: r = 1 when the condition holds, else 2; ITTEE with a compare
 * in the middle that the later instructions see. */
#define IT_COND(c) OP(op_it_##c, "ite " #c "\n\tmov" #c " %[r], #1\n\t"      \
                                 "mov" IT_INV_##c " %[r], #2")
#define IT_INV_eq "ne"
#define IT_INV_ne "eq"
#define IT_INV_cs "cc"
#define IT_INV_cc "cs"
#define IT_INV_mi "pl"
#define IT_INV_pl "mi"
#define IT_INV_vs "vc"
#define IT_INV_vc "vs"
#define IT_INV_hi "ls"
#define IT_INV_ls "hi"
#define IT_INV_ge "lt"
#define IT_INV_lt "ge"
#define IT_INV_gt "le"
#define IT_INV_le "gt"
IT_COND(eq)
IT_COND(ne)
IT_COND(cs)
IT_COND(cc)
IT_COND(mi)
IT_COND(pl)
IT_COND(vs)
IT_COND(vc)
IT_COND(hi)
IT_COND(ls)
IT_COND(ge)
IT_COND(lt)
IT_COND(gt)
IT_COND(le)
OP(op_ittee, "ittee eq\n\t"
             "addeq %[r], %[a], %[b]\n\t"
             "cmpeq %[a], %[b]\n\t"
             "addne %[r], %[r], #0x100\n\t"
             "addne %[r], %[r], #0x1000")

static void test_it(void)
{
#define IT_ENTRY(c) { "ite " #c, op_it_##c, B1 }
    static const Op ops[] = {
        IT_ENTRY(eq), IT_ENTRY(ne), IT_ENTRY(cs), IT_ENTRY(cc), IT_ENTRY(mi),
        IT_ENTRY(pl), IT_ENTRY(vs), IT_ENTRY(vc), IT_ENTRY(hi), IT_ENTRY(ls),
        IT_ENTRY(ge), IT_ENTRY(lt), IT_ENTRY(gt), IT_ENTRY(le),
    };
    static const Op ittee[] = { { "ittee eq", op_ittee, B1 } };
    static const Pair p[] = { { 0, 0 } };
    static const Pair p2[] = { { 5, 5 }, { 5, 6 }, { 6, 5 } };
    uint32_t fins[16];
    for (unsigned i = 0; i < 16; i++) {
        fins[i] = i << 28;
    }
    static const uint32_t zero[] = { FZ, 0 };
    printf("-- IT\n");
    run_ops(ops, N(ops), p, N(p), fins, N(fins), 0, 0);
    run_ops(ittee, N(ittee), p2, N(p2), zero, N(zero), 0, 0);
}

/* CBZ/CBNZ: r = 1 when the branch is taken. TBB/TBH: r from the case a
 * selects (0-2). */
OP(op_cbz, "movs %[r], #1\n\tcbz %[a], 1f\n\tmovs %[r], #0\n1:")
OP(op_cbnz, "movs %[r], #1\n\tcbnz %[a], 1f\n\tmovs %[r], #0\n1:")
OP(op_tbb, "tbb [pc, %[a]]\n"
           "2:\t.byte (3f - 2b) / 2, (4f - 2b) / 2, (5f - 2b) / 2\n\t"
           ".balign 2\n"
           "3:\tmov %[r], #10\n\tb 1f\n"
           "4:\tmov %[r], #20\n\tb 1f\n"
           "5:\tmov %[r], #30\n"
           "1:")
OP(op_tbh, "tbh [pc, %[a], lsl #1]\n"
           "2:\t.short (3f - 2b) / 2, (4f - 2b) / 2, (5f - 2b) / 2\n"
           "3:\tmov %[r], #11\n\tb 1f\n"
           "4:\tmov %[r], #21\n\tb 1f\n"
           "5:\tmov %[r], #31\n"
           "1:")

static void test_branches(void)
{
    static const Op ops[] = {
        { "cbz", op_cbz, B1 }, { "cbnz", op_cbnz, B1 },
        { "tbb", op_tbb, B1 }, { "tbh", op_tbh, B1 },
    };
    static const Pair p[] = { { 0, 0 }, { 1, 0 }, { 2, 0 } };
    static const uint32_t fins[] = { FC };
    printf("-- CBZ, CBNZ, TBB, TBH\n");
    run_ops(ops, N(ops), p, N(p), fins, N(fins), 0, 0);
}

int main(void)
{
    test_16bit();
    test_32bit();
    test_it();
    test_branches();
    printf("done\n");
    return 0;
}
