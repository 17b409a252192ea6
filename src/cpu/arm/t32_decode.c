/*
 * The 32-bit Thumb decoder (ARM ARM A6.3): data processing with modified
 * and plain immediates and shifted registers, branches and miscellaneous
 * control, load/store multiple, dual, exclusive and table branch, single
 * loads and stores, register data processing, the media, multiply and
 * divide groups, and the coprocessor space. Where an A32 encoding carries
 * the same operation in fields the A32 decoder already interprets (media,
 * multiplies, bit fields, coprocessor), the equivalent A32 word is built
 * and decoded. Advanced SIMD and ThumbEE are UNDEFINED.
 */
#include <string.h>

#include "a32_exec.h"
#include "thumb.h"
#include "vfp.h"

#define COND_AL 0xe0000000u

/* ThumbExpandImm_C (A6.3.2): the value, and whether the carry is the
 * value's bit 31 (rotated) or C unchanged. */
static void expand_imm(uint32_t imm12, ArmInsn *in)
{
    uint32_t b = imm12 & 0xff;
    if (!(imm12 >> 10)) {
        static const uint32_t reps[4] = { 1, 0x00010001, 0x01000100,
                                          0x01010101 };
        in->imm = b * reps[(imm12 >> 8) & 3];
        in->rotated = false;
        return;
    }
    unsigned rot = imm12 >> 7;
    uint32_t v = 0x80 | (imm12 & 0x7f);
    in->imm = (v >> rot) | (v << (32 - rot));
    in->rotated = true;
}

/*
 * The Thumb data-processing opcodes (A6.3.1, A6.3.11) as A32 opcodes; ORN
 * (3) has none; -1 is unallocated. With Rd 15 and S the logical and
 * arithmetic ones become TST, TEQ, CMN, CMP; with Rn 15 ORR and ORN
 * become MOV and MVN.
 */
static const int8_t dp_opcs[16] = {
    DP_AND, DP_BIC, DP_ORR, -2, DP_EOR, -1, -1, -1,
    DP_ADD, -1, DP_ADC, DP_SBC, -1, DP_SUB, DP_RSB, -1,
};

/* Data processing with a modified immediate (@imm) or a shifted register:
 * op, S, Rn, Rd of either encoding. */
static void data_processing(uint32_t t, bool imm, ArmInsn *in)
{
    unsigned op = TBITS(t, 24, 21), rn = TBITS(t, 19, 16);
    unsigned rd = TBITS(t, 11, 8), rm = TBITS(t, 3, 0);
    bool s = TBIT(t, 20);
    int opc = dp_opcs[op];
    in->shift = (uint8_t)TBITS(t, 5, 4);
    in->amount = (uint8_t)((TBITS(t, 14, 12) << 2) | TBITS(t, 7, 6));
    if (op == 6 && !imm && !s) {
        /* PKHBT / PKHTB: tb in [5]. */
        in->fn = a32_pkh;
        in->op = TBIT(t, 5);
        in->rd = (uint8_t)rd;
        in->rn = (uint8_t)rn;
        in->rm = (uint8_t)rm;
        return;
    }
    if (opc == -1) {
        return;
    }
    A32DpForm form;
    if (imm) {
        form = A32_DP_IMM;
        expand_imm((TBIT(t, 26) << 11) | (TBITS(t, 14, 12) << 8) |
                       TBITS(t, 7, 0), in);
    } else if (in->shift == SHIFT_LSL && in->amount == 0) {
        form = A32_DP_REG;
    } else {
        form = (A32DpForm)(A32_DP_LSL + in->shift);
    }
    if (opc == -2) {
        /* ORN, or MVN with Rn 15. */
        if (rn != 15) {
            in->fn = t32_orn;
            in->op = imm;
            in->s = s;
            in->rd = (uint8_t)rd;
            in->rn = (uint8_t)rn;
            in->rm = (uint8_t)rm;
            return;
        }
        opc = DP_MVN;
    } else if (opc == DP_ORR && rn == 15) {
        opc = DP_MOV;
    }
    if (rd == 15 && s) {
        static const int8_t tests[16] = { [DP_AND] = DP_TST,
                                          [DP_EOR] = DP_TEQ,
                                          [DP_ADD] = DP_CMN,
                                          [DP_SUB] = DP_CMP };
        if (!tests[opc]) {
            return;
        }
        opc = tests[opc];
    }
    thumb_dp(in, (unsigned)opc, s, form, rd, rn, rm);
}

