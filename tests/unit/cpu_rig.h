/*
 * A CPU over a test address space, for the host tests of the CPU's modes,
 * exceptions and cp15 registers.
 */
#ifndef TZEMU_TEST_CPU_RIG_H
#define TZEMU_TEST_CPU_RIG_H

#include "../../src/cpu/arm/cpu.h"
#include "testlib.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef struct Rig {
    TestSpace ts;
    ArmCpu *cpu;
} Rig;

ArmCpu *rig_new(Rig *r, bool has_security);
void rig_free(Rig *r);

/*
 * Puts the CPU in @mode, Non-secure if @ns (Monitor with SCR.NS = 1 when
 * @mode is Monitor). SCR.NS is cleared first: Monitor can only be entered
 * from the Secure state.
 */
void rig_enter(ArmCpu *cpu, unsigned mode, bool ns);

#endif
