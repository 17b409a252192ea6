/*
 * cp15 registers every ARMv7-A VMSA core has (ARM ARM B4.1, summary in
 * B3.17): system control, translation table control, fault reporting,
 * thread IDs, and the cache, branch predictor and TLB maintenance
 * operations. Banked ones have Secure and Non-secure copies (B4.1.1).
 */
#include <stddef.h>

#include "cp15.h"
#include "tlb.h"

#define F(x) ((uint16_t)offsetof(ArmCpu, cp15.x))
#define PL1 CP_BOTH(CP_PL1_RW)

static void tlb_flush_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                            uint32_t val)
{
    (void)r, (void)bank, (void)val;
    arm_tlb_flush(cpu->tlb);
}

/* SCTLR: a change of M, V or EE changes translation or vectors. */
static void sctlr_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    uint32_t *p = &cpu->cp15.sctlr[bank];
    *p = (*p & ~r->wmask) | (val & r->wmask);
    arm_tlb_flush(cpu->tlb);
}

/*
 * CPACR's cp10/cp11 fields [23:20] as Non-secure state sees them: zero,
 * and not writable, unless NSACR.CP10 grants access (B4.1.40; QEMU's
 * cortex-a15 checks CP10 for both fields).
 */
#define CPACR_CP10_CP11 (0xfu << 20)
#define NSACR_CP10 (1u << 10)

static bool cpacr_hidden(const ArmCpu *cpu)
{
    return cpu->has_security && !arm_is_secure(cpu) &&
           !(cpu->cp15.nsacr & NSACR_CP10);
}

static uint32_t cpacr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return cpacr_hidden(cpu) ? cpu->cp15.cpacr & ~CPACR_CP10_CP11
                             : cpu->cp15.cpacr;
}

static void cpacr_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    (void)bank;
    uint32_t mask = r->wmask & (cpacr_hidden(cpu) ? ~CPACR_CP10_CP11 : ~0u);
    cpu->cp15.cpacr = (cpu->cp15.cpacr & ~mask) | (val & mask);
}

/*
 * ATS1C* and ATS12NSO* (B4.2.4): translate the address written and leave
 * the result in PAR, short format: PA[31:12] and NS in bit 9 (B4.1.112).
 * With the MMU off the PA is the VA, in the current security state's
 * space (the Secure-only ATS12NSO* operations are in cp15_security.c).
 */
#define PAR_NS (1u << 9)

static void ats_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t va)
{
    (void)r;
    bool ns = !arm_is_secure(cpu);
    cpu->cp15.par[bank] = (va & ~0xfffu) | (ns ? PAR_NS : 0);
}

/* The 64-bit view of PAR (MRRC p15, 0, c7): the short format's 32 bits. */
static uint64_t par64_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r;
    return cpu->cp15.par[bank];
}

static void par64_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint64_t v)
{
    (void)r;
    cpu->cp15.par[bank] = (uint32_t)v;
}

/* A maintenance operation: write-only, no state to keep. */
#define OP(nm, o1, n, m, o2, acc)                                          \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = (acc), .field = CP_NO_FIELD }
#define TLBOP(nm, o1, n, m, o2)                                            \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = CP_BOTH(CP_PL1_W), .field = CP_NO_FIELD,                   \
      .write = tlb_flush_write }
/* An address translation operation writing the PAR of its bank. */
#define ATS(nm, o2, acc)                                                   \
    { .name = nm, .crn = 7, .crm = 8, .opc2 = o2, .access = (acc),        \
      .flags = CP_BANKED, .field = CP_NO_FIELD, .write = ats_write }
/* A banked read/write register with storage. */
#define BANKED(nm, o1, n, m, o2, fld, mask)                                \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = PL1, .flags = CP_BANKED, .field = F(fld), .wmask = mask }

