/*
 * The PSCI server: every function's answers and return codes (DEN 0022D
 * 5.2.2) as qemu-system-arm 7.2 gives them, the power states CPU_ON,
 * CPU_OFF and the first run of a started CPU move through, and what the
 * board is asked to do.
 */
#include "../../src/core/psci.h"
#include "cpu_rig.h"

/* What the board was asked. */
typedef struct FakeBoard {
    unsigned cpu_on_calls;
    unsigned on_index;
    uint32_t on_entry, on_context;
    unsigned offs, resets;
} FakeBoard;

static void fake_cpu_on(void *opaque, unsigned index, uint32_t entry,
                        uint32_t context_id)
{
    FakeBoard *b = opaque;
    b->cpu_on_calls++;
    b->on_index = index;
    b->on_entry = entry;
    b->on_context = context_id;
}

static void fake_off(void *opaque)
{
    ((FakeBoard *)opaque)->offs++;
}

static void fake_reset(void *opaque)
{
    ((FakeBoard *)opaque)->resets++;
}

static const PsciOps fake_ops = { fake_cpu_on, fake_off, fake_reset };

/* Four CPUs with QEMU virt's affinity values, and CPU 0 to call from. */
typedef struct PsciRig {
    Rig rig;
    ArmCpu *cpu;
    FakeBoard board;
    Psci psci;
} PsciRig;

static void psci_rig_init(PsciRig *r)
{
    static const uint32_t affinity[] = { 0, 1, 2, 3 };
    r->cpu = rig_new(&r->rig, false);
    r->board = (FakeBoard){ 0 };
    psci_init(&r->psci, 4, affinity, &fake_ops, &r->board);
}

static int32_t call(PsciRig *r, uint32_t fn, uint32_t a1, uint32_t a2,
                    uint32_t a3)
{
    const uint32_t args[4] = { fn, a1, a2, a3 };
    return psci_call(&r->psci, r->cpu, args);
}

TEST(psci_version_features_and_migration)
{
    PsciRig r;
    psci_rig_init(&r);
    CHECK_EQ(call(&r, PSCI_VERSION, 0, 0, 0), 0x10001);
    CHECK_EQ(call(&r, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
    CHECK_EQ(call(&r, PSCI_MIGRATE, 1, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(call(&r, PSCI_MIGRATE_INFO_UP_CPU, 0, 0, 0),
             PSCI_NOT_SUPPORTED);
    /* FEATURES: what QEMU 7.2 answers for 0x84000000..0x8400000b. */
    static const int32_t want[] = { 0, 0, 0, 0, 0, -1, 0, -1, 0, 0, 0, -1 };
    for (uint32_t i = 0; i < ARRAY_SIZE(want); i++) {
        CHECK_EQ(call(&r, PSCI_FEATURES, PSCI_VERSION + i, 0, 0), want[i]);
    }
    CHECK_EQ(call(&r, PSCI_FEATURES, PSCI_CPU_ON | PSCI_SMC64, 0, 0),
             PSCI_NOT_SUPPORTED);
    CHECK_EQ(call(&r, PSCI_FEATURES, PSCI_0_1_CPU_ON, 0, 0), 0);
    CHECK_EQ(call(&r, PSCI_FEATURES, PSCI_0_1_MIGRATE, 0, 0),
             PSCI_NOT_SUPPORTED);
    /* SMC64 forms and unknown IDs: NOT_SUPPORTED, nothing done. */
    CHECK_EQ(call(&r, PSCI_CPU_ON | PSCI_SMC64, 1, 0x40000000, 0),
             PSCI_NOT_SUPPORTED);
    CHECK_EQ(call(&r, 0x12345678, 0, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(r.board.cpu_on_calls, 0);
    rig_free(&r.rig);
}

TEST(psci_cpu_on_return_codes_and_power_states)
{
    PsciRig r;
    psci_rig_init(&r);
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 0, 0, 0), PSCI_POWER_ON);
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 2, 0, 0), PSCI_POWER_OFF);
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 4, 0, 0), PSCI_INVALID_PARAMETERS);
    /* Above level 0 everything is on. */
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 4, 1, 0), PSCI_POWER_ON);
    /* The target is named by its affinity alone, without MPIDR bit 31. */
    CHECK_EQ(call(&r, PSCI_CPU_ON, 0x80000002u, 0x40001000, 7),
             PSCI_INVALID_PARAMETERS);
    CHECK_EQ(call(&r, PSCI_CPU_ON, 8, 0x40001000, 7),
             PSCI_INVALID_PARAMETERS);
    CHECK_EQ(call(&r, PSCI_CPU_ON, 0, 0x40001000, 7), PSCI_ALREADY_ON);
    CHECK_EQ(r.board.cpu_on_calls, 0);

    CHECK_EQ(call(&r, PSCI_CPU_ON, 2, 0x40001001, 0xc0ffee), PSCI_SUCCESS);
    CHECK_EQ(r.board.cpu_on_calls, 1);
    CHECK_EQ(r.board.on_index, 2);
    CHECK_EQ(r.board.on_entry, 0x40001001);
    CHECK_EQ(r.board.on_context, 0xc0ffee);
    /* Until it has run: ON_PENDING, and a second CPU_ON says so. */
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 2, 0, 0), PSCI_POWER_ON_PENDING);
    CHECK_EQ(call(&r, PSCI_CPU_ON, 2, 0x40001000, 0), PSCI_ON_PENDING);
    psci_cpu_started(&r.psci, 2);
    CHECK_EQ(call(&r, PSCI_AFFINITY_INFO, 2, 0, 0), PSCI_POWER_ON);
    CHECK_EQ(call(&r, PSCI_CPU_ON, 2, 0x40001000, 0), PSCI_ALREADY_ON);
    /* QEMU's private 0.1 ID does the same. */
    CHECK_EQ(call(&r, PSCI_0_1_CPU_ON, 3, 0x40002000, 1), PSCI_SUCCESS);
    CHECK_EQ(r.board.on_index, 3);
    CHECK_EQ(r.board.cpu_on_calls, 2);
    rig_free(&r.rig);
}

