/*
 * Thumb execution from RAM by arm_cpu_run(), for what guest tests cannot
 * see directly: an IRQ taken inside an IT block (the SPSR holds the
 * ITSTATE of the next instruction, LR that instruction + 4, ARM ARM
 * B1.8.3), the same bytes decoded as A32 and as Thumb at one address, and
 * ITSTATE advancing instruction by instruction (A2.5.2).
 */
#include <string.h>

#include "../../src/cpu/arm/cpu.h"
#include "../../src/cpu/arm/thumb.h"
#include "testlib.h"

#define RAM_BASE 0x40000000u
#define VECTORS 0x40001000u
/* A32: a branch to itself. */
#define B_SELF 0xeafffffeu

typedef struct ThumbRun {
    TestSpace ts;
    uint8_t *ram;
    ArmCpu *cpu;
} ThumbRun;

/* A CPU in Secure SVC with A/I/F clear, vectors at VECTORS (each an A32
 * branch to itself), in Thumb state at RAM_BASE running @code. */
static void thumb_init(ThumbRun *r, const uint16_t *code, size_t n)
{
    testspace_init(&r->ts);
    MemoryRegion *ram = test_ram("ram", 0x10000, 0);
    r->ram = memory_region_get_ram_ptr(ram);
    testspace_add(&r->ts, RAM_BASE, ram, 0);
    memcpy(r->ram, code, n * sizeof(uint16_t));
    for (unsigned i = 0; i < 8; i++) {
        uint32_t b = B_SELF;
        memcpy(r->ram + (VECTORS - RAM_BASE) + 4 * i, &b, 4);
    }
    r->cpu = arm_cpu_new(&r->ts.as, NULL, true);
    arm_cpu_reset(r->cpu, RAM_BASE);
    r->cpu->cp15.vbar[1] = VECTORS;
    arm_cpsr_write(r->cpu, CPSR_T, CPSR_A | CPSR_I | CPSR_F | CPSR_T);
}

static void thumb_free(ThumbRun *r)
{
    arm_cpu_free(r->cpu);
    testspace_destroy(&r->ts);
}

/* CMP r0, r0; ITTTT EQ; four MOVEQ r1, #n; then a branch to itself. */
static const uint16_t it_block[] = {
    0x4280, 0xbf01, 0x2101, 0x2102, 0x2103, 0x2104, 0xe7fe,
};

TEST(thumb_itstate_advances_per_instruction)
{
    ThumbRun r;
    thumb_init(&r, it_block, 7);
    arm_cpu_run(r.cpu, 2);
    /* After IT: firstcond EQ (0000), mask 0001 for four instructions. */
    CHECK_EQ(thumb_itstate(r.cpu->cpsr_ctl), 0x01);
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(thumb_itstate(r.cpu->cpsr_ctl), 0x02);
    CHECK_EQ(r.cpu->r[1], 1);
    arm_cpu_run(r.cpu, 3);
    CHECK_EQ(thumb_itstate(r.cpu->cpsr_ctl), 0);
    CHECK_EQ(r.cpu->r[1], 4);
    CHECK_EQ(r.cpu->r[15], RAM_BASE + 12);
    thumb_free(&r);
}

TEST(thumb_irq_inside_an_it_block)
{
    ThumbRun r;
    thumb_init(&r, it_block, 7);
    /* CMP, IT, the first MOVEQ: the IRQ comes before the second. */
    arm_cpu_run(r.cpu, 3);
    unsigned it = thumb_itstate(r.cpu->cpsr_ctl);
    arm_cpu_irq_input(r.cpu, ARM_CPU_IRQ, 1);
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(arm_mode(r.cpu), ARM_MODE_IRQ);
    CHECK_EQ(r.cpu->r[14], RAM_BASE + 6 + 4);
    CHECK_EQ(thumb_itstate(r.cpu->spsr), it);
    CHECK_EQ(r.cpu->spsr & CPSR_T, CPSR_T);
    /* Taken in A32 state (SCTLR.TE clear), IT cleared. */
    CHECK_EQ(r.cpu->cpsr_ctl & CPSR_T, 0);
    CHECK_EQ(thumb_itstate(r.cpu->cpsr_ctl), 0);
    thumb_free(&r);
}

TEST(thumb_and_a32_decodes_of_one_address_stay_apart)
{
    /* MOVS r0, #1; MOVS r1, #2 in Thumb; as the A32 word 0x21022001,
     * MRSCS r2, APSR, which does not run with C clear after reset. */
    static const uint16_t code[] = { 0x2001, 0x2102, 0xe7fe };
    ThumbRun r;
    thumb_init(&r, code, 3);
    arm_cpsr_write(r.cpu, 0, CPSR_T);
    arm_cpu_run(r.cpu, 1);
    CHECK_EQ(r.cpu->r[0], 0);
    CHECK_EQ(r.cpu->r[1], 0);
    r.cpu->r[15] = RAM_BASE;
    arm_cpsr_write(r.cpu, CPSR_T, CPSR_T);
    arm_cpu_run(r.cpu, 2);
    CHECK_EQ(r.cpu->r[0], 1);
    CHECK_EQ(r.cpu->r[1], 2);
    thumb_free(&r);
}
