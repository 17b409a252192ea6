/*
 * cp15 registers every ARMv7-A VMSA core has (ARM ARM B4.1, summary in
 * B3.17): system control, translation table control, fault reporting,
 * thread IDs, and the cache, branch predictor and TLB maintenance
 * operations. Banked ones have Secure and Non-secure copies (B4.1.1).
 */
#include <stddef.h>

#include "cp15.h"
#include "cluster.h"
#include "mmu.h"
#include "tlb.h"

#define F(x) ((uint16_t)offsetof(ArmCpu, cp15.x))
#define PL1 CP_BOTH(CP_PL1_RW)

/* TLBIALL, TLBIASID and their variants: the TLB is not tagged by ASID,
 * so invalidating by ASID drops everything (QEMU does the same). */
static void tlb_flush_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                            uint32_t val)
{
    (void)r, (void)bank, (void)val;
    arm_tlb_flush(cpu->tlb);
}

/* TLBIMVA, TLBIMVAA and variants: the page of the address, whatever the
 * ASID (a superset of what the architecture requires). */
static void tlb_flush_page_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                                 uint32_t val)
{
    (void)r, (void)bank;
    arm_tlb_flush_page(cpu->tlb, val);
}

/* The Inner Shareable forms reach every CPU of the cluster (B4.2.2). */
static void tlb_flush_is_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                               uint32_t val)
{
    (void)r, (void)bank, (void)val;
    arm_cluster_tlb_flush(cpu);
}

static void tlb_flush_page_is_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                                    uint32_t val)
{
    (void)r, (void)bank;
    arm_cluster_tlb_flush_page(cpu, val);
}

/* A register the TLB's entries depend on (DACR): flush on every write. */
static void flushing_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                           uint32_t val)
{
    uint32_t *p = (uint32_t *)((char *)cpu + r->field) + bank;
    *p = (*p & ~r->wmask) | (val & r->wmask);
    arm_tlb_flush(cpu->tlb);
}

/* CONTEXTIDR holds the ASID: a change flushes the TLB (QEMU's
 * contextidr_write), so entries of another ASID never hit. */
static void contextidr_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                             uint32_t val)
{
    (void)r;
    if (cpu->cp15.contextidr[bank] != val) {
        arm_tlb_flush(cpu->tlb);
    }
    cpu->cp15.contextidr[bank] = val;
}

/*
 * TTBCR: with LPAE implemented, bits [21:19], [15:14] and [6:3] are
 * UNK/SBZP and read as zero, even PD0/PD1 (as QEMU's cortex-a15); any
 * write may change the ASID (A1), so it flushes the TLB as QEMU does.
 */
static void ttbcr_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    cpu->cp15.ttbcr[bank] = val & r->wmask;
    arm_tlb_flush(cpu->tlb);
}

/* The 64-bit TTBR0/TTBR1 (MCRR/MRRC, opc1 0/1, c2): [31:0] are the
 * 32-bit register; an ASID change ([55:48]) flushes the TLB. */
static uint32_t *ttbr_lo(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return r->opc1 ? &cpu->cp15.ttbr1[bank] : &cpu->cp15.ttbr0[bank];
}

static uint32_t *ttbr_hi(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return r->opc1 ? &cpu->cp15.ttbr1_hi[bank] : &cpu->cp15.ttbr0_hi[bank];
}

static uint64_t ttbr64_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    return (uint64_t)*ttbr_hi(cpu, r, bank) << 32 | *ttbr_lo(cpu, r, bank);
}

static void ttbr64_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint64_t v)
{
    uint32_t *hi = ttbr_hi(cpu, r, bank);
    if ((*hi ^ (uint32_t)(v >> 32)) & 0x00ff0000u) {
        arm_tlb_flush(cpu->tlb);
    }
    *hi = (uint32_t)(v >> 32);
    *ttbr_lo(cpu, r, bank) = (uint32_t)v;
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
 * ATS1C* (B4.2.4): translate the address written as the current security
 * state at PL1 (opc2 0, 1) or PL0 (2, 3), for a read or a write (opc2
 * bit 0), and leave the result in the PAR of the bank the access reaches
 * (B4.1.112). The Secure-only ATS12NSO* are in cp15_security.c.
 */
static void ats_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t va)
{
    ArmAccess acc = (r->opc2 & 1) ? ARM_ACC_WRITE : ARM_ACC_READ;
    uint64_t par;
    if (!arm_mmu_ats(cpu, va, acc, arm_is_secure(cpu), r->opc2 & 2, &par)) {
        return;
    }
    cpu->cp15.par[bank] = (uint32_t)par;
    cpu->cp15.par_hi[bank] = (uint32_t)(par >> 32);
}

/* The 64-bit view of PAR (MRRC p15, 0, c7); MRC/MCR reach [31:0]. */
static uint64_t par64_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r;
    return (uint64_t)cpu->cp15.par_hi[bank] << 32 | cpu->cp15.par[bank];
}

static void par64_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint64_t v)
{
    (void)r;
    cpu->cp15.par[bank] = (uint32_t)v;
    cpu->cp15.par_hi[bank] = (uint32_t)(v >> 32);
}

static uint32_t isr_read(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    (void)r, (void)bank;
    return (cpu->irq_line ? 1u << 7 : 0) | (cpu->fiq_line ? 1u << 6 : 0);
}

