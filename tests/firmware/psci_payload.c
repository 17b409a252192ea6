/*
 * Each PSCI call tzmon serves, from the Non-secure world (DEN 0022D 5):
 * the answers, CPU 1 brought on, off and on again, and SYSTEM_RESET at the
 * end; and the MPC's carve-out, which reads as zero and ignores writes.
 * Output on the Non-secure UART; psci.expected holds what it must be.
 */
#include <stdint.h>

#include "../guest/lib/psci.h"

#define UART_DR 0x09000000u
#define SMCCC_VERSION 0x80000000u
/* The Secure carve-out with -m 128: its top 16 MiB. */
#define CARVEOUT 0x47000000u

void secondary_entry(void);

static volatile uint32_t secondary_runs;
static volatile uint32_t secondary_context;
static volatile uint32_t secondary_cpsr;

static void put(const char *s)
{
    while (*s) {
        *(volatile uint32_t *)UART_DR = (uint8_t)*s++;
    }
}

static void put_hex(uint32_t v)
{
    char s[11] = "0x";
    for (int i = 0; i < 8; i++) {
        s[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
    }
    s[10] = 0;
    put(s);
}

static void report(const char *what, uint32_t v)
{
    put(what);
    put(": ");
    put_hex(v);
    put("\n");
}

/* A PSCI call over SMC, tzmon's conduit (psci_call uses HVC, tzemu's). */
static uint32_t smc(uint32_t fn, uint32_t a, uint32_t b, uint32_t c)
{
    register uint32_t r0 __asm__("r0") = fn;
    register uint32_t r1 __asm__("r1") = a;
    register uint32_t r2 __asm__("r2") = b;
    register uint32_t r3 __asm__("r3") = c;
    __asm__ volatile("smc #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                     :
                     : "memory");
    return r0;
}

static uint32_t cpsr(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

/* Waits until AFFINITY_INFO says CPU 1 is in @state (0 on, 1 off). */
static void wait_cpu1(uint32_t state)
{
    while (smc(PSCI_AFFINITY_INFO, 1, 0, 0) != state) {
    }
}

void payload_secondary(uint32_t context_id)
{
    secondary_context = context_id;
    secondary_cpsr = cpsr();
    secondary_runs++;
    smc(PSCI_CPU_OFF, 0, 0, 0);
    put("CPU_OFF returned\n");
}

static void cpu1_round(uint32_t context_id)
{
    uint32_t runs = secondary_runs;
    report("CPU_ON cpu1", smc(PSCI_CPU_ON, 1, (uint32_t)secondary_entry,
                              context_id));
    while (secondary_runs == runs) {
    }
    report("cpu1 context id", secondary_context);
    report("cpu1 mode, I, F, A", secondary_cpsr & 0x1df);
    wait_cpu1(1);
    put("cpu1 off again\n");
}

void payload_main(void)
{
    report("cpu0 mode, I, F, A", cpsr() & 0x1df);
    report("VERSION", smc(PSCI_VERSION, 0, 0, 0));
    report("FEATURES CPU_ON", smc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0));
    report("FEATURES CPU_SUSPEND", smc(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0));
    report("FEATURES SMCCC_VERSION", smc(PSCI_FEATURES, SMCCC_VERSION, 0, 0));
    report("MIGRATE_INFO_TYPE", smc(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0));
    report("unknown function", smc(0x8400ffffu, 0, 0, 0));
    report("CPU_SUSPEND", smc(PSCI_CPU_SUSPEND, 0, 0, 0));
    report("AFFINITY_INFO cpu0", smc(PSCI_AFFINITY_INFO, 0, 0, 0));
    report("AFFINITY_INFO cpu1", smc(PSCI_AFFINITY_INFO, 1, 0, 0));
    report("AFFINITY_INFO cluster", smc(PSCI_AFFINITY_INFO, 0, 1, 0));
    report("AFFINITY_INFO cpu2", smc(PSCI_AFFINITY_INFO, 2, 0, 0));
    report("CPU_ON cpu0", smc(PSCI_CPU_ON, 0, 0x40010000u, 0));
    report("CPU_ON cpu2", smc(PSCI_CPU_ON, 2, 0x40010000u, 0));
    report("CPU_ON 0x100", smc(PSCI_CPU_ON, 0x100, 0x40010000u, 0));
    volatile uint32_t *carve = (volatile uint32_t *)CARVEOUT;
    report("carve-out word", *carve);
    *carve = 0x12345678;
    report("carve-out word after a write", *carve);
    cpu1_round(0x1234);
    cpu1_round(0x5678);
    put("SYSTEM_RESET\n");
    smc(PSCI_SYSTEM_RESET, 0, 0, 0);
    put("SYSTEM_RESET returned\n");
}
