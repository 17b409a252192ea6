/*
 * The VFP decoder: coprocessor 10/11 encodings in A32 layout (ARM ARM DDI
 * 0406C A7.5 data processing, A7.6 extension register loads and stores,
 * A7.8 and A7.9 core register transfers) to execution functions and
 * ArmInsn fields (vfp_exec.h). Advanced SIMD forms (8- and 16-bit scalars,
 * VDUP) and encodings qemu-system-arm rejects as UNPREDICTABLE are not VFP
 * instructions here: the caller makes them UNDEFINED.
 */
#include "vfp.h"
#include "vfp_exec.h"

#define BITS(w, hi, lo) (((w) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(w, n) (((w) >> (n)) & 1u)

/* A register number from a 4-bit field and its extra bit: Vx:X for a
 * single, X:Vx for a double (A7.3). */
static uint8_t vfp_reg(uint32_t w, unsigned field_lo, unsigned extra, bool dp)
{
    unsigned v = BITS(w, field_lo + 3, field_lo), x = BIT(w, extra);
    return (uint8_t)(dp ? (x << 4) | v : (v << 1) | x);
}

#define VD(w, dp) vfp_reg(w, 12, 22, dp)
#define VN(w, dp) vfp_reg(w, 16, 7, dp)
#define VM(w, dp) vfp_reg(w, 0, 5, dp)

/* VFPExpandImm (A7.5.1): the value, or a double's top word. */
static uint32_t vfp_expand_imm(unsigned imm8, bool dp)
{
    uint32_t sign = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1;
    uint32_t low = imm8 & 0x3f;
    if (dp) {
        /* sign, NOT(b6), b6 x 8, imm8[5:0], zeros */
        return (sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0xffu : 0) << 22) |
               (low << 16);
    }
    return (sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1fu : 0) << 25) |
           (low << 19);
}

/* The fixed-point VCVT (A8.8.309): Vd is source and destination. */
static bool decode_cvt_fixed(uint32_t w, ArmInsn *in, bool dp)
{
    unsigned size = BIT(w, 7) ? 32 : 16;
    unsigned imm = (BITS(w, 3, 0) << 1) | BIT(w, 5);
    if (imm > size) {
        return false;   /* negative fraction bits: UNPREDICTABLE */
    }
    in->rd = in->rm = VD(w, dp);
    in->s = dp;
    in->amount = (uint8_t)(size - imm);
    in->shift = (uint8_t)size;
    /* Towards zero to fixed point, to nearest from it, whatever
     * FPSCR.RMode says. */
    in->op = (uint8_t)((BIT(w, 16) ? VFP_INT_UNSIGNED : 0) |
                       (dp ? VFP_INT_WIDE : 0) | VFP_INT_ROUND_ZERO |
                       VFP_INT_ROUND_NEAREST);
    in->fn = BIT(w, 18) ? vfp_exec_to_int : vfp_exec_from_int;
    return true;
}