/* A6.3.3: data processing with a plain binary immediate. */
static void plain_imm(uint32_t t, ArmInsn *in)
{
    unsigned op = TBITS(t, 24, 20), rn = TBITS(t, 19, 16);
    unsigned rd = TBITS(t, 11, 8);
    uint32_t imm12 = (TBIT(t, 26) << 11) | (TBITS(t, 14, 12) << 8) |
                     TBITS(t, 7, 0);
    uint32_t lsb = (TBITS(t, 14, 12) << 2) | TBITS(t, 7, 6);
    /* The A32 media encodings keep lsb in [11:7] and Rd, Rn as here. */
    uint32_t media = COND_AL | (rd << 12) | (lsb << 7) | rn;
    switch (op) {
    case 0x00:
    case 0x0a:
        in->imm = imm12;
        if (rn == 15) {
            in->fn = t32_adr;
            in->rd = (uint8_t)rd;
            in->imm = op ? -imm12 : imm12;
        } else {
            thumb_dp(in, op ? DP_SUB : DP_ADD, false, A32_DP_IMM, rd, rn, 0);
        }
        break;
    case 0x04:
    case 0x0c:
        in->fn = op == 4 ? a32_movw : a32_movt;
        in->rd = (uint8_t)rd;
        in->imm = (rn << 12) | imm12;
        break;
    case 0x10:
    case 0x12:
    case 0x18:
    case 0x1a:
        if (TBIT(t, 21) && !lsb) {
            /* SSAT16 / USAT16: A32 cccc 0110 1x10 sat Rd 1111 0011 Rn */
            a32_decode(COND_AL | 0x06a00f30 | (TBIT(t, 23) << 22) |
                       (TBITS(t, 3, 0) << 16) | (rd << 12) | rn, in);
        } else {
            /* SSAT / USAT: cccc 0110 1u1 sat Rd imm5 sh01 Rn */
            a32_decode(media | 0x06a00010 | (TBIT(t, 23) << 22) |
                       (TBITS(t, 4, 0) << 16) | (TBIT(t, 21) << 6), in);
        }
        break;
    case 0x14:
    case 0x1c:
        /* SBFX / UBFX: cccc 0111 1u1 widthm1 Rd lsb 101 Rn */
        a32_decode(media | 0x07a00050 | (TBIT(t, 23) << 22) |
                   (TBITS(t, 4, 0) << 16), in);
        break;
    case 0x16:
        /* BFI / BFC: cccc 0111 110 msb Rd lsb 001 Rn */
        a32_decode(media | 0x07c00010 | (TBITS(t, 4, 0) << 16), in);
        break;
    default:
        break;
    }
}

/* S:I1:I2:imm10:imm11:'0' of B (T4) and BL, I = NOT(J xor S) (A8.8.18). */
static uint32_t branch24(uint32_t t)
{
    uint32_t s = TBIT(t, 26);
    uint32_t i1 = !(TBIT(t, 13) ^ s), i2 = !(TBIT(t, 11) ^ s);
    uint32_t v = (s << 24) | (i1 << 23) | (i2 << 22) |
                 (TBITS(t, 25, 16) << 12) | (TBITS(t, 10, 0) << 1);
    return (uint32_t)((int32_t)(v << 7) >> 7);
}

