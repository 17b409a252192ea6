/*
 * The ARMv7 CPU's modes and security state (ARM ARM DDI 0406C B1.3, B1.5)
 * and exception entry (B1.8, B1.9; A/I/F as qemu-system-arm's cortex-a15
 * sets them, the table of docs/reference/arm-cpu.md §4): register banking
 * per mode, banked register access, valid modes, Monitor and SCR.NS,
 * target mode, link, SPSR, vector base, routing to Monitor, and the fault
 * status an abort leaves in the right bank.
 */
#include <stdio.h>

#include "../../src/cpu/arm/cpu.h"
#include "../../src/cpu/arm/exception.h"
#include "cpu_rig.h"


static const unsigned all_modes[] = {
    ARM_MODE_USR, ARM_MODE_FIQ, ARM_MODE_IRQ, ARM_MODE_SVC,
    ARM_MODE_ABT, ARM_MODE_UND, ARM_MODE_MON, ARM_MODE_SYS,
};

static bool has_spsr(unsigned mode)
{
    return mode != ARM_MODE_USR && mode != ARM_MODE_SYS;
}

/* The bank a mode's r13/r14 live in: System shares User's. */
static unsigned sp_owner(unsigned mode)
{
    return mode == ARM_MODE_SYS ? ARM_MODE_USR : mode;
}

static uint32_t sp_of(unsigned mode)
{
    return 0x13000000u | sp_owner(mode);
}

static uint32_t lr_of(unsigned mode)
{
    return 0x14000000u | sp_owner(mode);
}

static uint32_t spsr_of(unsigned mode)
{
    return 0x60000000u | mode;
}

static uint32_t hi_of(unsigned mode, unsigned reg)
{
    return (mode == ARM_MODE_FIQ ? 0xf1000000u : 0x05000000u) | reg;
}

/* Gives every mode's banked registers distinct values, from inside it. */
static void fill_banks(ArmCpu *cpu)
{
    rig_enter(cpu, ARM_MODE_SVC, false);
    for (unsigned reg = 0; reg < 8; reg++) {
        cpu->r[reg] = 0x0c000000u | reg;
    }
    for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
        unsigned mode = all_modes[i];
        rig_enter(cpu, mode, false);
        CHECK_EQ(arm_mode(cpu), mode);
        cpu->r[13] = sp_of(mode);
        cpu->r[14] = lr_of(mode);
        if (has_spsr(mode)) {
            cpu->spsr = spsr_of(mode);
        }
        if (mode == ARM_MODE_FIQ || mode == ARM_MODE_USR) {
            for (unsigned reg = 8; reg <= 12; reg++) {
                cpu->r[reg] = hi_of(mode, reg);
            }
        }
    }
}

/* What the live registers must hold in @mode. */
static bool check_live(ArmCpu *cpu, unsigned mode)
{
    bool ok = CHECK_EQ(arm_mode(cpu), mode);
    for (unsigned reg = 0; reg < 8; reg++) {
        ok &= CHECK_EQ(cpu->r[reg], 0x0c000000u | reg);
    }
    for (unsigned reg = 8; reg <= 12; reg++) {
        ok &= CHECK_EQ(cpu->r[reg], hi_of(mode, reg));
    }
    ok &= CHECK_EQ(cpu->r[13], sp_of(mode));
    ok &= CHECK_EQ(cpu->r[14], lr_of(mode));
    if (has_spsr(mode)) {
        ok &= CHECK_EQ(cpu->spsr, spsr_of(mode));
    }
    if (!ok) {
        printf("  (in mode 0x%02x)\n", mode);
    }
    return ok;
}

TEST(cpu_reset_is_secure_svc_with_a_i_f_masked)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    /* Leave it somewhere else first: Non-secure User, flags set. */
    rig_enter(cpu, ARM_MODE_USR, true);
    arm_cpsr_write(cpu, 0xf0000000u, CPSR_NZCV | CPSR_A | CPSR_I | CPSR_F);
    cpu->r[3] = 3;
    arm_cpu_reset(cpu, 0x100);
    CHECK_EQ(arm_cpsr_read(cpu), ARM_MODE_SVC | CPSR_A | CPSR_I | CPSR_F);
    CHECK_EQ(cpu->cp15.scr, 0);
    CHECK(arm_is_secure(cpu));
    CHECK_EQ(arm_bank(cpu), 1);
    CHECK_EQ(cpu->r[3], 0);
    CHECK_EQ(cpu->r[15], 0x100);
    rig_free(&rig);

    cpu = rig_new(&rig, false);
    CHECK_EQ(arm_cpsr_read(cpu) & (CPSR_M | CPSR_A | CPSR_I | CPSR_F),
             ARM_MODE_SVC | CPSR_A | CPSR_I | CPSR_F);
    CHECK(!arm_is_secure(cpu));
    CHECK_EQ(arm_bank(cpu), 0);
    rig_free(&rig);
}

/*
 * B1.3.2: r13, r14 and SPSR are banked per mode (System shares User's),
 * r8-r12 only for FIQ, r0-r7 are common. Values set in each mode survive
 * any order of round trips.
 */
