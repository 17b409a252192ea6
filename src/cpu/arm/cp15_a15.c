/*
 * The Cortex-A15's identification and implementation-defined cp15
 * registers (Cortex-A15 TRM, DDI 0438, 4.2-4.3), with the values
 * qemu-system-arm's cortex-a15 reports, so guests see the same CPU.
 */
#include <stddef.h>

#include "cp15.h"

#define PL1_R CP_BOTH(CP_PL1_R)
#define A15_MIDR 0x414fc0f0u

#define ID(nm, o1, n, m, o2, val)                                          \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = PL1_R, .field = CP_NO_FIELD, .reset = val }

/* MPIDR: multiprocessor format, uniprocessor clear, Aff0 = CPU number. */
static uint32_t mpidr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return 0x80000000u | cpu->cpu_index;
}

/* MIDR, also at its alias encodings (B4.1.105: c0,c0,4 and c0,c0,7 read
 * as MIDR; QEMU's cortex-a15 answers REVIDR with it too). */
static uint32_t midr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)cpu, (void)r, (void)bank;
    return A15_MIDR;
}

/* ID_PFR1 says which extensions exist: Security [7:4] only if present. */
static uint32_t id_pfr1_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)bank;
    return cpu->has_security ? r->reset : r->reset & ~0xf0u;
}

/* ID_DFR0's Secure debug field [7:4] reads 0 without the Security
 * Extensions, as on QEMU. */
static uint32_t id_dfr0_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)bank;
    return cpu->has_security ? r->reset : r->reset & ~0xf0u;
}

/* L2CTLR[25:24]: the number of CPUs - 1; bit 23 as QEMU's cortex-a15. */
static uint32_t l2ctlr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return 0x00800000u | ((cpu->nr_cpus - 1) << 24);
}

/* CBAR: the base of the private peripheral region, set by the board. */
static uint32_t cbar_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return cpu->cbar;
}

/* CCSIDR describes the cache CSSELR selects (TRM 4.3.22). */
static uint32_t ccsidr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r;
    static const uint32_t by_selection[] = {
        0x701fe00a, /* L1 data, 32 KiB */
        0x201fe00a, /* L1 instruction, 32 KiB */
        0x711fe07a, /* L2 unified, 2 MiB */
    };
    uint32_t sel = cpu->cp15.csselr[bank];
    return sel < 3 ? by_selection[sel] : 0;
}

#define MIDR_AT(nm, o2)                                                     \
    { .name = nm, .opc2 = o2, .access = PL1_R, .field = CP_NO_FIELD,       \
      .read = midr_read }

const Cp15Reg cp15_a15_regs[] = {
    MIDR_AT("MIDR", 0),
    MIDR_AT("MIDR (alias)", 4),
    MIDR_AT("REVIDR", 6),
    MIDR_AT("MIDR (alias)", 7),
    ID("CTR", 0, 0, 0, 1, 0x8444c004),
    ID("TCMTR", 0, 0, 0, 2, 0),
    ID("TLBTR", 0, 0, 0, 3, 0),
    { .name = "MPIDR", .crn = 0, .opc2 = 5, .access = PL1_R,
      .field = CP_NO_FIELD, .read = mpidr_read },
    ID("ID_PFR0", 0, 0, 1, 0, 0x00001131),
    { .name = "ID_PFR1", .crm = 1, .opc2 = 1, .access = PL1_R,
      .field = CP_NO_FIELD, .reset = 0x00010011, .read = id_pfr1_read },
    { .name = "ID_DFR0", .crm = 1, .opc2 = 2, .access = PL1_R,
      .field = CP_NO_FIELD, .reset = 0x02010555, .read = id_dfr0_read },
    ID("ID_AFR0", 0, 0, 1, 3, 0),
    ID("ID_MMFR0", 0, 0, 1, 4, 0x10201105),
    ID("ID_MMFR1", 0, 0, 1, 5, 0x20000000),
    ID("ID_MMFR2", 0, 0, 1, 6, 0x01240000),
    ID("ID_MMFR3", 0, 0, 1, 7, 0x02102211),
    ID("ID_ISAR0", 0, 0, 2, 0, 0x02101110),
    ID("ID_ISAR1", 0, 0, 2, 1, 0x13112111),
    ID("ID_ISAR2", 0, 0, 2, 2, 0x21232041),
    ID("ID_ISAR3", 0, 0, 2, 3, 0x11112131),
    ID("ID_ISAR4", 0, 0, 2, 4, 0x10011142),
    ID("ID_ISAR5", 0, 0, 2, 5, 0),
    /* Banked only to find which CSSELR copy applies. */
    { .name = "CCSIDR", .opc1 = 1, .access = PL1_R, .flags = CP_BANKED,
      .field = CP_NO_FIELD, .read = ccsidr_read },
    ID("CLIDR", 1, 0, 0, 1, 0x0a200023),
    ID("AIDR", 1, 0, 0, 7, 0),
    { .name = "L2CTLR", .opc1 = 1, .crn = 9, .opc2 = 2,
      .access = CP_BOTH(CP_PL1_RW), .field = CP_NO_FIELD,
      .read = l2ctlr_read },
    { .name = "L2ECTLR", .opc1 = 1, .crn = 9, .opc2 = 3,
      .access = CP_BOTH(CP_PL1_RW), .field = CP_NO_FIELD },
    { .name = "CBAR", .opc1 = 4, .crn = 15, .access = PL1_R,
      .field = CP_NO_FIELD, .read = cbar_read },
};
const size_t cp15_a15_nr = sizeof(cp15_a15_regs) / sizeof(cp15_a15_regs[0]);

/* The rest of the ID space (B3.17.1: CRn c0, CRm c1-c7) reads as zero. */
#define ID_RAZ(m, o2) ID("ID (reserved)", 0, 0, m, o2, 0)
#define ID_RAZ_ROW(m)                                                        \
    ID_RAZ(m, 0), ID_RAZ(m, 1), ID_RAZ(m, 2), ID_RAZ(m, 3), ID_RAZ(m, 4),   \
    ID_RAZ(m, 5), ID_RAZ(m, 6), ID_RAZ(m, 7)

const Cp15Reg cp15_a15_spaces[] = {
    ID_RAZ(2, 6), ID_RAZ(2, 7),
    ID_RAZ_ROW(3), ID_RAZ_ROW(4), ID_RAZ_ROW(5), ID_RAZ_ROW(6), ID_RAZ_ROW(7),
    /* CRn c15 is IMPLEMENTATION DEFINED: what the A15 does not define
     * reads as zero and ignores writes at PL1, as on QEMU. */
    { .name = "IMPDEF c15", .opc1 = CP_ANY, .crn = 15, .crm = CP_ANY,
      .opc2 = CP_ANY, .access = CP_BOTH(CP_PL1_RW), .field = CP_NO_FIELD },
};
const size_t cp15_a15_spaces_nr =
    sizeof(cp15_a15_spaces) / sizeof(cp15_a15_spaces[0]);
