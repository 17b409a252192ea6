/*
 * The generic timer's cp15 registers (ARM ARM B8.1, B4.1.21 CNTFRQ,
 * B4.1.26 CNTKCTL, B8.2 timer registers) as QEMU 7.2 defines them for a
 * Cortex-A15 without Hyp: CNTPCT/CNTVCT, and CNTx_CTL/CVAL/TVAL of the
 * physical timer (banked Secure/Non-secure) and the virtual timer, reached
 * from PL0 only as CNTKCTL allows (B8.1.2). No CNTVOFF or Hyp timer.
 */
#include <stddef.h>

#include "cp15.h"
#include "gtimer.h"

#define F(x) ((uint16_t)offsetof(ArmCpu, cp15.x))

/* QEMU's generic timer runs at 62.5 MHz. */
#define GTIMER_FREQ 62500000u
#define CNTKCTL_PL0PCTEN (1u << 0)
#define CNTKCTL_PL0VCTEN (1u << 1)
#define CNTKCTL_PL0VTEN (1u << 8)
#define CNTKCTL_PL0PTEN (1u << 9)

/* Which CNTKCTL bits open a register to PL0 (B8.1.2). */
static bool pl0_allowed(const ArmCpu *cpu, uint32_t bits)
{
    return !arm_is_user(cpu) || (cpu->cp15.cntkctl & bits);
}

/* PL0 reads CNTFRQ only when CNTKCTL lets it see a counter (B8.1.2). */
static bool cntfrq_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return pl0_allowed(cpu, CNTKCTL_PL0PCTEN | CNTKCTL_PL0VCTEN);
}

static bool pct_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return pl0_allowed(cpu, CNTKCTL_PL0PCTEN);
}

static bool vct_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return pl0_allowed(cpu, CNTKCTL_PL0VCTEN);
}

static bool ptimer_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return pl0_allowed(cpu, CNTKCTL_PL0PTEN);
}

static bool vtimer_access(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r, (void)is_read;
    return pl0_allowed(cpu, CNTKCTL_PL0VTEN);
}

/*
 * The timer a register reaches: the virtual timer's registers are at
 * CRm 3 (opc1 3 for CVAL); the physical ones' Secure copy is the Secure
 * physical timer.
 */
static int timer_of(const Cp15Reg *r, int bank)
{
    bool virt = (r->flags & CP_64BIT) ? r->opc1 == 3 : r->crm == 3;
    if (virt) {
        return ARM_GT_VIRT;
    }
    return bank ? ARM_GT_SEC : ARM_GT_PHYS;
}

static uint64_t count_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return arm_gtimer_count(cpu);
}

static uint32_t ctl_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return arm_gtimer_ctl(cpu, timer_of(r, bank));
}

/* ISTATUS is read-only; the other bits [31:3] are RES0. */
static void ctl_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    cpu->gt[timer_of(r, bank)].ctl = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
    arm_gtimer_update(cpu);
}

static uint64_t cval_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return cpu->gt[timer_of(r, bank)].cval;
}

static void cval_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint64_t v)
{
    cpu->gt[timer_of(r, bank)].cval = v;
    arm_gtimer_update(cpu);
}

/* TVAL is CVAL - count as a signed 32-bit value (B8.1.4). */
static uint32_t tval_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return (uint32_t)(cpu->gt[timer_of(r, bank)].cval -
                      arm_gtimer_count(cpu));
}

static void tval_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    cpu->gt[timer_of(r, bank)].cval =
        arm_gtimer_count(cpu) + (uint64_t)(int64_t)(int32_t)val;
    arm_gtimer_update(cpu);
}

#define ALL_RW CP_BOTH(CP_PL0_RW | CP_PL1_RW)
#define ALL_R CP_BOTH(CP_PL0_R | CP_PL1_R)

#define TIMER32(nm, m, o2, fl, chk, rd, wr)                                 \
    { .name = nm, .crn = 14, .crm = m, .opc2 = o2, .access = ALL_RW,        \
      .flags = fl, .field = CP_NO_FIELD, .access_check = chk,               \
      .read = rd, .write = wr }

const Cp15Reg cp15_gtimer_regs[] = {
    { .name = "CNTFRQ", .crn = 14,
      .access = CP_BOTH(CP_PL0_R | CP_PL1_RW), .field = F(cntfrq),
      .reset = GTIMER_FREQ, .wmask = 0xffffffff,
      .access_check = cntfrq_access },
    { .name = "CNTKCTL", .crn = 14, .crm = 1,
      .access = CP_BOTH(CP_PL1_RW), .field = F(cntkctl), .wmask = 0x3ff },
    TIMER32("CNTP_TVAL", 2, 0, CP_BANKED, ptimer_access, tval_read,
            tval_write),
    TIMER32("CNTP_CTL", 2, 1, CP_BANKED, ptimer_access, ctl_read, ctl_write),
    TIMER32("CNTV_TVAL", 3, 0, 0, vtimer_access, tval_read, tval_write),
    TIMER32("CNTV_CTL", 3, 1, 0, vtimer_access, ctl_read, ctl_write),
    { .name = "CNTPCT", .opc1 = 0, .crm = 14, .access = ALL_R,
      .flags = CP_64BIT, .field = CP_NO_FIELD, .access_check = pct_access,
      .read64 = count_read },
    { .name = "CNTVCT", .opc1 = 1, .crm = 14, .access = ALL_R,
      .flags = CP_64BIT, .field = CP_NO_FIELD, .access_check = vct_access,
      .read64 = count_read },
    { .name = "CNTP_CVAL", .opc1 = 2, .crm = 14, .access = ALL_RW,
      .flags = CP_64BIT | CP_BANKED, .field = CP_NO_FIELD,
      .access_check = ptimer_access, .read64 = cval_read,
      .write64 = cval_write },
    { .name = "CNTV_CVAL", .opc1 = 3, .crm = 14, .access = ALL_RW,
      .flags = CP_64BIT, .field = CP_NO_FIELD,
      .access_check = vtimer_access, .read64 = cval_read,
      .write64 = cval_write },
};
const size_t cp15_gtimer_nr =
    sizeof(cp15_gtimer_regs) / sizeof(cp15_gtimer_regs[0]);
