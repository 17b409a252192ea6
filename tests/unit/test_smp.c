/*
 * Several CPUs on the virt board: the global exclusive monitor (A3.4.2),
 * SEV and WFE (B1.8.13), HVC's hook and its UNDEFINED cases, broadcast TLB
 * maintenance, the requester ID that banks the GIC per CPU, and the
 * round-robin scheduler: PSCI CPU_ON and SYSTEM_OFF through HVC, all CPUs
 * off, and -icount idle time jumping to the next timer deadline.
 */
#include <string.h>

#include "../../src/core/smp.h"
#include "../../src/cpu/arm/cluster.h"
#include "../../src/cpu/arm/tlb.h"
#include "testlib.h"

#define CODE0 0x40000000u
#define CODE1 0x40001000u
#define DATA 0x40008000u

/* A32 encodings (ARM ARM A8.8). */
#define LDREX_R1_R0 0xe1901f9fu  /* ldrex r1, [r0] */
#define STREX_R2_R3_R0 0xe1802f93u /* strex r2, r3, [r0] */
#define STR_R4_R5 0xe5854000u   /* str r4, [r5] */
#define LDR_R1_R0 0xe5901000u   /* ldr r1, [r0] */
#define WFE 0xe320f002u
#define WFI 0xe320f003u
#define SEV 0xe320f004u
#define HVC_1234 0xe1412374u    /* hvc #0x1234 */
#define HVC_0 0xe1400070u       /* hvc #0 */
#define HVC_0_NE 0x11400070u    /* hvcne #0: not an HVC encoding */
#define TLBIALLIS 0xee080f13u   /* mcr p15, 0, r0, c8, c3, 0 */
#define B_SELF 0xeafffffeu

typedef struct SmpRig {
    VirtMachine board;
    Clock clock;
    Smp smp;
} SmpRig;

/* A two-CPU virt board (no secure=on), -icount shift 0, PSCI on. */
static void smp_rig_init(SmpRig *r, unsigned nr_cpus)
{
    VirtOptions o = { .ram_size = 1 << 20, .nr_cpus = nr_cpus };
    CHECK_EQ(virt_init(&r->board, &o, NULL), MEM_OK);
    clock_start(&r->clock);
    clock_set_icount(&r->clock, 0);
    smp_init(&r->smp, &r->board, &r->clock, true);
}

static void put(SmpRig *r, uint32_t addr, const uint32_t *words, size_t n)
{
    address_space_write(&r->board.as_ns, addr, (MemTxAttrs){ 0 }, words,
                        n * sizeof(uint32_t));
}

static uint32_t get(SmpRig *r, uint32_t addr)
{
    uint32_t v = 0;
    address_space_read(&r->board.as_ns, addr, (MemTxAttrs){ 0 }, &v, 4);
    return v;
}

/* Points CPU @i at @pc with the given r0..r5, IRQs masked. */
static ArmCpu *at(SmpRig *r, unsigned i, uint32_t pc, const uint32_t *regs)
{
    ArmCpu *cpu = r->board.cpus[i];
    arm_cpu_reset(cpu, pc);
    for (unsigned n = 0; n < 6; n++) {
        cpu->r[n] = regs[n];
    }
    return cpu;
}

/* CPU 0 marks DATA with LDREX; CPU 1 stores @value at @where (or not, if
 * @where is 0); CPU 0's STREX status is returned. */
static uint32_t strex_after_store(bool slow, uint32_t where, uint32_t value)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    const uint32_t code0[] = { LDREX_R1_R0, STREX_R2_R3_R0, B_SELF };
    const uint32_t code1[] = { STR_R4_R5, B_SELF };
    const uint32_t init = 5;
    put(&r, CODE0, code0, 3);
    put(&r, CODE1, code1, 2);
    put(&r, DATA, &init, 1);
    ArmCpu *c0 = at(&r, 0, CODE0, (const uint32_t[]){ DATA, 0, 9, 6, 0, 0 });
    ArmCpu *c1 = at(&r, 1, CODE1,
                    (const uint32_t[]){ 0, 0, 0, 0, value, where });
    c0->no_fast_path = c1->no_fast_path = slow;
    arm_cpu_run(c0, 1);
    CHECK_EQ(c0->r[1], 5);
    if (where) {
        arm_cpu_run(c1, 1);
    }
    arm_cpu_run(c0, 1);
    uint32_t status = c0->r[2];
    virt_destroy(&r.board);
    return status;
}

