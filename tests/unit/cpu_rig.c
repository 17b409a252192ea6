/* The CPU test rig behind cpu_rig.h. */
#include "cpu_rig.h"

ArmCpu *rig_new(Rig *r, bool has_security)
{
    testspace_init(&r->ts);
    r->cpu = arm_cpu_new(&r->ts.as, NULL, has_security);
    return r->cpu;
}

void rig_free(Rig *r)
{
    arm_cpu_free(r->cpu);
    testspace_destroy(&r->ts);
}

void rig_enter(ArmCpu *cpu, unsigned mode, bool ns)
{
    cpu->cp15.scr &= ~SCR_NS;
    arm_cpsr_write(cpu, mode, CPSR_M);
    if (ns) {
        cpu->cp15.scr |= SCR_NS;
    }
    /* Security changed behind the CPU's back: as an SCR write does. */
    arm_cpu_drop_fetch_page(cpu);
}
