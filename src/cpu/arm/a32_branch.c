/*
 * A32 branches (ARM ARM A8.8.18, A8.8.25-A8.8.27): B and BL with a 24-bit
 * offset (imm, already shifted and sign-extended), BLX to Thumb with an
 * immediate, BX/BLX/BXJ with a register. op 1 = with link.
 */
#include "a32.h"
#include "a32_exec.h"

A32_HOT void a32_b(ArmCpu *cpu, const ArmInsn *in)
{
    if (in->op) {
        cpu->r[14] = cpu->r[15] - 4;
    }
    a32_branch_write_pc(cpu, cpu->r[15] + in->imm);
}

void a32_blx_imm(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[14] = cpu->r[15] - 4;
    cpu->cpsr_ctl |= CPSR_T;
    arm_request_exit(cpu);
    arm_set_next_pc(cpu, cpu->r[15] + in->imm);
}

/* BXJ behaves as BX: Jazelle is the trivial implementation (A2.10). */
void a32_bx(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t target = cpu->r[in->rm];
    if (in->op) {
        cpu->r[14] = cpu->r[15] - 4;
    }
    a32_bx_write_pc(cpu, target);
}