/* A6.3.4.1 and A6.3.4.2: CPS, hints, CLREX and the barriers. */
static void hints_barriers(uint32_t t, bool barriers, ArmInsn *in)
{
    if (barriers) {
        unsigned op = TBITS(t, 7, 4);
        if (op == 2) {
            in->fn = a32_clrex;
        } else if (op == 4 || op == 5) {
            in->fn = a32_barrier; /* DSB, DMB */
        } else if (op == 6) {
            in->fn = a32_nop; /* ISB */
        }
        return;
    }
    if (TBITS(t, 10, 8)) {
        /* CPS: imod [10:9], M [8], A I F [7:5], mode [4:0]. */
        in->fn = a32_cps;
        in->op = (uint8_t)TBITS(t, 10, 9);
        in->s = TBIT(t, 8);
        in->imm = TBITS(t, 7, 5) << 6;
        in->amount = (uint8_t)TBITS(t, 4, 0);
        return;
    }
    in->fn = thumb_hint(TBITS(t, 7, 0));
}

/* A6.3.4: branches and miscellaneous control. */
static void branch_misc(uint32_t t, ArmInsn *in)
{
    unsigned op = TBITS(t, 26, 20), op1 = TBITS(t, 14, 12);
    if (op1 & 1) {
        in->fn = (op1 & 4) ? t32_bl : t32_b;
        in->imm = branch24(t);
        return;
    }
    if (op1 & 4) {
        /* BLX (immediate): to A32, from Align(PC, 4). */
        in->fn = t32_bl;
        in->op = 1;
        in->imm = branch24(t);
        return;
    }
    if ((op & 0x38) != 0x38) {
        /* B<c> (T3): S:J2:J1:imm6:imm11:'0'. */
        uint32_t v = (TBIT(t, 26) << 20) | (TBIT(t, 11) << 19) |
                     (TBIT(t, 13) << 18) | (TBITS(t, 21, 16) << 12) |
                     (TBITS(t, 10, 0) << 1);
        in->fn = t32_bcond;
        in->op = (uint8_t)TBITS(t, 25, 22);
        in->imm = (uint32_t)((int32_t)(v << 11) >> 11);
        return;
    }
    if (op == 0x7f) {
        in->fn = op1 == 0 ? a32_smc : a32_undefined;
        return;
    }
    if (op == 0x7e && op1 == 0) {
        /* HVC #imm4:imm12 */
        in->fn = a32_hvc;
        in->imm = (TBITS(t, 19, 16) << 12) | TBITS(t, 11, 0);
        return;
    }
    if (op1 != 0) {
        return;
    }
    in->rn = (uint8_t)TBITS(t, 19, 16);
    in->rd = (uint8_t)TBITS(t, 11, 8);
    in->op = TBIT(t, 20);
    switch (op) {
    case 0x38:
    case 0x39:
        /* MSR (register); the banked form (bit 5) is Virtualization
         * Extensions only (B9.3.10): UNDEFINED, as in A32. */
        if (!TBIT(t, 5)) {
            in->fn = a32_msr;
            in->rm = in->rn;
            in->amount = (uint8_t)TBITS(t, 11, 8);
        }
        break;
    case 0x3a:
    case 0x3b:
        hints_barriers(t, op & 1, in);
        break;
    case 0x3c:
        /* BXJ: as BX (A2.10). */
        in->fn = a32_bx;
        in->rm = in->rn;
        in->op = 0;
        break;
    case 0x3d:
        /* SUBS PC, LR, #imm8: exception return (B9.3.19). */
        in->imm = TBITS(t, 7, 0);
        thumb_dp(in, DP_SUB, true, A32_DP_IMM, 15, 14, 0);
        break;
    case 0x3e:
    case 0x3f:
        if (!TBIT(t, 5)) {
            in->fn = a32_mrs;
        }
        break;
    default:
        break;
    }
}

