/*
 * The generic timer's counter and timers (ARM ARM B8.1), shared by the
 * timer model (gtimer.c) and its cp15 registers (cp15_gtimer.c).
 */
#ifndef TZEMU_CPU_ARM_GTIMER_H
#define TZEMU_CPU_ARM_GTIMER_H

#include "cpu.h"

/* Nanoseconds per tick at QEMU's 62.5 MHz (GTIMER_SCALE). */
#define GTIMER_SCALE_NS 16u

/* CNTP_CTL / CNTV_CTL (B4.1.25, B4.1.31). */
enum {
    CNT_CTL_ENABLE = 1u << 0,
    CNT_CTL_IMASK = 1u << 1,
    CNT_CTL_ISTATUS = 1u << 2,
};

/*
 * The physical count (CNTPCT). The virtual count equals it: CNTVOFF is 0
 * without the Virtualization Extensions (B8.1.3).
 */
uint64_t arm_gtimer_count(const ArmCpu *cpu);
/* CNTx_CTL of timer @t as read: ISTATUS set while enabled and met. */
uint32_t arm_gtimer_ctl(const ArmCpu *cpu, int t);
/* The reset state: disabled, compare values 0, outputs low. */
void arm_gtimer_reset(ArmCpu *cpu);

#endif
