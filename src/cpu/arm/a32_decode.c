/*
 * The A32 decoder: from an instruction word to its execution function and
 * operand fields, following the encoding tables of the ARM ARM, chapter A5
 * (A5.1 top level, A5.2 data-processing and miscellaneous, A5.3 load/store
 * word and byte, A5.4 media, A5.5 branch and block transfer, A5.6
 * coprocessor and SVC, A5.7 unconditional). Encodings with no instruction,
 * and those of features not modelled (Advanced SIMD, Hyp), decode to
 * UNDEFINED; coprocessors 10 and 11 go to the VFP decoder (vfp_decode.c).
 */
#include <string.h>

#include "a32.h"
#include "a32_exec.h"
#include "cp15.h"
#include "vfp.h"

#define BITS(w, hi, lo) (((w) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(w, n) (((w) >> (n)) & 1u)

static uint32_t ror32(uint32_t v, unsigned n)
{
    return n ? (v >> n) | (v << (32 - n)) : v;
}

/* The P/U/W/L bits of a load/store encoding. */
static uint8_t ls_bits(uint32_t w)
{
    return (uint8_t)((BIT(w, 20) ? LS_L : 0) | (BIT(w, 24) ? LS_P : 0) |
                     (BIT(w, 23) ? LS_U : 0) | (BIT(w, 21) ? LS_W : 0));
}

/* A modified immediate: imm8 rotated right by twice the rotation. */
static void modified_imm(uint32_t w, ArmInsn *in)
{
    unsigned rot = BITS(w, 11, 8) * 2;
    in->imm = ror32(BITS(w, 7, 0), rot);
    in->rotated = rot != 0;
}

/* @reg_shift: the register-shifted register form. */
static void decode_dp(uint32_t w, ArmInsn *in, bool imm, bool reg_shift)
{
    in->s = BIT(w, 20);
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    in->shift = BITS(w, 6, 5);
    in->amount = BITS(w, 11, 7);
    in->rs = BITS(w, 11, 8);
    A32DpForm form;
    if (imm) {
        form = A32_DP_IMM;
        modified_imm(w, in);
    } else if (reg_shift) {
        form = A32_DP_RSR;
    } else if (in->shift == SHIFT_LSL && in->amount == 0) {
        form = A32_DP_REG;
    } else {
        form = (A32DpForm)(A32_DP_LSL + in->shift);
    }
    in->fn = a32_dp_fn(BITS(w, 24, 21), in->s, form);
}

/* A5.2.5 */
static void decode_multiply(uint32_t w, ArmInsn *in)
{
    in->rd = BITS(w, 19, 16);
    in->ra = BITS(w, 15, 12);
    in->rm = BITS(w, 11, 8);
    in->rn = BITS(w, 3, 0);
    in->s = BIT(w, 20);
    unsigned op = BITS(w, 23, 20);
    if (op < 4) {
        in->fn = a32_mul;
        in->op = op >> 1;
    } else if (op == 4) {
        in->fn = a32_umaal;
    } else if (op == 6) {
        in->fn = a32_mul;
        in->op = 2;
    } else if (op >= 8) {
        in->fn = a32_mul_long;
        in->op = (op >> 1) & 3;
    }
}

/* A5.2.10 */
static void decode_sync(uint32_t w, ArmInsn *in)
{
    unsigned op = BITS(w, 23, 20);
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    if ((op & 0xb) == 0) {
        in->fn = a32_swp;
        in->ra = BIT(w, 22);
        return;
    }
    static const uint8_t sizes[4] = { 4, 8, 1, 2 };
    if (op >= 8) {
        in->amount = sizes[(op >> 1) & 3];
        in->fn = (op & 1) ? a32_ldrex : a32_strex;
        /* The doubleword forms use an even register pair. */
        unsigned pair = (op & 1) ? in->rd : in->rm;
        if (in->amount == 8 && (pair & 1)) {
            in->fn = a32_undefined;
        }
    }
}