TEST(cpu_mode_switches_bank_registers)
{
    static const unsigned trip[] = {
        ARM_MODE_SVC, ARM_MODE_FIQ, ARM_MODE_USR, ARM_MODE_MON,
        ARM_MODE_FIQ, ARM_MODE_SYS, ARM_MODE_ABT, ARM_MODE_FIQ,
        ARM_MODE_IRQ, ARM_MODE_UND, ARM_MODE_SYS, ARM_MODE_USR,
        ARM_MODE_FIQ, ARM_MODE_MON, ARM_MODE_SVC, ARM_MODE_IRQ,
    };
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    fill_banks(cpu);
    for (size_t i = 0; i < ARRAY_SIZE(trip); i++) {
        arm_switch_mode(cpu, trip[i]);
        check_live(cpu, trip[i]);
    }
    /* Through arm_cpsr_write too, in the Non-secure state. */
    rig_enter(cpu, ARM_MODE_SVC, true);
    for (size_t i = 0; i < ARRAY_SIZE(trip); i++) {
        if (trip[i] == ARM_MODE_MON) {
            continue;
        }
        arm_cpsr_write(cpu, trip[i], CPSR_M);
        check_live(cpu, trip[i]);
    }
    rig_free(&rig);
}

/* MRS/MSR (banked), LDM/STM ^: another mode's registers, read and set. */
TEST(cpu_banked_reg_access_from_other_modes)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    fill_banks(cpu);
    for (size_t c = 0; c < ARRAY_SIZE(all_modes); c++) {
        unsigned cur = all_modes[c];
        arm_switch_mode(cpu, cur);
        for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
            unsigned mode = all_modes[i];
            bool ok = true;
            for (unsigned reg = 0; reg < 8; reg++) {
                ok &= CHECK_EQ(arm_banked_reg_read(cpu, mode, reg),
                               0x0c000000u | reg);
            }
            for (unsigned reg = 8; reg <= 12; reg++) {
                ok &= CHECK_EQ(arm_banked_reg_read(cpu, mode, reg),
                               hi_of(mode, reg));
            }
            ok &= CHECK_EQ(arm_banked_reg_read(cpu, mode, 13), sp_of(mode));
            ok &= CHECK_EQ(arm_banked_reg_read(cpu, mode, 14), lr_of(mode));
            if (has_spsr(mode)) {
                ok &= CHECK_EQ(arm_banked_reg_read(cpu, mode, 16),
                               spsr_of(mode));
            }
            if (!ok) {
                printf("  (mode 0x%02x's registers read from 0x%02x)\n",
                       mode, cur);
            }
        }
    }

    /* The current mode's own registers are the live ones. */
    arm_switch_mode(cpu, ARM_MODE_FIQ);
    cpu->r[9] = 0xf1f9;
    cpu->spsr = 0x600000d1;
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_FIQ, 9), 0xf1f9);
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_FIQ, 16), 0x600000d1);
    arm_banked_reg_write(cpu, ARM_MODE_FIQ, 12, 0xf1f12);
    CHECK_EQ(cpu->r[12], 0xf1f12);
    arm_switch_mode(cpu, ARM_MODE_SVC);
    cpu->r[9] = 0x5c9;
    cpu->spsr = 0x600000d3;
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_USR, 9), 0x5c9);
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_SVC, 16), 0x600000d3);
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_FIQ, 9), 0xf1f9);
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_FIQ, 16), 0x600000d1);
    arm_banked_reg_write(cpu, ARM_MODE_SVC, 16, 0x600000d7);
    CHECK_EQ(cpu->spsr, 0x600000d7);
    cpu->r[9] = hi_of(ARM_MODE_SVC, 9);

    /* Writes from SVC land where the owning mode finds them. */
    arm_switch_mode(cpu, ARM_MODE_SVC);
    arm_banked_reg_write(cpu, ARM_MODE_FIQ, 10, 0xf10f10);
    arm_banked_reg_write(cpu, ARM_MODE_IRQ, 13, 0x1a13);
    arm_banked_reg_write(cpu, ARM_MODE_UND, 16, 0x1b000010);
    arm_banked_reg_write(cpu, ARM_MODE_USR, 14, 0x10e);
    arm_banked_reg_write(cpu, ARM_MODE_MON, 14, 0x16e);
    arm_banked_reg_write(cpu, ARM_MODE_SVC, 13, 0x5c13);
    CHECK_EQ(cpu->r[13], 0x5c13);
    CHECK_EQ(cpu->r[10], hi_of(ARM_MODE_SVC, 10));
    arm_switch_mode(cpu, ARM_MODE_FIQ);
    CHECK_EQ(cpu->r[10], 0xf10f10);
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_USR, 10),
             hi_of(ARM_MODE_USR, 10));
    arm_banked_reg_write(cpu, ARM_MODE_SYS, 11, 0x5511);
    arm_switch_mode(cpu, ARM_MODE_IRQ);
    CHECK_EQ(cpu->r[13], 0x1a13);
    CHECK_EQ(cpu->r[11], 0x5511);
    arm_switch_mode(cpu, ARM_MODE_UND);
    CHECK_EQ(cpu->spsr, 0x1b000010);
    arm_switch_mode(cpu, ARM_MODE_SYS);
    CHECK_EQ(cpu->r[14], 0x10e);
    arm_switch_mode(cpu, ARM_MODE_MON);
    CHECK_EQ(cpu->r[14], 0x16e);
    arm_switch_mode(cpu, ARM_MODE_SVC);
    CHECK_EQ(cpu->r[13], 0x5c13);
    rig_free(&rig);
}