TEST(smp_global_monitor_clears_on_another_cpus_store)
{
    for (int slow = 0; slow < 2; slow++) {
        /* Nothing in between: STREX succeeds. */
        CHECK_EQ(strex_after_store(slow, 0, 0), 0);
        /* The same value stored again still breaks the reservation (a
         * value comparison alone would miss it). */
        CHECK_EQ(strex_after_store(slow, DATA, 5), 1);
        CHECK_EQ(strex_after_store(slow, DATA, 7), 1);
        /* Anywhere in the same 64-byte granule, but not beyond it. */
        CHECK_EQ(strex_after_store(slow, DATA + 60, 1), 1);
        CHECK_EQ(strex_after_store(slow, DATA + 64, 1), 0);
    }
}

TEST(smp_monitor_watch_only_while_another_cpu_holds_a_mark)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    ArmCpu *c0 = r.board.cpus[0], *c1 = r.board.cpus[1];
    CHECK(!c0->excl_watch && !c1->excl_watch);
    arm_excl_mark(c0, DATA, 4, 0, false);
    CHECK(!c0->excl_watch && c1->excl_watch);
    arm_excl_clear(c0);
    CHECK(!c0->excl_watch && !c1->excl_watch);
    CHECK_EQ(c0->excl_addr, UINT64_MAX);
    virt_destroy(&r.board);
}

TEST(smp_sev_wakes_wfe_on_every_cpu_but_not_wfi)
{
    SmpRig r;
    smp_rig_init(&r, 3);
    const uint32_t wfe[] = { WFE, B_SELF }, wfi[] = { WFI, B_SELF };
    const uint32_t sev[] = { SEV, WFE, B_SELF };
    put(&r, CODE0, sev, 3);
    put(&r, CODE1, wfe, 2);
    put(&r, CODE1 + 0x100, wfi, 2);
    const uint32_t none[6] = { 0 };
    ArmCpu *c0 = at(&r, 0, CODE0, none);
    ArmCpu *c1 = at(&r, 1, CODE1, none);
    ArmCpu *c2 = at(&r, 2, CODE1 + 0x100, none);
    CHECK_EQ(arm_cpu_run(c1, 5), ARM_EXIT_WFI);
    CHECK_EQ(arm_cpu_run(c2, 5), ARM_EXIT_WFI);
    CHECK(c1->halted && c1->in_wfe && c2->halted);
    arm_cpu_run(c0, 1);
    CHECK(!c1->halted && c1->event);
    CHECK(c2->halted);
    /* CPU 0's own Event Register was set too: its WFE falls through. */
    arm_cpu_run(c0, 1);
    CHECK(!c0->halted && !c0->event);
    /* An interrupt, even masked, ends a WFE too. */
    c1->event = false;
    c1->r[15] = CODE1;
    arm_cpu_run(c1, 1);
    CHECK(c1->halted);
    arm_cpu_irq_input(c1, ARM_CPU_IRQ, 1);
    CHECK(!c1->halted);
    virt_destroy(&r.board);
}

static unsigned hvc_calls;
static uint32_t hvc_imm;

static bool count_hvc(ArmCpu *cpu, uint32_t imm16, void *opaque)
{
    (void)cpu, (void)opaque;
    hvc_calls++;
    hvc_imm = imm16;
    return true;
}

