/*
 * The table-driven cp15 framework against the ARM ARM (DDI 0406C B4.1.1,
 * B3.17 and the B4.1 register descriptions) and qemu-system-arm's
 * cortex-a15: which encodings exist, who may read or write them in each
 * mode and security state, reset values, Secure/Non-secure banking and
 * write masks. The expectations below are written from the documents, not
 * copied from the registry, so a wrong table entry shows up here.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cpu/arm/cp15.h"
#include "cpu_rig.h"


static bool rd(ArmCpu *cpu, unsigned key, uint32_t *val)
{
    *val = 0xdeadbeef;
    return cp15_access(cpu, key, true, val);
}

static bool wr(ArmCpu *cpu, unsigned key, uint32_t val)
{
    return cp15_access(cpu, key, false, &val);
}

/* Reads @key in @mode/@ns; 0xdeadbeef marks an UNDEFINED read. */
static uint32_t rd_in(ArmCpu *cpu, unsigned mode, bool ns, unsigned key)
{
    uint32_t v;
    rig_enter(cpu, mode, ns);
    return rd(cpu, key, &v) ? v : 0xdeadbeef;
}

static bool wr_in(ArmCpu *cpu, unsigned mode, bool ns, unsigned key,
                  uint32_t val)
{
    rig_enter(cpu, mode, ns);
    return wr(cpu, key, val);
}

/* Who may access a register, as B4.1 describes each one. */
typedef enum Kind {
    K_RW,      /* PL1 read/write, both states */
    K_RO,      /* PL1 read-only (ID registers, ISR) */
    K_WO,      /* PL1 write-only operation */
    K_WO_PL0,  /* write-only operation also at PL0 (cp15 barriers) */
    K_URW,     /* PL0 and PL1 read/write (TPIDRURW) */
    K_URO,     /* PL0 read-only, PL1 read/write (TPIDRURO) */
    K_SEC,     /* Secure PL1 only (SCR, SDER, MVBAR) */
    K_SEC_WO,  /* Secure PL1 write-only operation (ATS12NSO*) */
    K_NSACR,   /* Secure PL1 read/write, Non-secure PL1 read-only */
} Kind;

typedef struct Expect {
    const char *name;
    unsigned key;
    Kind kind;
    bool banked;
    uint32_t reset;
} Expect;

#define K(o1, n, m, o2) CP15_KEY(o1, n, m, o2)