/* B1.3.1, B1.5.7: Monitor exists only with the Security Extensions and
 * only the Secure state may enter it; Hyp is absent here. */
TEST(cpu_mode_valid)
{
    static const unsigned invalid[] = {
        0x00, 0x01, 0x0f, 0x14, 0x15, 0x18, 0x19, 0x1c, 0x1d, 0x1e,
        ARM_MODE_HYP,
    };
    static const unsigned common[] = {
        ARM_MODE_USR, ARM_MODE_FIQ, ARM_MODE_IRQ, ARM_MODE_SVC,
        ARM_MODE_ABT, ARM_MODE_UND, ARM_MODE_SYS,
    };
    Rig rig;
    for (int sec = 0; sec < 2; sec++) {
        ArmCpu *cpu = rig_new(&rig, sec);
        for (int ns = 0; ns < 2; ns++) {
            rig_enter(cpu, ARM_MODE_SVC, ns);
            for (size_t i = 0; i < ARRAY_SIZE(common); i++) {
                CHECK(arm_mode_valid(cpu, common[i]));
            }
            for (size_t i = 0; i < ARRAY_SIZE(invalid); i++) {
                CHECK(!arm_mode_valid(cpu, invalid[i]));
            }
            CHECK_EQ(arm_mode_valid(cpu, ARM_MODE_MON), sec && !ns);
        }
        if (sec) {
            /* Monitor mode itself is Secure whatever SCR.NS says. */
            rig_enter(cpu, ARM_MODE_MON, true);
            CHECK(arm_mode_valid(cpu, ARM_MODE_MON));
        }
        rig_free(&rig);
    }
}

/* An invalid mode in a CPSR write leaves the mode (and its banks) alone
 * but the other fields are written. */
TEST(cpu_cpsr_write_refuses_invalid_modes)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    fill_banks(cpu);
    rig_enter(cpu, ARM_MODE_SVC, true);
    arm_cpsr_write(cpu, 0x90000000u | ARM_MODE_MON, CPSR_NZCV | CPSR_M);
    check_live(cpu, ARM_MODE_SVC);
    CHECK_EQ(arm_cpsr_read(cpu) & CPSR_NZCV, 0x90000000u);
    arm_cpsr_write(cpu, ARM_MODE_HYP, CPSR_M);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_SVC);
    arm_cpsr_write(cpu, 0x15, CPSR_M);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_SVC);
    arm_cpsr_write(cpu, ARM_MODE_FIQ, CPSR_M);
    check_live(cpu, ARM_MODE_FIQ);
    /* From the Secure state Monitor is reachable. */
    rig_enter(cpu, ARM_MODE_SVC, false);
    arm_cpsr_write(cpu, ARM_MODE_MON, CPSR_M);
    check_live(cpu, ARM_MODE_MON);
    rig_free(&rig);
}

/* B1.5.1: Secure iff Monitor mode or SCR.NS = 0; never without the
 * Security Extensions. */
TEST(cpu_is_secure)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    for (size_t i = 0; i < ARRAY_SIZE(all_modes); i++) {
        unsigned mode = all_modes[i];
        rig_enter(cpu, mode, false);
        CHECK(arm_is_secure(cpu));
        CHECK_EQ(arm_bank(cpu), 1);
        rig_enter(cpu, mode, true);
        CHECK_EQ(arm_is_secure(cpu), mode == ARM_MODE_MON);
        CHECK_EQ(arm_bank(cpu), mode == ARM_MODE_MON);
    }
    rig_free(&rig);

    cpu = rig_new(&rig, false);
    cpu->cp15.scr = 0;
    CHECK(!arm_is_secure(cpu));
    CHECK_EQ(arm_bank(cpu), 0);
    rig_free(&rig);
}

/* Table B1-3 and arm-cpu.md §4: mode, offset, A/I/F set on entry. */
typedef struct ExcRow {
    const char *name;
    ArmException exc;
    unsigned mode;
    uint32_t offset;
    uint32_t mask;
} ExcRow;

