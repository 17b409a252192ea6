/*
 * A32 system instructions (ARM ARM A8.8, B9.3): hints, barriers, CLREX,
 * SVC (with the semihosting trap), HLT, SMC, HVC, BKPT, UDF, SETEND, and
 * MCR/MRC to cp15 through the register framework.
 */
#include "a32.h"
#include "a32_exec.h"
#include "cp15.h"

/* NOP, YIELD, PLD, PLI, ISB: nothing to model without caches (the CPUs
 * of a cluster take turns). */
void a32_nop(ArmCpu *cpu, const ArmInsn *in)
{
    (void)cpu, (void)in;
}

/*
 * DMB, DSB (A3.8.3): the CPUs of one cluster take turns, but RAM may be
 * shared with another process (memexpose), whose host thread must see this
 * CPU's accesses in the order the barrier asks for: a full host fence.
 */
void a32_barrier(ArmCpu *cpu, const ArmInsn *in)
{
    (void)cpu, (void)in;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void a32_undefined(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_raise(cpu, ARM_EXC_UNDEF);
}

void a32_wfi(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_cpu_wait_for_interrupt(cpu);
}

void a32_wfe(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_wfe(cpu);
}

void a32_sev(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_sev(cpu);
}

void a32_clrex(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_excl_clear(cpu);
}

/* The semihosting trap numbers in A32 (ARM DUI 0471, "semihosting"). */
#define SEMIHOST_SVC_A32 0x123456u
#define SEMIHOST_SVC_T32 0xabu
#define SEMIHOST_HLT_A32 0xf000u

static bool semihost(ArmCpu *cpu)
{
    return cpu->hooks.semihost &&
           cpu->hooks.semihost(cpu, cpu->hooks.semihost_opaque);
}

/* SVC: imm holds the comment field (24 bits, 8 in Thumb state, where the
 * semihosting trap is SVC 0xAB). */
void a32_svc(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t trap = (cpu->cpsr_ctl & CPSR_T) ? SEMIHOST_SVC_T32
                                             : SEMIHOST_SVC_A32;
    if (in->imm == trap && semihost(cpu)) {
        return;
    }
    arm_raise(cpu, ARM_EXC_SVC);
}

/* HLT is an ARMv8 encoding; on v7 only its semihosting form is honoured,
 * as qemu-system-arm does. */
void a32_hlt(ArmCpu *cpu, const ArmInsn *in)
{
    if (in->imm == SEMIHOST_HLT_A32 && semihost(cpu)) {
        return;
    }
    arm_raise(cpu, ARM_EXC_UNDEF);
}

/* SMC: UNDEFINED in User mode and without the Security Extensions. */
void a32_smc(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    if (!cpu->has_security || arm_is_user(cpu)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    arm_raise(cpu, ARM_EXC_SMC);
}

void arm_hvc(ArmCpu *cpu, uint32_t imm16)
{
    if (arm_is_user(cpu) || !cpu->hooks.hvc ||
        !cpu->hooks.hvc(cpu, imm16, cpu->hooks.hvc_opaque)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
    }
}

/* HVC (B9.3.5): imm holds imm16. */
void a32_hvc(ArmCpu *cpu, const ArmInsn *in)
{
    arm_hvc(cpu, in->imm);
}

/* BKPT: a prefetch abort reporting a debug event (IFSR.FS = 0b00010), as
 * QEMU delivers it; IFAR is not written. */
void a32_bkpt(ArmCpu *cpu, const ArmInsn *in)
{
    (void)in;
    arm_raise(cpu, ARM_EXC_PABT);
    cpu->cp15.ifsr[arm_bank(cpu)] = 0x2;
}

/* SETEND (A8.8.158): op 1 makes data accesses big-endian (CPSR.E). */
void a32_setend(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->cpsr_ctl = (cpu->cpsr_ctl & ~CPSR_E) | (in->op ? CPSR_E : 0);
}

/* As QEMU's -d unimp: an access to a register that does not exist here. */
static void report_missing(ArmCpu *cpu, const ArmInsn *in, bool is_read)
{
    if (in->imm & (1u << 14)) {
        arm_report(cpu, ARM_REPORT_UNIMP, "%s access to unsupported 64-bit "
                   "register cp%u opc1 %u CRm %u at 0x%08x",
                   is_read ? "read" : "write", in->rn, (in->imm >> 4) & 15,
                   in->imm & 15, arm_insn_addr(cpu));
        return;
    }
    arm_report(cpu, ARM_REPORT_UNIMP, "%s access to unsupported register "
               "cp%u opc1 %u CRn %u CRm %u opc2 %u at 0x%08x",
               is_read ? "read" : "write", in->rn, (in->imm >> 11) & 7,
               (in->imm >> 7) & 15, (in->imm >> 3) & 15, in->imm & 7,
               arm_insn_addr(cpu));
}

/*
 * MCRR/MRRC: imm = cp_key64 of the register, op 1 for MRRC, rd = Rt (low
 * word), ra = Rt2 (high word), rn = the coprocessor number.
 */
void a32_mcrr_mrrc(ArmCpu *cpu, const ArmInsn *in)
{
    bool is_read = in->op;
    uint64_t val = ((uint64_t)cpu->r[in->ra] << 32) | cpu->r[in->rd];
    if (in->rn < 14 || !cpu->cp15_regs->by_key[in->imm]) {
        report_missing(cpu, in, is_read);
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    if (!cp15_access64(cpu, in->imm, is_read, &val)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    if (is_read) {
        cpu->r[in->rd] = (uint32_t)val;
        cpu->r[in->ra] = (uint32_t)(val >> 32);
    }
}

/*
 * MCR/MRC: imm = cp_key of the register, op 1 for MRC, rd = Rt, rn =
 * the coprocessor number. Coprocessors other than 14 and 15 (and the VFP's
 * 10 and 11, decoded apart) do not exist: UNDEFINED.
 */
void a32_mcr_mrc(ArmCpu *cpu, const ArmInsn *in)
{
    bool is_read = in->op;
    uint32_t val = is_read ? 0 : cpu->r[in->rd];
    if (in->rn < 14 || !cpu->cp15_regs->by_key[in->imm]) {
        report_missing(cpu, in, is_read);
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    if (!cp15_access(cpu, in->imm, is_read, &val)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    if (!is_read) {
        return;
    }
    if (in->rd == 15) {
        /* MRC to APSR_nzcv: the top four bits become the flags. */
        arm_cpsr_write(cpu, val, CPSR_NZCV);
    } else {
        cpu->r[in->rd] = val;
    }
}
