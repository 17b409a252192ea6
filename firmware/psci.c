/*
 * PSCI 1.0 (ARM DEN 0022D) served over SMC to the Non-secure world: the
 * calls a 32-bit OS makes to bring CPUs up and down and to stop the
 * machine. A CPU that is off waits in tzmon for its wake-up SGI; CPU_ON
 * leaves the entry point and context id in its mailbox first. SYSTEM_OFF
 * and SYSTEM_RESET go to tzemu's system controller. Not served:
 * CPU_SUSPEND, SYSTEM_SUSPEND, the 64-bit calls, migration (there is no
 * Trusted OS to migrate: MIGRATE_INFO_TYPE says so).
 */
#include "tzemu/psci.h"
#include "tzmon.h"

#define PSCI_VERSION_1_0 0x00010000

/* tzemu's system controller (src/hw/sysctl.h). */
#define SYSCTL_POWER 0x004u
#define SYSCTL_POWER_OFF 1u
#define SYSCTL_POWER_RESET 2u

typedef struct CpuState {
    volatile uint32_t state;
    volatile uint32_t entry;
    volatile uint32_t context_id;
} CpuState;

static CpuState cpus[MAX_CPUS];
static unsigned nr_cpus;

void psci_boot(unsigned count)
{
    nr_cpus = count;
    for (unsigned i = 0; i < nr_cpus; i++) {
        cpus[i].state = i == 0 ? PSCI_POWER_ON : PSCI_POWER_OFF;
    }
}

/* virt's MPIDR affinity: Aff0 = CPU index, the other levels 0. */
static int target_cpu(uint32_t mpidr)
{
    return (mpidr & ~0xffu) == 0 && (mpidr & 0xff) < nr_cpus ? (int)mpidr
                                                              : -1;
}

/* CPU_ON (5.6): r1 target, r2 entry point (bit 0: Thumb), r3 context id. */
static int32_t cpu_on(const uint32_t *regs)
{
    int target = target_cpu(regs[1]);
    if (target < 0) {
        return PSCI_INVALID_PARAMETERS;
    }
    CpuState *c = &cpus[target];
    if (c->state == PSCI_POWER_ON) {
        return PSCI_ALREADY_ON;
    }
    if (c->state == PSCI_POWER_ON_PENDING) {
        return PSCI_ON_PENDING;
    }
    c->entry = regs[2];
    c->context_id = regs[3];
    c->state = PSCI_POWER_ON_PENDING;
    __asm__ volatile("dsb" ::: "memory");
    gic_wake((unsigned)target);
    return PSCI_SUCCESS;
}

/* AFFINITY_INFO (5.8): r1 target, r2 lowest affinity level. */
static int32_t affinity_info(const uint32_t *regs)
{
    int target = target_cpu(regs[1]);
    if (target < 0 || regs[2] > 1) {
        return PSCI_INVALID_PARAMETERS;
    }
    /* One cluster: it is on while tzmon runs on it. */
    return regs[2] ? PSCI_POWER_ON : (int32_t)cpus[target].state;
}

static void __attribute__((noreturn)) power(uint32_t how, const char *what)
{
    con_printf("tzmon: PSCI %s\n", what);
    mmio_write(SYSCTL_BASE + SYSCTL_POWER, how);
    tzmon_halt();
}

static int32_t features(uint32_t fid)
{
    switch (fid) {
    case PSCI_VERSION:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return PSCI_SUCCESS;
    default:
        return PSCI_NOT_SUPPORTED;
    }
}

/* The SMC handler's C half: @regs holds r0-r3; returns the new r0. */
int32_t psci_call(uint32_t *regs)
{
    switch (regs[0]) {
    case PSCI_VERSION:
        return PSCI_VERSION_1_0;
    case PSCI_CPU_ON:
        return cpu_on(regs);
    case PSCI_CPU_OFF:
        cpus[cpu_index()].state = PSCI_POWER_OFF;
        tzmon_hold();
    case PSCI_AFFINITY_INFO:
        return affinity_info(regs);
    case PSCI_MIGRATE_INFO_TYPE:
        return PSCI_TOS_NOT_PRESENT_MP;
    case PSCI_SYSTEM_OFF:
        power(SYSCTL_POWER_OFF, "SYSTEM_OFF");
    case PSCI_SYSTEM_RESET:
        power(SYSCTL_POWER_RESET, "SYSTEM_RESET");
    case PSCI_FEATURES:
        return features(regs[1]);
    default:
        return PSCI_NOT_SUPPORTED;
    }
}

/* Waits for the wake-up SGI with CPU_ON's mailbox filled, then enters the
 * Non-secure world at its entry point, r0 = context id. */
void psci_hold(unsigned cpu)
{
    CpuState *c = &cpus[cpu];
    for (;;) {
        __asm__ volatile("wfi");
        uint32_t iar = gic_ack();
        if ((iar & 0x3ffu) != SGI_WAKE) {
            continue;
        }
        gic_eoi(iar);
        if (c->state == PSCI_POWER_ON_PENDING) {
            break;
        }
    }
    c->state = PSCI_POWER_ON;
    tzmon_enter_ns(c->entry, c->context_id, 0, 0);
}