static const ExcRow exc_rows[] = {
    { "UNDEF", ARM_EXC_UNDEF, ARM_MODE_UND, 0x04, CPSR_I },
    { "SVC", ARM_EXC_SVC, ARM_MODE_SVC, 0x08, CPSR_I },
    { "SMC", ARM_EXC_SMC, ARM_MODE_MON, 0x08, CPSR_A | CPSR_I | CPSR_F },
    { "PABT", ARM_EXC_PABT, ARM_MODE_ABT, 0x0c, CPSR_A | CPSR_I },
    { "DABT", ARM_EXC_DABT, ARM_MODE_ABT, 0x10, CPSR_A | CPSR_I },
    { "IRQ", ARM_EXC_IRQ, ARM_MODE_IRQ, 0x18, CPSR_A | CPSR_I },
    { "FIQ", ARM_EXC_FIQ, ARM_MODE_FIQ, 0x1c, CPSR_A | CPSR_I | CPSR_F },
};

#define VBAR_S 0x10000000u
#define VBAR_NS 0x20000000u
#define MVBAR 0x30000000u
#define AIF (CPSR_A | CPSR_I | CPSR_F)

static void set_vectors(ArmCpu *cpu)
{
    cpu->cp15.vbar[1] = VBAR_S;
    cpu->cp15.vbar[0] = VBAR_NS;
    cpu->cp15.mvbar = MVBAR;
}

/*
 * Puts the CPU in @mode/@ns with flags, IT, J set and A/I/F clear, so
 * entry's clearing and setting both show; returns that CPSR.
 */
static uint32_t prepare(ArmCpu *cpu, unsigned mode, bool ns)
{
    rig_enter(cpu, mode, ns);
    uint32_t val = 0xa0000000u | (1u << 25) | (0x15u << 10) | CPSR_J;
    arm_cpsr_write(cpu, val, CPSR_NZCV | CPSR_IT_0_1 | CPSR_IT_2_7 |
                   CPSR_J | CPSR_T | CPSR_E | AIF);
    return arm_cpsr_read(cpu);
}

/* Checks the state after taking @row with @lr from a CPU whose CPSR was
 * @old; @base is the vector base expected. */
static bool check_entry(ArmCpu *cpu, const ExcRow *row, unsigned mode,
                        uint32_t mask, uint32_t base, uint32_t lr,
                        uint32_t old)
{
    bool ok = CHECK_EQ(arm_mode(cpu), mode);
    ok &= CHECK_EQ(cpu->r[14], lr);
    ok &= CHECK_EQ(cpu->spsr, old);
    ok &= CHECK_EQ(cpu->next_pc, base + row->offset);
    ok &= CHECK_EQ(cpu->cpsr_ctl & AIF, mask);
    /* IT and J cleared; T and E from the (clear) SCTLR.TE/EE. */
    ok &= CHECK_EQ(cpu->cpsr_ctl & (CPSR_IT_0_1 | CPSR_IT_2_7 | CPSR_J |
                                    CPSR_T | CPSR_E), 0);
    /* The flags are not touched. */
    ok &= CHECK_EQ(arm_cpsr_read(cpu) & CPSR_NZCV, old & CPSR_NZCV);
    if (!ok) {
        printf("  (%s)\n", row->name);
    }
    return ok;
}

/*
 * Each exception from Secure and from Non-secure SVC, and from User:
 * target mode, LR as given, SPSR = the old CPSR, vector from the VBAR of
 * the state taken to (MVBAR for SMC), the A/I/F of the table; SCR.NS is
 * not changed (an SMC from Non-secure enters Monitor with NS still 1).
 */
TEST(cpu_exception_entry)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    static const unsigned from[] = { ARM_MODE_SVC, ARM_MODE_USR };
    for (int ns = 0; ns < 2; ns++) {
        for (size_t f = 0; f < ARRAY_SIZE(from); f++) {
            for (size_t i = 0; i < ARRAY_SIZE(exc_rows); i++) {
                const ExcRow *row = &exc_rows[i];
                uint32_t old = prepare(cpu, from[f], ns);
                uint32_t lr = 0x8000 + 4 * i;
                arm_take_exception(cpu, row->exc, lr);
                uint32_t base = row->mode == ARM_MODE_MON ? MVBAR
                                : ns ? VBAR_NS : VBAR_S;
                bool ok = check_entry(cpu, row, row->mode, row->mask, base,
                                      lr, old);
                ok &= CHECK_EQ(cpu->cp15.scr, ns ? SCR_NS : 0);
                ok &= CHECK_EQ(arm_is_secure(cpu),
                               !ns || row->mode == ARM_MODE_MON);
                if (!ok) {
                    printf("  (from mode 0x%02x, %s)\n", from[f],
                           ns ? "Non-secure" : "Secure");
                }
            }
        }
    }
    rig_free(&rig);
}

/* The mode left keeps its registers: User's r13/r14 after an SVC. */
TEST(cpu_exception_entry_banks_the_interrupted_mode)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    fill_banks(cpu);
    arm_switch_mode(cpu, ARM_MODE_USR);
    arm_take_exception(cpu, ARM_EXC_FIQ, 0x4444);
    CHECK_EQ(cpu->r[14], 0x4444);
    CHECK_EQ(cpu->r[13], sp_of(ARM_MODE_FIQ));
    CHECK_EQ(cpu->r[8], hi_of(ARM_MODE_FIQ, 8));
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_USR, 14), lr_of(ARM_MODE_USR));
    CHECK_EQ(arm_banked_reg_read(cpu, ARM_MODE_USR, 8),
             hi_of(ARM_MODE_USR, 8));
    CHECK_EQ(cpu->spsr & CPSR_M, ARM_MODE_USR);
    rig_free(&rig);
}