/* A7.5 Table A7-17, opc1 = 1x11: the one- and no-operand instructions. */
static bool decode_other(uint32_t w, ArmInsn *in, bool dp)
{
    unsigned opc2 = BITS(w, 19, 16), opc3 = BITS(w, 7, 6);
    in->s = dp;
    if (!(opc3 & 1)) {
        if (BITS(w, 7, 4)) {
            return false;
        }
        in->fn = vfp_exec_2op;
        in->op = VFP_VMOV_IMM;
        in->rd = VD(w, dp);
        in->imm = vfp_expand_imm((opc2 << 4) | BITS(w, 3, 0), dp);
        return true;
    }
    switch (opc2) {
    case 0x0:
    case 0x1:
        in->fn = vfp_exec_2op;
        in->op = (uint8_t)((opc2 << 1) | (opc3 >> 1));
        in->rd = VD(w, dp);
        in->rm = VM(w, dp);
        return true;
    case 0x2:
    case 0x3:
        /* VCVTB/VCVTT; the double forms are ARMv8. */
        if (dp) {
            return false;
        }
        in->fn = vfp_exec_cvt_fp;
        in->op = opc2 == 2 ? VFP_CVT_F32_F16 : VFP_CVT_F16_F32;
        in->amount = BIT(w, 7) ? 16 : 0;
        in->rd = VD(w, false);
        in->rm = VM(w, false);
        return true;
    case 0x4:
    case 0x5:
        in->fn = vfp_exec_cmp;
        in->op = (uint8_t)((BIT(w, 7) ? VFP_CMP_E : 0) |
                           (opc2 == 5 ? VFP_CMP_ZERO : 0));
        in->rd = VD(w, dp);
        in->rm = VM(w, dp);
        return true;
    case 0x7:
        if (opc3 != 3) {
            return false;
        }
        in->fn = vfp_exec_cvt_fp;
        in->op = dp ? VFP_CVT_F32_F64 : VFP_CVT_F64_F32;
        in->rd = VD(w, !dp);
        in->rm = VM(w, dp);
        return true;
    case 0x8:
        in->fn = vfp_exec_from_int;
        in->op = BIT(w, 7) ? 0 : VFP_INT_UNSIGNED;
        in->shift = 32;
        in->rd = VD(w, dp);
        in->rm = VM(w, false);
        return true;
    case 0xa:
    case 0xb:
    case 0xe:
    case 0xf:
        return decode_cvt_fixed(w, in, dp);
    case 0xc:
    case 0xd:
        in->fn = vfp_exec_to_int;
        in->op = (uint8_t)((opc2 == 0xc ? VFP_INT_UNSIGNED : 0) |
                           (BIT(w, 7) ? VFP_INT_ROUND_ZERO : 0));
        in->shift = 32;
        in->rd = VD(w, false);
        in->rm = VM(w, dp);
        return true;
    default:
        return false;
    }
}

/* opc1 (T:bits 21-20) and op (bit 6) to the two- and three-operand ops. */
static const int8_t vfp_3op[8][2] = {
    { VFP_VMLA, VFP_VMLS },   { VFP_VNMLS, VFP_VNMLA },
    { VFP_VMUL, VFP_VNMUL },  { VFP_VADD, VFP_VSUB },
    { VFP_VDIV, -1 },         { VFP_VFNMS, VFP_VFNMA },
    { VFP_VFMA, VFP_VFMS },   { -1, -1 },
};

/* A7.5: VFP data processing (bit 4 clear). */
static bool decode_dp(uint32_t w, ArmInsn *in)
{
    bool dp = BIT(w, 8);
    unsigned opc1 = (BIT(w, 23) << 2) | BITS(w, 21, 20);
    if (opc1 == 7) {
        return decode_other(w, in, dp);
    }
    int op = vfp_3op[opc1][BIT(w, 6)];
    if (op < 0) {
        return false;
    }
    in->fn = vfp_exec_3op;
    in->op = (uint8_t)op;
    in->s = dp;
    in->rd = VD(w, dp);
    in->rn = VN(w, dp);
    in->rm = VM(w, dp);
    return true;
}

/* A7.8: 8-, 16- and 32-bit transfers between core and extension registers
 * (bit 4 set). Only the 32-bit scalar forms are VFP. */
