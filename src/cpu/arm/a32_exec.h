/*
 * The execution functions the A32 decoder picks, by file, and the flags
 * the load/store ones read from ArmInsn.op.
 */
#ifndef TZEMU_CPU_ARM_A32_EXEC_H
#define TZEMU_CPU_ARM_A32_EXEC_H

#include "a32.h"

enum {
    LS_L = 1 << 0,
    LS_P = 1 << 1,
    LS_U = 1 << 2,
    LS_W = 1 << 3,
    LS_R = 1 << 4,
};

/* a32_dp.c */
void a32_movw(ArmCpu *cpu, const ArmInsn *in);
void a32_movt(ArmCpu *cpu, const ArmInsn *in);

/* a32_mul.c */
void a32_mul(ArmCpu *cpu, const ArmInsn *in);
void a32_mul_long(ArmCpu *cpu, const ArmInsn *in);
void a32_umaal(ArmCpu *cpu, const ArmInsn *in);
void a32_mul_half(ArmCpu *cpu, const ArmInsn *in);
void a32_mul_dual(ArmCpu *cpu, const ArmInsn *in);
void a32_div(ArmCpu *cpu, const ArmInsn *in);
void a32_qaddsub(ArmCpu *cpu, const ArmInsn *in);
void a32_clz(ArmCpu *cpu, const ArmInsn *in);

/* a32_media.c */
void a32_parallel(ArmCpu *cpu, const ArmInsn *in);
void a32_sel(ArmCpu *cpu, const ArmInsn *in);
void a32_pkh(ArmCpu *cpu, const ArmInsn *in);
void a32_sat(ArmCpu *cpu, const ArmInsn *in);
void a32_extend(ArmCpu *cpu, const ArmInsn *in);
void a32_rev(ArmCpu *cpu, const ArmInsn *in);
void a32_usad8(ArmCpu *cpu, const ArmInsn *in);
void a32_sbfx(ArmCpu *cpu, const ArmInsn *in);
void a32_ubfx(ArmCpu *cpu, const ArmInsn *in);
void a32_bfi(ArmCpu *cpu, const ArmInsn *in);

/* Register offset shifted left, no writeback: [Rn, +/-Rm, LSL #n]; the
 * sign in LS_U (a32_ldr_reg and its fast forms). */
static inline uint32_t a32_reg_offset_address(const ArmCpu *cpu,
                                              const ArmInsn *in)
{
    uint32_t off = cpu->r[in->rm] << in->amount;
    return (in->op & LS_U) ? cpu->r[in->rn] + off : cpu->r[in->rn] - off;
}

/* a32_ldst.c */
void a32_ldst_word(ArmCpu *cpu, const ArmInsn *in);
void a32_ldr_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_str_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_ldr_post_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_str_post_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_ldr_pre_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_str_pre_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_ldr_reg(ArmCpu *cpu, const ArmInsn *in);
void a32_str_reg(ArmCpu *cpu, const ArmInsn *in);
void a32_ldst_half(ArmCpu *cpu, const ArmInsn *in);

/* a32_ldst_fast.c: the addressing forms with a fast path, each over the
 * complete form above of the same fields (imm signed, size in `ra`). */
typedef enum A32LdstForm {
    A32_LS_OFFSET,  /* [Rn, #imm]: a32_ldr_imm, a32_str_imm */
    A32_LS_PRE,     /* [Rn, #imm]!: a32_ldr_pre_imm, a32_str_pre_imm */
    A32_LS_POST,    /* [Rn], #imm: a32_ldr_post_imm, a32_str_post_imm */
    A32_LS_REG,     /* [Rn, +/-Rm, LSL #n]: a32_ldr_reg, a32_str_reg */
    A32_LS_NR_FORMS,
} A32LdstForm;
/* The function for a load or store of @form, decoded into @in (the size,
 * 1, 2 or 4, in `ra`). */
ArmExecFn a32_ldst_fast_fn(const ArmInsn *in, bool load, A32LdstForm form);
/*
 * The exclusives both instruction sets share: LDREX{B,H,D} of @size bytes
 * at @addr into rt (rt2 the high word of a doubleword), marking the
 * monitors; STREX{B,H,D} of rt (and rt2) if the monitor still holds @addr
 * and memory the value it loaded, rd = 0 then, else 1 (A3.4).
 */
void arm_load_exclusive(ArmCpu *cpu, uint32_t addr, unsigned size,
                        unsigned rt, unsigned rt2);
void arm_store_exclusive(ArmCpu *cpu, uint32_t addr, unsigned size,
                         unsigned rd, unsigned rt, unsigned rt2);
void a32_ldm_stm(ArmCpu *cpu, const ArmInsn *in);
void a32_swp(ArmCpu *cpu, const ArmInsn *in);
void a32_ldrex(ArmCpu *cpu, const ArmInsn *in);
void a32_strex(ArmCpu *cpu, const ArmInsn *in);
void a32_srs(ArmCpu *cpu, const ArmInsn *in);
void a32_rfe(ArmCpu *cpu, const ArmInsn *in);

/* a32_branch.c */
void a32_b(ArmCpu *cpu, const ArmInsn *in);
void a32_blx_imm(ArmCpu *cpu, const ArmInsn *in);
void a32_bx(ArmCpu *cpu, const ArmInsn *in);

/* a32_psr.c */
void a32_mrs(ArmCpu *cpu, const ArmInsn *in);
void a32_msr(ArmCpu *cpu, const ArmInsn *in);
void a32_cps(ArmCpu *cpu, const ArmInsn *in);
void a32_setend(ArmCpu *cpu, const ArmInsn *in);
/* Returns from an exception: CPSR from @spsr, then the PC (B1.8.10). */
void a32_exception_return(ArmCpu *cpu, uint32_t pc, uint32_t spsr);

/* a32_sys.c */
void a32_nop(ArmCpu *cpu, const ArmInsn *in);
void a32_barrier(ArmCpu *cpu, const ArmInsn *in);
void a32_wfi(ArmCpu *cpu, const ArmInsn *in);
void a32_wfe(ArmCpu *cpu, const ArmInsn *in);
void a32_sev(ArmCpu *cpu, const ArmInsn *in);
void a32_clrex(ArmCpu *cpu, const ArmInsn *in);
void a32_svc(ArmCpu *cpu, const ArmInsn *in);
void a32_hlt(ArmCpu *cpu, const ArmInsn *in);
void a32_smc(ArmCpu *cpu, const ArmInsn *in);
void a32_hvc(ArmCpu *cpu, const ArmInsn *in);
void a32_bkpt(ArmCpu *cpu, const ArmInsn *in);
void a32_mcr_mrc(ArmCpu *cpu, const ArmInsn *in);
void a32_mcrr_mrrc(ArmCpu *cpu, const ArmInsn *in);

#endif