const Cp15Reg cp15_v7_regs[] = {
    /* SCTLR reset and writable bits as the Cortex-A15 (TRM 4.3.27). */
    { .name = "SCTLR", .crn = 1, .access = PL1, .flags = CP_BANKED,
      .field = F(sctlr), .reset = 0x00c50078, .wmask = 0x72183c07,
      .write = sctlr_write },
    /* The A15's ACTLR bits steer caches and coherency: RAZ/WI here. */
    { .name = "ACTLR", .crn = 1, .opc2 = 1, .access = PL1,
      .field = CP_NO_FIELD },
    /* CPACR: cp10/cp11 access and the ASEDIS/D32DIS bits. */
    { .name = "CPACR", .crn = 1, .opc2 = 2, .access = PL1,
      .field = F(cpacr), .wmask = 0xc0f00000, .read = cpacr_read,
      .write = cpacr_write },
    BANKED("TTBR0", 0, 2, 0, 0, ttbr0, 0xffffffff),
    BANKED("TTBR1", 0, 2, 0, 1, ttbr1, 0xffffffff),
    /* Short-descriptor TTBCR: N and PD0/PD1 (B4.1.153). */
    BANKED("TTBCR", 0, 2, 0, 2, ttbcr, 0x00000037),
    BANKED("DACR", 0, 3, 0, 0, dacr, 0xffffffff),
    BANKED("DFSR", 0, 5, 0, 0, dfsr, 0xffffffff),
    BANKED("IFSR", 0, 5, 0, 1, ifsr, 0xffffffff),
    BANKED("ADFSR", 0, 5, 1, 0, adfsr, 0xffffffff),
    BANKED("AIFSR", 0, 5, 1, 1, aifsr, 0xffffffff),
    BANKED("DFAR", 0, 6, 0, 0, dfar, 0xffffffff),
    BANKED("IFAR", 0, 6, 0, 2, ifar, 0xffffffff),
    BANKED("PAR", 0, 7, 4, 0, par, 0xffffffff),
    { .name = "PAR (64-bit)", .crm = 7, .access = PL1,
      .flags = CP_BANKED | CP_64BIT, .field = CP_NO_FIELD,
      .read64 = par64_read, .write64 = par64_write },
    ATS("ATS1CPR", 0, CP_BOTH(CP_PL1_W)),
    ATS("ATS1CPW", 1, CP_BOTH(CP_PL1_W)),
    ATS("ATS1CUR", 2, CP_BOTH(CP_PL1_W)),
    ATS("ATS1CUW", 3, CP_BOTH(CP_PL1_W)),
    BANKED("PRRR", 0, 10, 2, 0, prrr, 0xffffffff),
    BANKED("NMRR", 0, 10, 2, 1, nmrr, 0xffffffff),
    BANKED("AMAIR0", 0, 10, 3, 0, amair0, 0xffffffff),
    BANKED("AMAIR1", 0, 10, 3, 1, amair1, 0xffffffff),
    /* VBAR[4:0] are RES0 (B4.1.156). */
    BANKED("VBAR", 0, 12, 0, 0, vbar, 0xffffffe0),
    /* The A15 has no FCSE: FCSEIDR is RAZ/WI (B4.1.68). */
    { .name = "FCSEIDR", .crn = 13, .access = PL1, .field = CP_NO_FIELD },
    BANKED("CONTEXTIDR", 0, 13, 0, 1, contextidr, 0xffffffff),
    { .name = "TPIDRURW", .crn = 13, .opc2 = 2,
      .access = CP_BOTH(CP_PL0_RW | CP_PL1_RW), .flags = CP_BANKED,
      .field = F(tpidrurw), .wmask = 0xffffffff },
    { .name = "TPIDRURO", .crn = 13, .opc2 = 3,
      .access = CP_BOTH(CP_PL0_R | CP_PL1_RW), .flags = CP_BANKED,
      .field = F(tpidruro), .wmask = 0xffffffff },
    BANKED("TPIDRPRW", 0, 13, 0, 4, tpidrprw, 0xffffffff),
    /* CSSELR: Level[3:1], InD[0]. */
    BANKED("CSSELR", 2, 0, 0, 0, csselr, 0x0000000f),
    /* ISR: pending A/I/F; nothing is pending until an interrupt
     * controller is wired. */
    { .name = "ISR", .crn = 12, .crm = 1, .access = CP_BOTH(CP_PL1_R),
      .field = CP_NO_FIELD },

    /* Caches and branch predictors are not modelled: nothing to do. */
    OP("ICIALLUIS", 0, 7, 1, 0, CP_BOTH(CP_PL1_W)),
    OP("BPIALLIS", 0, 7, 1, 6, CP_BOTH(CP_PL1_W)),
    OP("ICIALLU", 0, 7, 5, 0, CP_BOTH(CP_PL1_W)),
    OP("ICIMVAU", 0, 7, 5, 1, CP_BOTH(CP_PL1_W)),
    OP("BPIALL", 0, 7, 5, 6, CP_BOTH(CP_PL1_W)),
    OP("BPIMVA", 0, 7, 5, 7, CP_BOTH(CP_PL1_W)),
    OP("DCIMVAC", 0, 7, 6, 1, CP_BOTH(CP_PL1_W)),
    OP("DCISW", 0, 7, 6, 2, CP_BOTH(CP_PL1_W)),
    OP("DCCMVAC", 0, 7, 10, 1, CP_BOTH(CP_PL1_W)),
    OP("DCCSW", 0, 7, 10, 2, CP_BOTH(CP_PL1_W)),
    OP("DCCMVAU", 0, 7, 11, 1, CP_BOTH(CP_PL1_W)),
    OP("DCCIMVAC", 0, 7, 14, 1, CP_BOTH(CP_PL1_W)),
    OP("DCCISW", 0, 7, 14, 2, CP_BOTH(CP_PL1_W)),
    /* The deprecated cp15 barriers are usable from PL0 (B4.2.1). */
    OP("CP15ISB", 0, 7, 5, 4, CP_BOTH(CP_PL0_W | CP_PL1_W)),
    OP("CP15DSB", 0, 7, 10, 4, CP_BOTH(CP_PL0_W | CP_PL1_W)),
    OP("CP15DMB", 0, 7, 10, 5, CP_BOTH(CP_PL0_W | CP_PL1_W)),

    TLBOP("TLBIALLIS", 0, 8, 3, 0),
    TLBOP("TLBIMVAIS", 0, 8, 3, 1),
    TLBOP("TLBIASIDIS", 0, 8, 3, 2),
    TLBOP("TLBIMVAAIS", 0, 8, 3, 3),
    TLBOP("ITLBIALL", 0, 8, 5, 0),
    TLBOP("ITLBIMVA", 0, 8, 5, 1),
    TLBOP("ITLBIASID", 0, 8, 5, 2),
    TLBOP("DTLBIALL", 0, 8, 6, 0),
    TLBOP("DTLBIMVA", 0, 8, 6, 1),
    TLBOP("DTLBIASID", 0, 8, 6, 2),
    TLBOP("TLBIALL", 0, 8, 7, 0),
    TLBOP("TLBIMVA", 0, 8, 7, 1),
    TLBOP("TLBIASID", 0, 8, 7, 2),
    TLBOP("TLBIMVAA", 0, 8, 7, 3),
};
const size_t cp15_v7_nr = sizeof(cp15_v7_regs) / sizeof(cp15_v7_regs[0]);
