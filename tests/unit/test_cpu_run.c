/*
 * Running code: small A32 programs placed in RAM, run by arm_cpu_run(),
 * for what guest tests cannot reach without an interrupt controller: the
 * IRQ and FIQ inputs, their masking and priority, and WFI.
 */
#include <string.h>

#include "../../src/cpu/arm/cpu.h"
#include "testlib.h"

#define RAM_BASE 0x40000000u
#define VECTORS 0x40001000u

/* A32 encodings (ARM ARM A8.8): a branch to itself, and WFI. */
#define B_SELF 0xeafffffeu
#define WFI 0xe320f003u
#define NOP 0xe320f000u

typedef struct Run {
    TestSpace ts;
    uint32_t *ram;
    ArmCpu *cpu;
} Run;

/* A CPU in Secure SVC with A/I/F clear, vectors at VECTORS (each a branch
 * to itself), running from RAM_BASE. */
static void run_init(Run *r, const uint32_t *code, size_t n)
{
    testspace_init(&r->ts);
    MemoryRegion *ram = test_ram("ram", 0x10000, 0);
    r->ram = memory_region_get_ram_ptr(ram);
    testspace_add(&r->ts, RAM_BASE, ram, 0);
    memcpy(r->ram, code, n * sizeof(uint32_t));
    for (unsigned i = 0; i < 8; i++) {
        r->ram[(VECTORS - RAM_BASE) / 4 + i] = B_SELF;
    }
    r->cpu = arm_cpu_new(&r->ts.as, NULL, true);
    arm_cpu_reset(r->cpu, RAM_BASE);
    r->cpu->cp15.vbar[1] = VECTORS;
    arm_cpsr_write(r->cpu, 0, CPSR_A | CPSR_I | CPSR_F);
}

static void run_free(Run *r)
{
    arm_cpu_free(r->cpu);
    testspace_destroy(&r->ts);
}

TEST(cpu_run_irq_taken_at_the_next_boundary)
{
    static const uint32_t code[] = { NOP, NOP, B_SELF };
    Run r;
    run_init(&r, code, 3);
    CHECK_EQ(arm_cpu_run(r.cpu, 2), ARM_EXIT_BUDGET);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 8);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    arm_cpu_run(r.cpu, 1);
    /* The IRQ vector's branch ran once: the CPU sits at the vector. */
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_IRQ);
    CHECK_EQ(r.cpu->r[15], VECTORS + 0x18);
    /* LR_irq is the interrupted instruction + 4 (B1.8.10). */
    CHECK_EQ(r.cpu->r[14], RAM_BASE + 8 + 4);
    CHECK_EQ(r.cpu->spsr & CPSR_M, ARM_MODE_SVC);
    CHECK(r.cpu->cpsr_ctl & CPSR_I);
    CHECK(!(r.cpu->cpsr_ctl & CPSR_F));
    run_free(&r);
}

TEST(cpu_run_masked_interrupts_wait_and_fiq_comes_first)
{
    static const uint32_t code[] = { NOP, NOP, NOP, B_SELF };
    Run r;
    run_init(&r, code, 4);
    arm_cpsr_write(r.cpu, CPSR_I | CPSR_F, CPSR_I | CPSR_F);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    arm_cpu_irq_input(r.cpu, ARM_CPU_FIQ, 1);
    arm_cpu_run(r.cpu, 2);
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_SVC);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 8);
    /* Unmask both: the FIQ wins. */
    arm_cpsr_write(r.cpu, 0, CPSR_I | CPSR_F);
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_FIQ);
    CHECK_EQ(r.cpu->r[15], VECTORS + 0x1c);
    run_free(&r);
}

TEST(cpu_run_irq_routed_to_monitor_by_scr)
{
    static const uint32_t code[] = { NOP, B_SELF };
    Run r;
    run_init(&r, code, 2);
    r.cpu->cp15.mvbar = VECTORS;
    r.cpu->cp15.scr |= SCR_IRQ;
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_MON);
    CHECK_EQ(r.cpu->r[15], VECTORS + 0x18);
    run_free(&r);
}

TEST(cpu_run_wfi_sleeps_until_an_interrupt_even_masked)
{
    static const uint32_t code[] = { WFI, NOP, B_SELF };
    Run r;
    run_init(&r, code, 3);
    arm_cpsr_write(r.cpu, CPSR_I, CPSR_I);
    CHECK_EQ(arm_cpu_run(r.cpu, 100), ARM_EXIT_WFI);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 4);
    CHECK_EQ(arm_cpu_run(r.cpu, 100), ARM_EXIT_WFI);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    /* Masked: the CPU wakes and goes on without taking it. */
    CHECK_EQ(arm_cpu_run(r.cpu, 1), ARM_EXIT_BUDGET);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 8);
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_SVC);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 0);
    run_free(&r);
}

TEST(cpu_run_wfi_with_an_interrupt_already_pending_does_not_sleep)
{
    static const uint32_t code[] = { WFI, NOP, B_SELF };
    Run r;
    run_init(&r, code, 3);
    arm_cpsr_write(r.cpu, CPSR_I, CPSR_I);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    CHECK_EQ(arm_cpu_run(r.cpu, 2), ARM_EXIT_BUDGET);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 8);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 0);
    run_free(&r);
}

TEST(cpu_run_cpsie_takes_a_pending_irq_before_the_next_instruction)
{
    /* cpsie i; nop; nop; b . */
    static const uint32_t code[] = { 0xf1080080u, NOP, NOP, B_SELF };
    Run r;
    run_init(&r, code, 4);
    arm_cpsr_write(r.cpu, CPSR_I, CPSR_I);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    arm_cpu_run(r.cpu, 2);
    /* cpsie, then the IRQ vector's branch: not the nop after cpsie. */
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_IRQ);
    CHECK_EQ(r.cpu->r[15], VECTORS + 0x18);
    /* LR_irq: the interrupted instruction (the first nop) + 4. */
    CHECK_EQ(r.cpu->r[14], RAM_BASE + 8);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 0);
    run_free(&r);
}
