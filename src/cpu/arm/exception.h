/*
 * Taking exceptions (ARM ARM B1.8): target mode, routing to Monitor by SCR,
 * vector base (MVBAR, SCTLR.V, VBAR), masks, link register and fault
 * status, from A32 or Thumb state.
 */
#ifndef TZEMU_CPU_ARM_EXCEPTION_H
#define TZEMU_CPU_ARM_EXCEPTION_H

#include "cpu.h"

typedef enum ArmException {
    ARM_EXC_UNDEF,
    ARM_EXC_SVC,
    ARM_EXC_SMC,
    ARM_EXC_PABT,
    ARM_EXC_DABT,
    ARM_EXC_IRQ,
    ARM_EXC_FIQ,
} ArmException;

/*
 * Takes @exc with @lr as the return link. Synchronous exceptions raised by
 * the executing instruction use arm_raise(), which computes the link.
 */
void arm_take_exception(ArmCpu *cpu, ArmException exc, uint32_t lr);

/* An exception caused by the executing instruction (A32 or Thumb). */
void arm_raise(ArmCpu *cpu, ArmException exc);

/*
 * A data or prefetch abort for @va with short-format status @fs (B3.13.3)
 * and @domain (DFSR/IFSR [7:4]); @ext_result is the transaction result of
 * an external abort (MEMTX_OK if the abort is not external), which picks
 * ExT and Monitor routing by SCR.EA. The status is written as given:
 * aborts found by translation use arm_fault_abort(), which picks the
 * format.
 */
void arm_abort(ArmCpu *cpu, bool is_fetch, uint32_t va, unsigned fs,
               unsigned domain, bool is_write, MemTxResult ext_result);

/* Fault status codes (short format, FS[4:0]). */
enum {
    FSC_ALIGNMENT = 0x01,
    FSC_EXTERNAL = 0x08,
};

/* What went wrong with an access, independent of the status format. */
typedef enum ArmFaultType {
    ARM_FAULT_NONE,
    ARM_FAULT_ALIGNMENT,
    /* Synchronous external abort, not on a translation table walk. */
    ARM_FAULT_EXTERNAL,
    /* Synchronous external abort on a translation table walk. */
    ARM_FAULT_WALK_EXTERNAL,
    ARM_FAULT_TRANSLATION,
    ARM_FAULT_ACCESS_FLAG,
    ARM_FAULT_DOMAIN,
    ARM_FAULT_PERMISSION,
} ArmFaultType;

/*
 * ArmFault - a fault as QEMU's ARMMMUFaultInfo records it.
 * @level: the lookup level (1-2 short descriptors, 1-3 long ones).
 * @domain: the domain reported in a short-format FSR (0 when none).
 * @ext: the transaction result of an external abort.
 * @va: the address FAR reports.
 */
typedef struct ArmFault {
    ArmFaultType type;
    uint8_t level;
    uint8_t domain;
    MemTxResult ext;
    uint32_t va;
} ArmFault;

/* @f's status: short format (B3.13.3: FS, domain, ExT) or long format
 * (B3.13.4: status, LPAE bit 9, ExT); neither has WnR. */
uint32_t arm_fault_short_fsr(const ArmFault *f);
uint32_t arm_fault_long_fsr(const ArmFault *f);

/*
 * Takes the abort for @f at f->va: long-format status if the regime of
 * the faulting access (the current security state's bank) has
 * TTBCR.EAE set, as QEMU's arm_s1_regime_using_lpae_format decides.
 */
void arm_fault_abort(ArmCpu *cpu, bool is_fetch, bool is_write,
                     const ArmFault *f);

/*
 * A data abort for @va with @status written to DFSR as given (no WnR),
 * never routed to Monitor mode: what an ATS operation whose walk meets an
 * external abort takes instead of writing PAR (QEMU's do_ats_write).
 */
void arm_abort_status(ArmCpu *cpu, uint32_t va, uint32_t status);

#endif