/* Entry sets T from SCTLR.TE and E from SCTLR.EE of the bank of the state
 * the exception is taken to (B1.8.3); Monitor uses the Secure bank. */
TEST(cpu_exception_entry_t_and_e_from_the_target_bank)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    for (int te_bank = 0; te_bank < 2; te_bank++) {
        cpu->cp15.sctlr[te_bank] |= SCTLR_TE | SCTLR_EE;
        cpu->cp15.sctlr[!te_bank] &= ~(SCTLR_TE | SCTLR_EE);
        for (int ns = 0; ns < 2; ns++) {
            for (size_t i = 0; i < ARRAY_SIZE(exc_rows); i++) {
                const ExcRow *row = &exc_rows[i];
                prepare(cpu, ARM_MODE_SVC, ns);
                arm_take_exception(cpu, row->exc, 0);
                int bank = row->mode == ARM_MODE_MON ? 1 : !ns;
                uint32_t want = bank == te_bank ? CPSR_T | CPSR_E : 0;
                if (!CHECK_EQ(cpu->cpsr_ctl & (CPSR_T | CPSR_E), want)) {
                    printf("  (%s from %s SVC, TE/EE in bank %d)\n",
                           row->name, ns ? "Non-secure" : "Secure",
                           te_bank);
                }
            }
        }
    }
    rig_free(&rig);
}

/* SCTLR.V of the target bank selects 0xffff0000; Monitor ignores it. */
TEST(cpu_exception_high_vectors_per_bank)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    for (int v_bank = 0; v_bank < 2; v_bank++) {
        cpu->cp15.sctlr[v_bank] |= SCTLR_V;
        cpu->cp15.sctlr[!v_bank] &= ~SCTLR_V;
        for (int ns = 0; ns < 2; ns++) {
            for (size_t i = 0; i < ARRAY_SIZE(exc_rows); i++) {
                const ExcRow *row = &exc_rows[i];
                prepare(cpu, ARM_MODE_SVC, ns);
                arm_take_exception(cpu, row->exc, 0);
                uint32_t base;
                if (row->mode == ARM_MODE_MON) {
                    base = MVBAR;
                } else if (v_bank == !ns) {
                    base = 0xffff0000u;
                } else {
                    base = ns ? VBAR_NS : VBAR_S;
                }
                if (!CHECK_EQ(cpu->next_pc, base + row->offset)) {
                    printf("  (%s from %s SVC, V in bank %d)\n", row->name,
                           ns ? "Non-secure" : "Secure", v_bank);
                }
            }
        }
    }
    rig_free(&rig);
}

/*
 * SCR.IRQ/FIQ route IRQ/FIQ to Monitor mode at MVBAR with A, I and F set,
 * from either state; SCR.NS stays as it was. Each bit routes only its
 * own exception.
 */
TEST(cpu_exception_irq_fiq_routed_to_monitor)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    const ExcRow *irq = &exc_rows[5], *fiq = &exc_rows[6];
    for (int ns = 0; ns < 2; ns++) {
        uint32_t vbar = ns ? VBAR_NS : VBAR_S;
        uint32_t nsbit = ns ? SCR_NS : 0;

        cpu->cp15.scr = SCR_IRQ;
        uint32_t old = prepare(cpu, ARM_MODE_SVC, ns);
        arm_take_exception(cpu, ARM_EXC_IRQ, 0x104);
        check_entry(cpu, irq, ARM_MODE_MON, AIF, MVBAR, 0x104, old);
        CHECK_EQ(cpu->cp15.scr, SCR_IRQ | nsbit);
        CHECK(arm_is_secure(cpu));
        old = prepare(cpu, ARM_MODE_SVC, ns);
        arm_take_exception(cpu, ARM_EXC_FIQ, 0x108);
        check_entry(cpu, fiq, ARM_MODE_FIQ, AIF, vbar, 0x108, old);

        cpu->cp15.scr = SCR_FIQ;
        old = prepare(cpu, ARM_MODE_USR, ns);
        arm_take_exception(cpu, ARM_EXC_FIQ, 0x10c);
        check_entry(cpu, fiq, ARM_MODE_MON, AIF, MVBAR, 0x10c, old);
        CHECK_EQ(cpu->cp15.scr, SCR_FIQ | nsbit);
        old = prepare(cpu, ARM_MODE_SVC, ns);
        arm_take_exception(cpu, ARM_EXC_IRQ, 0x110);
        check_entry(cpu, irq, ARM_MODE_IRQ, CPSR_A | CPSR_I, vbar, 0x110,
                    old);

        /* SCR.EA routes external aborts only; these are not. */
        cpu->cp15.scr = SCR_EA;
        old = prepare(cpu, ARM_MODE_SVC, ns);
        arm_take_exception(cpu, ARM_EXC_IRQ, 0x114);
        check_entry(cpu, irq, ARM_MODE_IRQ, CPSR_A | CPSR_I, vbar, 0x114,
                    old);
        old = prepare(cpu, ARM_MODE_SVC, ns);
        arm_take_exception(cpu, ARM_EXC_DABT, 0x118);
        check_entry(cpu, &exc_rows[4], ARM_MODE_ABT, CPSR_A | CPSR_I, vbar,
                    0x118, old);
        cpu->cp15.scr = 0;
    }
    rig_free(&rig);
}