static const Expect expected[] = {
    /* c0: identification (Cortex-A15 values of qemu-system-arm). */
    { "MIDR", K(0, 0, 0, 0), K_RO, false, 0x414fc0f0 },
    { "CTR", K(0, 0, 0, 1), K_RO, false, 0x8444c004 },
    { "TCMTR", K(0, 0, 0, 2), K_RO, false, 0 },
    { "TLBTR", K(0, 0, 0, 3), K_RO, false, 0 },
    { "MPIDR", K(0, 0, 0, 5), K_RO, false, 0x80000000 },
    /* MIDR again at its aliases, and as REVIDR (QEMU's cortex-a15). */
    { "MIDR (alias)", K(0, 0, 0, 4), K_RO, false, 0x414fc0f0 },
    { "REVIDR", K(0, 0, 0, 6), K_RO, false, 0x414fc0f0 },
    { "MIDR (alias)", K(0, 0, 0, 7), K_RO, false, 0x414fc0f0 },
    { "ID_PFR0", K(0, 0, 1, 0), K_RO, false, 0x00001131 },
    /* Virtualization [15:12] cleared as QEMU does without EL2. */
    { "ID_PFR1", K(0, 0, 1, 1), K_RO, false, 0x00010011 },
    { "ID_DFR0", K(0, 0, 1, 2), K_RO, false, 0x02010555 },
    { "ID_AFR0", K(0, 0, 1, 3), K_RO, false, 0 },
    { "ID_MMFR0", K(0, 0, 1, 4), K_RO, false, 0x10201105 },
    { "ID_MMFR1", K(0, 0, 1, 5), K_RO, false, 0x20000000 },
    { "ID_MMFR2", K(0, 0, 1, 6), K_RO, false, 0x01240000 },
    { "ID_MMFR3", K(0, 0, 1, 7), K_RO, false, 0x02102211 },
    { "ID_ISAR0", K(0, 0, 2, 0), K_RO, false, 0x02101110 },
    { "ID_ISAR1", K(0, 0, 2, 1), K_RO, false, 0x13112111 },
    { "ID_ISAR2", K(0, 0, 2, 2), K_RO, false, 0x21232041 },
    { "ID_ISAR3", K(0, 0, 2, 3), K_RO, false, 0x11112131 },
    { "ID_ISAR4", K(0, 0, 2, 4), K_RO, false, 0x10011142 },
    { "ID_ISAR5", K(0, 0, 2, 5), K_RO, false, 0 },
    { "ID (reserved)", K(0, 0, 2, 6), K_RO, false, 0 },
    { "ID (reserved)", K(0, 0, 2, 7), K_RO, false, 0 },
    /* CCSIDR of the L1 data cache, which CSSELR = 0 selects. */
    { "CCSIDR", K(1, 0, 0, 0), K_RO, false, 0x701fe00a },
    { "CLIDR", K(1, 0, 0, 1), K_RO, false, 0x0a200023 },
    { "AIDR", K(1, 0, 0, 7), K_RO, false, 0 },
    { "CSSELR", K(2, 0, 0, 0), K_RW, true, 0 },
    /* c1: system control, Security Extensions. */
    { "SCTLR", K(0, 1, 0, 0), K_RW, true, 0x00c50078 },
    { "ACTLR", K(0, 1, 0, 1), K_RW, false, 0 },
    { "CPACR", K(0, 1, 0, 2), K_RW, false, 0 },
    { "SCR", K(0, 1, 1, 0), K_SEC, false, 0 },
    { "SDER", K(0, 1, 1, 1), K_SEC, false, 0 },
    { "NSACR", K(0, 1, 1, 2), K_NSACR, false, 0 },
    /* c2, c3: translation tables, domains. */
    { "TTBR0", K(0, 2, 0, 0), K_RW, true, 0 },
    { "TTBR1", K(0, 2, 0, 1), K_RW, true, 0 },
    { "TTBCR", K(0, 2, 0, 2), K_RW, true, 0 },
    { "DACR", K(0, 3, 0, 0), K_RW, true, 0 },
    /* c5, c6: fault status and address. */
    { "DFSR", K(0, 5, 0, 0), K_RW, true, 0 },
    { "IFSR", K(0, 5, 0, 1), K_RW, true, 0 },
    { "ADFSR", K(0, 5, 1, 0), K_RW, true, 0 },
    { "AIFSR", K(0, 5, 1, 1), K_RW, true, 0 },
    { "DFAR", K(0, 6, 0, 0), K_RW, true, 0 },
    { "IFAR", K(0, 6, 0, 2), K_RW, true, 0 },
    /* c7: PAR, cache and branch predictor maintenance, barriers. */
    { "ICIALLUIS", K(0, 7, 1, 0), K_WO, false, 0 },
    { "BPIALLIS", K(0, 7, 1, 6), K_WO, false, 0 },
    { "PAR", K(0, 7, 4, 0), K_RW, true, 0 },
    { "ICIALLU", K(0, 7, 5, 0), K_WO, false, 0 },
    { "ICIMVAU", K(0, 7, 5, 1), K_WO, false, 0 },
    { "CP15ISB", K(0, 7, 5, 4), K_WO_PL0, false, 0 },
    { "BPIALL", K(0, 7, 5, 6), K_WO, false, 0 },
    { "BPIMVA", K(0, 7, 5, 7), K_WO, false, 0 },
    { "DCIMVAC", K(0, 7, 6, 1), K_WO, false, 0 },
    { "DCISW", K(0, 7, 6, 2), K_WO, false, 0 },
    { "DCCMVAC", K(0, 7, 10, 1), K_WO, false, 0 },
    { "DCCSW", K(0, 7, 10, 2), K_WO, false, 0 },
    { "CP15DSB", K(0, 7, 10, 4), K_WO_PL0, false, 0 },
    { "CP15DMB", K(0, 7, 10, 5), K_WO_PL0, false, 0 },
    { "DCCMVAU", K(0, 7, 11, 1), K_WO, false, 0 },
    { "DCCIMVAC", K(0, 7, 14, 1), K_WO, false, 0 },
    { "DCCISW", K(0, 7, 14, 2), K_WO, false, 0 },
    /* Address translation into PAR (B4.2.4). */
    { "ATS1CPR", K(0, 7, 8, 0), K_WO, false, 0 },
    { "ATS1CPW", K(0, 7, 8, 1), K_WO, false, 0 },
    { "ATS1CUR", K(0, 7, 8, 2), K_WO, false, 0 },
    { "ATS1CUW", K(0, 7, 8, 3), K_WO, false, 0 },
    { "ATS12NSOPR", K(0, 7, 8, 4), K_SEC_WO, false, 0 },
    { "ATS12NSOPW", K(0, 7, 8, 5), K_SEC_WO, false, 0 },
    { "ATS12NSOUR", K(0, 7, 8, 6), K_SEC_WO, false, 0 },
    { "ATS12NSOUW", K(0, 7, 8, 7), K_SEC_WO, false, 0 },
    /* c8: TLB maintenance. */
    { "TLBIALLIS", K(0, 8, 3, 0), K_WO, false, 0 },
    { "TLBIMVAIS", K(0, 8, 3, 1), K_WO, false, 0 },
    { "TLBIASIDIS", K(0, 8, 3, 2), K_WO, false, 0 },
    { "TLBIMVAAIS", K(0, 8, 3, 3), K_WO, false, 0 },
    { "ITLBIALL", K(0, 8, 5, 0), K_WO, false, 0 },
    { "ITLBIMVA", K(0, 8, 5, 1), K_WO, false, 0 },
    { "ITLBIASID", K(0, 8, 5, 2), K_WO, false, 0 },
    { "DTLBIALL", K(0, 8, 6, 0), K_WO, false, 0 },
    { "DTLBIMVA", K(0, 8, 6, 1), K_WO, false, 0 },
    { "DTLBIASID", K(0, 8, 6, 2), K_WO, false, 0 },
    { "TLBIALL", K(0, 8, 7, 0), K_WO, false, 0 },
    { "TLBIMVA", K(0, 8, 7, 1), K_WO, false, 0 },
    { "TLBIASID", K(0, 8, 7, 2), K_WO, false, 0 },
    { "TLBIMVAA", K(0, 8, 7, 3), K_WO, false, 0 },
    /* c9: the A15's L2 control (one CPU: L2CTLR[25:24] = 0; bit 23 as
     * QEMU's cortex-a15 shows). */
    { "L2CTLR", K(1, 9, 0, 2), K_RW, false, 0x00800000 },
    { "L2ECTLR", K(1, 9, 0, 3), K_RW, false, 0 },
    /* c10: memory remap. */
    { "PRRR", K(0, 10, 2, 0), K_RW, true, 0 },
    { "NMRR", K(0, 10, 2, 1), K_RW, true, 0 },
    { "AMAIR0", K(0, 10, 3, 0), K_RW, true, 0 },
    { "AMAIR1", K(0, 10, 3, 1), K_RW, true, 0 },
    /* c12: vectors, interrupt status. */
    { "VBAR", K(0, 12, 0, 0), K_RW, true, 0 },
    { "MVBAR", K(0, 12, 0, 1), K_SEC, false, 0 },
    { "ISR", K(0, 12, 1, 0), K_RO, false, 0 },
    /* c13: process and thread IDs (FCSEIDR RAZ/WI: no FCSE on v7). */
    { "FCSEIDR", K(0, 13, 0, 0), K_RW, false, 0 },
    { "CONTEXTIDR", K(0, 13, 0, 1), K_RW, true, 0 },
    { "TPIDRURW", K(0, 13, 0, 2), K_URW, true, 0 },
    { "TPIDRURO", K(0, 13, 0, 3), K_URO, true, 0 },
    { "TPIDRPRW", K(0, 13, 0, 4), K_RW, true, 0 },
    /* c14: the generic timer's frequency and PL0 access control (PL0
     * reads CNTFRQ only when CNTKCTL allows, and it is 0 at reset). */
    { "CNTFRQ", K(0, 14, 0, 0), K_RW, false, 62500000 },
    { "CNTKCTL", K(0, 14, 1, 0), K_RW, false, 0 },
    /* The timers: PL0 too when CNTKCTL allows, which it does not at reset
     * (test_gtimer.c covers the rest). Without a clock the count is 0, so
     * TVAL (CVAL - count) reads 0 after reset. */
    { "CNTP_TVAL", K(0, 14, 2, 0), K_RW, true, 0 },
    { "CNTP_CTL", K(0, 14, 2, 1), K_RW, true, 0 },
    { "CNTV_TVAL", K(0, 14, 3, 0), K_RW, false, 0 },
    { "CNTV_CTL", K(0, 14, 3, 1), K_RW, false, 0 },
    /* c15: the A15's configuration base address (no board: 0). */
    { "CBAR", K(4, 15, 0, 0), K_RO, false, 0 },
};

