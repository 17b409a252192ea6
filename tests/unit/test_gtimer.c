/*
 * The generic timer with a fake clock: the counts, CTL's ISTATUS, CVAL and
 * TVAL, the banked physical timer, PL0 access through CNTKCTL, the outputs'
 * levels, and the deadline the machine sleeps until.
 */
#include <stdint.h>
#include <stdio.h>

#include "../../src/cpu/arm/cp15.h"
#include "cpu_rig.h"

#define K(o1, n, m, o2) CP15_KEY(o1, n, m, o2)
#define CNTP_TVAL K(0, 14, 2, 0)
#define CNTP_CTL K(0, 14, 2, 1)
#define CNTV_TVAL K(0, 14, 3, 0)
#define CNTV_CTL K(0, 14, 3, 1)
#define CNTKCTL K(0, 14, 1, 0)
#define CNTPCT CP15_KEY64(0, 14)
#define CNTVCT CP15_KEY64(1, 14)
#define CNTP_CVAL CP15_KEY64(2, 14)
#define CNTV_CVAL CP15_KEY64(3, 14)

typedef struct Fake {
    Rig rig;
    ArmCpu *cpu;
    uint64_t now_ns;
    int level[ARM_GT_NR];
    unsigned edges;
} Fake;

static uint64_t fake_clock(void *opaque)
{
    return ((Fake *)opaque)->now_ns;
}

static void fake_irq(void *opaque, int n, int level)
{
    Fake *f = opaque;
    f->level[n] = level;
    f->edges++;
}

static void fake_init(Fake *f, bool has_security)
{
    *f = (Fake){ 0 };
    f->cpu = rig_new(&f->rig, has_security);
    f->cpu->clock_ns = fake_clock;
    f->cpu->clock_opaque = f;
    for (int t = 0; t < ARM_GT_NR; t++) {
        f->cpu->gt_irq[t] = irq_line(fake_irq, f, t);
    }
}

static uint32_t rd(Fake *f, unsigned key)
{
    uint32_t v = 0xdeadbeef;
    return cp15_access(f->cpu, key, true, &v) ? v : 0xdeadbeef;
}

static bool wr(Fake *f, unsigned key, uint32_t v)
{
    return cp15_access(f->cpu, key, false, &v);
}

static uint64_t rd64(Fake *f, unsigned key)
{
    uint64_t v = 0xdeadbeef;
    return cp15_access64(f->cpu, key, true, &v) ? v : 0xdeadbeef;
}

static bool wr64(Fake *f, unsigned key, uint64_t v)
{
    return cp15_access64(f->cpu, key, false, &v);
}

TEST(gtimer_counts_at_62_5_mhz)
{
    Fake f;
    fake_init(&f, true);
    f.now_ns = 1600;
    CHECK_EQ(rd64(&f, CNTPCT), 100);
    CHECK_EQ(rd64(&f, CNTVCT), 100);
    f.now_ns = (5ull << 32) * 16 + 31;
    CHECK_EQ(rd64(&f, CNTPCT), (5ull << 32) + 1);
    /* The counts are read-only. */
    CHECK(!wr64(&f, CNTPCT, 0));
    CHECK(!wr64(&f, CNTVCT, 0));
    rig_free(&f.rig);
}

TEST(gtimer_virtual_timer_fires_when_the_count_reaches_cval)
{
    Fake f;
    fake_init(&f, false);
    f.now_ns = 16 * 1000;
    CHECK(wr(&f, CNTV_TVAL, 500));
    CHECK_EQ(rd64(&f, CNTV_CVAL), 1500);
    CHECK(wr(&f, CNTV_CTL, 0xffffffff & ~2u));
    /* Only ENABLE and IMASK are writable; not met yet. */
    CHECK_EQ(rd(&f, CNTV_CTL), 1);
    CHECK_EQ(f.level[ARM_GT_VIRT], 0);
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), 1500 * 16);
    f.now_ns = 1499 * 16 + 15;
    arm_gtimer_update(f.cpu);
    CHECK_EQ(f.level[ARM_GT_VIRT], 0);
    CHECK_EQ(rd(&f, CNTV_TVAL), 1);
    f.now_ns = 1500 * 16;
    CHECK_EQ(rd(&f, CNTV_CTL), 5);
    arm_gtimer_update(f.cpu);
    CHECK_EQ(f.level[ARM_GT_VIRT], 1);
    CHECK_EQ(f.level[ARM_GT_PHYS], 0);
    /* Risen: nothing more to wait for. */
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), UINT64_MAX);
    f.now_ns = 1510 * 16;
    CHECK_EQ(rd(&f, CNTV_TVAL), (uint32_t)-10);
    /* IMASK lowers the output at once; ISTATUS stays. */
    CHECK(wr(&f, CNTV_CTL, 3));
    CHECK_EQ(f.level[ARM_GT_VIRT], 0);
    CHECK_EQ(rd(&f, CNTV_CTL), 7);
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), UINT64_MAX);
    /* Disabled: ISTATUS reads 0. */
    CHECK(wr(&f, CNTV_CTL, 0));
    CHECK_EQ(rd(&f, CNTV_CTL), 0);
    rig_free(&f.rig);
}

