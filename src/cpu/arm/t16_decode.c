/*
 * The 16-bit Thumb decoder (ARM ARM A6.2): shifts, add/subtract/move/
 * compare, data processing, special data and branch/exchange, loads and
 * stores, ADR/ADD SP, the miscellaneous group (A6.2.5: CBZ, extends,
 * PUSH/POP, REV, SETEND, CPS, BKPT, IT, hints), conditional branch, SVC,
 * UDF and B. Flag-setting forms set the flags only outside an IT block.
 */
#include <string.h>

#include "a32_exec.h"
#include "thumb.h"

/* The 12-bit signed offset of B (T2) and the 9-bit one of B<c> (T1). */
static uint32_t sext(uint32_t v, unsigned bits)
{
    return (uint32_t)((int32_t)(v << (32 - bits)) >> (32 - bits));
}

/* A6.2.1: shift (immediate), add, subtract, move, compare. */
static void shift_add_sub(uint32_t hw, bool s, ArmInsn *in)
{
    unsigned op = TBITS(hw, 13, 11), lo = TBITS(hw, 2, 0);
    unsigned rm = TBITS(hw, 5, 3), hi = TBITS(hw, 10, 8);
    in->imm = TBITS(hw, 7, 0);
    switch (op) {
    case 0:
    case 1:
    case 2:
        /* LSL #0 is MOVS Rd, Rm; an amount of 0 otherwise means 32. */
        in->shift = (uint8_t)op;
        in->amount = (uint8_t)TBITS(hw, 10, 6);
        thumb_dp(in, DP_MOV, s,
                 op == 0 && !in->amount ? A32_DP_REG
                                        : (A32DpForm)(A32_DP_LSL + op),
                 lo, 0, rm);
        break;
    case 3: {
        unsigned opc = TBIT(hw, 9) ? DP_SUB : DP_ADD;
        bool imm = TBIT(hw, 10);
        in->imm = TBITS(hw, 8, 6);
        thumb_dp(in, opc, s, imm ? A32_DP_IMM : A32_DP_REG, lo, rm,
                 TBITS(hw, 8, 6));
        break;
    }
    case 4:
        thumb_dp(in, DP_MOV, s, A32_DP_IMM, hi, 0, 0);
        break;
    case 5:
        thumb_dp(in, DP_CMP, true, A32_DP_IMM, 0, hi, 0);
        break;
    default:
        thumb_dp(in, op == 6 ? DP_ADD : DP_SUB, s, A32_DP_IMM, hi, hi, 0);
        break;
    }
}

/* A6.2.2: data processing on low registers, Rdn op= Rm. */
static void data_processing(uint32_t hw, bool s, ArmInsn *in)
{
    /* The A32 opcode of each; -1 for the register shifts, RSB #0, MUL. */
    static const int8_t opcs[16] = {
        DP_AND, DP_EOR, -1, -1, -1, DP_ADC, DP_SBC, -1,
        DP_TST, -1, DP_CMP, DP_CMN, DP_ORR, -1, DP_BIC, DP_MVN,
    };
    static const uint8_t shifts[16] = { [2] = SHIFT_LSL, [3] = SHIFT_LSR,
                                        [4] = SHIFT_ASR, [7] = SHIFT_ROR };
    unsigned op = TBITS(hw, 9, 6), rdn = TBITS(hw, 2, 0);
    unsigned rm = TBITS(hw, 5, 3);
    if (opcs[op] >= 0) {
        unsigned opc = (unsigned)opcs[op];
        bool test = opc >= DP_TST && opc <= DP_CMN;
        thumb_dp(in, opc, s || test, A32_DP_REG, rdn, rdn, rm);
    } else if (op == 9) {
        /* RSB Rd, Rn, #0 */
        thumb_dp(in, DP_RSB, s, A32_DP_IMM, rdn, rm, 0);
    } else if (op == 13) {
        in->fn = a32_mul;
        in->s = s;
        in->rd = (uint8_t)rdn;
        in->rn = (uint8_t)rm;
        in->rm = (uint8_t)rdn;
    } else {
        thumb_dp(in, DP_MOV, s, A32_DP_RSR, rdn, 0, rdn);
        in->rs = (uint8_t)rm;
        in->shift = shifts[op];
    }
}