/* The spaces that read as zero (B3.17.1, and QEMU for IMPDEF c15). */
static const Expect id_reserved = { "ID (reserved)", 0, K_RO, false, 0 };
static const Expect impdef_c15 = { "IMPDEF c15", 0, K_RW, false, 0 };

static bool kind_is_security_ext(Kind k)
{
    return k == K_SEC || k == K_SEC_WO || k == K_NSACR;
}

static const Expect *expect_for(unsigned key, bool has_security)
{
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        if (expected[i].key == key) {
            if (kind_is_security_ext(expected[i].kind) && !has_security) {
                return NULL;
            }
            return &expected[i];
        }
    }
    unsigned opc1 = key >> 11, crn = (key >> 7) & 15, crm = (key >> 3) & 15;
    if (crn == 0 && opc1 == 0 && crm >= 3 && crm <= 7) {
        return &id_reserved;
    }
    return crn == 15 ? &impdef_c15 : NULL;
}

static uint32_t expected_reset(const Expect *e, bool has_security)
{
    /* Without the Security Extensions ID_PFR1.Security [7:4] is 0. */
    if (e->key == K(0, 0, 1, 1) && !has_security) {
        return e->reset & ~0xf0u;
    }
    /* Likewise ID_DFR0's Secure debug field [7:4], as on QEMU. */
    if (e->key == K(0, 0, 1, 2) && !has_security) {
        return e->reset & ~0xf0u;
    }
    return e->reset;
}

/* What B4.1 allows @kind in this state. */
static bool allowed(Kind kind, bool secure, bool pl0, bool is_read)
{
    switch (kind) {
    case K_RW:
        return !pl0;
    case K_RO:
        return !pl0 && is_read;
    case K_WO:
        return !pl0 && !is_read;
    case K_WO_PL0:
        return !is_read;
    case K_URW:
        return true;
    case K_URO:
        return is_read || !pl0;
    case K_SEC:
        return secure && !pl0;
    case K_SEC_WO:
        return secure && !pl0 && !is_read;
    case K_NSACR:
        return !pl0 && (secure || is_read);
    }
    return false;
}