/* A6.3.5: LDM, STM, SRS, RFE. */
static void ldm_stm(uint32_t t, ArmInsn *in)
{
    unsigned op = TBITS(t, 24, 23);
    bool load = TBIT(t, 20), wb = TBIT(t, 21);
    /* IA is U set, P clear; DB the opposite. */
    uint8_t mode = op == 1 || op == 3 ? LS_U : LS_P;
    in->rn = (uint8_t)TBITS(t, 19, 16);
    in->op = (uint8_t)(mode | (wb ? LS_W : 0) | (load ? LS_L : 0));
    if (op == 1 || op == 2) {
        in->imm = TBITS(t, 15, 0);
        in->fn = in->imm ? a32_ldm_stm : a32_undefined;
    } else if (load) {
        in->fn = a32_rfe;
    } else {
        in->fn = a32_srs;
        in->amount = (uint8_t)TBITS(t, 4, 0);
    }
}

/* A6.3.6: LDRD/STRD, the exclusives, TBB/TBH. */
static void dual_excl_table(uint32_t t, ArmInsn *in)
{
    unsigned op1 = TBITS(t, 24, 23), op2 = TBITS(t, 21, 20);
    unsigned op3 = TBITS(t, 7, 4);
    bool load = TBIT(t, 20);
    in->rn = (uint8_t)TBITS(t, 19, 16);
    in->rd = (uint8_t)TBITS(t, 15, 12);
    in->ra = (uint8_t)TBITS(t, 11, 8);
    in->imm = TBITS(t, 7, 0) * 4;
    if ((op1 & 2) || (op2 & 2)) {
        in->op = (uint8_t)((TBIT(t, 24) ? LS_P : 0) |
                           (TBIT(t, 23) ? LS_U : 0) |
                           (TBIT(t, 21) ? LS_W : 0) | (load ? LS_L : 0));
        if (load && in->rn == 15) {
            in->fn = t32_ldr_literal;
            in->amount = 8;
            in->imm = TBIT(t, 23) ? in->imm : -in->imm;
        } else {
            in->fn = t32_ldst_dual;
        }
        return;
    }
    if (op1 == 0) {
        /* LDREX / STREX with imm8 * 4; STREX's status in [11:8]. */
        in->fn = load ? t32_ldrex : t32_strex;
        in->amount = 4;
        in->rm = in->rd;
        in->rd = load ? in->rd : in->ra;
        return;
    }
    in->imm = 0;
    if (load && op3 < 2) {
        in->fn = t32_tbb;
        in->op = (uint8_t)op3;
        in->rm = (uint8_t)TBITS(t, 3, 0);
        return;
    }
    static const uint8_t sizes[8] = { [4] = 1, [5] = 2, [7] = 8 };
    if (op3 >= 8 || !sizes[op3]) {
        return;
    }
    in->amount = sizes[op3];
    in->fn = load ? t32_ldrex : t32_strex;
    if (!load) {
        /* Rt [15:12], Rt2 [11:8], status Rd [3:0]. */
        in->rm = in->rd;
        in->rd = (uint8_t)TBITS(t, 3, 0);
    }
}

/*
 * Word and byte loads and stores other than the T forms, with op, imm
 * (unsigned, LS_U its sign) and amount decoded: the fast functions of
 * a32_ldst_fast_fn, which take the immediate signed and the size in ra.
 */
static void fast_word_form(ArmInsn *in, bool load, unsigned size)
{
    A32LdstForm form = (in->op & LS_R)    ? A32_LS_REG
                       : !(in->op & LS_P) ? A32_LS_POST
                       : (in->op & LS_W)  ? A32_LS_PRE
                                          : A32_LS_OFFSET;
    if (form != A32_LS_REG && !(in->op & LS_U)) {
        in->imm = (uint32_t)-in->imm;
    }
    in->ra = (uint8_t)size;
    in->fn = a32_ldst_fast_fn(in, load, form);
}

/*
 * A6.3.7-A6.3.10: single loads and stores. Sizes by [22:21]: byte, half,
 * word; [24] signed; Rn 15 loads are literal. Forms: imm12 ([23] set),
 * imm8 with P U W ([11] set; 1110 is the unprivileged T form), register
 * with LSL #imm2.
 */
