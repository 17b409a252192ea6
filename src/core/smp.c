/*
 * The round-robin scheduler. Each powered-on CPU that is not waiting runs
 * a slice of instructions in turn (under -icount cut short at the next
 * timer deadline, so a timer fires at the same instruction on every run);
 * the generic timers are brought up to date after each slice. When every
 * CPU waits (WFI, WFE, CPU_SUSPEND), the host sleeps until the next timer
 * deadline (under -icount time jumps there). One CPU keeps the long slice
 * the single-CPU loop always had; several take shorter turns, so a CPU
 * spinning on another's progress wastes little.
 */
#include "smp.h"

#define SLICE_ONE_CPU 100000u
#define SLICE_SMP 10000u
/* The longest idle wait before the host side is served again. */
#define IDLE_POLL_NS 10000000ull

/* CPU_ON (PSCI, as QEMU's arm_set_cpu_on): the target resets and enters
 * @entry in Non-secure SVC (QEMU's emulated firmware reset for EL1 with
 * the Security Extensions: SCR.NS and NSACR.CP10/CP11), r0 = context id. */
static void smp_cpu_on(void *opaque, unsigned index, uint32_t entry,
                       uint32_t context_id)
{
    Smp *s = opaque;
    ArmCpu *cpu = s->cpus[index];
    arm_cpu_reset(cpu, entry & ~1u);
    if (entry & 1) {
        cpu->cpsr_ctl |= CPSR_T;
    }
    arm_cpu_enter_nonsecure(cpu);
    cpu->r[0] = context_id;
}

/* Stops every CPU: the caller leaves its run at once. */
static void request_stop(Smp *s, SmpStop why)
{
    s->request = why;
    s->requested = true;
    for (unsigned i = 0; i < s->nr_cpus; i++) {
        arm_cpu_stop(s->cpus[i]);
    }
}

static void smp_system_off(void *opaque)
{
    request_stop(opaque, SMP_STOP_OFF);
}

static void smp_system_reset(void *opaque)
{
    request_stop(opaque, SMP_STOP_RESET);
}

static const PsciOps smp_psci_ops = {
    .cpu_on = smp_cpu_on,
    .system_off = smp_system_off,
    .system_reset = smp_system_reset,
};

void smp_init(Smp *s, VirtMachine *b, Clock *clock, bool psci)
{
    *s = (Smp){ .cpus = b->cpus, .nr_cpus = b->nr_cpus, .clock = clock,
                .psci_on = psci };
    uint32_t affinity[PSCI_MAX_CPUS];
    for (unsigned i = 0; i < s->nr_cpus; i++) {
        ArmCpu *cpu = s->cpus[i];
        affinity[i] = cpu->cpu_index;
        if (i) {
            cpu->hooks = s->cpus[0]->hooks;
            cpu->trace_insns = s->cpus[0]->trace_insns;
            cpu->no_fast_path = s->cpus[0]->no_fast_path;
        }
        cpu->clock_ns = clock_now_ns;
        cpu->clock_opaque = clock;
        /* -icount time needs every instruction counted as it runs. */
        cpu->count_insns = clock->icount_shift >= 0;
        if (psci) {
            cpu->hooks.hvc = psci_hvc;
            cpu->hooks.hvc_opaque = &s->psci;
        }
    }
    psci_init(&s->psci, s->nr_cpus, affinity, &smp_psci_ops, s);
    smp_reset(s);
}

void smp_stop_serving_hvc(Smp *s)
{
    for (unsigned i = 0; i < s->nr_cpus; i++) {
        s->cpus[i]->hooks.hvc = NULL;
    }
}

void smp_reset(Smp *s)
{
    s->requested = false;
    psci_reset(&s->psci);
    if (!s->psci_on) {
        /* Without PSCI every CPU runs from reset (firmware parks them). */
        for (unsigned i = 0; i < s->nr_cpus; i++) {
            s->psci.power[i] = PSCI_POWER_ON;
        }
    }
}

static void update_timers(Smp *s)
{
    for (unsigned i = 0; i < s->nr_cpus; i++) {
        arm_gtimer_update(s->cpus[i]);
    }
}

static uint64_t next_deadline(const Smp *s)
{
    uint64_t deadline = UINT64_MAX;
    for (unsigned i = 0; i < s->nr_cpus; i++) {
        uint64_t d = arm_gtimer_deadline_ns(s->cpus[i]);
        deadline = d < deadline ? d : deadline;
    }
    return deadline;
}

/* How long the next CPU runs. */
static uint64_t slice(const Smp *s)
{
    uint64_t n = s->nr_cpus == 1 ? SLICE_ONE_CPU : SLICE_SMP;
    uint64_t until = clock_insns_until(s->clock, next_deadline(s));
    return until < n ? until : n;
}

/* Runs one turn of CPU @i; false when the machine must stop. */
static bool run_turn(Smp *s, unsigned i)
{
    ArmCpu *cpu = s->cpus[i];
    psci_cpu_started(&s->psci, i);
    uint64_t before = cpu->insns;
    uint64_t budget = slice(s);
    clock_run_begin(s->clock, &cpu->run_insns);
    ArmExit e = arm_cpu_run(cpu, budget);
    clock_run_end(s->clock, cpu->insns - before);
    /* Time passed: timers whose moment came raise their outputs. */
    update_timers(s);
    return e != ARM_EXIT_HALT;
}

SmpStop smp_run(Smp *s, SmpServiceFn service, void *opaque)
{
    for (;;) {
        bool any_on = false, all_wait = true;
        for (unsigned i = 0; i < s->nr_cpus; i++) {
            if (s->psci.power[i] == PSCI_POWER_OFF) {
                continue;
            }
            any_on = true;
            if (!s->cpus[i]->halted && !run_turn(s, i)) {
                return s->requested ? s->request : SMP_STOP_HALT;
            }
        }
        service(opaque);
        for (unsigned i = 0; i < s->nr_cpus; i++) {
            if (s->psci.power[i] != PSCI_POWER_OFF && !s->cpus[i]->halted) {
                all_wait = false;
            }
        }
        if (!any_on) {
            return SMP_STOP_ALL_OFF;
        }
        if (all_wait) {
            /* Wait without spinning until the next timer deadline, serving
             * the host side (the UARTs' input) every IDLE_POLL_NS. */
            if (s->idle) {
                s->idle(s->idle_opaque, s->clock, next_deadline(s),
                        IDLE_POLL_NS);
            } else {
                clock_idle_until(s->clock, next_deadline(s), IDLE_POLL_NS, NULL, 0);
            }
            update_timers(s);
        }
    }
}