typedef struct State {
    unsigned mode;
    bool ns;
} State;

static const State states[] = {
    { ARM_MODE_SVC, false }, { ARM_MODE_SYS, false },
    { ARM_MODE_USR, false }, { ARM_MODE_ABT, false },
    { ARM_MODE_FIQ, false }, { ARM_MODE_MON, false },
    { ARM_MODE_MON, true },  { ARM_MODE_SVC, true },
    { ARM_MODE_SYS, true },  { ARM_MODE_USR, true },
    { ARM_MODE_IRQ, true },  { ARM_MODE_UND, true },
};

static void print_key(const char *what, unsigned key, const State *s,
                      bool is_read, bool got)
{
    printf("  %s: opc1 %u CRn %u CRm %u opc2 %u, %s in mode 0x%02x%s: "
           "%s\n", what, key >> 11, (key >> 7) & 15, (key >> 3) & 15,
           key & 7, is_read ? "read" : "write", s->mode,
           s->ns ? " (SCR.NS=1)" : "", got ? "allowed" : "UNDEFINED");
}

/*
 * Every one of the 2^14 (opc1, CRn, CRm, opc2) encodings, in every state,
 * read and write: registered exactly where the ARM ARM has a register,
 * under its name, with the access B4.1 gives it; and, for what is
 * registered, the access the definition's own rights promise.
 */
static void walk_registry(bool has_security)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, has_security);
    const Cp15Registry *reg = cpu->cp15_regs;
    unsigned bad_arch = 0, bad_rights = 0, bad_reg = 0;

    for (unsigned key = 0; key < CP15_NR_KEYS32; key++) {
        const Cp15Reg *r = reg->by_key[key];
        const Expect *e = expect_for(key, has_security);
        if (!e != !r || (e && strcmp(e->name, r->name) != 0)) {
            if (bad_reg++ < 10) {
                printf("  key opc1 %u CRn %u CRm %u opc2 %u: registered %s, "
                       "expected %s\n", key >> 11, (key >> 7) & 15,
                       (key >> 3) & 15, key & 7, r ? r->name : "nothing",
                       e ? e->name : "nothing");
            }
        }
        for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
            const State *s = &states[i];
            if (!has_security && (s->ns || s->mode == ARM_MODE_MON)) {
                continue;
            }
            bool secure = has_security &&
                          (s->mode == ARM_MODE_MON || !s->ns);
            bool pl0 = s->mode == ARM_MODE_USR;
            for (int is_read = 0; is_read < 2; is_read++) {
                rig_enter(cpu, s->mode, s->ns);
                uint32_t val = 0;
                bool got = cp15_access(cpu, key, is_read, &val);
                bool want = e && allowed(e->kind, secure, pl0, is_read);
                if (got != want && bad_arch++ < 10) {
                    print_key("architecture", key, s, is_read, got);
                }
                if (!r) {
                    continue;
                }
                unsigned rights = secure ? r->access >> 4 : r->access & 0xf;
                unsigned need = is_read ? (pl0 ? CP_PL0_R : CP_PL1_R)
                                        : (pl0 ? CP_PL0_W : CP_PL1_W);
                /* Extra run-time checks may only take rights away. */
                bool promised = rights & need;
                if ((got && !promised) ||
                    (!got && promised && !r->access_check)) {
                    if (bad_rights++ < 10) {
                        print_key("definition's rights", key, s, is_read,
                                  got);
                    }
                }
            }
        }
    }
    CHECK_EQ(bad_reg, 0);
    CHECK_EQ(bad_arch, 0);
    CHECK_EQ(bad_rights, 0);
    rig_free(&rig);
}

TEST(cp15_registry_walk_with_security_extensions)
{
    walk_registry(true);
}

TEST(cp15_registry_walk_without_security_extensions)
{
    walk_registry(false);
}

/*
 * Dirties every writable register in both banks, resets, then reads every
 * register at its encoding: the reset value from Secure SVC, and from
 * Non-secure SVC for what that state can read.
 */
static void check_reset_values(bool has_security)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, has_security);
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        const Expect *e = &expected[i];
        wr_in(cpu, ARM_MODE_SVC, true, e->key, 0xffffffff);
        wr_in(cpu, ARM_MODE_MON, false, e->key, 0xffffffff);
    }
    arm_cpu_reset(cpu, 0);
    CHECK_EQ(arm_mode(cpu), ARM_MODE_SVC);
    CHECK_EQ(arm_is_secure(cpu), has_security);

    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        const Expect *e = &expected[i];
        if (kind_is_security_ext(e->kind) && !has_security) {
            continue;
        }
        uint32_t want = expected_reset(e, has_security);
        uint32_t v;
        rig_enter(cpu, ARM_MODE_SVC, false);
        if (e->kind == K_WO || e->kind == K_WO_PL0 || e->kind == K_SEC_WO) {
            if (!CHECK(wr(cpu, e->key, 0))) {
                printf("  %s not writable from Secure SVC\n", e->name);
            }
            continue;
        }
        if (!CHECK(rd(cpu, e->key, &v)) || !CHECK_EQ(v, want)) {
            printf("  %s from %sSVC after reset\n", e->name,
                   has_security ? "Secure " : "");
        }
        if (has_security && e->kind != K_SEC) {
            rig_enter(cpu, ARM_MODE_SVC, true);
            if (!CHECK(rd(cpu, e->key, &v)) || !CHECK_EQ(v, want)) {
                printf("  %s from Non-secure SVC after reset\n", e->name);
            }
        }
    }
    rig_free(&rig);
}

