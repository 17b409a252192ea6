/*
 * VFP data-processing instructions (ARM ARM DDI 0406C A7.5, A8.8): the
 * arithmetic, VMOV register and immediate, VABS, VNEG, VSQRT, the fused
 * multiply-adds, VCMP{E} and every VCVT. FPSCR.LEN and STRIDE: the
 * Cortex-A15 has no short vectors (MVFR0.FPShVec = 0), so the instructions
 * that would be vector operations are UNDEFINED unless both are zero, as
 * the ARM ARM allows (A2.7.7) and qemu-system-arm does; comparisons and
 * conversions are always scalar.
 */
#include "vfp_arith.h"
#include "vfp_exec.h"

static const SfFormat *vfp_fmt(bool dp)
{
    return dp ? &sf_double : &sf_single;
}

static uint64_t vfp_get(const ArmCpu *cpu, bool dp, unsigned r)
{
    return dp ? cpu->vfp.d[r] : cpu->vfp.s[r];
}

static void vfp_set(ArmCpu *cpu, bool dp, unsigned r, uint64_t v)
{
    if (dp) {
        cpu->vfp.d[r] = v;
    } else {
        cpu->vfp.s[r] = (uint32_t)v;
    }
}

/* The access check, then the scalar-only rule for vector-capable ops. */
static bool vfp_scalar_access(ArmCpu *cpu)
{
    if (cpu->vfp.fpscr & (FPSCR_LEN | FPSCR_STRIDE)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return false;
    }
    return vfp_access(cpu, false);
}

void vfp_exec_3op(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_scalar_access(cpu)) {
        return;
    }
    bool dp = in->s;
    const SfFormat *f = vfp_fmt(dp);
    uint64_t n = vfp_get(cpu, dp, in->rn), m = vfp_get(cpu, dp, in->rm);
    uint64_t d = vfp_get(cpu, dp, in->rd), neg = sf_sign_bit(f), r;
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    /* VMLA and kin round the product, then the sum; the negations are
     * FPNeg, applied to NaNs too (A8.8.337, A8.8.354). */
    switch (in->op) {
    case VFP_VMLA:
        r = vfp_binary(sf_add, f, d, vfp_binary(sf_mul, f, n, m, &c), &c);
        break;
    case VFP_VMLS:
        r = vfp_binary(sf_add, f, d, vfp_binary(sf_mul, f, n, m, &c) ^ neg,
                       &c);
        break;
    case VFP_VNMLS:
        r = vfp_binary(sf_add, f, d ^ neg, vfp_binary(sf_mul, f, n, m, &c),
                       &c);
        break;
    case VFP_VNMLA:
        r = vfp_binary(sf_add, f, d ^ neg,
                       vfp_binary(sf_mul, f, n, m, &c) ^ neg, &c);
        break;
    case VFP_VMUL:
        r = vfp_binary(sf_mul, f, n, m, &c);
        break;
    case VFP_VNMUL:
        r = vfp_binary(sf_mul, f, n, m, &c) ^ neg;
        break;
    case VFP_VADD:
        r = vfp_binary(sf_add, f, n, m, &c);
        break;
    case VFP_VSUB:
        r = vfp_binary(sf_sub, f, n, m, &c);
        break;
    case VFP_VDIV:
        r = vfp_binary(sf_div, f, n, m, &c);
        break;
    /* The fused forms negate operands before FPMulAdd (A8.8.318-319). */
    case VFP_VFMA:
        r = vfp_muladd(f, d, n, m, &c);
        break;
    case VFP_VFMS:
        r = vfp_muladd(f, d, n ^ neg, m, &c);
        break;
    case VFP_VFNMA:
        r = vfp_muladd(f, d ^ neg, n ^ neg, m, &c);
        break;
    default:
        r = vfp_muladd(f, d ^ neg, n, m, &c);
        break;
    }
    vfp_set(cpu, dp, in->rd, r);
    cpu->vfp.fpscr |= c.st.flags;
}

