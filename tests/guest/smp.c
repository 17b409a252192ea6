// args: -M virt -smp 2
/*
 * Two CPUs through PSCI over HVC: the answers of PSCI_VERSION, FEATURES,
 * MIGRATE_INFO_TYPE, AFFINITY_INFO, CPU_SUSPEND and CPU_ON (bad targets,
 * already on), an unknown function and HVC from User mode; CPU 1 started
 * by CPU_ON (its registers and mode on entry); SGIs sent each way through
 * GICD_SGIR and acknowledged on each CPU's own interface; a counter
 * incremented by both CPUs with LDREX/STREX; another CPU's store making a
 * STREX fail; CPU_OFF seen through AFFINITY_INFO, CPU 1 started again,
 * and SYSTEM_OFF. Only CPU 0 prints, after CPU 1 said it was done.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"
#include "lib/psci.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define GICD 0x08000000u
#define GICC 0x08010000u
#define GICD_CTLR REG(GICD + 0x000)
#define GICD_SGIR REG(GICD + 0xf00)
#define GICC_CTLR REG(GICC + 0x00)
#define GICC_PMR REG(GICC + 0x04)
#define GICC_IAR REG(GICC + 0x0c)
#define GICC_EOIR REG(GICC + 0x10)
/* GICD_SGIR: TargetListFilter 0 (the list) or 1 (all but self). */
#define SGI_TO(list, id) (((uint32_t)(list) << 16) | (id))
#define SGI_TO_OTHERS(id) ((1u << 24) | (id))

#define COUNT 20000
#define SPIN_LIMIT 50000000u

/* Each flag in its own exclusives reservation granule. */
#define SHARED __attribute__((aligned(64)))

static volatile uint32_t cpu1_ctx SHARED, cpu1_cpsr, cpu1_mpidr, cpu1_starts;
static volatile uint32_t cpu1_ready SHARED;
static volatile uint32_t cpu1_iar[4] SHARED, nr_cpu1_iar;
static volatile uint32_t cpu0_iar[4] SHARED, nr_cpu0_iar;
static volatile uint32_t go SHARED;
static volatile uint32_t counter SHARED;
static volatile uint32_t cpu1_counted SHARED;
static volatile uint32_t store_now SHARED;
static volatile uint32_t stored SHARED;
static volatile uint32_t x SHARED;
static volatile uint32_t off_now SHARED;

/* Used from cpu1_entry only. */
extern uint64_t cpu1_stack[512], cpu1_exc_stack[512];
uint64_t cpu1_stack[512] __attribute__((aligned(8)));
uint64_t cpu1_exc_stack[512] __attribute__((aligned(8)));

static unsigned cpu_id(void)
{
    return MRC(0, 0, 0, 5) & 0xff;
}

static void dmb(void)
{
    __asm__ volatile("dmb" ::: "memory");
}

/* Waits for *@flag to become @want; false after too long. */
static int wait_for(volatile uint32_t *flag, uint32_t want)
{
    for (uint32_t i = 0; i < SPIN_LIMIT; i++) {
        if (*flag == want) {
            dmb();
            return 1;
        }
    }
    return 0;
}

static void atomic_inc(volatile uint32_t *p)
{
    uint32_t v, fail;
    __asm__ volatile("1:\tldrex %0, [%2]\n\t"
                     "add %0, %0, #1\n\t"
                     "strex %1, %0, [%2]\n\t"
                     "teq %1, #0\n\t"
                     "bne 1b"
                     : "=&r"(v), "=&r"(fail)
                     : "r"(p)
                     : "memory", "cc");
}

