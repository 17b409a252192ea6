/*
 * The PSCI server (ARM DEN 0022D), answering as qemu-system-arm 7.2 does
 * (boards.md 1.5): version 1.1; CPU_ON by exact affinity value (MPIDR
 * without bit 31), ALREADY_ON for a running CPU and ON_PENDING until the
 * CPU started has run; CPU_SUSPEND is a WFI; AFFINITY_INFO above level 0
 * is always on; migration is never needed. SMC64 IDs and unknown IDs
 * answer NOT_SUPPORTED (SMCCC). Not modelled: suspend to a power-down
 * state, SYSTEM_SUSPEND, the other 1.x optional calls.
 */
#include <string.h>

#include "psci.h"

#define PSCI_VERSION_1_1 0x00010001

/* CPU_SUSPEND's power_state bits QEMU accepts: StateID and StateType
 * (power-down) only, no affinity level (DEN 0022D 5.4.2). */
#define PSCI_SUSPEND_BAD_BITS 0xfffe0000u

void psci_reset(Psci *p)
{
    for (unsigned i = 0; i < p->nr_cpus; i++) {
        p->power[i] = i == 0 ? PSCI_POWER_ON : PSCI_POWER_OFF;
    }
}

void psci_init(Psci *p, unsigned nr_cpus, const uint32_t *affinity,
               const PsciOps *ops, void *opaque)
{
    memset(p, 0, sizeof(*p));
    p->ops = ops;
    p->opaque = opaque;
    p->nr_cpus = nr_cpus < PSCI_MAX_CPUS ? nr_cpus : PSCI_MAX_CPUS;
    memcpy(p->affinity, affinity, p->nr_cpus * sizeof(affinity[0]));
    psci_reset(p);
}

void psci_cpu_started(Psci *p, unsigned index)
{
    if (index < p->nr_cpus && p->power[index] == PSCI_POWER_ON_PENDING) {
        p->power[index] = PSCI_POWER_ON;
    }
}

/* The CPU with affinity @mpidr, or -1. */
static int find_cpu(const Psci *p, uint32_t mpidr)
{
    for (unsigned i = 0; i < p->nr_cpus; i++) {
        if (p->affinity[i] == mpidr) {
            return (int)i;
        }
    }
    return -1;
}

/* The caller stops executing; it is off until a CPU_ON. */
static void power_off(Psci *p, ArmCpu *caller)
{
    if (caller->cpu_index < p->nr_cpus) {
        p->power[caller->cpu_index] = PSCI_POWER_OFF;
    }
    caller->halted = true;
    caller->in_wfe = false;
    arm_request_exit(caller);
}

typedef int32_t (*PsciFn)(Psci *p, ArmCpu *caller, const uint32_t *args);

static int32_t fn_version(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)p, (void)caller, (void)args;
    return PSCI_VERSION_1_1;
}

static int32_t fn_cpu_suspend(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)p;
    if (args[1] & PSCI_SUSPEND_BAD_BITS) {
        return PSCI_INVALID_PARAMETERS;
    }
    /* No power-down state: a standby that returns success on wake-up. */
    arm_cpu_wait_for_interrupt(caller);
    return PSCI_SUCCESS;
}

static int32_t fn_cpu_off(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)args;
    power_off(p, caller);
    return PSCI_SUCCESS;
}

/* CPU_ON (DEN 0022D 5.6): r1 target, r2 entry, r3 context id. */
static int32_t fn_cpu_on(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)caller;
    int target = find_cpu(p, args[1]);
    if (target < 0) {
        return PSCI_INVALID_PARAMETERS;
    }
    switch (p->power[target]) {
    case PSCI_POWER_ON:
        return PSCI_ALREADY_ON;
    case PSCI_POWER_ON_PENDING:
        return PSCI_ON_PENDING;
    case PSCI_POWER_OFF:
        break;
    }
    p->power[target] = PSCI_POWER_ON_PENDING;
    p->ops->cpu_on(p->opaque, (unsigned)target, args[2], args[3]);
    return PSCI_SUCCESS;
}

/* AFFINITY_INFO (DEN 0022D 5.8): r1 target, r2 lowest affinity level. */
static int32_t fn_affinity_info(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)caller;
    if (args[2] != 0) {
        /* Above a single core everything is on. */
        return PSCI_POWER_ON;
    }
    int target = find_cpu(p, args[1]);
    return target < 0 ? PSCI_INVALID_PARAMETERS : (int32_t)p->power[target];
}

static int32_t fn_not_supported(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)p, (void)caller, (void)args;
    return PSCI_NOT_SUPPORTED;
}

static int32_t fn_migrate_info_type(Psci *p, ArmCpu *caller,
                                    const uint32_t *args)
{
    (void)p, (void)caller, (void)args;
    return PSCI_TOS_NOT_PRESENT_MP;
}

static int32_t fn_system_off(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)args;
    p->ops->system_off(p->opaque);
    power_off(p, caller);
    return PSCI_SUCCESS;
}

static int32_t fn_system_reset(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)args;
    p->ops->system_reset(p->opaque);
    power_off(p, caller);
    return PSCI_SUCCESS;
}

static int32_t fn_features(Psci *p, ArmCpu *caller, const uint32_t *args);

/* Every function served; @feature: PSCI_FEATURES reports it. */
static const struct {
    uint32_t id;
    PsciFn fn;
    bool feature;
} psci_fns[] = {
    { PSCI_VERSION, fn_version, true },
    { PSCI_CPU_SUSPEND, fn_cpu_suspend, true },
    { PSCI_CPU_OFF, fn_cpu_off, true },
    { PSCI_CPU_ON, fn_cpu_on, true },
    { PSCI_AFFINITY_INFO, fn_affinity_info, true },
    { PSCI_MIGRATE, fn_not_supported, false },
    { PSCI_MIGRATE_INFO_TYPE, fn_migrate_info_type, true },
    { PSCI_SYSTEM_OFF, fn_system_off, true },
    { PSCI_SYSTEM_RESET, fn_system_reset, true },
    { PSCI_FEATURES, fn_features, true },
    { PSCI_0_1_CPU_SUSPEND, fn_cpu_suspend, true },
    { PSCI_0_1_CPU_OFF, fn_cpu_off, true },
    { PSCI_0_1_CPU_ON, fn_cpu_on, true },
    { PSCI_0_1_MIGRATE, fn_not_supported, false },
};

#define NR_PSCI_FNS (sizeof(psci_fns) / sizeof(psci_fns[0]))

/* PSCI_FEATURES (DEN 0022D 5.15): 0 for an implemented function. */
static int32_t fn_features(Psci *p, ArmCpu *caller, const uint32_t *args)
{
    (void)p, (void)caller;
    for (size_t i = 0; i < NR_PSCI_FNS; i++) {
        if (psci_fns[i].id == args[1] && psci_fns[i].feature) {
            return PSCI_SUCCESS;
        }
    }
    return PSCI_NOT_SUPPORTED;
}

int32_t psci_call(Psci *p, ArmCpu *caller, const uint32_t args[4])
{
    for (size_t i = 0; i < NR_PSCI_FNS; i++) {
        if (psci_fns[i].id == args[0]) {
            return psci_fns[i].fn(p, caller, args);
        }
    }
    return PSCI_NOT_SUPPORTED;
}

bool psci_hvc(ArmCpu *cpu, uint32_t imm16, void *opaque)
{
    (void)imm16;
    int32_t ret = psci_call(opaque, cpu, cpu->r);
    /* A CPU that went off keeps its registers for nobody to see. */
    cpu->r[0] = (uint32_t)ret;
    return true;
}