/* Without the Security Extensions nothing is routed, whatever the
 * (non-existent) SCR holds. */
TEST(cpu_exception_no_monitor_without_security_extensions)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, false);
    cpu->cp15.vbar[0] = VBAR_NS;
    cpu->cp15.scr = SCR_IRQ | SCR_FIQ | SCR_EA;
    arm_take_exception(cpu, ARM_EXC_IRQ, 0);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_IRQ);
    CHECK_EQ(cpu->next_pc, VBAR_NS + 0x18);
    arm_take_exception(cpu, ARM_EXC_FIQ, 0);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_FIQ);
    CHECK_EQ(cpu->next_pc, VBAR_NS + 0x1c);
    cpu->r[15] = 0x2008;
    arm_abort(cpu, false, 0x1234, FSC_EXTERNAL, 0, false, MEMTX_ERROR);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
    CHECK_EQ(cpu->next_pc, VBAR_NS + 0x10);
    CHECK_EQ(cpu->cp15.dfsr[0], 0x1008);
    rig_free(&rig);
}

/*
 * An exception taken from Monitor mode to another mode clears SCR.NS
 * (TakeUndefInstrException & co.: "if CPSR.M == '10110' then SCR.NS =
 * '0'"), so the handler runs Secure, with the Secure VBAR and SCTLR.
 */
TEST(cpu_exception_from_monitor_clears_scr_ns)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    cpu->cp15.sctlr[1] |= SCTLR_TE;
    for (size_t i = 0; i < ARRAY_SIZE(exc_rows); i++) {
        const ExcRow *row = &exc_rows[i];
        if (row->mode == ARM_MODE_MON) {
            continue;
        }
        prepare(cpu, ARM_MODE_MON, true);
        arm_take_exception(cpu, row->exc, 0x2000);
        bool ok = CHECK_EQ(arm_mode(cpu), row->mode);
        ok &= CHECK_EQ(cpu->cp15.scr & SCR_NS, 0);
        ok &= CHECK(arm_is_secure(cpu));
        ok &= CHECK_EQ(cpu->next_pc, VBAR_S + row->offset);
        ok &= CHECK_EQ(cpu->cpsr_ctl & CPSR_T, CPSR_T);
        ok &= CHECK_EQ(cpu->spsr & CPSR_M, ARM_MODE_MON);
        if (!ok) {
            printf("  (%s from Monitor with SCR.NS=1)\n", row->name);
        }
    }
    rig_free(&rig);
}

/*
 * The same holds when the exception from Monitor mode is taken to Monitor
 * mode again (an SMC in Monitor, an IRQ routed by SCR.IRQ): the ARM ARM's
 * TakeSMCException/TakePhysicalIRQException clear SCR.NS whenever CPSR.M
 * is Monitor, and so does qemu-system-arm's arm_cpu_do_interrupt_aarch32
 * ("if ((env->uncached_cpsr & CPSR_M) == ARM_CPU_MODE_MON) scr &= ~NS").
 */
TEST(cpu_exception_monitor_to_monitor_clears_scr_ns)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    prepare(cpu, ARM_MODE_MON, true);
    arm_take_exception(cpu, ARM_EXC_SMC, 0x3000);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_MON);
    CHECK_EQ(cpu->next_pc, MVBAR + 0x08);
    CHECK_EQ(cpu->cp15.scr & SCR_NS, 0);

    cpu->cp15.scr = SCR_IRQ;
    prepare(cpu, ARM_MODE_MON, true);
    arm_take_exception(cpu, ARM_EXC_IRQ, 0x3004);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_MON);
    CHECK_EQ(cpu->next_pc, MVBAR + 0x18);
    CHECK_EQ(cpu->cp15.scr, SCR_IRQ);
    rig_free(&rig);
}

/*
 * arm_raise() computes the link from the executing A32 instruction
 * (r[15] = its address + 8), Table B1-7: next instruction for UNDEF, SVC
 * and SMC, + 4 for a prefetch abort, + 8 for a data abort.
 */
TEST(cpu_exception_raise_links)
{
    static const struct {
        ArmException exc;
        uint32_t lr;
    } links[] = {
        { ARM_EXC_UNDEF, 0x1004 }, { ARM_EXC_SVC, 0x1004 },
        { ARM_EXC_SMC, 0x1004 },   { ARM_EXC_PABT, 0x1004 },
        { ARM_EXC_DABT, 0x1008 },
    };
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
        rig_enter(cpu, ARM_MODE_SVC, false);
        cpu->r[15] = 0x1000 + 8;
        arm_raise(cpu, links[i].exc);
        if (!CHECK_EQ(cpu->r[14], links[i].lr)) {
            printf("  (exception %d)\n", (int)links[i].exc);
        }
    }
    rig_free(&rig);
}