/* A5.2.8 and A5.2.9 */
static void decode_extra_ldst(uint32_t w, ArmInsn *in)
{
    unsigned op2 = BITS(w, 6, 5);
    bool load = BIT(w, 20);
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    in->imm = (BITS(w, 11, 8) << 4) | BITS(w, 3, 0);
    in->op = ls_bits(w) | (BIT(w, 22) ? 0 : LS_R);
    in->fn = a32_ldst_half;
    bool unpriv = !BIT(w, 24) && BIT(w, 21);
    if (op2 == 1) {
        in->shift = 0;
        /* LDRH/STRH with offset addressing (no writeback, not the T
         * form) get functions of their own: immediate offset signed in
         * imm, or a register (not the PC) added or subtracted. */
        if (BIT(w, 24) && !BIT(w, 21)) {
            if (!(in->op & LS_R)) {
                in->imm = BIT(w, 23) ? in->imm : (uint32_t)-in->imm;
                in->ra = 2;
                in->fn = a32_ldst_fast_fn(in, load, A32_LS_OFFSET);
                return;
            }
            if (in->rm != 15) {
                in->amount = 0;
                in->ra = 2;
                in->fn = a32_ldst_fast_fn(in, load, A32_LS_REG);
                return;
            }
        }
    } else if (load) {
        in->shift = op2 == 2 ? 1 : 2;
    } else {
        /* LDRD (op2 10) and STRD (op2 11) have L clear. */
        in->shift = 3;
        in->op = (uint8_t)((in->op & ~LS_L) | (op2 == 2 ? LS_L : 0));
        if (in->rd & 1) {
            in->fn = a32_undefined;
        }
        return;
    }
    in->s = unpriv;
}

/* A5.2.7 */
static void decode_half_multiply(uint32_t w, ArmInsn *in)
{
    in->fn = a32_mul_half;
    in->op = BITS(w, 22, 21);
    in->rd = BITS(w, 19, 16);
    in->ra = BITS(w, 15, 12);
    in->rm = BITS(w, 11, 8);
    in->rn = BITS(w, 3, 0);
    in->shift = (uint8_t)(BIT(w, 5) | (BIT(w, 6) << 1));
    in->amount = BIT(w, 5);
}

/* A5.2.12 */
static void decode_misc(uint32_t w, ArmInsn *in)
{
    unsigned op = BITS(w, 22, 21), op2 = BITS(w, 6, 4);
    in->rd = BITS(w, 15, 12);
    in->rn = BITS(w, 19, 16);
    in->rm = BITS(w, 3, 0);
    in->op = BIT(w, 22);
    switch (op2) {
    case 0:
        if (BIT(w, 9)) {
            /* MRS/MSR (banked): Virtualization Extensions only. */
            break;
        }
        if (op & 1) {
            in->fn = a32_msr;
            in->amount = BITS(w, 19, 16);
        } else {
            in->fn = a32_mrs;
        }
        break;
    case 1:
        if (op == 1) {
            in->fn = a32_bx;
            in->op = 0;
        } else if (op == 3) {
            in->fn = a32_clz;
        }
        break;
    case 2:
        if (op == 1) {
            in->fn = a32_bx;
            in->op = 0;
        }
        break;
    case 3:
        if (op == 1) {
            in->fn = a32_bx;
            in->op = 1;
        }
        break;
    case 5:
        in->fn = a32_qaddsub;
        in->op = (uint8_t)op;
        break;
    case 7:
        if (op == 0) {
            in->fn = a32_hlt;
            in->imm = (BITS(w, 19, 8) << 4) | BITS(w, 3, 0);
        } else if (op == 1) {
            in->fn = a32_bkpt;
        } else if (op == 2 && BITS(w, 31, 28) == 0xe) {
            /* HVC; with another condition UNPREDICTABLE, UNDEFINED here
             * as on QEMU. */
            in->fn = a32_hvc;
            in->imm = (BITS(w, 19, 8) << 4) | BITS(w, 3, 0);
        } else if (op == 3) {
            in->fn = a32_smc;
        }
        break;
    default:
        break;
    }
}

/* A5.2.11 */
static void decode_msr_imm_hints(uint32_t w, ArmInsn *in)
{
    if (!BIT(w, 22) && BITS(w, 19, 16) == 0) {
        /* The hints by op2 (A5.2.11): 2 WFE, 3 WFI, 4 SEV; the rest NOP. */
        static const ArmExecFn hints[8] = { a32_nop, a32_nop, a32_wfe,
                                            a32_wfi, a32_sev, a32_nop,
                                            a32_nop, a32_nop };
        in->fn = BITS(w, 7, 3) == 0 ? hints[BITS(w, 2, 0)] : a32_nop;
        return;
    }
    in->fn = a32_msr;
    modified_imm(w, in);
    in->rm = 16;
    in->amount = BITS(w, 19, 16);
    in->op = BIT(w, 22);
}

