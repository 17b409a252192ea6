/*
 * The generic timer's configuration registers (ARM ARM B8.1, B4.1.21
 * CNTFRQ, B4.1.26 CNTKCTL): the counter frequency firmware reports, and
 * what PL0 may reach. The counters and timers come with the timer model.
 */
#include <stddef.h>

#include "cp15.h"

#define F(x) ((uint16_t)offsetof(ArmCpu, cp15.x))

/* QEMU's generic timer runs at 62.5 MHz. */
#define GTIMER_FREQ 62500000u
#define CNTKCTL_PL0PCTEN (1u << 0)
#define CNTKCTL_PL0VCTEN (1u << 1)

/* PL0 reads CNTFRQ only when CNTKCTL lets it see a counter (B8.1.2). */
static bool cntfrq_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return !arm_is_user(cpu) ||
           (cpu->cp15.cntkctl & (CNTKCTL_PL0PCTEN | CNTKCTL_PL0VCTEN));
}

const Cp15Reg cp15_gtimer_regs[] = {
    { .name = "CNTFRQ", .crn = 14,
      .access = CP_BOTH(CP_PL0_R | CP_PL1_RW), .field = F(cntfrq),
      .reset = GTIMER_FREQ, .wmask = 0xffffffff,
      .access_check = cntfrq_access },
    { .name = "CNTKCTL", .crn = 14, .crm = 1,
      .access = CP_BOTH(CP_PL1_RW), .field = F(cntkctl), .wmask = 0x3ff },
};
const size_t cp15_gtimer_nr =
    sizeof(cp15_gtimer_regs) / sizeof(cp15_gtimer_regs[0]);