TEST(cp15_reset_values_with_security_extensions)
{
    check_reset_values(true);
}

TEST(cp15_reset_values_without_security_extensions)
{
    check_reset_values(false);
}

TEST(cp15_mpidr_reports_the_cpu_number)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    cpu->cpu_index = 3;
    /* [31] multiprocessor format, [30] U = 0, Aff0 = 3. */
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, K(0, 0, 0, 5)), 0x80000003);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, K(0, 0, 0, 5)), 0x80000003);
    rig_free(&rig);
}

/* A banked register and values its writable bits keep. */
typedef struct Banked {
    const char *name;
    unsigned key;
    size_t field;       /* offsetof(ArmCpu, cp15.x): [0] NS, [1] Secure */
    uint32_t s_val, ns_val;
    uint32_t fixed;     /* bits that read as 1 whatever is written */
} Banked;

#define FLD(x) offsetof(ArmCpu, cp15.x)

static const Banked banked[] = {
    { "CSSELR", K(2, 0, 0, 0), FLD(csselr), 0x2, 0x1, 0 },
    /* SCTLR.V and C versus Z and A; the RAO bits stay. */
    { "SCTLR", K(0, 1, 0, 0), FLD(sctlr), 0x2004, 0x0802, 0x00c50078 },
    { "TTBR0", K(0, 2, 0, 0), FLD(ttbr0), 0x12344000, 0x56788000, 0 },
    { "TTBR1", K(0, 2, 0, 1), FLD(ttbr1), 0x9abc4000, 0xdef08000, 0 },
    { "TTBCR", K(0, 2, 0, 2), FLD(ttbcr), 0x82, 0x105, 0 },
    { "DACR", K(0, 3, 0, 0), FLD(dacr), 0x55555555, 0xffff0001, 0 },
    { "DFSR", K(0, 5, 0, 0), FLD(dfsr), 0x805, 0x1008, 0 },
    { "IFSR", K(0, 5, 0, 1), FLD(ifsr), 0x00d, 0x1008, 0 },
    { "ADFSR", K(0, 5, 1, 0), FLD(adfsr), 0x11, 0x22, 0 },
    { "AIFSR", K(0, 5, 1, 1), FLD(aifsr), 0x33, 0x44, 0 },
    { "DFAR", K(0, 6, 0, 0), FLD(dfar), 0xdfa00001, 0xdfa00002, 0 },
    { "IFAR", K(0, 6, 0, 2), FLD(ifar), 0x1fa00001, 0x1fa00002, 0 },
    { "PAR", K(0, 7, 4, 0), FLD(par), 0x80000001, 0x40000000, 0 },
    { "PRRR", K(0, 10, 2, 0), FLD(prrr), 0x000a8aa4, 0xff0a81a8, 0 },
    { "NMRR", K(0, 10, 2, 1), FLD(nmrr), 0x40e040e0, 0x44e048e0, 0 },
    { "AMAIR0", K(0, 10, 3, 0), FLD(amair0), 0x1, 0x2, 0 },
    { "AMAIR1", K(0, 10, 3, 1), FLD(amair1), 0x3, 0x4, 0 },
    { "VBAR", K(0, 12, 0, 0), FLD(vbar), 0x10000000, 0x20000020, 0 },
    { "CONTEXTIDR", K(0, 13, 0, 1), FLD(contextidr), 0x101, 0x202, 0 },
    { "TPIDRURW", K(0, 13, 0, 2), FLD(tpidrurw), 0x7777, 0x8888, 0 },
    { "TPIDRURO", K(0, 13, 0, 3), FLD(tpidruro), 0x9999, 0xaaaa, 0 },
    { "TPIDRPRW", K(0, 13, 0, 4), FLD(tpidrprw), 0xbbbb, 0xcccc, 0 },
};

static const uint32_t *copies(const ArmCpu *cpu, const Banked *b)
{
    return (const uint32_t *)((const char *)cpu + b->field);
}

/*
 * B4.1.1: Secure SVC and Non-secure SVC reach different copies; Monitor
 * mode reaches the copy SCR.NS selects, for reads and for writes.
 */
