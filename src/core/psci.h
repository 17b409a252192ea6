/*
 * PSCI (ARM DEN 0022D) served by the emulator itself, as qemu-system-arm
 * 7.2 serves it for a machine without secure firmware: version 1.1, the
 * calls a 32-bit OS makes, over HVC (boards.md 1.5). The board powers CPUs
 * on, off and resets through PsciOps; the server keeps each CPU's power
 * state, which its scheduler reads.
 */
#ifndef TZEMU_CORE_PSCI_H
#define TZEMU_CORE_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "../cpu/arm/cpu.h"
#include "tzemu/psci.h"

#define PSCI_MAX_CPUS ARM_MAX_CPUS

/* What the server asks of the board. */
typedef struct PsciOps {
    /* Reset CPU @index into the state CPU_ON gives it, at @entry (bit 0:
     * Thumb) with @context_id in r0. */
    void (*cpu_on)(void *opaque, unsigned index, uint32_t entry,
                   uint32_t context_id);
    /* SYSTEM_OFF and SYSTEM_RESET; the calling CPU is off after either. */
    void (*system_off)(void *opaque);
    void (*system_reset)(void *opaque);
} PsciOps;

typedef struct Psci {
    const PsciOps *ops;
    void *opaque;
    unsigned nr_cpus;
    /* Each CPU's MPIDR affinity fields (MPIDR without bit 31). */
    uint32_t affinity[PSCI_MAX_CPUS];
    /* PSCI_POWER_*: AFFINITY_INFO's answer for each CPU. */
    int power[PSCI_MAX_CPUS];
} Psci;

/**
 * psci_init - a server for @nr_cpus CPUs (1..PSCI_MAX_CPUS) whose affinity
 * values are @affinity[]; CPU 0 on, the others off (psci_reset).
 */
void psci_init(Psci *p, unsigned nr_cpus, const uint32_t *affinity,
               const PsciOps *ops, void *opaque);
/* The power states of a machine reset: CPU 0 on, the others off. */
void psci_reset(Psci *p);

/**
 * psci_call - serves function @args[0] with arguments @args[1..3] for
 * @caller (its cpu_index names it); returns what goes in r0. CPU_OFF,
 * CPU_SUSPEND, SYSTEM_OFF and SYSTEM_RESET also stop or halt @caller.
 */
int32_t psci_call(Psci *p, ArmCpu *caller, const uint32_t args[4]);

/* ArmCpuHooks.hvc (@opaque the Psci): every HVC is a PSCI call, as QEMU
 * takes them (SMCCC: an unknown function answers NOT_SUPPORTED). */
bool psci_hvc(ArmCpu *cpu, uint32_t imm16, void *opaque);

/* CPU @index starts running after CPU_ON: ON_PENDING becomes ON. */
void psci_cpu_started(Psci *p, unsigned index);

#endif