/* One arm_abort() call and the short-format status it must leave. */
typedef struct AbortRow {
    bool is_fetch;
    unsigned fs;
    bool is_write;
    MemTxResult ext;
    uint32_t status;
} AbortRow;

static const AbortRow abort_rows[] = {
    /* Alignment, read and write (WnR, bit 11). */
    { false, FSC_ALIGNMENT, false, MEMTX_OK, 0x001 },
    { false, FSC_ALIGNMENT, true, MEMTX_OK, 0x801 },
    /* Synchronous external abort: ExT (bit 12) for a slave error, not
     * for a decode error (QEMU's arm_extabort_type). */
    { false, FSC_EXTERNAL, false, MEMTX_ERROR, 0x1008 },
    { false, FSC_EXTERNAL, false, MEMTX_DECODE_ERROR, 0x0008 },
    { false, FSC_EXTERNAL, false, MEMTX_ACCESS_ERROR, 0x1008 },
    { false, FSC_EXTERNAL, true, MEMTX_ERROR, 0x1808 },
    { false, FSC_EXTERNAL, true, MEMTX_DECODE_ERROR, 0x0808 },
    /* FS[4] goes to bit 10: synchronous parity error 0b11001. */
    { false, 0x19, false, MEMTX_OK, 0x409 },
    { false, 0x19, true, MEMTX_OK, 0xc09 },
    /* Permission fault, section. */
    { false, 0x0d, true, MEMTX_OK, 0x80d },
    { true, FSC_ALIGNMENT, false, MEMTX_OK, 0x001 },
    { true, FSC_EXTERNAL, false, MEMTX_ERROR, 0x1008 },
    { true, FSC_EXTERNAL, false, MEMTX_DECODE_ERROR, 0x0008 },
    { true, 0x19, false, MEMTX_OK, 0x409 },
};

#define POISON 0x5a5a5a5au

static void poison_fault_regs(ArmCpu *cpu)
{
    for (int b = 0; b < 2; b++) {
        cpu->cp15.dfsr[b] = cpu->cp15.ifsr[b] = POISON;
        cpu->cp15.dfar[b] = cpu->cp15.ifar[b] = POISON;
    }
}

/*
 * Checks that only the status/address pair of @row's kind in @bank was
 * written, with @status and @va.
 */
static bool check_fault_regs(ArmCpu *cpu, bool is_fetch, int bank,
                             uint32_t status, uint32_t va)
{
    bool ok = true;
    for (int b = 0; b < 2; b++) {
        bool hit = b == bank;
        ok &= CHECK_EQ(cpu->cp15.dfsr[b], hit && !is_fetch ? status : POISON);
        ok &= CHECK_EQ(cpu->cp15.dfar[b], hit && !is_fetch ? va : POISON);
        ok &= CHECK_EQ(cpu->cp15.ifsr[b], hit && is_fetch ? status : POISON);
        ok &= CHECK_EQ(cpu->cp15.ifar[b], hit && is_fetch ? va : POISON);
    }
    return ok;
}

/*
 * B3.13.3 and the DFSR/IFSR descriptions: FS[3:0] in [3:0], FS[4] in [10],
 * WnR in [11] (DFSR only), ExT in [12]; written with DFAR/IFAR in the
 * bank of the state the abort is taken to, and nothing else.
 */
TEST(cpu_abort_fault_status)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    for (int ns = 0; ns < 2; ns++) {
        for (size_t i = 0; i < ARRAY_SIZE(abort_rows); i++) {
            const AbortRow *row = &abort_rows[i];
            uint32_t va = 0xabc00000u + 0x10 * i;
            poison_fault_regs(cpu);
            prepare(cpu, ARM_MODE_SVC, ns);
            cpu->r[15] = 0x4000 + 8;
            arm_abort(cpu, row->is_fetch, va, row->fs, 0, row->is_write,
                      row->ext);
            bool ok = CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
            ok &= CHECK_EQ(cpu->next_pc, (ns ? VBAR_NS : VBAR_S) +
                                         (row->is_fetch ? 0x0c : 0x10));
            ok &= CHECK_EQ(cpu->r[14], row->is_fetch ? 0x4004 : 0x4008);
            ok &= CHECK_EQ(cpu->cpsr_ctl & AIF, CPSR_A | CPSR_I);
            ok &= check_fault_regs(cpu, row->is_fetch, !ns, row->status, va);
            if (!ok) {
                printf("  (row %zu from %s SVC)\n", i,
                       ns ? "Non-secure" : "Secure");
            }
        }
    }
    rig_free(&rig);
}

/*
 * SCR.EA takes external aborts to Monitor mode at MVBAR with A/I/F set;
 * the Secure fault registers report them ("Reporting of External aborts
 * taken from Non-secure state to Monitor mode", B3.13): the
 * Non-secure copies are not touched. Other aborts stay in Abort mode.
 */