/* A5.2 */
static void decode_dp_misc(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 24, 20), op2 = BITS(w, 7, 4);
    bool misc_space = (op1 & 0x19) == 0x10;
    if (BIT(w, 25)) {
        if (!misc_space) {
            decode_dp(w, in, true, false);
        } else if (op1 == 0x10 || op1 == 0x14) {
            in->fn = op1 == 0x10 ? a32_movw : a32_movt;
            in->rd = BITS(w, 15, 12);
            in->imm = (BITS(w, 19, 16) << 12) | BITS(w, 11, 0);
        } else if ((op1 & 0x1b) == 0x12) {
            decode_msr_imm_hints(w, in);
        }
        return;
    }
    if (op2 == 0x9) {
        if (op1 & 0x10) {
            decode_sync(w, in);
        } else {
            decode_multiply(w, in);
        }
    } else if (op2 == 0xb || (op2 & 0xd) == 0xd) {
        decode_extra_ldst(w, in);
    } else if (misc_space) {
        if (!(op2 & 0x8)) {
            decode_misc(w, in);
        } else if (!(op2 & 1)) {
            decode_half_multiply(w, in);
        }
    } else {
        decode_dp(w, in, false, op2 & 1);
    }
}

/* A5.3 */
static void decode_ldst_word(uint32_t w, ArmInsn *in)
{
    in->fn = a32_ldst_word;
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    in->shift = BITS(w, 6, 5);
    in->amount = BITS(w, 11, 7);
    in->imm = BITS(w, 11, 0);
    in->ra = BIT(w, 22);
    in->op = ls_bits(w) | (BIT(w, 25) ? LS_R : 0);
    in->s = !BIT(w, 24) && BIT(w, 21);
    /* The common forms get functions of their own: immediate offset,
     * pre-indexed and post-indexed (not the T forms), and a register
     * offset shifted left. Writeback to the PC, a PC offset register and
     * the T forms are left to the general function. */
    bool load = in->op & LS_L;
    bool pre = BIT(w, 24), wback = BIT(w, 21);
    bool t_form = !pre && wback, offset = pre && !wback;
    if (!(in->op & LS_R) && !t_form && (offset || in->rn != 15)) {
        in->imm = BIT(w, 23) ? in->imm : (uint32_t)-in->imm;
        in->ra = BIT(w, 22) ? 1 : 4;
        A32LdstForm form = !pre     ? A32_LS_POST
                           : wback ? A32_LS_PRE
                                   : A32_LS_OFFSET;
        in->fn = a32_ldst_fast_fn(in, load, form);
    } else if ((in->op & LS_R) && pre && !wback && in->shift == SHIFT_LSL &&
               in->rm != 15) {
        in->ra = BIT(w, 22) ? 1 : 4;
        in->fn = a32_ldst_fast_fn(in, load, A32_LS_REG);
    }
}

/* A5.4.1 and A5.4.2 */
static void decode_parallel(uint32_t w, ArmInsn *in)
{
    unsigned kind = BITS(w, 21, 20), op2 = BITS(w, 7, 5);
    if (kind == 0 || op2 == 5 || op2 == 6) {
        return;
    }
    in->fn = a32_parallel;
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    in->op = (uint8_t)op2;
    in->shift = (uint8_t)(kind | (BIT(w, 22) ? 4 : 0));
}

/* A5.4.3 */
static void decode_pack_sat_rev(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 22, 20), op2 = BITS(w, 7, 5);
    in->rn = BITS(w, 19, 16);
    in->rd = BITS(w, 15, 12);
    in->rm = BITS(w, 3, 0);
    in->amount = BITS(w, 11, 7);
    if ((op1 & 2) && !(op2 & 1)) {
        /* SSAT (op1 01x) / USAT (11x) */
        in->fn = a32_sat;
        in->op = BIT(w, 22);
        in->imm = BITS(w, 20, 16) + (BIT(w, 22) ? 0 : 1);
        in->shift = BIT(w, 6) ? SHIFT_ASR : SHIFT_LSL;
        return;
    }
    if (op1 == 0 && !(op2 & 1)) {
        in->fn = a32_pkh;
        in->op = BIT(w, 6);
        return;
    }
    if (op2 == 3) {
        /* Extends: 000 SXTB16, 010 SXTB, 011 SXTH, 100 UXTB16, 110 UXTB,
         * 111 UXTH; the rotation is 0, 8, 16 or 24. */
        static const int8_t ext_op[8] = { 0, -1, 1, 2, 4, -1, 5, 6 };
        if (ext_op[op1] >= 0) {
            in->fn = a32_extend;
            in->op = (uint8_t)ext_op[op1];
            in->amount = (uint8_t)(BITS(w, 11, 10) * 8);
        }
        return;
    }
    switch ((op1 << 3) | op2) {
    case (0 << 3) | 5:
        in->fn = a32_sel;
        break;
    case (2 << 3) | 1:
    case (6 << 3) | 1:
        in->fn = a32_sat;
        in->op = (uint8_t)(op1 == 2 ? 2 : 3);
        in->imm = BITS(w, 19, 16) + (op1 == 2 ? 1 : 0);
        break;
    case (3 << 3) | 1:
        in->fn = a32_rev;
        in->op = 0;
        break;
    case (3 << 3) | 5:
        in->fn = a32_rev;
        in->op = 1;
        break;
    case (7 << 3) | 5:
        in->fn = a32_rev;
        in->op = 2;
        break;
    case (7 << 3) | 1:
        in->fn = a32_rev;
        in->op = 3;
        break;
    default:
        break;
    }
}