TEST(psci_cpu_off_suspend_and_system_calls)
{
    PsciRig r;
    psci_rig_init(&r);
    /* CPU_OFF: the caller stops at once and is off. */
    r.cpu->flow = 0;
    CHECK_EQ(call(&r, PSCI_CPU_OFF, 0, 0, 0), PSCI_SUCCESS);
    CHECK(r.cpu->halted && arm_exit_requested(r.cpu));
    CHECK_EQ(r.psci.power[0], PSCI_POWER_OFF);
    psci_reset(&r.psci);
    CHECK_EQ(r.psci.power[0], PSCI_POWER_ON);
    CHECK_EQ(r.psci.power[1], PSCI_POWER_OFF);

    /* CPU_SUSPEND: affinity bits are refused; standby is a WFI that an
     * interrupt already pending ends at once. */
    r.cpu->halted = false;
    CHECK_EQ(call(&r, PSCI_CPU_SUSPEND, 0x01000000, 0, 0),
             PSCI_INVALID_PARAMETERS);
    CHECK(!r.cpu->halted);
    CHECK_EQ(call(&r, PSCI_CPU_SUSPEND, 0, 0, 0), PSCI_SUCCESS);
    CHECK(r.cpu->halted);
    r.cpu->halted = false;
    r.cpu->irq_line = true;
    CHECK_EQ(call(&r, PSCI_CPU_SUSPEND, 0, 0, 0), PSCI_SUCCESS);
    CHECK(!r.cpu->halted);
    r.cpu->irq_line = false;

    CHECK_EQ(call(&r, PSCI_SYSTEM_RESET, 0, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(r.board.resets, 1);
    CHECK_EQ(r.board.offs, 0);
    CHECK_EQ(call(&r, PSCI_SYSTEM_OFF, 0, 0, 0), PSCI_SUCCESS);
    CHECK_EQ(r.board.offs, 1);
    CHECK_EQ(r.psci.power[0], PSCI_POWER_OFF);
    rig_free(&r.rig);
}

TEST(psci_hvc_answers_in_r0)
{
    PsciRig r;
    psci_rig_init(&r);
    r.cpu->r[0] = PSCI_AFFINITY_INFO;
    r.cpu->r[1] = 1;
    r.cpu->r[2] = 0;
    CHECK(psci_hvc(r.cpu, 0, &r.psci));
    CHECK_EQ(r.cpu->r[0], PSCI_POWER_OFF);
    r.cpu->r[0] = 0xdeadbeef;
    CHECK(psci_hvc(r.cpu, 0x1234, &r.psci));
    CHECK_EQ(r.cpu->r[0], (uint32_t)PSCI_NOT_SUPPORTED);
    rig_free(&r.rig);
}