TEST(cpu_abort_external_routed_to_monitor)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    for (int ns = 0; ns < 2; ns++) {
        for (int is_fetch = 0; is_fetch < 2; is_fetch++) {
            poison_fault_regs(cpu);
            cpu->cp15.scr = SCR_EA;
            prepare(cpu, ARM_MODE_SVC, ns);
            cpu->r[15] = 0x5008;
            arm_abort(cpu, is_fetch, 0xea000000u, FSC_EXTERNAL, 0, false,
                      MEMTX_ERROR);
            bool ok = CHECK_EQ(arm_mode(cpu), ARM_MODE_MON);
            ok &= CHECK_EQ(cpu->next_pc, MVBAR + (is_fetch ? 0x0c : 0x10));
            ok &= CHECK_EQ(cpu->r[14], is_fetch ? 0x5004 : 0x5008);
            ok &= CHECK_EQ(cpu->cpsr_ctl & AIF, AIF);
            ok &= CHECK_EQ(cpu->cp15.scr, SCR_EA | (ns ? SCR_NS : 0));
            ok &= check_fault_regs(cpu, is_fetch, 1, 0x1008, 0xea000000u);

            poison_fault_regs(cpu);
            prepare(cpu, ARM_MODE_SVC, ns);
            arm_abort(cpu, is_fetch, 0xa1000001u, FSC_ALIGNMENT, 0, false,
                      MEMTX_OK);
            ok &= CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
            ok &= CHECK_EQ(cpu->next_pc, (ns ? VBAR_NS : VBAR_S) +
                                         (is_fetch ? 0x0c : 0x10));
            ok &= check_fault_regs(cpu, is_fetch, !ns, 0x001, 0xa1000001u);
            if (!ok) {
                printf("  (%s abort from %s SVC)\n",
                       is_fetch ? "prefetch" : "data",
                       ns ? "Non-secure" : "Secure");
            }
            cpu->cp15.scr = 0;
        }
    }
    rig_free(&rig);
}

/* An abort in Monitor mode with SCR.NS = 1 is taken to Secure Abort mode
 * (SCR.NS cleared) and reported in the Secure bank. */
TEST(cpu_abort_from_monitor_reports_in_the_secure_bank)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    for (int is_fetch = 0; is_fetch < 2; is_fetch++) {
        poison_fault_regs(cpu);
        prepare(cpu, ARM_MODE_MON, true);
        cpu->r[15] = 0x6008;
        arm_abort(cpu, is_fetch, 0x6001, FSC_ALIGNMENT, 0, !is_fetch, MEMTX_OK);
        CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
        CHECK_EQ(cpu->cp15.scr & SCR_NS, 0);
        CHECK_EQ(cpu->next_pc, VBAR_S + (is_fetch ? 0x0c : 0x10));
        check_fault_regs(cpu, is_fetch, 1, is_fetch ? 0x001 : 0x801, 0x6001);
    }
    rig_free(&rig);
}

/*
 * A synchronous external abort on a translation table walk (FS 0b01100
 * level 1, 0b01110 level 2) is an external abort like FS 0b01000: ExT
 * classifies it (QEMU's arm_fi_to_sfsc sets bit 12 for
 * ARMFault_SyncExternalOnWalk too) and SCR.EA routes it to Monitor mode
 * (B4.1.129: "EA: external aborts"). arm_abort's contract says
 * @ext_result decides both.
 */
TEST(cpu_abort_table_walk_external_aborts_are_external)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    set_vectors(cpu);
    static const unsigned walk_fs[] = { 0x0c, 0x0e };
    for (size_t i = 0; i < ARRAY_SIZE(walk_fs); i++) {
        poison_fault_regs(cpu);
        prepare(cpu, ARM_MODE_SVC, true);
        arm_abort(cpu, false, 0x7000, walk_fs[i], 0, true, MEMTX_ERROR);
        CHECK_EQ(arm_mode(cpu), ARM_MODE_ABT);
        check_fault_regs(cpu, false, 0, 0x1800 | walk_fs[i], 0x7000);

        poison_fault_regs(cpu);
        prepare(cpu, ARM_MODE_SVC, true);
        arm_abort(cpu, false, 0x7000, walk_fs[i], 0, false, MEMTX_DECODE_ERROR);
        check_fault_regs(cpu, false, 0, walk_fs[i], 0x7000);

        cpu->cp15.scr = SCR_EA;
        poison_fault_regs(cpu);
        prepare(cpu, ARM_MODE_SVC, true);
        arm_abort(cpu, true, 0x7000, walk_fs[i], 0, false, MEMTX_ERROR);
        CHECK_EQ(arm_mode(cpu), ARM_MODE_MON);
        CHECK_EQ(cpu->next_pc, MVBAR + 0x0c);
        check_fault_regs(cpu, true, 1, 0x1000 | walk_fs[i], 0x7000);
        cpu->cp15.scr = 0;
    }
    rig_free(&rig);
}