static uint32_t ldrex(volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static uint32_t strex(volatile uint32_t *p, uint32_t v)
{
    uint32_t fail;
    __asm__ volatile("strex %0, %1, [%2]"
                     : "=&r"(fail)
                     : "r"(v), "r"(p)
                     : "memory");
    return fail;
}

/* Both CPUs: record the SGI; CPU 1 answers each with the next SGI ID to
 * every other CPU. */
static void on_irq(ExcFrame *f)
{
    if (f->type != EXC_IRQ) {
        return;
    }
    uint32_t iar = GICC_IAR;
    if (cpu_id() == 1) {
        if (nr_cpu1_iar < 4) {
            cpu1_iar[nr_cpu1_iar++] = iar;
        }
        dmb();
        GICD_SGIR = SGI_TO_OTHERS(((iar & 0x3ff) + 1) & 0xf);
    } else if (nr_cpu0_iar < 4) {
        cpu0_iar[nr_cpu0_iar++] = iar;
    }
    GICC_EOIR = iar;
}

void cpu1_main(uint32_t ctx);

void cpu1_main(uint32_t ctx)
{
    cpu1_ctx = ctx;
    cpu1_cpsr = cpsr_read();
    cpu1_mpidr = MRC(0, 0, 0, 5);
    cpu1_starts++;
    if (cpu1_starts > 1) {
        dmb();
        psci_call(PSCI_CPU_OFF, 0, 0, 0);
    }
    exc_install();
    GICC_PMR = 0xff;
    GICC_CTLR = 1;
    __asm__ volatile("cpsie i");
    dmb();
    cpu1_ready = 1;

    wait_for(&go, 1);
    for (int i = 0; i < COUNT / 2; i++) {
        atomic_inc(&counter);
    }
    dmb();
    cpu1_counted = 1;

    wait_for(&store_now, 1);
    x = 6;
    dmb();
    stored = 1;

    wait_for(&off_now, 1);
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    /* Never reached: CPU_OFF does not return. */
    cpu1_ready = 0xbad;
    for (;;) {
    }
}

/* CPU 1's entry: stacks for SVC and IRQ/Undefined mode, then C. */
extern char cpu1_entry[];
__asm__(".global cpu1_entry\n"
        "cpu1_entry:\n\t"
        "ldr sp, =cpu1_stack + 4096\n\t"
        "cps #0x12\n\t"
        "ldr sp, =cpu1_exc_stack + 4096\n\t"
        "cps #0x13\n\t"
        "b cpu1_main\n\t"
        ".ltorg");

static uint32_t user_hvc(uint32_t fn)
{
    return (uint32_t)psci_call(fn, 0, 0, 0);
}

static void show_calls(void)
{
    printf("PSCI_VERSION %08x\n", (unsigned)psci_call(PSCI_VERSION, 0, 0, 0));
    printf("MIGRATE_INFO_TYPE %d\n",
           (int)psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0));
    printf("MIGRATE %d\n", (int)psci_call(PSCI_MIGRATE, 0, 0, 0));
    printf("MIGRATE_INFO_UP_CPU %d\n",
           (int)psci_call(PSCI_MIGRATE_INFO_UP_CPU, 0, 0, 0));
    printf("FEATURES 0x84000000-0x8400001f:");
    for (uint32_t fn = 0x84000000u; fn < 0x84000020u; fn++) {
        printf(" %d", (int)psci_call(PSCI_FEATURES, fn, 0, 0));
    }
    printf("\nFEATURES of 0xc4000003 0x95c1ba5e-61 0x12345678:");
    static const uint32_t others[] = { 0xc4000003u, 0x95c1ba5eu, 0x95c1ba5fu,
                                       0x95c1ba60u, 0x95c1ba61u,
                                       0x12345678u };
    for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        printf(" %d", (int)psci_call(PSCI_FEATURES, others[i], 0, 0));
    }
    printf("\n");
    exc_clear();
    printf("unknown function 0x12345678: %d, exceptions %u\n",
           (int)psci_call(0x12345678u, 0, 0, 0), (unsigned)exc_last.count);
    printf("64-bit CPU_ON 0xc4000003: %d\n",
           (int)psci_call(0xc4000003u, 1, (uint32_t)cpu1_entry, 0));
    exc_clear();
    uint32_t r = run_in_mode(MODE_USR, user_hvc, PSCI_VERSION);
    printf("HVC from User mode: r0 %08x, exception type %u\n", (unsigned)r,
           (unsigned)exc_last.type);
    printf("AFFINITY_INFO cpu0 %d cpu1 %d cpu9 %d cpu1-level1 %d\n",
           (int)psci_call(PSCI_AFFINITY_INFO, 0, 0, 0),
           (int)psci_call(PSCI_AFFINITY_INFO, 1, 0, 0),
           (int)psci_call(PSCI_AFFINITY_INFO, 9, 0, 0),
           (int)psci_call(PSCI_AFFINITY_INFO, 1, 1, 0));
    printf("CPU_ON cpu9 %d, 0x80000001 %d, cpu0 (self) %d\n",
           (int)psci_call(PSCI_CPU_ON, 9, (uint32_t)cpu1_entry, 0),
           (int)psci_call(PSCI_CPU_ON, 0x80000001u, (uint32_t)cpu1_entry, 0),
           (int)psci_call(PSCI_CPU_ON, 0, (uint32_t)cpu1_entry, 0));
    /* A masked SGI to self is pending: the suspend returns at once. */
    printf("CPU_SUSPEND bad state %d\n",
           (int)psci_call(PSCI_CPU_SUSPEND, 0x01000000u, 0, 0));
    GICD_SGIR = SGI_TO(1, 2);
    printf("CPU_SUSPEND standby %d\n",
           (int)psci_call(PSCI_CPU_SUSPEND, 0, 0, 0));
    __asm__ volatile("cpsie i");
    wait_for(&nr_cpu0_iar, 1);
    __asm__ volatile("cpsid i");
    printf("woken by SGI %03x\n", (unsigned)cpu0_iar[0]);
    nr_cpu0_iar = 0;
}