void vfp_exec_2op(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_scalar_access(cpu)) {
        return;
    }
    bool dp = in->s;
    const SfFormat *f = vfp_fmt(dp);
    uint64_t m = vfp_get(cpu, dp, in->rm), r;
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    switch (in->op) {
    case VFP_VMOV:
        r = m;
        break;
    /* FPAbs and FPNeg touch only the sign, NaNs included. */
    case VFP_VABS:
        r = m & ~sf_sign_bit(f);
        break;
    case VFP_VNEG:
        r = m ^ sf_sign_bit(f);
        break;
    case VFP_VSQRT:
        r = vfp_sqrt(f, m, &c);
        break;
    default:
        r = dp ? (uint64_t)in->imm << 32 : in->imm;
        break;
    }
    vfp_set(cpu, dp, in->rd, r);
    cpu->vfp.fpscr |= c.st.flags;
}

void vfp_exec_cmp(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    bool dp = in->s;
    uint64_t m = (in->op & VFP_CMP_ZERO) ? 0 : vfp_get(cpu, dp, in->rm);
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    unsigned nzcv = vfp_compare(vfp_fmt(dp), vfp_get(cpu, dp, in->rd), m,
                                in->op & VFP_CMP_E, &c);
    cpu->vfp.fpscr = (cpu->vfp.fpscr & ~FPSCR_NZCV) | (nzcv << 28) |
                     c.st.flags;
}

void vfp_exec_cvt_fp(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    uint32_t *s = cpu->vfp.s;
    switch (in->op) {
    case VFP_CVT_F64_F32:
        cpu->vfp.d[in->rd] = vfp_convert(&sf_single, s[in->rm], &sf_double,
                                         &c);
        break;
    case VFP_CVT_F32_F64:
        s[in->rd] = (uint32_t)vfp_convert(&sf_double, cpu->vfp.d[in->rm],
                                          &sf_single, &c);
        break;
    case VFP_CVT_F32_F16:
        s[in->rd] = (uint32_t)vfp_convert(
            &sf_half, (s[in->rm] >> in->amount) & 0xffff, &sf_single, &c);
        break;
    default: {
        /* VCVTB/VCVTT write one half of Sd and keep the other. */
        uint32_t h = (uint32_t)vfp_convert(&sf_single, s[in->rm], &sf_half,
                                           &c);
        s[in->rd] = (s[in->rd] & ~(0xffffu << in->amount)) |
                    (h << in->amount);
        break;
    }
    }
    cpu->vfp.fpscr |= c.st.flags;
}

void vfp_exec_to_int(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    bool is_unsigned = in->op & VFP_INT_UNSIGNED;
    uint32_t r = vfp_to_fixed(vfp_fmt(in->s), vfp_get(cpu, in->s, in->rm),
                              in->amount, in->shift, is_unsigned,
                              in->op & VFP_INT_ROUND_ZERO, &c);
    if (in->op & VFP_INT_WIDE) {
        /* The result extended to the whole D register (A8.8.309). */
        cpu->vfp.d[in->rd] = is_unsigned ? r : (uint64_t)(int64_t)(int32_t)r;
    } else {
        cpu->vfp.s[in->rd] = r;
    }
    cpu->vfp.fpscr |= c.st.flags;
}

void vfp_exec_from_int(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    VfpCtx c = vfp_ctx(cpu->vfp.fpscr);
    uint64_t raw = (in->op & VFP_INT_WIDE) ? cpu->vfp.d[in->rm]
                                           : cpu->vfp.s[in->rm];
    unsigned bits = in->shift;
    uint64_t v = raw & ((UINT64_C(1) << bits) - 1);
    bool neg = !(in->op & VFP_INT_UNSIGNED) && (v >> (bits - 1));
    uint64_t mag = neg ? (UINT64_C(1) << bits) - v : v;
    vfp_set(cpu, in->s, in->rd,
            vfp_from_fixed(vfp_fmt(in->s), neg, mag, in->amount,
                           in->op & VFP_INT_ROUND_NEAREST, &c));
    cpu->vfp.fpscr |= c.st.flags;
}