/* A5.4.4 */
static void decode_signed_multiply(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 22, 20), op2 = BITS(w, 7, 5);
    in->rd = BITS(w, 19, 16);
    in->ra = BITS(w, 15, 12);
    in->rm = BITS(w, 11, 8);
    in->rn = BITS(w, 3, 0);
    in->shift = BIT(w, 5);
    switch (op1) {
    case 0:
        if (op2 < 4) {
            in->fn = a32_mul_dual;
            in->op = op2 >> 1;
        }
        break;
    case 1:
    case 3:
        if (op2 == 0) {
            in->fn = a32_div;
            in->op = op1 == 1;
        }
        break;
    case 4:
        if (op2 < 4) {
            in->fn = a32_mul_dual;
            in->op = (uint8_t)(2 + (op2 >> 1));
        }
        break;
    case 5:
        if (op2 < 2) {
            in->fn = a32_mul_dual;
            in->op = 4;
        } else if (op2 >= 6) {
            in->fn = a32_mul_dual;
            in->op = 5;
        }
        break;
    default:
        break;
    }
}

/* SBFX / UBFX: lsb in [11:7], width - 1 in [20:16]. */
static void decode_extract(uint32_t w, ArmInsn *in, bool sign)
{
    unsigned lsb = BITS(w, 11, 7), width = BITS(w, 20, 16) + 1;
    in->rd = BITS(w, 15, 12);
    in->rn = BITS(w, 3, 0);
    if (lsb + width > 32) {
        in->fn = a32_nop;
        return;
    }
    in->fn = sign ? a32_sbfx : a32_ubfx;
    in->shift = (uint8_t)(32 - lsb - width);
    in->amount = (uint8_t)(sign ? 32 - width : lsb);
    in->imm = width == 32 ? 0xffffffffu : (1u << width) - 1;
}

/* BFI / BFC: lsb in [11:7], msb in [20:16]. */
static void decode_insert(uint32_t w, ArmInsn *in)
{
    unsigned lsb = BITS(w, 11, 7), msb = BITS(w, 20, 16);
    in->rd = BITS(w, 15, 12);
    in->rn = BITS(w, 3, 0);
    if (msb < lsb) {
        in->fn = a32_nop;
        return;
    }
    unsigned width = msb - lsb + 1;
    in->fn = a32_bfi;
    in->amount = (uint8_t)lsb;
    in->imm = (width == 32 ? 0xffffffffu : (1u << width) - 1) << lsb;
}

/* A5.4 */
static void decode_media(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 24, 20), op2 = BITS(w, 7, 5);
    if (op1 < 0x08) {
        decode_parallel(w, in);
    } else if (op1 < 0x10) {
        decode_pack_sat_rev(w, in);
    } else if (op1 < 0x18) {
        decode_signed_multiply(w, in);
    } else if (op1 == 0x18 && op2 == 0) {
        in->fn = a32_usad8;
        in->rd = BITS(w, 19, 16);
        in->ra = BITS(w, 15, 12);
        in->rm = BITS(w, 11, 8);
        in->rn = BITS(w, 3, 0);
    } else if (((op1 & 0x1e) == 0x1a || (op1 & 0x1e) == 0x1e) &&
               (op2 & 3) == 2) {
        decode_extract(w, in, (op1 & 0x1e) == 0x1a);
    } else if ((op1 & 0x1e) == 0x1c && (op2 & 3) == 0) {
        decode_insert(w, in);
    }
}

/* A5.5 */
static void decode_block(uint32_t w, ArmInsn *in)
{
    in->rn = BITS(w, 19, 16);
    in->imm = BITS(w, 15, 0);
    in->op = ls_bits(w);
    in->s = BIT(w, 22);
    in->fn = in->imm ? a32_ldm_stm : a32_undefined;
}

static uint32_t branch_offset(uint32_t w)
{
    return (uint32_t)((int32_t)(w << 8) >> 6);
}