TEST(cp15_banked_registers_have_secure_and_non_secure_copies)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    for (size_t i = 0; i < ARRAY_SIZE(banked); i++) {
        const Banked *b = &banked[i];
        uint32_t s = b->s_val | b->fixed, ns = b->ns_val | b->fixed;
        bool ok = true;
        ok &= CHECK(wr_in(cpu, ARM_MODE_SVC, false, b->key, b->s_val));
        ok &= CHECK(wr_in(cpu, ARM_MODE_SVC, true, b->key, b->ns_val));
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, b->key), s);
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, b->key), ns);
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_ABT, false, b->key), s);
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_UND, true, b->key), ns);
        /* The layout exception.c and the MMU index with arm_bank(). */
        ok &= CHECK_EQ(copies(cpu, b)[1], s);
        ok &= CHECK_EQ(copies(cpu, b)[0], ns);
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_MON, false, b->key), s);
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_MON, true, b->key), ns);

        /* Monitor writes land in the copy SCR.NS selects. */
        ok &= CHECK(wr_in(cpu, ARM_MODE_MON, true, b->key, b->s_val));
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, b->key), s);
        ok &= CHECK(wr_in(cpu, ARM_MODE_MON, false, b->key, b->ns_val));
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, b->key), ns);
        ok &= CHECK_EQ(copies(cpu, b)[1], ns);
        ok &= CHECK_EQ(copies(cpu, b)[0], s);
        if (!ok) {
            printf("  (register %s)\n", b->name);
        }
    }
    rig_free(&rig);
}

/* The PL0-accessible thread ID registers are banked for PL0 too. */
TEST(cp15_user_thread_id_registers_are_banked_at_pl0)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned urw = K(0, 13, 0, 2), uro = K(0, 13, 0, 3);
    CHECK(wr_in(cpu, ARM_MODE_USR, false, urw, 0x5));
    CHECK(wr_in(cpu, ARM_MODE_USR, true, urw, 0xa));
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, uro, 0x50));
    CHECK(wr_in(cpu, ARM_MODE_SVC, true, uro, 0xa0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, false, urw), 0x5);
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, true, urw), 0xa);
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, false, uro), 0x50);
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, true, uro), 0xa0);
    CHECK(!wr_in(cpu, ARM_MODE_USR, true, uro, 0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, uro), 0xa0);
    rig_free(&rig);
}

/* Without the Security Extensions there is one copy, the [0] one. */
TEST(cp15_without_security_extensions_one_copy_is_used)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, false);
    for (size_t i = 0; i < ARRAY_SIZE(banked); i++) {
        const Banked *b = &banked[i];
        uint32_t before = copies(cpu, b)[1];
        bool ok = true;
        ok &= CHECK(wr_in(cpu, ARM_MODE_SVC, false, b->key, b->s_val));
        ok &= CHECK_EQ(copies(cpu, b)[0], b->s_val | b->fixed);
        ok &= CHECK_EQ(copies(cpu, b)[1], before);
        /* SCR does not exist: a stray NS bit changes nothing. */
        rig_enter(cpu, ARM_MODE_IRQ, false);
        cpu->cp15.scr = SCR_NS;
        ok &= CHECK(wr(cpu, b->key, b->ns_val));
        cpu->cp15.scr = 0;
        ok &= CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, b->key),
                       b->ns_val | b->fixed);
        ok &= CHECK_EQ(copies(cpu, b)[1], before);
        if (!ok) {
            printf("  (register %s)\n", b->name);
        }
    }
    /* Monitor mode does not exist. */
    CHECK(!arm_mode_valid(cpu, ARM_MODE_MON));
    rig_free(&rig);
}

/* CCSIDR describes the cache the accessing bank's CSSELR names. */
TEST(cp15_ccsidr_follows_the_csselr_of_the_accessing_bank)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned csselr = K(2, 0, 0, 0), ccsidr = K(1, 0, 0, 0);
    const uint32_t l1d = 0x701fe00a, l1i = 0x201fe00a, l2 = 0x711fe07a;
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, ccsidr), l1d);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, ccsidr), l1d);
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, csselr, 1));   /* L1 I */
    CHECK(wr_in(cpu, ARM_MODE_SVC, true, csselr, 2));    /* L2 */
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, ccsidr), l1i);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, ccsidr), l2);
    CHECK_EQ(rd_in(cpu, ARM_MODE_MON, false, ccsidr), l1i);
    CHECK_EQ(rd_in(cpu, ARM_MODE_MON, true, ccsidr), l2);
    CHECK(wr_in(cpu, ARM_MODE_MON, true, csselr, 0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, ccsidr), l1d);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, ccsidr), l1i);
    /* No L2 instruction cache: CCSIDR is UNKNOWN, read here as 0. */
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, csselr, 3));
    CHECK(rd_in(cpu, ARM_MODE_SVC, false, ccsidr) != l2);
    rig_free(&rig);

    cpu = rig_new(&rig, false);
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, csselr, 1));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, ccsidr), l1i);
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, csselr, 2));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, ccsidr), l2);
    rig_free(&rig);
}

/* What writing all ones leaves, from the Secure and the NS state. */
static void check_mask(ArmCpu *cpu, const char *name, unsigned key,
                       unsigned mode, bool ns, uint32_t want)
{
    bool ok = CHECK(wr_in(cpu, mode, ns, key, 0xffffffff));
    ok &= CHECK_EQ(rd_in(cpu, mode, ns, key), want);
    ok &= CHECK(wr_in(cpu, mode, ns, key, 0));
    ok &= CHECK_EQ(rd_in(cpu, mode, ns, key), 0);
    if (!ok) {
        printf("  (register %s%s)\n", name, ns ? ", Non-secure" : "");
    }
}