static void load_store(uint32_t t, ArmInsn *in)
{
    unsigned size = 1u << TBITS(t, 22, 21);
    bool load = TBIT(t, 20), sign = TBIT(t, 24);
    in->rn = (uint8_t)TBITS(t, 19, 16);
    in->rd = (uint8_t)TBITS(t, 15, 12);
    in->rm = (uint8_t)TBITS(t, 3, 0);
    if (size == 8 || (sign && (size == 4 || !load))) {
        return;
    }
    if (load && size < 4 && in->rd == 15) {
        /* PLD, PLDW, PLI and the unallocated hints (A6.3.7-A6.3.9). */
        in->fn = a32_nop;
        return;
    }
    if (in->rn == 15) {
        if (!load) {
            return;
        }
        in->fn = t32_ldr_literal;
        in->amount = (uint8_t)size;
        in->s = sign;
        in->imm = TBIT(t, 23) ? TBITS(t, 11, 0) : -TBITS(t, 11, 0);
        return;
    }
    uint8_t l = load ? LS_L : 0;
    if (TBIT(t, 23)) {
        in->imm = TBITS(t, 11, 0);
        in->op = LS_P | LS_U | l;
    } else if (TBIT(t, 11)) {
        in->imm = TBITS(t, 7, 0);
        in->op = (uint8_t)((TBIT(t, 10) ? LS_P : 0) |
                           (TBIT(t, 9) ? LS_U : 0) |
                           (TBIT(t, 8) ? LS_W : 0) | l);
        if (!(in->op & (LS_P | LS_W))) {
            return;
        }
        /* The T forms: 1110, offset added, no writeback. */
        in->s = TBITS(t, 10, 8) == 6;
    } else if (!TBITS(t, 11, 6)) {
        in->op = LS_P | LS_U | LS_R | l;
        in->amount = (uint8_t)TBITS(t, 5, 4);
    } else {
        return;
    }
    if (size == 4 || (size == 1 && !sign)) {
        in->shift = SHIFT_LSL;
        if (in->s) {
            in->fn = a32_ldst_word;
            in->ra = size == 1;
        } else {
            fast_word_form(in, load, size);
        }
        return;
    }
    /* a32_ldst_half kinds: 0 H, 1 SB, 2 SH. */
    in->shift = (uint8_t)(!sign ? 0 : size == 1 ? 1 : 2);
    in->fn = (in->op & LS_R) && in->amount ? t32_ldst_half_lsl
                                           : a32_ldst_half;
}

/* A6.3.13, A6.3.14: parallel add/subtract as A32 cccc 0110 0kkk Rn Rd
 * 1111 ooo1 Rm. */
static void parallel(uint32_t t, uint32_t regs, ArmInsn *in)
{
    static const int8_t a32_op[8] = { 4, 0, 1, -1, 7, 3, 2, -1 };
    int op = a32_op[TBITS(t, 22, 20)];
    unsigned kind = TBITS(t, 5, 4);
    if (op < 0 || kind == 3) {
        return;
    }
    kind = kind + 1 + (TBIT(t, 6) ? 4 : 0);
    a32_decode(regs | 0x06000f10 | (kind << 20) | ((unsigned)op << 5), in);
}