TEST(smp_hvc_reaches_the_hook_only_from_pl1_and_unconditional)
{
    SmpRig r;
    smp_rig_init(&r, 1);
    const uint32_t code[] = { HVC_1234, HVC_0_NE, B_SELF };
    put(&r, CODE0, code, 3);
    ArmCpu *cpu = at(&r, 0, CODE0, (const uint32_t[6]){ 0 });
    cpu->hooks.hvc = count_hvc;
    hvc_calls = 0;
    arm_cpu_run(cpu, 1);
    CHECK_EQ(hvc_calls, 1);
    CHECK_EQ(hvc_imm, 0x1234);
    CHECK_EQ(cpu->r[15], CODE0 + 4);
    /* A conditional HVC is UNDEFINED (vector 0x04, Undefined mode). */
    arm_cpu_run(cpu, 1);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    CHECK_EQ(cpu->r[15], 0x4);
    /* User mode: UNDEFINED, the hook is not asked. */
    arm_cpu_reset(cpu, CODE0);
    arm_cpsr_write(cpu, ARM_MODE_USR, CPSR_M);
    arm_cpu_run(cpu, 1);
    CHECK_EQ(hvc_calls, 1);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    /* No hook (no PSCI): UNDEFINED as well. */
    cpu->hooks.hvc = NULL;
    arm_cpu_reset(cpu, CODE0);
    arm_cpu_run(cpu, 1);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    virt_destroy(&r.board);
}

TEST(smp_requester_id_banks_the_gic_and_tlbiallis_reaches_every_cpu)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    const uint32_t code[] = { LDR_R1_R0, TLBIALLIS, B_SELF };
    put(&r, CODE0, code, 3);
    /* GICD_ITARGETSR0 reads as the reading CPU's own bit. */
    const uint32_t regs[6] = { 0x08000800u };
    ArmCpu *c0 = at(&r, 0, CODE0, regs), *c1 = at(&r, 1, CODE0, regs);
    arm_cpu_run(c0, 1);
    arm_cpu_run(c1, 1);
    CHECK_EQ(c0->r[1], 0x01010101u);
    CHECK_EQ(c1->r[1], 0x02020202u);
    /* CPU 1's TLB holds its code page; CPU 0's TLBIALLIS drops it. */
    CHECK(arm_tlb_host(c1, CODE0, 4, ARM_ACC_FETCH, false) != NULL);
    arm_cpu_run(c0, 1);
    CHECK(arm_tlb_host(c1, CODE0, 4, ARM_ACC_FETCH, false) == NULL);
    virt_destroy(&r.board);
}

static unsigned services;

static void count_service(void *opaque)
{
    (void)opaque;
    services++;
}

/* mov r0-r3 for a PSCI call: movw/movt r0, then movw r1..r3. */
static size_t psci_call_code(uint32_t *p, uint32_t fn, uint16_t a1,
                             uint16_t a2, uint16_t a3)
{
    p[0] = 0xe3000000u | ((fn & 0xf000u) << 4) | (fn & 0xfffu);
    p[1] = 0xe3400000u | ((fn >> 12 & 0xf0000u)) | (fn >> 16 & 0xfffu);
    p[2] = 0xe3001000u | ((a1 & 0xf000u) << 4) | (a1 & 0xfffu);
    p[3] = 0xe3002000u | ((a2 & 0xf000u) << 4) | (a2 & 0xfffu);
    p[4] = 0xe3003000u | ((a3 & 0xf000u) << 4) | (a3 & 0xfffu);
    p[5] = HVC_0;
    return 6;
}

TEST(smp_run_cpu_on_then_system_off)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    /* CPU 0: CPU_ON(1, CODE1, 0x77), wait for CPU 1's word at DATA (r5),
     * SYSTEM_OFF. */
    uint32_t code0[32];
    size_t n = psci_call_code(code0, PSCI_CPU_ON, 1, (uint16_t)CODE1, 0x77);
    code0[n - 1] = 0xe3442000u; /* movt r2, #0x4000 */
    code0[n++] = HVC_0;
    /* wait: ldr r1, [r5]; cmp r1, #0; beq wait */
    code0[n++] = 0xe5951000u;
    code0[n++] = 0xe3510000u;
    code0[n++] = 0x0afffffcu;
    n += psci_call_code(code0 + n, PSCI_SYSTEM_OFF, 0, 0, 0);
    code0[n++] = B_SELF;
    /* CPU 1: str r0 (its context id) at DATA; b self. */
    const uint32_t code1[] = { 0xe3a05902u /* mov r5, #0x8000 */,
                               0xe3445000u /* movt r5, #0x4000 */,
                               0xe5850000u /* str r0, [r5] */, B_SELF };
    put(&r, CODE0, code0, n);
    put(&r, CODE1, code1, 4);
    at(&r, 0, CODE0, (const uint32_t[]){ 0, 0, 0, 0, 0, DATA });
    services = 0;
    CHECK_EQ(smp_run(&r.smp, count_service, NULL), SMP_STOP_OFF);
    CHECK_EQ(get(&r, DATA), 0x77);
    CHECK_EQ(r.smp.psci.power[1], PSCI_POWER_ON);
    CHECK(services > 0);
    CHECK(r.board.cpus[1]->insns > 0);
    virt_destroy(&r.board);
}

