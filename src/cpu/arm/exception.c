/*
 * Exception entry from A32 and Thumb (ARM ARM B1.8.3-B1.8.11, Table B1-3 offsets,
 * B1.9 for the Security Extensions), as qemu-system-arm's cortex-a15 takes
 * them: the A/I/F bits of the table are set whatever SCR.AW/FW say.
 */
#include "exception.h"
#include "thumb.h"

typedef struct ExcInfo {
    const char *name;
    unsigned mode;
    uint32_t offset;
    uint32_t mask;
} ExcInfo;

static const ExcInfo exc_info[] = {
    [ARM_EXC_UNDEF] = { "Undefined Instruction", ARM_MODE_UND, 0x04,
                        CPSR_I },
    [ARM_EXC_SVC] = { "Supervisor Call", ARM_MODE_SVC, 0x08, CPSR_I },
    [ARM_EXC_SMC] = { "Secure Monitor Call", ARM_MODE_MON, 0x08,
                      CPSR_A | CPSR_I | CPSR_F },
    [ARM_EXC_PABT] = { "Prefetch Abort", ARM_MODE_ABT, 0x0c,
                       CPSR_A | CPSR_I },
    [ARM_EXC_DABT] = { "Data Abort", ARM_MODE_ABT, 0x10, CPSR_A | CPSR_I },
    [ARM_EXC_IRQ] = { "IRQ", ARM_MODE_IRQ, 0x18, CPSR_A | CPSR_I },
    [ARM_EXC_FIQ] = { "FIQ", ARM_MODE_FIQ, 0x1c, CPSR_A | CPSR_I | CPSR_F },
};

/* The SCR bit that routes an exception to Monitor mode, if any. */
static bool routed_to_monitor(const ArmCpu *cpu, ArmException exc,
                              bool external)
{
    if (!cpu->has_security) {
        return false;
    }
    uint32_t scr = cpu->cp15.scr;
    switch (exc) {
    case ARM_EXC_IRQ:
        return scr & SCR_IRQ;
    case ARM_EXC_FIQ:
        return scr & SCR_FIQ;
    case ARM_EXC_PABT:
    case ARM_EXC_DABT:
        return external && (scr & SCR_EA);
    default:
        return false;
    }
}

static void take(ArmCpu *cpu, ArmException exc, uint32_t lr, bool external)
{
    ExcInfo info = exc_info[exc];
    if (routed_to_monitor(cpu, exc, external)) {
        info.mode = ARM_MODE_MON;
        info.mask = CPSR_A | CPSR_I | CPSR_F;
    }
    /* An exception taken in Monitor mode stays Secure: the ARM ARM's entry
     * pseudocode clears SCR.NS whenever CPSR.M is Monitor, as QEMU does. */
    if (arm_mode(cpu) == ARM_MODE_MON) {
        cpu->cp15.scr &= ~SCR_NS;
    }
    uint32_t spsr = arm_cpsr_read(cpu);
    arm_switch_mode(cpu, info.mode);
    cpu->spsr = spsr;
    cpu->r[14] = lr;
    int bank = arm_bank(cpu);
    uint32_t sctlr = cpu->cp15.sctlr[bank];
    uint32_t base;
    if (info.mode == ARM_MODE_MON) {
        base = cpu->cp15.mvbar;
    } else if (sctlr & SCTLR_V) {
        base = 0xffff0000u;
    } else {
        base = cpu->cp15.vbar[bank];
    }
    uint32_t ctl = cpu->cpsr_ctl;
    ctl &= ~(CPSR_T | CPSR_E | CPSR_J | CPSR_IT_0_1 | CPSR_IT_2_7);
    ctl |= info.mask;
    if (sctlr & SCTLR_TE) {
        ctl |= CPSR_T;
    }
    if (sctlr & SCTLR_EE) {
        ctl |= CPSR_E;
    }
    cpu->cpsr_ctl = ctl;
    arm_set_next_pc(cpu, base + info.offset);
    cpu->halted = false;
    if (cpu->hooks.exception) {
        cpu->hooks.exception(cpu, info.name, lr, cpu->next_pc,
                             cpu->hooks.opaque);
    }
}

void arm_take_exception(ArmCpu *cpu, ArmException exc, uint32_t lr)
{
    take(cpu, exc, lr, false);
}

/*
 * The link for an exception raised by the executing instruction (Table
 * B1-7): its address plus an offset by exception and state (A32, Thumb):
 * UNDEF +4/+2, SVC +4/+2 (the next instruction: Thumb SVC is 16-bit), SMC
 * +4, prefetch abort +4, data abort +8.
 */
static uint32_t raise_link(const ArmCpu *cpu, ArmException exc)
{
    static const uint8_t offsets[][2] = {
        [ARM_EXC_UNDEF] = { 4, 2 }, [ARM_EXC_SVC] = { 4, 2 },
        [ARM_EXC_SMC] = { 4, 4 },   [ARM_EXC_PABT] = { 4, 4 },
        [ARM_EXC_DABT] = { 8, 8 },
    };
    bool thumb = cpu->cpsr_ctl & CPSR_T;
    return arm_insn_addr(cpu) + offsets[exc][thumb];
}

