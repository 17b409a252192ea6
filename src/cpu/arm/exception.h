/*
 * Taking exceptions (ARM ARM B1.8): target mode, routing to Monitor by SCR,
 * vector base (MVBAR, SCTLR.V, VBAR), masks, link register and fault
 * status, for A32 state.
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

/* An exception caused by the executing A32 instruction. */
void arm_raise(ArmCpu *cpu, ArmException exc);

/*
 * A data or prefetch abort for @va with short-format status @fs (B3.13.3);
 * @ext_result is the transaction result of an external abort (MEMTX_OK if
 * the abort is not external), which picks ExT and Monitor routing by
 * SCR.EA.
 */
void arm_abort(ArmCpu *cpu, bool is_fetch, uint32_t va, unsigned fs,
               bool is_write, MemTxResult ext_result);

/* Fault status codes (short format, FS[4:0]). */
enum {
    FSC_ALIGNMENT = 0x01,
    FSC_EXTERNAL = 0x08,
};

#endif