TEST(cp15_write_masks)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    /* VBAR/MVBAR [4:0] RES0 (B4.1.156, B4.1.107). */
    check_mask(cpu, "VBAR", K(0, 12, 0, 0), ARM_MODE_SVC, false, 0xffffffe0);
    check_mask(cpu, "VBAR", K(0, 12, 0, 0), ARM_MODE_SVC, true, 0xffffffe0);
    check_mask(cpu, "MVBAR", K(0, 12, 0, 1), ARM_MODE_MON, false,
               0xffffffe0);
    /* SCR (B4.1.129): NS IRQ FIQ EA FW AW nET, SIF; SCD and HCE are RES0
     * without the Virtualization Extensions, [31:10] reserved. Written
     * from Monitor mode, which stays Secure whatever NS says. */
    uint32_t v;
    rig_enter(cpu, ARM_MODE_MON, false);
    CHECK(wr(cpu, K(0, 1, 1, 0), 0xffffffff));
    CHECK(rd(cpu, K(0, 1, 1, 0), &v));
    CHECK_EQ(v, 0x0000027f);
    CHECK(wr(cpu, K(0, 1, 1, 0), 0));
    CHECK(rd(cpu, K(0, 1, 1, 0), &v));
    CHECK_EQ(v, 0);
    /* TTBCR with LPAE (B4.1.153): [21:19], [15:14] and [6:3] are UNK/SBZP
     * and read as zero, PD0/PD1 included, as on QEMU's cortex-a15. */
    check_mask(cpu, "TTBCR", K(0, 2, 0, 2), ARM_MODE_SVC, false, 0xffc73f87);
    check_mask(cpu, "TTBCR", K(0, 2, 0, 2), ARM_MODE_SVC, true, 0xffc73f87);
    /* CSSELR: Level[3:1], InD[0]. */
    check_mask(cpu, "CSSELR", K(2, 0, 0, 0), ARM_MODE_SVC, false, 0xf);
    check_mask(cpu, "CSSELR", K(2, 0, 0, 0), ARM_MODE_SVC, true, 0xf);
    /* SDER (B4.1.135): SUIDEN, SUNIDEN. */
    check_mask(cpu, "SDER", K(0, 1, 1, 1), ARM_MODE_SVC, false, 0x3);
    /* CPACR from Secure: ASEDIS, D32DIS, cp11, cp10 (A15 TRM 4.3.29). */
    check_mask(cpu, "CPACR", K(0, 1, 0, 2), ARM_MODE_SVC, false,
               0xc0f00000);
    rig_free(&rig);
}

/* SCTLR bits 3, 4, 6, 16, 18, 22 (U) and 23 read as one (B4.1.130). */
TEST(cp15_sctlr_rao_bits_survive_writes_of_zero)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned sctlr = K(0, 1, 0, 0);
    const uint32_t rao = 0x00c50058;
    for (int ns = 0; ns < 2; ns++) {
        CHECK(wr_in(cpu, ARM_MODE_SVC, ns, sctlr, 0));
        CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, ns, sctlr) & rao, rao);
        CHECK(wr_in(cpu, ARM_MODE_SVC, ns, sctlr, SCTLR_V | SCTLR_A));
        CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, ns, sctlr) & (SCTLR_V | SCTLR_A),
                 SCTLR_V | SCTLR_A);
    }
    rig_free(&rig);
}

/*
 * NSACR (B4.1): readable from Non-secure PL1 (and shows what the
 * Secure side wrote) but a Non-secure write is UNDEFINED and changes
 * nothing. Monitor mode writes it whatever SCR.NS is.
 */
TEST(cp15_nsacr_read_only_from_non_secure_pl1)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned nsacr = K(0, 1, 1, 2);
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, nsacr, 0x00000c00));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, nsacr), 0x00000c00);
    CHECK(!wr_in(cpu, ARM_MODE_SVC, true, nsacr, 0));
    CHECK(!wr_in(cpu, ARM_MODE_ABT, true, nsacr, 0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, nsacr), 0x00000c00);
    CHECK(wr_in(cpu, ARM_MODE_MON, true, nsacr, 0x00000400));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, nsacr), 0x00000400);
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, true, nsacr), 0xdeadbeef);
    CHECK_EQ(rd_in(cpu, ARM_MODE_USR, false, nsacr), 0xdeadbeef);
    rig_free(&rig);
}

/*
 * SCR, SDER, MVBAR: UNDEFINED from Non-secure PL1 (reads and writes, and
 * the value stays), reachable from Monitor mode with SCR.NS = 1.
 */