void arm_raise(ArmCpu *cpu, ArmException exc)
{
    uint32_t lr = raise_link(cpu, exc);
    /* SVC and SMC return to the next instruction: the SPSR holds the
     * ITSTATE advanced past them (TakeSVCException, TakeSMCException). */
    if ((cpu->cpsr_ctl & CPSR_T) &&
        (exc == ARM_EXC_SVC || exc == ARM_EXC_SMC)) {
        unsigned it = thumb_itstate(cpu->cpsr_ctl);
        cpu->cpsr_ctl = thumb_set_itstate(cpu->cpsr_ctl,
                                          thumb_it_advance(it));
    }
    take(cpu, exc, lr, false);
}

/* Takes the abort and writes @status (without WnR) and @va. */
static void abort_with_status(ArmCpu *cpu, bool is_fetch, uint32_t va,
                              uint32_t status, bool is_write, bool external)
{
    ArmException exc = is_fetch ? ARM_EXC_PABT : ARM_EXC_DABT;
    take(cpu, exc, raise_link(cpu, exc), external);
    /* The status goes to the bank of the state the abort was taken to. */
    int bank = arm_bank(cpu);
    if (is_fetch) {
        cpu->cp15.ifsr[bank] = status;
        cpu->cp15.ifar[bank] = va;
    } else {
        cpu->cp15.dfsr[bank] = status | (is_write ? 1u << 11 : 0);
        cpu->cp15.dfar[bank] = va;
    }
}

/* ExT (bit 12): QEMU reports 0 for a decode error, 1 for the rest. */
static uint32_t ext_bit(MemTxResult r)
{
    return r != MEMTX_OK && r != MEMTX_DECODE_ERROR ? 1u << 12 : 0;
}

/* A short-format status (B4.1.52): FS[3:0], domain [7:4], FS[4] in bit 10,
 * ExT. */
static uint32_t short_status(unsigned fs, unsigned domain, MemTxResult ext)
{
    return ((fs & 0x10) << 6) | (fs & 0xf) | (domain & 0xf) << 4 |
           ext_bit(ext);
}

void arm_abort(ArmCpu *cpu, bool is_fetch, uint32_t va, unsigned fs,
               unsigned domain, bool is_write, MemTxResult ext_result)
{
    uint32_t status = short_status(fs, domain, ext_result);
    abort_with_status(cpu, is_fetch, va, status, is_write,
                      ext_result != MEMTX_OK);
}

uint32_t arm_fault_short_fsr(const ArmFault *f)
{
    bool l1 = f->level <= 1;
    unsigned fs;
    switch (f->type) {
    case ARM_FAULT_ALIGNMENT:
        fs = 0x01;
        break;
    case ARM_FAULT_EXTERNAL:
        fs = 0x08;
        break;
    case ARM_FAULT_WALK_EXTERNAL:
        fs = l1 ? 0x0c : 0x0e;
        break;
    case ARM_FAULT_TRANSLATION:
        fs = l1 ? 0x05 : 0x07;
        break;
    case ARM_FAULT_ACCESS_FLAG:
        fs = l1 ? 0x03 : 0x06;
        break;
    case ARM_FAULT_DOMAIN:
        fs = l1 ? 0x09 : 0x0b;
        break;
    case ARM_FAULT_PERMISSION:
        fs = l1 ? 0x0d : 0x0f;
        break;
    default:
        return 0;
    }
    return short_status(fs, f->domain, f->ext);
}

/* Long-descriptor status codes (B3.13.4, Table B3-24): 0bTTTTLL. */
uint32_t arm_fault_long_fsr(const ArmFault *f)
{
    unsigned lvl = f->level & 3;
    unsigned fs;
    switch (f->type) {
    case ARM_FAULT_ALIGNMENT:
        fs = 0x21;
        break;
    case ARM_FAULT_EXTERNAL:
        fs = 0x10;
        break;
    case ARM_FAULT_WALK_EXTERNAL:
        fs = 0x14 | lvl;
        break;
    case ARM_FAULT_TRANSLATION:
        fs = 0x04 | lvl;
        break;
    case ARM_FAULT_ACCESS_FLAG:
        fs = 0x08 | lvl;
        break;
    case ARM_FAULT_DOMAIN:
        fs = 0x3c | lvl;
        break;
    case ARM_FAULT_PERMISSION:
        fs = 0x0c | lvl;
        break;
    default:
        return 0;
    }
    return fs | 1u << 9 | ext_bit(f->ext);
}

void arm_fault_abort(ArmCpu *cpu, bool is_fetch, bool is_write,
                     const ArmFault *f)
{
    bool lpae = cpu->cp15.ttbcr[arm_bank(cpu)] & TTBCR_EAE;
    uint32_t status = lpae ? arm_fault_long_fsr(f) : arm_fault_short_fsr(f);
    bool external = f->type == ARM_FAULT_EXTERNAL ||
                    f->type == ARM_FAULT_WALK_EXTERNAL;
    abort_with_status(cpu, is_fetch, f->va, status, is_write, external);
}

void arm_abort_status(ArmCpu *cpu, uint32_t va, uint32_t status)
{
    abort_with_status(cpu, false, va, status, false, false);
}