static void start_cpu1(void)
{
    printf("CPU_ON cpu1 %d\n",
           (int)psci_call(PSCI_CPU_ON, 1, (uint32_t)cpu1_entry, 0x1234));
    if (!wait_for(&cpu1_ready, 1)) {
        printf("cpu1 did not start\n");
        return;
    }
    printf("cpu1: r0 %08x, mode %s, AIF %u, T %u, MPIDR %08x\n",
           (unsigned)cpu1_ctx, mode_name(cpu1_cpsr & 0x1f),
           (unsigned)(cpu1_cpsr >> 6) & 7, (unsigned)(cpu1_cpsr >> 5) & 1,
           (unsigned)cpu1_mpidr);
    printf("AFFINITY_INFO cpu1 %d, CPU_ON cpu1 again %d\n",
           (int)psci_call(PSCI_AFFINITY_INFO, 1, 0, 0),
           (int)psci_call(PSCI_CPU_ON, 1, (uint32_t)cpu1_entry, 0));
}

static void exchange_sgis(void)
{
    __asm__ volatile("cpsie i");
    GICD_SGIR = SGI_TO(2, 3);
    wait_for(&nr_cpu0_iar, 1);
    GICD_SGIR = SGI_TO_OTHERS(9);
    wait_for(&nr_cpu0_iar, 2);
    __asm__ volatile("cpsid i");
    printf("cpu1 acknowledged %03x %03x; cpu0 acknowledged %03x %03x\n",
           (unsigned)cpu1_iar[0], (unsigned)cpu1_iar[1],
           (unsigned)cpu0_iar[0], (unsigned)cpu0_iar[1]);
}

static void exclusives(void)
{
    dmb();
    go = 1;
    for (int i = 0; i < COUNT / 2; i++) {
        atomic_inc(&counter);
    }
    wait_for(&cpu1_counted, 1);
    printf("counter %u (expected %u)\n", (unsigned)counter, COUNT);

    x = 5;
    uint32_t seen = ldrex(&x);
    dmb();
    store_now = 1;
    wait_for(&stored, 1);
    uint32_t fail = strex(&x, 7);
    printf("LDREX saw %u; cpu1 stored 6; STREX status %u, x %u\n",
           (unsigned)seen, (unsigned)fail, (unsigned)x);
    seen = ldrex(&x);
    fail = strex(&x, seen + 1);
    printf("LDREX saw %u; STREX status %u, x %u\n", (unsigned)seen,
           (unsigned)fail, (unsigned)x);
}

static void stop_and_restart_cpu1(void)
{
    dmb();
    off_now = 1;
    uint32_t i = 0;
    while (psci_call(PSCI_AFFINITY_INFO, 1, 0, 0) != 1 && i < SPIN_LIMIT) {
        i++;
    }
    printf("after CPU_OFF: AFFINITY_INFO cpu1 %d\n",
           (int)psci_call(PSCI_AFFINITY_INFO, 1, 0, 0));
    printf("CPU_ON cpu1 %d\n",
           (int)psci_call(PSCI_CPU_ON, 1, (uint32_t)cpu1_entry, 0x5678));
    wait_for(&cpu1_starts, 2);
    i = 0;
    while (psci_call(PSCI_AFFINITY_INFO, 1, 0, 0) != 1 && i < SPIN_LIMIT) {
        i++;
    }
    printf("cpu1 started again with r0 %08x, then off: AFFINITY_INFO %d\n",
           (unsigned)cpu1_ctx, (int)psci_call(PSCI_AFFINITY_INFO, 1, 0, 0));
}

int main(void)
{
    exc_install();
    exc_hook = on_irq;
    GICD_CTLR = 1;
    GICC_PMR = 0xff;
    GICC_CTLR = 1;
    show_calls();
    start_cpu1();
    exchange_sgis();
    exclusives();
    stop_and_restart_cpu1();
    printf("SYSTEM_OFF\n");
    fflush(stdout);
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    printf("SYSTEM_OFF returned\n");
    return 1;
}