/* A6.2.3: special data processing (high registers), BX, BLX. */
static void special(uint32_t hw, ArmInsn *in)
{
    unsigned rd = (TBIT(hw, 7) << 3) | TBITS(hw, 2, 0);
    unsigned rm = TBITS(hw, 6, 3);
    switch (TBITS(hw, 9, 8)) {
    case 0:
    case 2:
        /* ADD/MOV to the PC is BranchWritePC in Thumb (A2.3.2). */
        if (rd == 15) {
            in->fn = t32_alu_pc;
            in->op = TBIT(hw, 9) ? 0 : 1;
            in->rm = (uint8_t)rm;
        } else {
            thumb_dp(in, TBIT(hw, 9) ? DP_MOV : DP_ADD, false, A32_DP_REG,
                     rd, rd, rm);
        }
        break;
    case 1:
        thumb_dp(in, DP_CMP, true, A32_DP_REG, 0, rd, rm);
        break;
    default:
        in->rm = (uint8_t)rm;
        in->fn = TBIT(hw, 7) ? t32_blx_reg : a32_bx;
        break;
    }
}

/* A6.2.4: loads and stores of one item. */
static void load_store(uint32_t hw, ArmInsn *in)
{
    unsigned op_a = TBITS(hw, 15, 12), op_b = TBITS(hw, 11, 9);
    unsigned imm5 = TBITS(hw, 10, 6);
    bool load = TBIT(hw, 11);
    in->rd = (uint8_t)TBITS(hw, 2, 0);
    in->rn = (uint8_t)TBITS(hw, 5, 3);
    in->rm = (uint8_t)TBITS(hw, 8, 6);
    switch (op_a) {
    case 5: {
        /* Register offset: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH. */
        static const int8_t half_kind[8] = { -1, 0, -1, 1, -1, 0, -1, 2 };
        load = op_b >= 3;
        in->op = (uint8_t)(LS_P | LS_U | LS_R | (load ? LS_L : 0));
        if (half_kind[op_b] >= 0) {
            in->fn = a32_ldst_half;
            in->shift = (uint8_t)half_kind[op_b];
        } else {
            in->ra = op_b == 2 || op_b == 6 ? 1 : 4;
            in->fn = a32_ldst_fast_fn(in, load, A32_LS_REG);
        }
        break;
    }
    case 6:
    case 7:
        in->ra = op_a == 6 ? 4 : 1;
        in->imm = imm5 * in->ra;
        in->fn = a32_ldst_fast_fn(in, load, A32_LS_OFFSET);
        break;
    case 8:
        in->fn = a32_ldst_half;
        in->op = (uint8_t)(LS_P | LS_U | (load ? LS_L : 0));
        in->imm = imm5 * 2;
        break;
    default:
        /* SP-relative word. */
        in->rd = (uint8_t)TBITS(hw, 10, 8);
        in->rn = 13;
        in->ra = 4;
        in->imm = TBITS(hw, 7, 0) * 4;
        in->fn = a32_ldst_fast_fn(in, load, A32_LS_OFFSET);
        break;
    }
}

/* IT (firstcond:mask in op) and the hints with a zero mask (A6.2.5). */
static void it_hints(uint32_t hw, ArmInsn *in)
{
    if (TBITS(hw, 3, 0)) {
        in->fn = t32_it;
        in->op = (uint8_t)TBITS(hw, 7, 0);
        return;
    }
    in->fn = thumb_hint(TBITS(hw, 7, 4));
}