TEST(gtimer_tval_is_signed)
{
    Fake f;
    fake_init(&f, false);
    f.now_ns = 16 * 1000;
    CHECK(wr(&f, CNTP_TVAL, (uint32_t)-300));
    CHECK_EQ(rd64(&f, CNTP_CVAL), 700);
    CHECK(wr(&f, CNTP_CTL, 1));
    CHECK_EQ(f.level[ARM_GT_PHYS], 1);
    /* A CVAL write in the future lowers it again. */
    CHECK(wr64(&f, CNTP_CVAL, 0x100000000ull));
    CHECK_EQ(f.level[ARM_GT_PHYS], 0);
    CHECK_EQ(rd(&f, CNTP_TVAL), (uint32_t)(0x100000000ull - 1000));
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), 0x100000000ull * 16);
    /* A CVAL too far for nanoseconds: never, as far as the host goes. */
    CHECK(wr64(&f, CNTP_CVAL, UINT64_MAX));
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), UINT64_MAX);
    rig_free(&f.rig);
}

TEST(gtimer_physical_timer_is_banked)
{
    Fake f;
    fake_init(&f, true);
    f.now_ns = 16 * 100;
    rig_enter(f.cpu, ARM_MODE_SVC, false);
    CHECK(wr64(&f, CNTP_CVAL, 50));
    CHECK(wr(&f, CNTP_CTL, 1));
    CHECK_EQ(f.level[ARM_GT_SEC], 1);
    CHECK_EQ(f.level[ARM_GT_PHYS], 0);
    rig_enter(f.cpu, ARM_MODE_SVC, true);
    CHECK_EQ(rd(&f, CNTP_CTL), 0);
    CHECK_EQ(rd64(&f, CNTP_CVAL), 0);
    CHECK(wr64(&f, CNTP_CVAL, 200));
    CHECK(wr(&f, CNTP_CTL, 1));
    CHECK_EQ(arm_gtimer_deadline_ns(f.cpu), 200 * 16);
    /* Monitor mode reaches the copy SCR.NS selects. */
    rig_enter(f.cpu, ARM_MODE_MON, true);
    CHECK_EQ(rd64(&f, CNTP_CVAL), 200);
    rig_enter(f.cpu, ARM_MODE_MON, false);
    CHECK_EQ(rd64(&f, CNTP_CVAL), 50);
    CHECK_EQ(f.cpu->gt[ARM_GT_PHYS].cval, 200);
    CHECK_EQ(f.cpu->gt[ARM_GT_SEC].cval, 50);
    f.now_ns = 16 * 200;
    arm_gtimer_update(f.cpu);
    CHECK_EQ(f.level[ARM_GT_PHYS], 1);
    /* Reset: disabled, outputs low. */
    arm_cpu_reset(f.cpu, 0);
    CHECK_EQ(f.level[ARM_GT_PHYS], 0);
    CHECK_EQ(f.level[ARM_GT_SEC], 0);
    CHECK_EQ(f.cpu->gt[ARM_GT_PHYS].cval, 0);
    rig_free(&f.rig);
}

TEST(gtimer_pl0_access_follows_cntkctl)
{
    static const struct {
        unsigned key;
        bool is64;
        uint32_t bit;
    } regs[] = {
        { CNTPCT, true, 1u << 0 },    { CNTVCT, true, 1u << 1 },
        { CNTV_CTL, false, 1u << 8 }, { CNTV_TVAL, false, 1u << 8 },
        { CNTV_CVAL, true, 1u << 8 }, { CNTP_CTL, false, 1u << 9 },
        { CNTP_TVAL, false, 1u << 9 }, { CNTP_CVAL, true, 1u << 9 },
    };
    Fake f;
    fake_init(&f, true);
    for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
        for (int on = 0; on < 2; on++) {
            rig_enter(f.cpu, ARM_MODE_SVC, true);
            CHECK(wr(&f, CNTKCTL, on ? regs[i].bit : 0x3ffu & ~regs[i].bit));
            rig_enter(f.cpu, ARM_MODE_USR, true);
            uint64_t v = 0;
            uint32_t v32 = 0;
            bool got = regs[i].is64
                           ? cp15_access64(f.cpu, regs[i].key, true, &v)
                           : cp15_access(f.cpu, regs[i].key, true, &v32);
            if (!CHECK_EQ(got, on)) {
                printf("  register %zu, CNTKCTL bit %s\n", i,
                       on ? "set" : "clear");
            }
        }
    }
    rig_free(&f.rig);
}
