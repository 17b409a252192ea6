/*
 * The ThumbEE configuration registers in cp14 (ARM ARM A2.11, B4.1.153-4
 * TEECR and TEEHBR), which ID_PFR0 advertises as qemu-system-arm's
 * cortex-a15 does. Linux switches TEEHBR per thread. The ThumbEE
 * instruction set state itself is not entered (ENTERX stays UNDEFINED, as
 * on QEMU).
 */
#include <stddef.h>

#include "cp15.h"

/* TEECR.XED: User-mode accesses to TEEHBR are UNDEFINED. */
#define TEECR_XED 1u

static bool teehbr_check(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return !(arm_is_user(cpu) && (cpu->cp15.teecr & TEECR_XED));
}

const Cp15Reg cp14_thumbee_regs[] = {
    { .name = "TEECR", .opc1 = 6, .crn = 0, .crm = 0, .opc2 = 0,
      .access = CP_BOTH(CP_PL1_RW), .flags = CP_CP14,
      .field = offsetof(ArmCpu, cp15.teecr), .wmask = TEECR_XED },
    { .name = "TEEHBR", .opc1 = 6, .crn = 1, .crm = 0, .opc2 = 0,
      .access = CP_BOTH(CP_PL0_RW | CP_PL1_RW), .flags = CP_CP14,
      .field = offsetof(ArmCpu, cp15.teehbr), .wmask = 0xfffffffcu,
      .access_check = teehbr_check },
};
const size_t cp14_thumbee_nr =
    sizeof(cp14_thumbee_regs) / sizeof(cp14_thumbee_regs[0]);
