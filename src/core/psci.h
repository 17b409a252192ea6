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

/* Function IDs (DEN 0022D 5.1, SMC32 forms; QEMU's own 0.1 IDs). */
enum {
    PSCI_VERSION = 0x84000000,
    PSCI_CPU_SUSPEND = 0x84000001,
    PSCI_CPU_OFF = 0x84000002,
    PSCI_CPU_ON = 0x84000003,
    PSCI_AFFINITY_INFO = 0x84000004,
    PSCI_MIGRATE = 0x84000005,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006,
    PSCI_MIGRATE_INFO_UP_CPU = 0x84000007,
    PSCI_SYSTEM_OFF = 0x84000008,
    PSCI_SYSTEM_RESET = 0x84000009,
    PSCI_FEATURES = 0x8400000a,
    /* SMC64 IDs have bit 30 set: not callable from AArch32. */
    PSCI_SMC64 = 0x40000000,
    PSCI_0_1_CPU_SUSPEND = 0x95c1ba5e,
    PSCI_0_1_CPU_OFF = 0x95c1ba5f,
    PSCI_0_1_CPU_ON = 0x95c1ba60,
    PSCI_0_1_MIGRATE = 0x95c1ba61,
};

/* Return codes (DEN 0022D 5.2.2). */
enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_DENIED = -3,
    PSCI_ALREADY_ON = -4,
    PSCI_ON_PENDING = -5,
};

/* AFFINITY_INFO's answers, which are also the power states kept. */
typedef enum PsciPower {
    PSCI_POWER_ON = 0,
    PSCI_POWER_OFF = 1,
    PSCI_POWER_ON_PENDING = 2,
} PsciPower;

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
    PsciPower power[PSCI_MAX_CPUS];
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