/* A5.6 */
static void decode_coproc(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 25, 20), coproc = BITS(w, 11, 8);
    if ((op1 & 0x30) == 0x30) {
        in->fn = a32_svc;
        in->imm = BITS(w, 23, 0);
        return;
    }
    if ((coproc & 0xe) == 0xa) {
        /* VFP (A5.6: coprocessors 10 and 11); otherwise UNDEFINED. */
        arm_vfp_decode(w, in);
        return;
    }
    if ((op1 & 0x3e) == 0x04 && (coproc & 0xe) != 0xa) {
        /* MCRR / MRRC */
        in->fn = a32_mcrr_mrrc;
        in->op = BIT(w, 20);
        in->rd = BITS(w, 15, 12);
        in->ra = BITS(w, 19, 16);
        in->rn = (uint8_t)coproc;
        in->imm = cp_key64(coproc, BITS(w, 7, 4), BITS(w, 3, 0));
        return;
    }
    if ((op1 & 0x30) == 0x20 && BIT(w, 4) && (coproc & 0xe) != 0xa) {
        in->fn = a32_mcr_mrc;
        in->op = BIT(w, 20);
        in->rd = BITS(w, 15, 12);
        in->rn = (uint8_t)coproc;
        in->imm = cp_key(coproc, BITS(w, 23, 21), BITS(w, 19, 16),
                         BITS(w, 3, 0), BITS(w, 7, 5));
    }
}

/* A5.7.1 */
static void decode_uncond_misc(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 26, 20), op2 = BITS(w, 7, 4);
    unsigned rn = BITS(w, 19, 16);
    if (op1 == 0x10) {
        if (!(op2 & 2) && !(rn & 1)) {
            in->fn = a32_cps;
            in->op = BITS(w, 19, 18);
            in->s = BIT(w, 17);
            in->imm = w & (CPSR_A | CPSR_I | CPSR_F);
            in->amount = BITS(w, 4, 0);
        } else if (op2 == 0 && (rn & 1)) {
            in->fn = a32_setend;
            in->op = BIT(w, 9);
        }
        return;
    }
    unsigned hint = op1 & 0x77;
    if (hint == 0x41 || hint == 0x45 || hint == 0x51 || hint == 0x55) {
        /* Memory hints (PLD, PLDW, PLI, unallocated) with an immediate. */
        in->fn = a32_nop;
    } else if ((hint == 0x61 || hint == 0x65 || hint == 0x71 ||
                hint == 0x75) && !(op2 & 1)) {
        /* The same hints with a register. */
        in->fn = a32_nop;
    } else if (op1 == 0x57) {
        switch (op2) {
        case 1:
            in->fn = a32_clrex;
            break;
        case 4: /* DSB */
        case 5: /* DMB */
            in->fn = a32_barrier;
            break;
        case 6: /* ISB */
            in->fn = a32_nop;
            break;
        default:
            break;
        }
    }
}

/* A5.7 */
static void decode_uncond(uint32_t w, ArmInsn *in)
{
    unsigned op1 = BITS(w, 27, 20);
    if (!(op1 & 0x80)) {
        decode_uncond_misc(w, in);
    } else if ((op1 & 0xe5) == 0x84) {
        in->fn = a32_srs;
        in->op = ls_bits(w);
        in->amount = BITS(w, 4, 0);
    } else if ((op1 & 0xe5) == 0x81) {
        in->fn = a32_rfe;
        in->op = ls_bits(w);
        in->rn = BITS(w, 19, 16);
    } else if ((op1 & 0xe0) == 0xa0) {
        in->fn = a32_blx_imm;
        in->imm = branch_offset(w) | (BIT(w, 24) << 1);
    }
}

void a32_decode(uint32_t w, ArmInsn *in)
{
    memset(in, 0, sizeof(*in));
    in->raw = w;
    in->fn = a32_undefined;
    if (w >> 28 == 0xf) {
        decode_uncond(w, in);
        return;
    }
    switch (BITS(w, 27, 25)) {
    case 0:
    case 1:
        decode_dp_misc(w, in);
        break;
    case 2:
        decode_ldst_word(w, in);
        break;
    case 3:
        if (BIT(w, 4)) {
            /* UDF (A8.8.247) lands here as an unallocated media op. */
            decode_media(w, in);
        } else {
            decode_ldst_word(w, in);
        }
        break;
    case 4:
        decode_block(w, in);
        break;
    case 5:
        in->fn = a32_b;
        in->op = BIT(w, 24);
        in->imm = branch_offset(w);
        break;
    default:
        decode_coproc(w, in);
        break;
    }
}
