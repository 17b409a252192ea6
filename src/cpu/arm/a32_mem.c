/*
 * Memory accesses of executing instructions, turning transaction failures
 * into the architected aborts (ARM ARM B3.12): alignment checks (SCTLR.A,
 * or the instruction's own requirement, A3.2.1), then the access through
 * the TLB, which reports MMU faults; a decode or device error is a
 * synchronous external abort.
 */
#include "a32.h"

bool a32_check_align(ArmCpu *cpu, uint32_t va, unsigned align, bool is_write)
{
    if (va & (align - 1)) {
        ArmFault f = { .type = ARM_FAULT_ALIGNMENT, .va = va };
        arm_fault_abort(cpu, false, is_write, &f);
        return false;
    }
    return true;
}

/* SCTLR.A makes every unaligned access fault. */
static bool strict_align_ok(ArmCpu *cpu, uint32_t va, unsigned size,
                            bool is_write)
{
    if (cpu->cp15.sctlr[arm_bank(cpu)] & SCTLR_A) {
        return a32_check_align(cpu, va, size, is_write);
    }
    return true;
}

bool a32_load_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                   uint32_t *val)
{
    if (!strict_align_ok(cpu, va, size, false)) {
        return false;
    }
    uint8_t buf[4] = { 0 };
    ArmFault f;
    if (!arm_tlb_access(cpu, va, size, ARM_ACC_READ, user, buf, &f)) {
        arm_fault_abort(cpu, false, false, &f);
        return false;
    }
    *val = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
           (uint32_t)buf[3] << 24;
    return true;
}

bool a32_store_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                    uint32_t val)
{
    if (!strict_align_ok(cpu, va, size, true)) {
        return false;
    }
    uint8_t buf[4] = { (uint8_t)val, (uint8_t)(val >> 8),
                       (uint8_t)(val >> 16), (uint8_t)(val >> 24) };
    ArmFault f;
    if (!arm_tlb_access(cpu, va, size, ARM_ACC_WRITE, user, buf, &f)) {
        arm_fault_abort(cpu, false, true, &f);
        return false;
    }
    return true;
}
