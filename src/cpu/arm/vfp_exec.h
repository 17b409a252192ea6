/*
 * The VFP execution functions arm_vfp_decode picks, what each reads from
 * ArmInsn, and the register and access helpers they share. Register
 * numbers are indexes into ArmVfp.d (when ArmInsn.s, double precision) or
 * ArmVfp.s (single precision and word transfers: S<n>, or 2n/2n+1 for the
 * halves of D<n>).
 */
#ifndef TZEMU_CPU_ARM_VFP_EXEC_H
#define TZEMU_CPU_ARM_VFP_EXEC_H

#include "a32.h"

/* FPEXC.EN (B6.1.5). */
#define FPEXC_EN (1u << 30)

/* ArmInsn.op of vfp_exec_3op: rd = rd op (rn, rm) (A8.8 entries). */
enum {
    VFP_VMLA, VFP_VMLS, VFP_VNMLS, VFP_VNMLA, VFP_VMUL, VFP_VNMUL,
    VFP_VADD, VFP_VSUB, VFP_VDIV, VFP_VFNMS, VFP_VFNMA, VFP_VFMA, VFP_VFMS,
};

/* ArmInsn.op of vfp_exec_2op: rd from rm, or from imm (VMOV immediate:
 * the value, or for a double its top word; the rest is zero). */
enum { VFP_VMOV, VFP_VABS, VFP_VNEG, VFP_VSQRT, VFP_VMOV_IMM };

/* ArmInsn.op of vfp_exec_cvt_fp: single to double, double to single,
 * half to single, single to half; amount: the half's bit position. */
enum { VFP_CVT_F64_F32, VFP_CVT_F32_F64, VFP_CVT_F32_F16, VFP_CVT_F16_F32 };

/* ArmInsn.op bits of the integer and fixed-point conversions: amount is
 * the fraction bits, shift the integer's width (16 or 32); the integer is
 * in s[] unless VFP_INT_WIDE (a D register, fixed-point only). */
enum {
    VFP_INT_UNSIGNED = 1 << 0,
    VFP_INT_ROUND_ZERO = 1 << 1,    /* to integer: towards zero */
    VFP_INT_WIDE = 1 << 2,
    VFP_INT_ROUND_NEAREST = 1 << 3, /* from fixed point: to nearest */
};

/* ArmInsn.op bits of vfp_exec_cmp. */
enum { VFP_CMP_E = 1 << 0, VFP_CMP_ZERO = 1 << 1 };

/* ArmInsn.op bits of vfp_exec_ldst; rd: first s[] index, amount: words
 * moved, imm: the byte offset (VLDR/VSTR) or the base's change. */
enum {
    VFP_LS_LOAD = 1 << 0,
    VFP_LS_ONE = 1 << 1,    /* VLDR/VSTR; else VLDM/VSTM */
    VFP_LS_ADD = 1 << 2,    /* U: offset added, or increment after */
    VFP_LS_WB = 1 << 3,
    VFP_LS_DOUBLE = 1 << 4, /* doubleword registers (word order) */
};

/* Data processing: rd, rn, rm; s: double precision. */
void vfp_exec_3op(ArmCpu *cpu, const ArmInsn *in);
void vfp_exec_2op(ArmCpu *cpu, const ArmInsn *in);
void vfp_exec_cmp(ArmCpu *cpu, const ArmInsn *in);
void vfp_exec_cvt_fp(ArmCpu *cpu, const ArmInsn *in);
/* Float (rm, precision s) to integer (rd). */
void vfp_exec_to_int(ArmCpu *cpu, const ArmInsn *in);
/* Integer (rm) to float (rd, precision s). */
void vfp_exec_from_int(ArmCpu *cpu, const ArmInsn *in);

/* Core registers ra (and shift) and amount (1 or 2) words from s[rn];
 * op 1: to the core registers. */
void vfp_exec_mov_core(ArmCpu *cpu, const ArmInsn *in);
/* VMRS (s set) / VMSR of system register op with core register ra. */
void vfp_exec_sysreg(ArmCpu *cpu, const ArmInsn *in);
void vfp_exec_ldst(ArmCpu *cpu, const ArmInsn *in);

/*
 * Whether the executing instruction may use the VFP: CPACR.cp10 for the
 * current privilege, NSACR.CP10 in Non-secure state (B1.11.1, B4.1.40,
 * B4.1.111) and, unless @ignore_en, FPEXC.EN (B6.1.5). Otherwise the
 * Undefined Instruction exception is taken and false returned.
 */
bool vfp_access(ArmCpu *cpu, bool ignore_en);

#endif