/* A6.3.12, A6.3.15: register data processing and the misc operations. */
static void data_register(uint32_t t, ArmInsn *in)
{
    unsigned op1 = TBITS(t, 23, 20), op2 = TBITS(t, 7, 4);
    unsigned rn = TBITS(t, 19, 16), rd = TBITS(t, 11, 8);
    unsigned rm = TBITS(t, 3, 0);
    /* Rn [19:16], Rd [15:12], Rm [3:0] as in the A32 media encodings. */
    uint32_t regs = COND_AL | (rn << 16) | (rd << 12) | rm;
    if (TBITS(t, 15, 12) != 0xf) {
        return;
    }
    if (op1 < 8 && op2 == 0) {
        /* LSL, LSR, ASR, ROR (register): MOV with a register shift. */
        thumb_dp(in, DP_MOV, TBIT(t, 20), A32_DP_RSR, rd, 0, rn);
        in->rs = (uint8_t)rm;
        in->shift = (uint8_t)TBITS(t, 22, 21);
        return;
    }
    if (op1 < 6 && (op2 & 8)) {
        /* SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB (Rn 15: no add). */
        static const uint8_t ext_op[6] = { 2, 6, 0, 4, 1, 5 };
        in->fn = a32_extend;
        in->op = ext_op[op1];
        in->rd = (uint8_t)rd;
        in->rn = (uint8_t)rn;
        in->rm = (uint8_t)rm;
        in->amount = (uint8_t)(TBITS(t, 5, 4) * 8);
        return;
    }
    if (op1 >= 8 && op2 < 8) {
        parallel(t, regs, in);
        return;
    }
    if ((op1 & 0xc) != 8 || (op2 & 0xc) != 8) {
        return;
    }
    in->rd = (uint8_t)rd;
    in->rn = (uint8_t)rn;
    in->rm = (uint8_t)rm;
    switch (((op1 & 3) << 2) | (op2 & 3)) {
    case 0x0 ... 0x3: {
        /* QADD QDADD QSUB QDSUB: a32_qaddsub op bit 0 subtract, bit 1
         * double. */
        static const uint8_t q_op[4] = { 0, 2, 1, 3 };
        in->fn = a32_qaddsub;
        in->op = q_op[op2 & 3];
        break;
    }
    case 0x4 ... 0x7: {
        /* REV REV16 RBIT REVSH */
        static const uint8_t rev_op[4] = { 0, 1, 3, 2 };
        in->fn = a32_rev;
        in->op = rev_op[op2 & 3];
        break;
    }
    case 0x8:
        in->fn = a32_sel;
        break;
    case 0xc:
        in->fn = a32_clz;
        break;
    default:
        break;
    }
}

/*
 * A6.3.16, A6.3.17: multiplies, sums of absolute differences, divides. The
 * A32 forms hold Rd/RdHi [19:16], Ra/RdLo [15:12], Rm [11:8], Rn [3:0]:
 * only the opcode bits [27:20] and [7:4] differ, looked up by the Thumb
 * op1 [22:20] and op2 ([5:4] for the short forms, [7:4] for the long).
 */
static void multiply(uint32_t t, ArmInsn *in)
{
    unsigned op1 = TBITS(t, 22, 20), ra = TBITS(t, 15, 12);
    bool lng = TBIT(t, 23);
    uint32_t a32 = COND_AL | (TBITS(t, 11, 8) << 16) | (ra << 12) |
                   (TBITS(t, 3, 0) << 8) | TBITS(t, 19, 16);
    /* N and M of the halfword forms: [5] and [4] here, [5] and [6] there. */
    uint32_t nm = (TBIT(t, 5) << 5) | (TBIT(t, 4) << 6);
    uint32_t op = 0;
    if (!lng) {
        unsigned op2 = TBITS(t, 5, 4);
        bool acc = ra != 15;
        switch (op1) {
        case 0:
            if (op2 < 2) {
                op = op2 ? 0x00600090 : acc ? 0x00200090 : 0x00000090;
            }
            break;
        case 1:
            /* SMLA<x><y> / SMUL<x><y>: N [5], M [4]. */
            op = (acc ? 0x01000080 : 0x01600080) | nm;
            break;
        case 3:
            /* SMLAW<y> / SMULW<y>: M [4]. */
            if (op2 < 2) {
                op = 0x01200080 | (op2 << 6) | (acc ? 0 : 0x20);
            }
            break;
        case 7:
            op = op2 == 0 ? 0x07800010 : 0;
            break;
        default: {
            /* SMLAD SMLSD SMMLA SMMLS (2 4 5 6) with X or R in [4]. */
            static const uint32_t dual[8] = { [2] = 0x07000010,
                                              [4] = 0x07000050,
                                              [5] = 0x07500010,
                                              [6] = 0x075000d0 };
            if (op2 < 2 && dual[op1] && (op1 != 6 || acc)) {
                op = dual[op1] | (op2 << 5);
            }
            break;
        }
        }
    } else {
        unsigned op2 = TBITS(t, 7, 4);
        switch ((op1 << 4) | op2) {
        case 0x00: op = 0x00c00090; break;   /* SMULL */
        case 0x1f: op = 0x07100010; break;   /* SDIV */
        case 0x20: op = 0x00800090; break;   /* UMULL */
        case 0x3f: op = 0x07300010; break;   /* UDIV */
        case 0x40: op = 0x00e00090; break;   /* SMLAL */
        case 0x48 ... 0x4b:                  /* SMLAL<x><y> */
            op = 0x01400080 | nm;
            break;
        case 0x4c:
        case 0x4d:                           /* SMLALD */
            op = 0x07400010 | ((op2 & 1) << 5);
            break;
        case 0x5c:
        case 0x5d:                           /* SMLSLD */
            op = 0x07400050 | ((op2 & 1) << 5);
            break;
        case 0x60: op = 0x00a00090; break;   /* UMLAL */
        case 0x66: op = 0x00400090; break;   /* UMAAL */
        default: break;
        }
    }
    if (op) {
        a32_decode(a32 | op, in);
    }
}

