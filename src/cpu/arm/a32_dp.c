/*
 * A32 data-processing instructions (ARM ARM A5.2.1-A5.2.3, A8.8): the
 * sixteen opcodes in their immediate, immediate-shifted register and
 * register-shifted register forms, one execution function per opcode and
 * form so the opcode's switch folds away; plus MOVW/MOVT.
 * Fields: rd, rn, rm, rs; shift and amount (register forms); imm and
 * rotated (immediate form).
 */
#include "a32.h"
#include "a32_exec.h"

enum {
    OP_AND, OP_EOR, OP_SUB, OP_RSB, OP_ADD, OP_ADC, OP_SBC, OP_RSC,
    OP_TST, OP_TEQ, OP_CMP, OP_CMN, OP_ORR, OP_MOV, OP_BIC, OP_MVN,
};

static inline bool is_test(unsigned opc)
{
    return opc >= OP_TST && opc <= OP_CMN;
}

/* The result without flags (also the value of an exception return). */
static inline uint32_t dp_value(const ArmCpu *cpu, unsigned opc, uint32_t a,
                                uint32_t b)
{
    switch (opc) {
    case OP_AND:
    case OP_TST:
        return a & b;
    case OP_EOR:
    case OP_TEQ:
        return a ^ b;
    case OP_SUB:
    case OP_CMP:
        return a - b;
    case OP_RSB:
        return b - a;
    case OP_ADD:
    case OP_CMN:
        return a + b;
    case OP_ADC:
        return a + b + cpu->cf;
    case OP_SBC:
        return a + ~b + cpu->cf;
    case OP_RSC:
        return b + ~a + cpu->cf;
    case OP_ORR:
        return a | b;
    case OP_MOV:
        return b;
    case OP_BIC:
        return a & ~b;
    default:
        return ~b;
    }
}

/* The result with N, Z, C and V set as the opcode defines. */
static inline uint32_t dp_flags(ArmCpu *cpu, unsigned opc, uint32_t a,
                                uint32_t b, uint32_t carry)
{
    switch (opc) {
    case OP_SUB:
    case OP_CMP:
        return a32_add_flags(cpu, a, ~b, 1);
    case OP_RSB:
        return a32_add_flags(cpu, b, ~a, 1);
    case OP_ADD:
    case OP_CMN:
        return a32_add_flags(cpu, a, b, 0);
    case OP_ADC:
        return a32_add_flags(cpu, a, b, cpu->cf);
    case OP_SBC:
        return a32_add_flags(cpu, a, ~b, cpu->cf);
    case OP_RSC:
        return a32_add_flags(cpu, b, ~a, cpu->cf);
    default: {
        /* Logical: C from the shifter, V unchanged. */
        uint32_t r = dp_value(cpu, opc, a, b);
        a32_set_nz(cpu, r);
        cpu->cf = carry;
        return r;
    }
    }
}

/* @s is a constant in every caller, so each variant keeps only its path. */
static inline __attribute__((always_inline)) void
dp_exec(ArmCpu *cpu, const ArmInsn *in, unsigned opc, bool s, uint32_t b,
        uint32_t carry)
{
    uint32_t a = cpu->r[in->rn];
    if (!s) {
        a32_set_reg(cpu, in->rd, dp_value(cpu, opc, a, b));
        return;
    }
    if (in->rd == 15 && !is_test(opc)) {
        /* SUBS PC, LR and friends: return from an exception (B9.3.20). */
        a32_exception_return(cpu, dp_value(cpu, opc, a, b), cpu->spsr);
        return;
    }
    uint32_t r = dp_flags(cpu, opc, a, b, carry);
    if (!is_test(opc)) {
        cpu->r[in->rd] = r;
    }
}

/*
 * The second operand's forms (A5.2.1-A5.2.3): the rotated immediate, Rm
 * unshifted, Rm shifted by an immediate of each type, Rm shifted by Rs.
 * One function per opcode, S bit and form, so none decides at run time
 * what its encoding already says.
 */