static bool decode_xfer(uint32_t w, ArmInsn *in)
{
    unsigned a = BITS(w, 23, 21), l = BIT(w, 20);
    if (BITS(w, 3, 0)) {
        return false;
    }
    in->ra = (uint8_t)BITS(w, 15, 12);
    in->op = (uint8_t)l;
    in->amount = 1;
    if (!BIT(w, 8)) {
        if (BITS(w, 6, 5)) {
            return false;
        }
        if (a == 0) {
            in->fn = vfp_exec_mov_core;
            in->rn = VN(w, false);
            return true;
        }
        if (a == 7 && !BIT(w, 7)) {
            /* VMSR/VMRS: FPSID, FPSCR, MVFR1, MVFR0, FPEXC; FPINST and
             * FPINST2 are not in VFPv3. */
            unsigned reg = BITS(w, 19, 16);
            if (reg != 0 && reg != 1 && reg != 6 && reg != 7 && reg != 8) {
                return false;
            }
            in->fn = vfp_exec_sysreg;
            in->op = (uint8_t)reg;
            in->s = l;
            return true;
        }
        return false;
    }
    /* VMOV to or from a 32-bit scalar Dx[i]: U = 0, opc1<1> = 0, opc2 = 0. */
    if ((a & 6) || BITS(w, 6, 5)) {
        return false;
    }
    in->fn = vfp_exec_mov_core;
    in->rn = (uint8_t)(2 * vfp_reg(w, 16, 7, true) + BIT(w, 21));
    return true;
}

/* A7.9: 64-bit transfers (two singles or one double). */
static bool decode_xfer64(uint32_t w, ArmInsn *in)
{
    if (BITS(w, 7, 6) || !BIT(w, 4)) {
        return false;
    }
    bool dp = BIT(w, 8);
    in->fn = vfp_exec_mov_core;
    in->op = (uint8_t)BIT(w, 20);
    in->ra = (uint8_t)BITS(w, 15, 12);
    in->shift = (uint8_t)BITS(w, 19, 16);
    in->amount = 2;
    in->rn = dp ? (uint8_t)(2 * VM(w, true)) : VM(w, false);
    return true;
}

/* A7.6: extension register loads and stores (bits 27-25 = 110). */
static bool decode_ldst(uint32_t w, ArmInsn *in)
{
    bool p = BIT(w, 24), u = BIT(w, 23), wb = BIT(w, 21), dp = BIT(w, 8);
    unsigned imm8 = BITS(w, 7, 0), rn = BITS(w, 19, 16);
    if (!p && !u) {
        return BIT(w, 22) && !wb && decode_xfer64(w, in);
    }
    if (p && wb && u) {
        return false;
    }
    unsigned first = dp ? 2u * vfp_reg(w, 12, 22, true) : VD(w, false);
    unsigned words;
    in->op = (uint8_t)((BIT(w, 20) ? VFP_LS_LOAD : 0) |
                       (u ? VFP_LS_ADD : 0) | (dp ? VFP_LS_DOUBLE : 0));
    if (p && !wb) {
        in->op |= VFP_LS_ONE;
        words = dp ? 2 : 1;
    } else {
        /* VLDM/VSTM: imm8 words, or imm8 / 2 doubles (an odd imm8 is
         * FLDMX/FSTMX, moving one word less than the base changes by).
         * Too many registers or a PC base written back: UNPREDICTABLE,
         * UNDEFINED here as on qemu-system-arm. */
        words = dp ? imm8 & ~1u : imm8;
        if (words == 0 || first + words > (dp ? 64u : 32u) ||
            (dp && words > 32) || (wb && rn == 15)) {
            return false;
        }
        in->op |= wb ? VFP_LS_WB : 0;
    }
    in->fn = vfp_exec_ldst;
    in->rn = (uint8_t)rn;
    in->rd = (uint8_t)first;
    in->amount = (uint8_t)words;
    in->imm = imm8 * 4;
    return true;
}

bool arm_vfp_decode(uint32_t w, ArmInsn *in)
{
    if (BITS(w, 11, 9) != 5) {
        return false;
    }
    ArmInsn d = *in;
    bool ok;
    if (BITS(w, 27, 25) == 6) {
        ok = decode_ldst(w, &d);
    } else if (BITS(w, 27, 24) == 0xe) {
        ok = BIT(w, 4) ? decode_xfer(w, &d) : decode_dp(w, &d);
    } else {
        ok = false;
    }
    if (ok) {
        *in = d;
    }
    return ok;
}