/*
 * A6.3.18: the coprocessor space, which is A32's with the T32 prefix
 * (1110 for MCR/MRC/MCRR/MRRC/LDC/STC/CDP, 1111 for their "2" forms).
 * Advanced SIMD data processing (11 in [25:24]) is not modelled.
 */
static void coproc(uint32_t t, ArmInsn *in)
{
    unsigned cp = TBITS(t, 11, 8);
    if (TBITS(t, 25, 24) == 3) {
        return;
    }
    if ((cp & 0xe) == 0xa) {
        /* VFP (cp10, cp11): the A32 encodings under the 1110 prefix; the
         * 1111 forms are Advanced SIMD, UNDEFINED here. */
        if (!TBIT(t, 28)) {
            arm_vfp_decode((t & 0x0fffffffu) | COND_AL, in);
        }
        return;
    }
    a32_decode((t & 0x0fffffffu) | (TBIT(t, 28) ? 0xf0000000u : COND_AL), in);
}

void t32_decode(uint32_t t, ArmInsn *in)
{
    memset(in, 0, sizeof(*in));
    in->fn = a32_undefined;
    unsigned op1 = TBITS(t, 28, 27), op2 = TBITS(t, 26, 20);
    bool op = TBIT(t, 15);
    if (op1 == 1) {
        if ((op2 & 0x64) == 0) {
            ldm_stm(t, in);
        } else if ((op2 & 0x64) == 4) {
            dual_excl_table(t, in);
        } else if ((op2 & 0x60) == 0x20) {
            data_processing(t, false, in);
        } else {
            coproc(t, in);
        }
    } else if (op1 == 2) {
        if (op) {
            branch_misc(t, in);
        } else if (TBIT(t, 25)) {
            plain_imm(t, in);
        } else {
            data_processing(t, true, in);
        }
    } else if ((op2 & 0x71) == 0) {
        load_store(t, in);
    } else if ((op2 & 0x67) == 1 || (op2 & 0x67) == 3 ||
               (op2 & 0x67) == 5) {
        load_store(t, in);
    } else if ((op2 & 0x70) == 0x20) {
        data_register(t, in);
    } else if ((op2 & 0x70) == 0x30) {
        multiply(t, in);
    } else if (op2 & 0x40) {
        coproc(t, in);
    }
    in->raw = t;
}

void thumb_decode(uint32_t key, ArmInsn *in)
{
    if (t32_is_wide(key >> 16)) {
        t32_decode(key, in);
    } else {
        t16_decode(key, in);
    }
}
