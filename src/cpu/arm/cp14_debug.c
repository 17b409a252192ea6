/*
 * The cp14 debug registers of the Cortex-A15's v7.1 debug architecture
 * (ARM ARM C6.4, C11; Cortex-A15 TRM 10.3), with the values and rights
 * qemu-system-arm's cortex-a15 has: identification, status and control,
 * the OS lock, claim tags, and the breakpoint and watchpoint registers.
 * Software that sets up debug (Linux's hw_breakpoint) finds what it
 * wrote; the breakpoints and watchpoints are held, not matched.
 */
#include <stddef.h>

#include "cp15.h"

#define PL0_R CP_BOTH(CP_PL0_R | CP_PL1_R)
#define PL1_R CP_BOTH(CP_PL1_R)
#define PL1_W CP_BOTH(CP_PL1_W)
#define PL1_RW CP_BOTH(CP_PL1_RW)
#define DBG(f) ((uint16_t)offsetof(ArmCpu, dbg.f))

/* DBGDIDR: 4 watchpoints, 6 breakpoints, 2 context comparators, v7.1. */
#define A15_DBGDIDR 0x3515f021u
/* DBGDSCR bits software may write: MDBGen, HDBGen, ITRen, UDCCdis. */
#define DSCR_WRITABLE 0xf000u
/* The key that, written to DBGOSLAR, sets the OS lock (C11.11.31). */
#define OS_LOCK_KEY 0xc5acce55u

/* DBGOSLSR: OSLM says the lock is implemented; OSLK is the lock. */
static uint32_t oslsr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return 0x8u | (cpu->dbg.oslk << 1);
}

static void oslar_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t v)
{
    (void)r, (void)bank;
    cpu->dbg.oslk = v == OS_LOCK_KEY;
}

/* DBGCLAIMSET and DBGCLAIMCLR: write 1s to set/clear tags; both read
 * the tags. */
static uint32_t claim_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return cpu->dbg.claim;
}

static void claimset_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                           uint32_t v)
{
    (void)r, (void)bank;
    cpu->dbg.claim |= v & 0xff;
}

static void claimclr_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                           uint32_t v)
{
    (void)r, (void)bank;
    cpu->dbg.claim &= ~v;
}

/* DBGDRAR and DBGDSAR (64-bit): no memory-mapped debug, offset invalid. */
static uint64_t raz64_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)cpu, (void)r, (void)bank;
    return 0;
}

#define REG(nm, n, m, o2, acc, fld, rst, mask)                              \
    { .name = nm, .opc1 = 0, .crn = n, .crm = m, .opc2 = o2,              \
      .access = acc, .flags = CP_CP14, .field = fld, .reset = rst,        \
      .wmask = mask }
/* Breakpoint n: value (address, word aligned) and control (C11.11.6-7);
 * watchpoint n likewise (C11.11.45-46). */
#define BP(n)                                                               \
    REG("DBGBVR" #n, 0, n, 4, PL1_RW, DBG(bvr[n]), 0, 0xfffffffcu),        \
    REG("DBGBCR" #n, 0, n, 5, PL1_RW, DBG(bcr[n]), 0, 0x1fffe1e7u)
#define WP(n)                                                               \
    REG("DBGWVR" #n, 0, n, 6, PL1_RW, DBG(wvr[n]), 0, 0xfffffffcu),        \
    REG("DBGWCR" #n, 0, n, 7, PL1_RW, DBG(wcr[n]), 0, 0x1f1fffffu)

const Cp15Reg cp14_debug_regs[] = {
    REG("DBGDIDR", 0, 0, 0, PL0_R, CP_NO_FIELD, A15_DBGDIDR, 0),
    /* The internal view of DBGDSCR reads what the external one holds. */
    REG("DBGDSCRint", 0, 1, 0, PL0_R, DBG(dscr), 0, 0),
    REG("DBGDSCRext", 0, 2, 2, PL1_RW, DBG(dscr), 0, DSCR_WRITABLE),
    REG("DBGWFAR", 0, 6, 0, PL1_RW, CP_NO_FIELD, 0, 0),
    REG("DBGVCR", 0, 7, 0, PL1_RW, DBG(vcr), 0, 0xffffffffu),
    BP(0), BP(1), BP(2), BP(3), BP(4), BP(5),
    WP(0), WP(1), WP(2), WP(3),
    REG("DBGDRAR", 1, 0, 0, PL0_R, CP_NO_FIELD, 0, 0),
    REG("DBGDSAR", 2, 0, 0, PL0_R, CP_NO_FIELD, 0, 0),
    { .name = "DBGOSLAR", .crn = 1, .crm = 0, .opc2 = 4, .access = PL1_W,
      .flags = CP_CP14, .field = CP_NO_FIELD, .write = oslar_write },
    /* The OS lock is set at reset (C11.11.32). */
    { .name = "DBGOSLSR", .crn = 1, .crm = 1, .opc2 = 4, .access = PL1_R,
      .flags = CP_CP14, .field = DBG(oslk), .reset = 1,
      .read = oslsr_read },
    REG("DBGOSDLR", 1, 3, 4, PL1_RW, DBG(osdlr), 0, 1),
    REG("DBGPRCR", 1, 4, 4, PL1_RW, CP_NO_FIELD, 0, 0),
    { .name = "DBGCLAIMSET", .crn = 7, .crm = 8, .opc2 = 6,
      .access = PL1_RW, .flags = CP_CP14, .field = CP_NO_FIELD,
      .read = claim_read, .write = claimset_write },
    { .name = "DBGCLAIMCLR", .crn = 7, .crm = 9, .opc2 = 6,
      .access = PL1_RW, .flags = CP_CP14, .field = DBG(claim),
      .read = claim_read, .write = claimclr_write },
    { .name = "DBGDRAR64", .crm = 1, .access = PL0_R,
      .flags = CP_CP14 | CP_64BIT, .field = CP_NO_FIELD,
      .read64 = raz64_read },
    { .name = "DBGDSAR64", .crm = 2, .access = PL0_R,
      .flags = CP_CP14 | CP_64BIT, .field = CP_NO_FIELD,
      .read64 = raz64_read },
};
const size_t cp14_debug_nr = sizeof(cp14_debug_regs) / sizeof(cp14_debug_regs[0]);