/* A6.2.5: the miscellaneous 16-bit instructions. */
static void misc(uint32_t hw, ArmInsn *in)
{
    unsigned op = TBITS(hw, 11, 5);
    unsigned rd = TBITS(hw, 2, 0), rm = TBITS(hw, 5, 3);
    if ((op & 0x78) == 0) {
        /* ADD/SUB SP, SP, #imm7 * 4 */
        in->imm = TBITS(hw, 6, 0) * 4;
        thumb_dp(in, TBIT(hw, 7) ? DP_SUB : DP_ADD, false, A32_DP_IMM, 13,
                 13, 0);
    } else if ((op & 0x28) == 0x08) {
        in->fn = t32_cbz;
        in->op = TBIT(hw, 11);
        in->rn = (uint8_t)rd;
        in->imm = (TBIT(hw, 9) << 6) | (TBITS(hw, 7, 3) << 1);
    } else if ((op & 0x78) == 0x10) {
        /* SXTH SXTB UXTH UXTB: a32_extend ops 2, 1, 6, 5. */
        static const uint8_t ext_op[4] = { 2, 1, 6, 5 };
        in->fn = a32_extend;
        in->op = ext_op[TBITS(hw, 7, 6)];
        in->rd = (uint8_t)rd;
        in->rm = (uint8_t)rm;
        in->rn = 15;
    } else if ((op & 0x70) == 0x20 || (op & 0x70) == 0x60) {
        /* PUSH (STMDB SP!) with LR, POP (LDMIA SP!) with PC. */
        bool pop = TBIT(hw, 11);
        in->fn = a32_ldm_stm;
        in->rn = 13;
        in->imm = TBITS(hw, 7, 0) | (TBIT(hw, 8) << (pop ? 15 : 14));
        in->op = pop ? LS_L | LS_U | LS_W : LS_P | LS_W;
        if (!in->imm) {
            in->fn = a32_undefined;
        }
    } else if (op == 0x32) {
        in->fn = a32_setend;
        in->op = TBIT(hw, 3);
    } else if (op == 0x33) {
        /* CPSIE/CPSID: imod 2 or 3, the A, I, F bits. */
        in->fn = a32_cps;
        in->op = (uint8_t)(2 | TBIT(hw, 4));
        in->imm = (TBIT(hw, 2) ? CPSR_A : 0) | (TBIT(hw, 1) ? CPSR_I : 0) |
                  (TBIT(hw, 0) ? CPSR_F : 0);
    } else if ((op & 0x78) == 0x50 && TBITS(hw, 7, 6) != 2) {
        /* REV, REV16, REVSH: a32_rev ops 0, 1, 2. */
        static const uint8_t rev_op[4] = { 0, 1, 0, 2 };
        in->fn = a32_rev;
        in->op = rev_op[TBITS(hw, 7, 6)];
        in->rd = (uint8_t)rd;
        in->rm = (uint8_t)rm;
    } else if ((op & 0x78) == 0x70) {
        in->fn = a32_bkpt;
    } else if ((op & 0x78) == 0x78) {
        it_hints(hw, in);
    }
}

/* A6.2.6: conditional branch, UDF, SVC. */
static void cond_branch(uint32_t hw, ArmInsn *in)
{
    unsigned cond = TBITS(hw, 11, 8);
    if (cond == 0xe) {
        return;
    }
    if (cond == 0xf) {
        in->fn = a32_svc;
        in->imm = TBITS(hw, 7, 0);
        return;
    }
    in->fn = t32_bcond;
    in->op = (uint8_t)cond;
    in->imm = sext(TBITS(hw, 7, 0) << 1, 9);
}

/* LDM/STM (T1): writeback unless an LDM loads its base. */
static void ldm_stm(uint32_t hw, ArmInsn *in)
{
    bool load = TBIT(hw, 11);
    in->rn = (uint8_t)TBITS(hw, 10, 8);
    in->imm = TBITS(hw, 7, 0);
    bool wb = !load || !(in->imm & (1u << in->rn));
    in->op = (uint8_t)(LS_U | (load ? LS_L : 0) | (wb ? LS_W : 0));
    in->fn = in->imm ? a32_ldm_stm : a32_undefined;
}

void t16_decode(uint32_t key, ArmInsn *in)
{
    uint32_t hw = key & 0xffff;
    bool s = !(key & T16_IN_IT);
    memset(in, 0, sizeof(*in));
    in->fn = a32_undefined;
    switch (TBITS(hw, 15, 10)) {
    case 0x00 ... 0x0f:
        shift_add_sub(hw, s, in);
        break;
    case 0x10:
        data_processing(hw, s, in);
        break;
    case 0x11:
        special(hw, in);
        break;
    case 0x12:
    case 0x13:
        in->fn = t32_ldr_literal;
        in->rd = (uint8_t)TBITS(hw, 10, 8);
        in->imm = TBITS(hw, 7, 0) * 4;
        in->amount = 4;
        break;
    case 0x14 ... 0x27:
        load_store(hw, in);
        break;
    case 0x28:
    case 0x29:
        in->fn = t32_adr;
        in->rd = (uint8_t)TBITS(hw, 10, 8);
        in->imm = TBITS(hw, 7, 0) * 4;
        break;
    case 0x2a:
    case 0x2b:
        in->imm = TBITS(hw, 7, 0) * 4;
        thumb_dp(in, DP_ADD, false, A32_DP_IMM, TBITS(hw, 10, 8), 13, 0);
        break;
    case 0x2c ... 0x2f:
        misc(hw, in);
        break;
    case 0x30 ... 0x33:
        ldm_stm(hw, in);
        break;
    case 0x34 ... 0x37:
        cond_branch(hw, in);
        break;
    default:
        in->fn = t32_b;
        in->imm = sext(TBITS(hw, 10, 0) << 1, 12);
        break;
    }
    in->raw = key;
}