TEST(smp_run_stops_when_every_cpu_is_off)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    uint32_t code[8];
    size_t n = psci_call_code(code, PSCI_CPU_OFF, 0, 0, 0);
    code[n++] = B_SELF;
    put(&r, CODE0, code, n);
    at(&r, 0, CODE0, (const uint32_t[6]){ 0 });
    CHECK_EQ(smp_run(&r.smp, count_service, NULL), SMP_STOP_ALL_OFF);
    virt_destroy(&r.board);
}

TEST(smp_icount_idle_jumps_to_the_timer_deadline)
{
    SmpRig r;
    smp_rig_init(&r, 2);
    /* The GIC lets CPU 0's virtual timer PPI (27) through. */
    const MemTxAttrs a = { 0 };
    MemTxResult res;
    address_space_stl_le(&r.board.as_ns, 0x08000000u, 1, a, &res);
    address_space_stl_le(&r.board.as_ns, 0x08000100u, 1u << 27, a, &res);
    address_space_stl_le(&r.board.as_ns, 0x08010004u, 0xff, a, &res);
    address_space_stl_le(&r.board.as_ns, 0x08010000u, 1, a, &res);
    /* CPU 0 waits for its timer (one second away), then SYSTEM_OFF; the
     * interrupt stays masked, WFI just ends. CPU 1 stays off. */
    uint32_t code[16];
    size_t n = 0;
    code[n++] = WFI;
    n += psci_call_code(code + n, PSCI_SYSTEM_OFF, 0, 0, 0);
    code[n++] = B_SELF;
    put(&r, CODE0, code, n);
    ArmCpu *c0 = at(&r, 0, CODE0, (const uint32_t[6]){ 0 });
    c0->gt[ARM_GT_VIRT] = (ArmGTimer){ .cval = 62500000, .ctl = 1 };
    CHECK_EQ(smp_run(&r.smp, count_service, NULL), SMP_STOP_OFF);
    uint64_t now = clock_now_ns(&r.clock);
    /* One second of idle time plus one nanosecond per instruction. */
    CHECK(now >= 1000000000ull && now < 1000000000ull + 16);
    CHECK_EQ(c0->insns, n - 1);
    virt_destroy(&r.board);
}

TEST(smp_icount_clock_counts_instructions)
{
    Clock c;
    clock_start(&c);
    clock_set_icount(&c, 3);
    CHECK_EQ(clock_now_ns(&c), 0);
    uint64_t done = 5;
    clock_run_begin(&c, &done);
    CHECK_EQ(clock_now_ns(&c), 40);
    clock_run_end(&c, 10);
    CHECK_EQ(clock_now_ns(&c), 80);
    CHECK_EQ(clock_insns_until(&c, 81), 1);
    CHECK_EQ(clock_insns_until(&c, 160), 10);
    CHECK_EQ(clock_insns_until(&c, 50), 1);
    CHECK_EQ(clock_insns_until(&c, UINT64_MAX), UINT64_MAX);
    clock_idle_until(&c, 1000, 10, NULL, 0);
    CHECK_EQ(clock_now_ns(&c), 1000);
    /* Host time knows no instruction budget. */
    clock_start(&c);
    CHECK_EQ(clock_insns_until(&c, 1000), UINT64_MAX);
}
