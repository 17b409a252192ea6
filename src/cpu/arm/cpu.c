/*
 * CPU creation and reset, CPSR composition, and mode changes with their
 * register banking (ARM ARM B1.3.2: r13/r14/SPSR banked per mode, r8-r12
 * also for FIQ; System shares User's registers).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "cp15.h"
#include "cpu.h"
#include "decode_cache.h"
#include "gtimer.h"
#include "tlb.h"

ArmCpu *arm_cpu_new(AddressSpace *ns, AddressSpace *s, bool has_security)
{
    ArmCpu *cpu = calloc(1, sizeof(*cpu));
    assert(cpu != NULL);
    cpu->has_security = has_security;
    cpu->nr_cpus = 1;
    cpu->as[ARM_AS_NS] = ns;
    cpu->as[ARM_AS_S] = s ? s : ns;
    cpu->cp15_regs = cp15_registry_a15(has_security);
    cpu->tlb = arm_tlb_new(cpu);
    cpu->dcache = arm_decode_cache_new();
    arm_cpu_reset(cpu, 0);
    return cpu;
}

void arm_cpu_free(ArmCpu *cpu)
{
    arm_tlb_free(cpu->tlb);
    arm_decode_cache_free(cpu->dcache);
    free(cpu);
}

void arm_cpu_enter_nonsecure(ArmCpu *cpu)
{
    if (!cpu->has_security) {
        return;
    }
    cpu->cp15.scr |= SCR_NS;
    cpu->cp15.nsacr |= (1u << 10) | (1u << 11);
    /* The security state changed: as an SCR write, drop what the TLB
     * and the fetch page hold for the Secure world. */
    arm_tlb_flush(cpu->tlb);
}

void arm_cpu_reset(ArmCpu *cpu, uint32_t pc)
{
    memset(cpu->r, 0, sizeof(cpu->r));
    memset(cpu->bank_r13, 0, sizeof(cpu->bank_r13));
    memset(cpu->bank_r14, 0, sizeof(cpu->bank_r14));
    memset(cpu->bank_spsr, 0, sizeof(cpu->bank_spsr));
    memset(cpu->usr_r8_12, 0, sizeof(cpu->usr_r8_12));
    memset(cpu->fiq_r8_12, 0, sizeof(cpu->fiq_r8_12));
    cpu->nf = cpu->cf = cpu->vf = cpu->qf = cpu->ge = 0;
    cpu->zf = 1;
    cpu->spsr = 0;
    cp15_reset(cpu);
    /* The upper halves of the 64-bit registers have no table entry. */
    memset(cpu->cp15.ttbr0_hi, 0, sizeof(cpu->cp15.ttbr0_hi));
    memset(cpu->cp15.ttbr1_hi, 0, sizeof(cpu->cp15.ttbr1_hi));
    memset(cpu->cp15.par_hi, 0, sizeof(cpu->cp15.par_hi));
    arm_gtimer_reset(cpu);
    memset(&cpu->vfp, 0, sizeof(cpu->vfp));
    /* B1.9.2: Supervisor mode (Secure when SCR.NS resets to 0), A/I/F set. */
    cpu->cpsr_ctl = ARM_MODE_SVC | CPSR_A | CPSR_I | CPSR_F;
    if (cpu->cp15.sctlr[arm_bank(cpu)] & SCTLR_TE) {
        cpu->cpsr_ctl |= CPSR_T;
    }
    arm_excl_clear(cpu);
    cpu->event = false;
    cpu->in_wfe = false;
    cpu->r[15] = pc;
    cpu->halted = false;
    cpu->stop = false;
    arm_tlb_flush(cpu->tlb);
}

uint32_t arm_cpsr_read(const ArmCpu *cpu)
{
    return (cpu->nf & 0x80000000u) | (cpu->zf == 0 ? 1u << 30 : 0) |
           (cpu->cf ? 1u << 29 : 0) | ((cpu->vf >> 3) & (1u << 28)) |
           (cpu->qf ? CPSR_Q : 0) | (cpu->ge << 16) | cpu->cpsr_ctl;
}

ArmBank arm_bank_of_mode(unsigned mode)
{
    switch (mode) {
    case ARM_MODE_FIQ:
        return BANK_FIQ;
    case ARM_MODE_IRQ:
        return BANK_IRQ;
    case ARM_MODE_SVC:
        return BANK_SVC;
    case ARM_MODE_ABT:
        return BANK_ABT;
    case ARM_MODE_UND:
        return BANK_UND;
    case ARM_MODE_MON:
        return BANK_MON;
    default:
        return BANK_USR;
    }
}

bool arm_mode_valid(const ArmCpu *cpu, unsigned mode)
{
    switch (mode) {
    case ARM_MODE_USR:
    case ARM_MODE_FIQ:
    case ARM_MODE_IRQ:
    case ARM_MODE_SVC:
    case ARM_MODE_ABT:
    case ARM_MODE_UND:
    case ARM_MODE_SYS:
        return true;
    case ARM_MODE_MON:
        /* Monitor exists with the Security Extensions, reachable only
         * from Secure state (B1.5.7). */
        return arm_is_secure(cpu);
    default:
        return false;
    }
}

