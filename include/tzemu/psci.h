/*
 * The PSCI protocol's numbers (ARM DEN 0022D), shared by tzemu's own PSCI
 * server (src/core/psci.c), its secure monitor (firmware/) and the guest
 * tests: function IDs (5.1, the SMC32 forms, and QEMU's own 0.1 IDs),
 * return codes (5.2.2), AFFINITY_INFO's answers (5.8.2) and
 * MIGRATE_INFO_TYPE's (5.7.2). Plain constants: it builds on the host and
 * freestanding for the guest.
 */
#ifndef TZEMU_PSCI_H
#define TZEMU_PSCI_H

enum {
    PSCI_VERSION = 0x84000000u,
    PSCI_CPU_SUSPEND = 0x84000001u,
    PSCI_CPU_OFF = 0x84000002u,
    PSCI_CPU_ON = 0x84000003u,
    PSCI_AFFINITY_INFO = 0x84000004u,
    PSCI_MIGRATE = 0x84000005u,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006u,
    PSCI_MIGRATE_INFO_UP_CPU = 0x84000007u,
    PSCI_SYSTEM_OFF = 0x84000008u,
    PSCI_SYSTEM_RESET = 0x84000009u,
    PSCI_FEATURES = 0x8400000au,
    /* SMC64 IDs have bit 30 set: not callable from AArch32. */
    PSCI_SMC64 = 0x40000000u,
    PSCI_0_1_CPU_SUSPEND = 0x95c1ba5eu,
    PSCI_0_1_CPU_OFF = 0x95c1ba5fu,
    PSCI_0_1_CPU_ON = 0x95c1ba60u,
    PSCI_0_1_MIGRATE = 0x95c1ba61u,
};

enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_DENIED = -3,
    PSCI_ALREADY_ON = -4,
    PSCI_ON_PENDING = -5,
};

/* AFFINITY_INFO's answers, which are also the power states servers keep. */
enum {
    PSCI_POWER_ON = 0,
    PSCI_POWER_OFF = 1,
    PSCI_POWER_ON_PENDING = 2,
};

/* MIGRATE_INFO_TYPE: no Trusted OS that would need migrating. */
#define PSCI_TOS_NOT_PRESENT_MP 2

#endif
