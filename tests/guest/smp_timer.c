// args: -M virt -smp 2
/*
 * Both CPUs timer-driven: each arms its own virtual timer (PPI 27 on its
 * own GIC CPU interface) again and again and spins, counting, until the
 * interrupt comes. How long each spins depends on time, so only the
 * interrupt counts are printed; under -icount the whole run, spins
 * included, repeats instruction for instruction (tests/cli).
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"
#include "lib/psci.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define GICD 0x08000000u
#define GICC 0x08010000u
#define GICD_CTLR REG(GICD + 0x000)
#define GICD_ISENABLER0 REG(GICD + 0x100)
#define GICC_CTLR REG(GICC + 0x00)
#define GICC_PMR REG(GICC + 0x04)
#define GICC_IAR REG(GICC + 0x0c)
#define GICC_EOIR REG(GICC + 0x10)

#define PPI_VTIMER 27
#define ROUNDS 5
/* 100 us at 62.5 MHz. */
#define TICKS 6250
#define SPIN_LIMIT 100000000u

static volatile uint32_t taken[2] __attribute__((aligned(64)));
static volatile uint32_t spun[2];
static volatile uint32_t cpu1_done __attribute__((aligned(64)));

/* Used from cpu1_entry only. */
extern uint64_t cpu1_stack[512], cpu1_irq_stack[512];
uint64_t cpu1_stack[512] __attribute__((aligned(8)));
uint64_t cpu1_irq_stack[512] __attribute__((aligned(8)));

static unsigned cpu_id(void)
{
    return MRC(0, 0, 0, 5) & 0xff;
}

static void vtimer_arm(uint32_t ticks)
{
    __asm__ volatile("mcr p15, 0, %0, c14, c3, 0" : : "r"(ticks)); /* TVAL */
    __asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb"
                     :
                     : "r"(1u)); /* CTL: enabled, unmasked */
}

static void on_irq(ExcFrame *f)
{
    if (f->type != EXC_IRQ) {
        return;
    }
    uint32_t iar = GICC_IAR;
    if ((iar & 0x3ff) == PPI_VTIMER) {
        /* Quiet the timer until it is armed again. */
        __asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" : : "r"(0u));
        taken[cpu_id()]++;
    }
    GICC_EOIR = iar;
}

/* Each round: arm, then spin until the interrupt was taken. */
static void run_rounds(unsigned me)
{
    exc_install();
    GICC_PMR = 0xff;
    GICC_CTLR = 1;
    GICD_ISENABLER0 = 1u << PPI_VTIMER;
    __asm__ volatile("cpsie i");
    for (unsigned round = 0; round < ROUNDS; round++) {
        uint32_t before = taken[me];
        vtimer_arm(TICKS);
        for (uint32_t i = 0; taken[me] == before && i < SPIN_LIMIT; i++) {
            spun[me]++;
        }
    }
    __asm__ volatile("cpsid i");
}

void cpu1_main(void);

void cpu1_main(void)
{
    run_rounds(1);
    __asm__ volatile("dmb" ::: "memory");
    cpu1_done = 1;
    for (;;) {
        __asm__ volatile("wfi");
    }
}

extern char cpu1_entry[];
__asm__(".global cpu1_entry\n"
        "cpu1_entry:\n\t"
        "ldr sp, =cpu1_stack + 4096\n\t"
        "cps #0x12\n\t"
        "ldr sp, =cpu1_irq_stack + 4096\n\t"
        "cps #0x13\n\t"
        "b cpu1_main\n\t"
        ".ltorg");

int main(void)
{
    exc_hook = on_irq;
    GICD_CTLR = 1;
    printf("CPU_ON cpu1 %d\n",
           (int)psci_call(PSCI_CPU_ON, 1, (uint32_t)cpu1_entry, 0));
    run_rounds(0);
    for (uint32_t i = 0; !cpu1_done && i < SPIN_LIMIT; i++) {
    }
    printf("timer interrupts: cpu0 %u, cpu1 %u; both spun: %s\n",
           (unsigned)taken[0], (unsigned)taken[1],
           spun[0] && spun[1] ? "yes" : "no");
    return 0;
}
