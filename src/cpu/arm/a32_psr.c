/*
 * Program status register access (ARM ARM B9.3.8-B9.3.12, B9.3.2): MRS,
 * MSR (register and immediate, CPSR and SPSR), the banked-register forms,
 * CPS, and exception return. Writes obey what the current state may
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
    cpu->next_pc = pc & ((cpu->cpsr_ctl & CPSR_T) ? ~1u : ~3u);
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
 * The SYSm encodings of the banked-register forms (B9.2.3, Table B9-4),
 * by R:SYSm: the mode and the register (16 = SPSR); mode 0 = none.
 */
typedef struct BankedReg {
    uint8_t mode;
    uint8_t reg;
} BankedReg;

static BankedReg banked_decode(unsigned r_sysm)
{
    unsigned sysm = r_sysm & 0x1f;
    if (r_sysm & 0x20) {
        static const uint8_t spsr_modes[32] = {
            [0x0e] = ARM_MODE_FIQ, [0x10] = ARM_MODE_IRQ,
            [0x12] = ARM_MODE_SVC, [0x14] = ARM_MODE_ABT,
            [0x16] = ARM_MODE_UND, [0x1c] = ARM_MODE_MON,
        };
        return (BankedReg){ spsr_modes[sysm], 16 };
    }
    if (sysm <= 0x06) {
        return (BankedReg){ ARM_MODE_USR, (uint8_t)(8 + sysm) };
    }
    if (sysm >= 0x08 && sysm <= 0x0e) {
        return (BankedReg){ ARM_MODE_FIQ, (uint8_t)(sysm) };
    }
    static const BankedReg upper[] = {
        [0x10 - 0x10] = { ARM_MODE_IRQ, 14 }, [0x11 - 0x10] = { ARM_MODE_IRQ, 13 },
        [0x12 - 0x10] = { ARM_MODE_SVC, 14 }, [0x13 - 0x10] = { ARM_MODE_SVC, 13 },
        [0x14 - 0x10] = { ARM_MODE_ABT, 14 }, [0x15 - 0x10] = { ARM_MODE_ABT, 13 },
        [0x16 - 0x10] = { ARM_MODE_UND, 14 }, [0x17 - 0x10] = { ARM_MODE_UND, 13 },
        [0x1c - 0x10] = { ARM_MODE_MON, 14 }, [0x1d - 0x10] = { ARM_MODE_MON, 13 },
    };
    return sysm >= 0x10 ? upper[sysm - 0x10] : (BankedReg){ 0, 0 };
}

/*
 * Whether this state may reach @b. Like QEMU: User mode, the current
 * mode's own bank, Monitor's bank from Non-secure state, and encodings of
 * registers that do not exist (Hyp) are UNDEFINED.
 */
static bool banked_ok(const ArmCpu *cpu, BankedReg b)
{
    if (!b.mode || arm_is_user(cpu)) {
        return false;
    }
    if (b.mode == ARM_MODE_MON && !arm_is_secure(cpu)) {
        return false;
    }
    bool fiq_low = b.reg >= 8 && b.reg <= 12;
    unsigned cur = arm_mode(cpu);
    if (fiq_low) {
        return (b.mode == ARM_MODE_FIQ) != (cur == ARM_MODE_FIQ);
    }
    return arm_bank_of_mode(b.mode) != arm_bank_of_mode(cur);
}

/* MRS (banked): rd, `amount` = R:SYSm. */
void a32_mrs_banked(ArmCpu *cpu, const ArmInsn *in)
{
    BankedReg b = banked_decode(in->amount);
    if (!banked_ok(cpu, b)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    cpu->r[in->rd] = arm_banked_reg_read(cpu, b.mode, b.reg);
}

/* MSR (banked): rm, `amount` = R:SYSm. */
void a32_msr_banked(ArmCpu *cpu, const ArmInsn *in)
{
    BankedReg b = banked_decode(in->amount);
    if (!banked_ok(cpu, b)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    arm_banked_reg_write(cpu, b.mode, b.reg, cpu->r[in->rm]);
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
