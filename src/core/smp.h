/*
 * Running the board's CPUs: round-robin in one host thread, a fixed slice
 * of instructions each, idling (without spinning the host) when every CPU
 * waits; and the power operations PSCI asks of the board (CPU_ON,
 * SYSTEM_OFF, SYSTEM_RESET).
 */
#ifndef TZEMU_CORE_SMP_H
#define TZEMU_CORE_SMP_H

#include "../boards/virt.h"
#include "clock.h"
#include "psci.h"

/* Why smp_run() returned. */
typedef enum SmpStop {
    SMP_STOP_HALT,    /* a CPU stopped the machine (semihosting exit, ...) */
    SMP_STOP_OFF,     /* PSCI SYSTEM_OFF */
    SMP_STOP_RESET,   /* PSCI SYSTEM_RESET: reset and boot again */
    SMP_STOP_ALL_OFF, /* every CPU is off: nothing can run again */
} SmpStop;

typedef struct Smp {
    ArmCpu **cpus;
    unsigned nr_cpus;
    Clock *clock;
    Psci psci;
    /* PSCI's power states rule (no Secure firmware to serve PSCI). */
    bool psci_on;
    /* What a PSCI call asked for, acted on when the running CPU stops. */
    SmpStop request;
    bool requested;
    /* How the host waits while every CPU waits, if not clock_idle_until
     * (set after smp_init): the same wait, which host input may end. */
    void (*idle)(void *opaque, Clock *c, uint64_t deadline_ns,
                 uint64_t max_ns);
    void *idle_opaque;
} Smp;

/* Host-side work between rounds (character devices, the RTC). */
typedef void (*SmpServiceFn)(void *opaque);

/**
 * smp_init - runs @b's CPUs on @clock. They all get CPU 0's hooks and
 * clock; with @psci, HVC calls are PSCI calls and the CPUs other than 0
 * start powered off, else every CPU runs from its reset state.
 */
void smp_init(Smp *s, VirtMachine *b, Clock *clock, bool psci);

/*
 * HVC goes back to UNDEFINED, PSCI's power states stay: QEMU turns its
 * conduit off when the guest boots in the Secure state HVC would have to
 * come back to (boards.md 1.5), yet keeps the other CPUs off.
 */
void smp_stop_serving_hvc(Smp *s);

/* The power states of a machine reset (after the CPUs were reset). */
void smp_reset(Smp *s);

/**
 * smp_run - runs the CPUs until the machine stops, calling @service after
 * each round; returns why.
 */
SmpStop smp_run(Smp *s, SmpServiceFn service, void *opaque);

#endif