void arm_switch_mode(ArmCpu *cpu, unsigned new_mode)
{
    unsigned old_mode = arm_mode(cpu);
    if (old_mode == new_mode) {
        return;
    }
    ArmBank ob = arm_bank_of_mode(old_mode);
    ArmBank nb = arm_bank_of_mode(new_mode);
    if (ob != nb) {
        cpu->bank_r13[ob] = cpu->r[13];
        cpu->bank_r14[ob] = cpu->r[14];
        cpu->bank_spsr[ob] = cpu->spsr;
        cpu->r[13] = cpu->bank_r13[nb];
        cpu->r[14] = cpu->bank_r14[nb];
        cpu->spsr = cpu->bank_spsr[nb];
    }
    if ((old_mode == ARM_MODE_FIQ) != (new_mode == ARM_MODE_FIQ)) {
        uint32_t *save = old_mode == ARM_MODE_FIQ ? cpu->fiq_r8_12
                                                  : cpu->usr_r8_12;
        uint32_t *load = old_mode == ARM_MODE_FIQ ? cpu->usr_r8_12
                                                  : cpu->fiq_r8_12;
        memcpy(save, &cpu->r[8], 5 * sizeof(uint32_t));
        memcpy(&cpu->r[8], load, 5 * sizeof(uint32_t));
    }
    cpu->cpsr_ctl = (cpu->cpsr_ctl & ~CPSR_M) | new_mode;
    /* Privilege or security may have changed: fetch through the TLB. */
    arm_cpu_drop_fetch_page(cpu);
}

void arm_cpsr_write(ArmCpu *cpu, uint32_t val, uint32_t mask)
{
    if (mask & CPSR_NZCV) {
        cpu->nf = val & 0x80000000u;
        cpu->zf = !(val & (1u << 30));
        cpu->cf = (val >> 29) & 1;
        cpu->vf = (val << 3) & 0x80000000u;
    }
    if (mask & CPSR_Q) {
        cpu->qf = !!(val & CPSR_Q);
    }
    if (mask & CPSR_GE) {
        cpu->ge = (val >> 16) & 0xf;
    }
    /* An invalid mode is UNPREDICTABLE; like QEMU, leave the mode alone. */
    if ((mask & CPSR_M) && arm_mode_valid(cpu, val & CPSR_M)) {
        arm_switch_mode(cpu, val & CPSR_M);
    }
    uint32_t ctl = mask & ~(CPSR_NZCV | CPSR_Q | CPSR_GE | CPSR_M);
    /* Clearing I or F lets a pending interrupt in before the next
     * instruction: leave the run of instructions so it is looked at. */
    if (cpu->cpsr_ctl & ctl & ~val & (CPSR_I | CPSR_F)) {
        arm_request_exit(cpu);
    }
    cpu->cpsr_ctl = (cpu->cpsr_ctl & ~ctl) | (val & ctl);
}

/* Where the register @reg of @mode lives right now. */
static uint32_t *banked_slot(ArmCpu *cpu, unsigned mode, unsigned reg)
{
    unsigned cur = arm_mode(cpu);
    if (reg >= 8 && reg <= 12) {
        bool want_fiq = mode == ARM_MODE_FIQ;
        if (want_fiq == (cur == ARM_MODE_FIQ)) {
            return &cpu->r[reg];
        }
        return want_fiq ? &cpu->fiq_r8_12[reg - 8] : &cpu->usr_r8_12[reg - 8];
    }
    ArmBank b = arm_bank_of_mode(mode);
    if (b == arm_bank_of_mode(cur)) {
        return reg == 16 ? &cpu->spsr : &cpu->r[reg];
    }
    switch (reg) {
    case 13:
        return &cpu->bank_r13[b];
    case 14:
        return &cpu->bank_r14[b];
    case 16:
        return &cpu->bank_spsr[b];
    default:
        return &cpu->r[reg];
    }
}

uint32_t arm_banked_reg_read(ArmCpu *cpu, unsigned mode, unsigned reg)
{
    return *banked_slot(cpu, mode, reg);
}

void arm_banked_reg_write(ArmCpu *cpu, unsigned mode, unsigned reg,
                          uint32_t val)
{
    *banked_slot(cpu, mode, reg) = val;
}

void arm_report(ArmCpu *cpu, ArmReport kind, const char *fmt, ...)
{
    if (!cpu->hooks.report) {
        return;
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cpu->hooks.report(cpu, kind, msg, cpu->hooks.opaque);
}

void arm_cpu_irq_input(void *opaque, int n, int level)
{
    ArmCpu *cpu = opaque;
    bool *line = n == ARM_CPU_FIQ ? &cpu->fiq_line : &cpu->irq_line;
    *line = level != 0;
    if (*line) {
        cpu->halted = false;
    }
    /* Leave the run of instructions so the line is looked at. */
    arm_request_exit(cpu);
}
