/*
 * The generic timer as QEMU 7.2 models it for a Cortex-A15 without Hyp
 * (ARM ARM B8.1; QEMU target/arm/helper.c gt_*): one 64-bit count at
 * 62.5 MHz from the machine's clock, and the physical (banked Secure/Non-
 * secure with the Security Extensions) and virtual timers, each asserting
 * its output while ENABLE && !IMASK && count >= CVAL. No event stream
 * (CNTKCTL.EVNTEN), no Hyp timer, no CNTVOFF.
 */
#include "gtimer.h"

uint64_t arm_gtimer_count(const ArmCpu *cpu)
{
    return cpu->clock_ns ? cpu->clock_ns(cpu->clock_opaque) / GTIMER_SCALE_NS
                         : 0;
}

static bool met(const ArmGTimer *gt, uint64_t count)
{
    return (gt->ctl & CNT_CTL_ENABLE) && count >= gt->cval;
}

uint32_t arm_gtimer_ctl(const ArmCpu *cpu, int t)
{
    const ArmGTimer *gt = &cpu->gt[t];
    /* Like QEMU, ISTATUS reads 0 while the timer is disabled. */
    return gt->ctl | (met(gt, arm_gtimer_count(cpu)) ? CNT_CTL_ISTATUS : 0);
}

void arm_gtimer_update(ArmCpu *cpu)
{
    uint64_t count = arm_gtimer_count(cpu);
    for (int t = 0; t < ARM_GT_NR; t++) {
        const ArmGTimer *gt = &cpu->gt[t];
        bool level = met(gt, count) && !(gt->ctl & CNT_CTL_IMASK);
        if (level != cpu->gt_level[t]) {
            cpu->gt_level[t] = level;
            irq_set(&cpu->gt_irq[t], level);
        }
    }
}

uint64_t arm_gtimer_deadline_ns(const ArmCpu *cpu)
{
    uint64_t deadline = UINT64_MAX;
    for (int t = 0; t < ARM_GT_NR; t++) {
        const ArmGTimer *gt = &cpu->gt[t];
        if ((gt->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE ||
            cpu->gt_level[t]) {
            continue;
        }
        /* The first nanosecond at which the count reaches CVAL. */
        uint64_t ns = gt->cval > UINT64_MAX / GTIMER_SCALE_NS
                          ? UINT64_MAX : gt->cval * GTIMER_SCALE_NS;
        if (ns < deadline) {
            deadline = ns;
        }
    }
    return deadline;
}

void arm_gtimer_reset(ArmCpu *cpu)
{
    for (int t = 0; t < ARM_GT_NR; t++) {
        cpu->gt[t] = (ArmGTimer){ 0 };
    }
    arm_gtimer_update(cpu);
}