#define DP_SHIFTED(name, opc, s, sfx, type)                                  \
    static A32_HOT void dp_##name##sfx(ArmCpu *cpu, const ArmInsn *in)        \
    {                                                                      \
        uint32_t carry;                                                    \
        uint32_t b = a32_shift_imm(cpu, cpu->r[in->rm], type, in->amount,  \
                                   &carry);                                \
        dp_exec(cpu, in, opc, s, b, carry);                                \
    }

#define DP_FORMS_S(name, opc, s, S)                                          \
    static A32_HOT void dp_##name##S##_imm(ArmCpu *cpu, const ArmInsn *in)    \
    {                                                                      \
        uint32_t carry = in->rotated ? in->imm >> 31 : cpu->cf;            \
        dp_exec(cpu, in, opc, s, in->imm, carry);                          \
    }                                                                      \
    static A32_HOT void dp_##name##S##_reg(ArmCpu *cpu, const ArmInsn *in)    \
    {                                                                      \
        dp_exec(cpu, in, opc, s, cpu->r[in->rm], cpu->cf);                 \
    }                                                                      \
    DP_SHIFTED(name, opc, s, S##_lsl, SHIFT_LSL)                           \
    DP_SHIFTED(name, opc, s, S##_lsr, SHIFT_LSR)                           \
    DP_SHIFTED(name, opc, s, S##_asr, SHIFT_ASR)                           \
    DP_SHIFTED(name, opc, s, S##_ror, SHIFT_ROR)                           \
    static A32_HOT void dp_##name##S##_rsr(ArmCpu *cpu, const ArmInsn *in)    \
    {                                                                      \
        uint32_t carry;                                                    \
        uint32_t b = a32_shift_reg(cpu, cpu->r[in->rm], in->shift,         \
                                   cpu->r[in->rs], &carry);                \
        dp_exec(cpu, in, opc, s, b, carry);                                \
    }

#define DP_FORMS(name, opc)                                                 \
    DP_FORMS_S(name, opc, false, )                                         \
    DP_FORMS_S(name, opc, true, s)

DP_FORMS(and, OP_AND)
DP_FORMS(eor, OP_EOR)
DP_FORMS(sub, OP_SUB)
DP_FORMS(rsb, OP_RSB)
DP_FORMS(add, OP_ADD)
DP_FORMS(adc, OP_ADC)
DP_FORMS(sbc, OP_SBC)
DP_FORMS(rsc, OP_RSC)
DP_FORMS(tst, OP_TST)
DP_FORMS(teq, OP_TEQ)
DP_FORMS(cmp, OP_CMP)
DP_FORMS(cmn, OP_CMN)
DP_FORMS(orr, OP_ORR)
DP_FORMS(mov, OP_MOV)
DP_FORMS(bic, OP_BIC)
DP_FORMS(mvn, OP_MVN)

#define DP_ROW_S(name, S)                                                    \
    { dp_##name##S##_imm, dp_##name##S##_reg, dp_##name##S##_lsl,          \
      dp_##name##S##_lsr, dp_##name##S##_asr, dp_##name##S##_ror,          \
      dp_##name##S##_rsr }
#define DP_ROW(name) { DP_ROW_S(name, ), DP_ROW_S(name, s) }

static const ArmExecFn dp_table[16][2][A32_DP_NR_FORMS] = {
    DP_ROW(and), DP_ROW(eor), DP_ROW(sub), DP_ROW(rsb),
    DP_ROW(add), DP_ROW(adc), DP_ROW(sbc), DP_ROW(rsc),
    DP_ROW(tst), DP_ROW(teq), DP_ROW(cmp), DP_ROW(cmn),
    DP_ROW(orr), DP_ROW(mov), DP_ROW(bic), DP_ROW(mvn),
};

ArmExecFn a32_dp_fn(unsigned opcode, bool s, A32DpForm form)
{
    return dp_table[opcode][s][form];
}

/* MOVW: Rd = imm16; MOVT: Rd[31:16] = imm16 (A8.8.106, A8.8.107). */
void a32_movw(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = in->imm;
}

void a32_movt(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = (cpu->r[in->rd] & 0xffff) | (in->imm << 16);
}
