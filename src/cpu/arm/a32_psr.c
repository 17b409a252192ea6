/*
 * Program status register access (ARM ARM B9.3.8-B9.3.12, B9.3.2): MRS,
 * MSR (register and immediate, CPSR and SPSR), CPS, and exception return.
 * The banked-register forms of MRS/MSR belong to the Virtualization
 * Extensions (B9.3.9, B9.3.10): without them they are UNDEFINED, as on
 * QEMU's cortex-a15 with virtualization off. Writes obey what the current state may
 * change: User mode only the flags; Non-secure state A and F only when
 * SCR.AW / SCR.FW allow (B1.5.3); the execution-state bits (T, IT, J)
 * never through MSR.
 */
#include "a32.h"
#include "a32_exec.h"

/* MRS masks the execution-state bits (B9.3.8). */
#define CPSR_EXEC (CPSR_T | CPSR_IT_0_1 | CPSR_IT_2_7 | CPSR_J)
#define CPSR_USER_BITS (CPSR_NZCV | CPSR_Q | CPSR_GE)
/* Bits 23:20 are reserved: CPSRWriteByInstr() never writes them (B1.3.3,
 * B9.3.12), whatever the value or the SPSR holds. */
#define CPSR_RESERVED 0x00f00000u

/* Drops the A and F bits Non-secure state may not change (B1.5.3). */
static uint32_t ns_mask_af(const ArmCpu *cpu, uint32_t val, uint32_t mask)
{
    if (!cpu->has_security || arm_is_secure(cpu)) {
        return mask;
    }
    uint32_t changed = (cpu->cpsr_ctl ^ val) & mask;
    if ((changed & CPSR_A) && !(cpu->cp15.scr & SCR_AW)) {
        mask &= ~CPSR_A;
    }
    if ((changed & CPSR_F) && !(cpu->cp15.scr & SCR_FW)) {
        mask &= ~CPSR_F;
    }
    return mask;
}

void a32_exception_return(ArmCpu *cpu, uint32_t pc, uint32_t spsr)
{
    arm_cpsr_write(cpu, spsr, ns_mask_af(cpu, spsr, ~CPSR_RESERVED));
    arm_set_next_pc(cpu, pc & ((cpu->cpsr_ctl & CPSR_T) ? ~1u : ~3u));
    /* The state (A32, Thumb) may have changed: end the run of
     * instructions. */
    arm_request_exit(cpu);
}

/* MRS: rd = CPSR, or the SPSR when op is 1. */
void a32_mrs(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = in->op ? cpu->spsr : arm_cpsr_read(cpu) & ~CPSR_EXEC;
}

/* The byte mask of the MSR field mask <c,x,s,f> (bits 0-3). */
static uint32_t field_bytes(unsigned fields)
{
    uint32_t m = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (fields & (1u << i)) {
            m |= 0xffu << (8 * i);
        }
    }
    return m;
}

/*
 * MSR: the value is imm (rotated immediate) or rm when rm != 16; `amount`
 * holds the field mask; op 1 writes the SPSR.
 */
void a32_msr(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t val = in->rm == 16 ? in->imm : cpu->r[in->rm];
    uint32_t mask = field_bytes(in->amount);
    if (in->op) {
        /* No SPSR in User or System mode: UNPREDICTABLE; ignored. */
        if (arm_bank_of_mode(arm_mode(cpu)) != BANK_USR) {
            cpu->spsr = (cpu->spsr & ~mask) | (val & mask);
        }
        return;
    }
    mask &= ~(CPSR_EXEC | CPSR_RESERVED);
    if (arm_is_user(cpu)) {
        mask &= CPSR_USER_BITS;
    }
    arm_cpsr_write(cpu, val, ns_mask_af(cpu, val, mask));
}

/*
 * CPS (B9.3.2): op = imod (2 enable, 3 disable the A/I/F bits in imm),
 * s = change mode to `amount`. A no-op in User mode.
 */
void a32_cps(ArmCpu *cpu, const ArmInsn *in)
{
    if (arm_is_user(cpu)) {
        return;
    }
    uint32_t val = cpu->cpsr_ctl, mask = 0;
    if (in->op & 2) {
        mask |= in->imm;
        val = (in->op & 1) ? val | in->imm : val & ~in->imm;
    }
    if (in->s) {
        mask |= CPSR_M;
        val = (val & ~CPSR_M) | in->amount;
    }
    arm_cpsr_write(cpu, val, ns_mask_af(cpu, val, mask));
}