/* A maintenance operation: write-only, no state to keep. */
#define OP(nm, o1, n, m, o2, acc)                                          \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = (acc), .field = CP_NO_FIELD }
#define TLBOP(nm, o1, n, m, o2, fn)                                        \
    { .name = nm, .opc1 = o1, .crn = n, .crm = m, .opc2 = o2,             \
      .access = CP_BOTH(CP_PL1_W), .field = CP_NO_FIELD, .write = fn }
/* The cp15 DSB and DMB order memory as the instructions do: a host
 * fence, for RAM shared with another process (a32_barrier). */
static void barrier_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                          uint32_t val)
{
    (void)cpu, (void)r, (void)bank, (void)val;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#define BARRIER(nm, o2)                                                    \
    { .name = nm, .opc1 = 0, .crn = 7, .crm = 10, .opc2 = o2,             \
      .access = CP_BOTH(CP_PL0_W | CP_PL1_W), .field = CP_NO_FIELD,       \
      .write = barrier_write }
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
    { .name = "TTBR0 (64-bit)", .crm = 2, .access = PL1,
      .flags = CP_BANKED | CP_64BIT, .field = CP_NO_FIELD,
      .read64 = ttbr64_read, .write64 = ttbr64_write },
    { .name = "TTBR1 (64-bit)", .opc1 = 1, .crm = 2, .access = PL1,
      .flags = CP_BANKED | CP_64BIT, .field = CP_NO_FIELD,
      .read64 = ttbr64_read, .write64 = ttbr64_write },
    { .name = "TTBCR", .crn = 2, .opc2 = 2, .access = PL1,
      .flags = CP_BANKED, .field = F(ttbcr), .wmask = 0xffc73f87,
      .write = ttbcr_write },
    { .name = "DACR", .crn = 3, .access = PL1, .flags = CP_BANKED,
      .field = F(dacr), .wmask = 0xffffffff, .write = flushing_write },
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
    /* MAIR0/MAIR1 when TTBCR.EAE is set (B4.1.104): the same storage. */
    BANKED("PRRR", 0, 10, 2, 0, prrr, 0xffffffff),
    BANKED("NMRR", 0, 10, 2, 1, nmrr, 0xffffffff),
    BANKED("AMAIR0", 0, 10, 3, 0, amair0, 0xffffffff),
    BANKED("AMAIR1", 0, 10, 3, 1, amair1, 0xffffffff),
    /* VBAR[4:0] are RES0 (B4.1.156). */
    BANKED("VBAR", 0, 12, 0, 0, vbar, 0xffffffe0),
    /* The A15 has no FCSE: FCSEIDR is RAZ/WI (B4.1.68). */
    { .name = "FCSEIDR", .crn = 13, .access = PL1, .field = CP_NO_FIELD },
    { .name = "CONTEXTIDR", .crn = 13, .opc2 = 1, .access = PL1,
      .flags = CP_BANKED, .field = F(contextidr), .wmask = 0xffffffff,
      .write = contextidr_write },
    { .name = "TPIDRURW", .crn = 13, .opc2 = 2,
      .access = CP_BOTH(CP_PL0_RW | CP_PL1_RW), .flags = CP_BANKED,
      .field = F(tpidrurw), .wmask = 0xffffffff },
    { .name = "TPIDRURO", .crn = 13, .opc2 = 3,
      .access = CP_BOTH(CP_PL0_R | CP_PL1_RW), .flags = CP_BANKED,
      .field = F(tpidruro), .wmask = 0xffffffff },
    BANKED("TPIDRPRW", 0, 13, 0, 4, tpidrprw, 0xffffffff),
    /* CSSELR: Level[3:1], InD[0]. */
    BANKED("CSSELR", 2, 0, 0, 0, csselr, 0x0000000f),
    /* ISR: the IRQ [7] and FIQ [6] inputs' levels (no asynchronous
     * aborts are modelled). */
    { .name = "ISR", .crn = 12, .crm = 1, .access = CP_BOTH(CP_PL1_R),
      .field = CP_NO_FIELD, .read = isr_read },

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
    BARRIER("CP15DSB", 4),
    BARRIER("CP15DMB", 5),

    TLBOP("TLBIALLIS", 0, 8, 3, 0, tlb_flush_is_write),
    TLBOP("TLBIMVAIS", 0, 8, 3, 1, tlb_flush_page_is_write),
    TLBOP("TLBIASIDIS", 0, 8, 3, 2, tlb_flush_is_write),
    TLBOP("TLBIMVAAIS", 0, 8, 3, 3, tlb_flush_page_is_write),
    TLBOP("ITLBIALL", 0, 8, 5, 0, tlb_flush_write),
    TLBOP("ITLBIMVA", 0, 8, 5, 1, tlb_flush_page_write),
    TLBOP("ITLBIASID", 0, 8, 5, 2, tlb_flush_write),
    TLBOP("DTLBIALL", 0, 8, 6, 0, tlb_flush_write),
    TLBOP("DTLBIMVA", 0, 8, 6, 1, tlb_flush_page_write),
    TLBOP("DTLBIASID", 0, 8, 6, 2, tlb_flush_write),
    TLBOP("TLBIALL", 0, 8, 7, 0, tlb_flush_write),
    TLBOP("TLBIMVA", 0, 8, 7, 1, tlb_flush_page_write),
    TLBOP("TLBIASID", 0, 8, 7, 2, tlb_flush_write),
    TLBOP("TLBIMVAA", 0, 8, 7, 3, tlb_flush_page_write),
};
const size_t cp15_v7_nr = sizeof(cp15_v7_regs) / sizeof(cp15_v7_regs[0]);
