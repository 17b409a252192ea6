/*
 * Thumb instructions whose semantics differ from any A32 one (ARM ARM A8.8):
 * IT, the branches (B, B<c>, BL, BLX, CBZ/CBNZ) with Thumb offsets and
 * links, ADD/MOV to the PC (BranchWritePC, A2.3.2), ADR from Align(PC, 4)
 * and ORN. r[15] holds the instruction's address + 4; next_pc the next
 * instruction's address.
 */
#include "thumb.h"

/* IT (A8.8.55): op = firstcond:mask becomes ITSTATE; the loop does not
 * advance it after this instruction, since it changed. */
void t32_it(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->cpsr_ctl = thumb_set_itstate(cpu->cpsr_ctl, in->op);
}

/* B (T2, T4): imm is the signed offset from the PC. */
void t32_b(ArmCpu *cpu, const ArmInsn *in)
{
    arm_set_next_pc(cpu, cpu->r[15] + in->imm);
}

/* B<c> (T1, T3): op is the condition. */
void t32_bcond(ArmCpu *cpu, const ArmInsn *in)
{
    if (a32_cond_passed(cpu, in->op)) {
        arm_set_next_pc(cpu, cpu->r[15] + in->imm);
    }
}

/* BL, and BLX (immediate) when op is 1: to A32 state at Align(PC, 4) +
 * imm. The link is the next instruction with bit 0 set (A8.8.25). */
void t32_bl(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[14] = cpu->next_pc | 1;
    if (in->op) {
        cpu->cpsr_ctl &= ~CPSR_T;
        arm_set_next_pc(cpu, (cpu->r[15] & ~3u) + in->imm);
    } else {
        arm_set_next_pc(cpu, cpu->r[15] + in->imm);
    }
}

/* BLX (register): rm holds the target (A8.8.26). */
void t32_blx_reg(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t target = cpu->r[in->rm];
    cpu->r[14] = cpu->next_pc | 1;
    a32_bx_write_pc(cpu, target);
}

/* CBZ (op 0) / CBNZ (op 1): rn, imm the forward offset (A8.8.29). */
void t32_cbz(ArmCpu *cpu, const ArmInsn *in)
{
    if ((cpu->r[in->rn] != 0) == in->op) {
        arm_set_next_pc(cpu, cpu->r[15] + in->imm);
    }
}

/* ADD PC, Rm (op 1) and MOV PC, Rm (op 0): ALUWritePC, which in Thumb
 * state is BranchWritePC (A2.3.2): bit 0 cleared, no state change. */
void t32_alu_pc(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t v = cpu->r[in->rm] + (in->op ? cpu->r[15] : 0);
    arm_set_next_pc(cpu, v & ~1u);
}

/* ADR: rd = Align(PC, 4) + imm (signed) (A8.8.12). */
void t32_adr(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = (cpu->r[15] & ~3u) + in->imm;
}

/*
 * ORN (A8.8.113, A8.8.114): rd = rn | ~operand, the operand being imm
 * (op 1; its carry as for A32 immediates) or rm shifted by shift/amount.
 * With s, N and Z from the result, C from the shifter.
 */
void t32_orn(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t carry, b;
    if (in->op) {
        b = in->imm;
        carry = in->rotated ? in->imm >> 31 : cpu->cf;
    } else {
        b = a32_shift_imm(cpu, cpu->r[in->rm], in->shift, in->amount,
                          &carry);
    }
    uint32_t r = cpu->r[in->rn] | ~b;
    cpu->r[in->rd] = r;
    if (in->s) {
        a32_set_nz(cpu, r);
        cpu->cf = carry;
    }
}