TEST(cp15_secure_only_registers)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned sder = K(0, 1, 1, 1), mvbar = K(0, 12, 0, 1);
    const unsigned scr = K(0, 1, 1, 0);
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, sder, 0x1));
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, mvbar, 0x8000));
    CHECK(!wr_in(cpu, ARM_MODE_SVC, true, sder, 0x2));
    CHECK(!wr_in(cpu, ARM_MODE_SVC, true, mvbar, 0x4000));
    CHECK(!wr_in(cpu, ARM_MODE_SVC, true, scr, 0));
    CHECK_EQ(cpu->cp15.scr, SCR_NS);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, sder), 0xdeadbeef);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, mvbar), 0xdeadbeef);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, scr), 0xdeadbeef);
    CHECK_EQ(rd_in(cpu, ARM_MODE_MON, true, sder), 0x1);
    CHECK_EQ(rd_in(cpu, ARM_MODE_MON, true, mvbar), 0x8000);
    CHECK_EQ(rd_in(cpu, ARM_MODE_MON, true, scr), SCR_NS);
    /* From Monitor, an SCR write takes effect (and stays Secure). */
    rig_enter(cpu, ARM_MODE_MON, false);
    CHECK(wr(cpu, scr, SCR_NS | SCR_IRQ));
    CHECK_EQ(cpu->cp15.scr, SCR_NS | SCR_IRQ);
    CHECK(arm_is_secure(cpu));
    rig_free(&rig);
}

/*
 * The CPACR and NSACR descriptions (B4.1): in the Non-secure state, CPACR.cp10/cp11 read as
 * 0b00 and ignore writes while NSACR.cp10/cp11 are 0 (qemu-system-arm's
 * cpacr_read/cpacr_write do the same); the Secure state sees and sets
 * them regardless.
 */
TEST(cp15_cpacr_non_secure_view_is_filtered_by_nsacr)
{
    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const unsigned cpacr = K(0, 1, 0, 2), nsacr = K(0, 1, 1, 2);
    const uint32_t cp10_11 = 0x00f00000;
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, nsacr, 0));
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, cpacr, cp10_11));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, cpacr) & cp10_11, cp10_11);
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, cpacr) & cp10_11, 0);
    CHECK(wr_in(cpu, ARM_MODE_SVC, true, cpacr, 0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, cpacr) & cp10_11, cp10_11);

    CHECK(wr_in(cpu, ARM_MODE_SVC, false, nsacr, 0x00000c00));
    CHECK(wr_in(cpu, ARM_MODE_SVC, false, cpacr, cp10_11));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, true, cpacr) & cp10_11, cp10_11);
    CHECK(wr_in(cpu, ARM_MODE_SVC, true, cpacr, 0));
    CHECK_EQ(rd_in(cpu, ARM_MODE_SVC, false, cpacr) & cp10_11, 0);
    rig_free(&rig);
}

/* An extra run-time check: reads only while SCR.FW is set. */
static bool fw_only(ArmCpu *cpu, const Cp15Reg *r, bool is_read)
{
    (void)r;
    return is_read && (cpu->cp15.scr & SCR_FW);
}

/*
 * cp15_register() puts a definition at its encoding and nowhere else; a
 * register without storage reads its reset value and keeps its rights;
 * an access_check can make an access its rights allow UNDEFINED.
 */
TEST(cp15_register_adds_a_table)
{
    static const Cp15Reg extra[] = {
        { .name = "EXTRA", .opc1 = 7, .crn = 15, .crm = 15, .opc2 = 7,
          .access = CP_BOTH(CP_PL1_R), .field = CP_NO_FIELD,
          .reset = 0x1234 },
        { .name = "CHECKED", .opc1 = 7, .crn = 15, .crm = 15, .opc2 = 6,
          .access = CP_BOTH(CP_PL1_RW), .field = CP_NO_FIELD,
          .reset = 0x5678, .access_check = fw_only },
    };
    Cp15Registry *reg = calloc(1, sizeof(*reg));
    cp15_register(reg, extra, ARRAY_SIZE(extra));
    CHECK(reg->by_key[CP15_KEY(7, 15, 15, 7)] == &extra[0]);
    unsigned n = 0;
    for (unsigned k = 0; k < CP15_NR_KEYS; k++) {
        n += reg->by_key[k] != NULL;
    }
    CHECK_EQ(n, 2);

    Rig rig;
    ArmCpu *cpu = rig_new(&rig, true);
    const Cp15Registry *a15 = cpu->cp15_regs;
    cpu->cp15_regs = reg;
    uint32_t v;
    rig_enter(cpu, ARM_MODE_SVC, true);
    CHECK(rd(cpu, CP15_KEY(7, 15, 15, 7), &v));
    CHECK_EQ(v, 0x1234);
    CHECK(!wr(cpu, CP15_KEY(7, 15, 15, 7), 0));
    CHECK(!rd(cpu, CP15_KEY(0, 0, 0, 0), &v));
    cpu->cp15.scr |= SCR_FW;
    CHECK(rd(cpu, CP15_KEY(7, 15, 15, 6), &v));
    CHECK_EQ(v, 0x5678);
    CHECK(!wr(cpu, CP15_KEY(7, 15, 15, 6), 0));
    cpu->cp15.scr &= ~SCR_FW;
    CHECK(!rd(cpu, CP15_KEY(7, 15, 15, 6), &v));
    cpu->cp15_regs = a15;
    rig_free(&rig);
    free(reg);
}
