/*
 * The cp15 register file of the Cortex-A15 on `virt` (no secure=on): the
 * value every readable register resets to (except counters), which
 * encodings are UNDEFINED (Hyp registers without the Virtualization
 * Extensions, unallocated ones), cache, branch predictor, barrier and TLB
 * maintenance operations (accepted, no effect to see), an address
 * translation with the MMU off (PAR), and what User mode may reach
 * (TPIDRURW/URO, the CP15 barriers) and may not. The performance monitors
 * and the timer's counters come with the tests of those models.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define POISON 0xdeadbeefu

/* A read returns POISON if it was UNDEFINED (r0 is then left alone). */
#define RD(name, op1, crn, crm, op2)                                         \
    static uint32_t rd_##name(uint32_t x)                                    \
    {                                                                        \
        register uint32_t r0 __asm__("r0") = x;                              \
        __asm__ volatile("mrc p15, " #op1 ", r0, c" #crn ", c" #crm ", " #op2 \
                         : "+r"(r0)                                          \
                         :                                                   \
                         : "memory");                                        \
        return r0;                                                           \
    }
#define WR(name, op1, crn, crm, op2)                                         \
    static uint32_t wr_##name(uint32_t x)                                    \
    {                                                                        \
        register uint32_t r0 __asm__("r0") = x;                              \
        __asm__ volatile("mcr p15, " #op1 ", r0, c" #crn ", c" #crm ", " #op2 \
                         "\n\tisb"                                           \
                         :                                                   \
                         : "r"(r0)                                           \
                         : "memory");                                        \
        return 0;                                                            \
    }

typedef struct Probe {
    const char *name;
    uint32_t (*fn)(uint32_t);
} Probe;
#define P(n) { #n, rd_##n }
#define PW(n) { #n, wr_##n }

RD(midr, 0, 0, 0, 0)
RD(ctr, 0, 0, 0, 1)
RD(tcmtr, 0, 0, 0, 2)
RD(tlbtr, 0, 0, 0, 3)
RD(midr_alias4, 0, 0, 0, 4)
RD(mpidr, 0, 0, 0, 5)
RD(revidr, 0, 0, 0, 6)
RD(midr_alias7, 0, 0, 0, 7)
RD(id_pfr0, 0, 0, 1, 0)
RD(id_pfr1, 0, 0, 1, 1)
RD(id_dfr0, 0, 0, 1, 2)
RD(id_afr0, 0, 0, 1, 3)
RD(id_mmfr0, 0, 0, 1, 4)
RD(id_mmfr1, 0, 0, 1, 5)
RD(id_mmfr2, 0, 0, 1, 6)
RD(id_mmfr3, 0, 0, 1, 7)
RD(id_isar0, 0, 0, 2, 0)
RD(id_isar1, 0, 0, 2, 1)
RD(id_isar2, 0, 0, 2, 2)
RD(id_isar3, 0, 0, 2, 3)
RD(id_isar4, 0, 0, 2, 4)
RD(id_isar5, 0, 0, 2, 5)
RD(id_c0_c2_6, 0, 0, 2, 6)
RD(id_c0_c3_0, 0, 0, 3, 0)
RD(clidr, 1, 0, 0, 1)
RD(aidr, 1, 0, 0, 7)
RD(csselr, 2, 0, 0, 0)
RD(sctlr, 0, 1, 0, 0)
RD(actlr, 0, 1, 0, 1)
RD(cpacr, 0, 1, 0, 2)
RD(ttbr0, 0, 2, 0, 0)
RD(ttbr1, 0, 2, 0, 1)
RD(ttbcr, 0, 2, 0, 2)
RD(dacr, 0, 3, 0, 0)
RD(dfsr, 0, 5, 0, 0)
RD(ifsr, 0, 5, 0, 1)
RD(adfsr, 0, 5, 1, 0)
RD(aifsr, 0, 5, 1, 1)
RD(dfar, 0, 6, 0, 0)
RD(ifar, 0, 6, 0, 2)
RD(par, 0, 7, 4, 0)
RD(l2ctlr, 1, 9, 0, 2)
RD(l2ectlr, 1, 9, 0, 3)
RD(prrr, 0, 10, 2, 0)
RD(nmrr, 0, 10, 2, 1)
RD(amair0, 0, 10, 3, 0)
RD(amair1, 0, 10, 3, 1)
RD(isr, 0, 12, 1, 0)
RD(fcseidr, 0, 13, 0, 0)
RD(contextidr, 0, 13, 0, 1)
RD(tpidrurw, 0, 13, 0, 2)
RD(tpidruro, 0, 13, 0, 3)
RD(tpidrprw, 0, 13, 0, 4)
RD(cntfrq, 0, 14, 0, 0)
RD(cntkctl, 0, 14, 1, 0)
RD(cbar, 4, 15, 0, 0)
RD(vpidr, 4, 0, 0, 0)
RD(hsctlr, 4, 1, 0, 0)
RD(hcr, 4, 1, 1, 0)
RD(hvbar, 4, 12, 0, 0)
RD(scr, 0, 1, 1, 0)
RD(nsacr, 0, 1, 1, 2)
RD(mvbar, 0, 12, 0, 1)
RD(unalloc_c15_c15_7, 0, 15, 15, 7)
RD(unalloc_c4, 0, 4, 0, 0)

WR(icialluis, 0, 7, 1, 0)
WR(bpiallis, 0, 7, 1, 6)
WR(iciallu, 0, 7, 5, 0)
WR(icimvau, 0, 7, 5, 1)
WR(cp15isb, 0, 7, 5, 4)
WR(bpiall, 0, 7, 5, 6)
WR(bpimva, 0, 7, 5, 7)
WR(dcimvac, 0, 7, 6, 1)
WR(dcisw, 0, 7, 6, 2)
WR(dccmvac, 0, 7, 10, 1)
WR(dccsw, 0, 7, 10, 2)
WR(cp15dsb, 0, 7, 10, 4)
WR(cp15dmb, 0, 7, 10, 5)
WR(dccmvau, 0, 7, 11, 1)
WR(dccimvac, 0, 7, 14, 1)
WR(dccisw, 0, 7, 14, 2)
WR(tlbiallis, 0, 8, 3, 0)
WR(tlbimvais, 0, 8, 3, 1)
WR(tlbiasidis, 0, 8, 3, 2)
WR(tlbimvaais, 0, 8, 3, 3)
WR(itlbiall, 0, 8, 5, 0)
WR(dtlbiall, 0, 8, 6, 0)
WR(tlbiall, 0, 8, 7, 0)
WR(tlbimva, 0, 8, 7, 1)
WR(tlbiasid, 0, 8, 7, 2)
WR(tlbimvaa, 0, 8, 7, 3)
WR(ats1cpr, 0, 7, 8, 0)
WR(ats1cpw, 0, 7, 8, 1)
WR(ats1cur, 0, 7, 8, 2)
WR(ats1cuw, 0, 7, 8, 3)
WR(ats12nsopr, 0, 7, 8, 4)
WR(tpidrurw, 0, 13, 0, 2)
WR(tpidruro, 0, 13, 0, 3)
WR(tpidrprw, 0, 13, 0, 4)
WR(midr, 0, 0, 0, 0)
WR(ctr, 0, 0, 0, 1)
WR(id_pfr0, 0, 0, 1, 0)
WR(clidr, 1, 0, 0, 1)
WR(isr, 0, 12, 1, 0)
WR(cntfrq, 0, 14, 0, 0)

static void probe(const Probe *p, uint32_t arg, int write)
{
    exc_clear();
    uint32_t v = p->fn(arg);
    printf("  %-18s ", p->name);
    if (exc_last.count) {
        printf("UNDEFINED%s\n", exc_last.type == EXC_UND ? "" : " (not UND?)");
    } else if (write) {
        printf("ok\n");
    } else {
        printf("%08x\n", (unsigned)v);
    }
    exc_clear();
}

/* In User mode: returns the value read, or POISON. */
static uint32_t user_probe(const Probe *p, uint32_t arg)
{
    exc_clear();
    uint32_t v = run_in_mode(MODE_USR, p->fn, arg);
    return exc_last.count ? POISON : v;
}

int main(void)
{
    exc_install();
    static const Probe reads[] = {
        P(midr), P(ctr), P(tcmtr), P(tlbtr), P(midr_alias4), P(mpidr),
        P(revidr), P(midr_alias7), P(id_pfr0), P(id_pfr1), P(id_dfr0),
        P(id_afr0), P(id_mmfr0), P(id_mmfr1), P(id_mmfr2), P(id_mmfr3),
        P(id_isar0), P(id_isar1), P(id_isar2), P(id_isar3), P(id_isar4),
        P(id_isar5), P(id_c0_c2_6), P(id_c0_c3_0), P(clidr), P(aidr),
        P(csselr), P(sctlr), P(actlr), P(cpacr), P(ttbr0), P(ttbr1),
        P(ttbcr), P(dacr), P(dfsr), P(ifsr), P(adfsr), P(aifsr), P(dfar),
        P(ifar), P(par), P(l2ctlr), P(l2ectlr), P(prrr), P(nmrr), P(amair0),
        P(amair1), P(isr), P(fcseidr), P(contextidr),
        P(tpidrurw), P(tpidruro), P(tpidrprw), P(cntfrq), P(cntkctl),
        P(cbar), P(vpidr), P(hsctlr), P(hcr),
        P(hvbar), P(scr), P(nsacr), P(mvbar), P(unalloc_c15_c15_7),
        P(unalloc_c4),
    };
    printf("-- reset values (SVC mode)\n");
    for (unsigned i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
        probe(&reads[i], POISON, 0);
    }
    printf("-- CCSIDR by CSSELR\n");
    for (uint32_t sel = 0; sel < 4; sel++) {
        MCR(2, 0, 0, 0, sel);
        printf("  csselr %u: csselr reads %08x, ccsidr %08x\n", (unsigned)sel,
               (unsigned)MRC(2, 0, 0, 0), (unsigned)MRC(1, 0, 0, 0));
    }
    MCR(2, 0, 0, 0, 0);

    static const Probe ops[] = {
        PW(icialluis), PW(bpiallis), PW(iciallu), PW(icimvau), PW(cp15isb),
        PW(bpiall), PW(bpimva), PW(dcimvac), PW(dcisw), PW(dccmvac),
        PW(dccsw), PW(cp15dsb), PW(cp15dmb), PW(dccmvau), PW(dccimvac),
        PW(dccisw), PW(tlbiallis), PW(tlbimvais), PW(tlbiasidis),
        PW(tlbimvaais), PW(itlbiall), PW(dtlbiall), PW(tlbiall),
        PW(tlbimva), PW(tlbiasid), PW(tlbimvaa),
    };
    printf("-- maintenance operations\n");
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        probe(&ops[i], 0x40000000, 1);
    }

    printf("-- writes to read-only registers\n");
    static const Probe ro[] = {
        PW(midr), PW(ctr), PW(id_pfr0), PW(clidr), PW(isr),
    };
    for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
        probe(&ro[i], 0x12345678, 1);
    }
    printf("  MIDR now %08x, CTR now %08x\n", (unsigned)MRC(0, 0, 0, 0),
           (unsigned)MRC(0, 0, 0, 1));
    static const Probe rw[] = { PW(cntfrq) };
    probe(&rw[0], 12345678, 1);
    printf("  CNTFRQ now %u\n", (unsigned)MRC(0, 14, 0, 0));

    printf("-- address translation, MMU off\n");
    static const Probe ats[] = { PW(ats1cpr), PW(ats1cpw), PW(ats1cur),
                                 PW(ats1cuw), PW(ats12nsopr) };
    for (unsigned i = 0; i < sizeof(ats) / sizeof(ats[0]); i++) {
        MCR(0, 7, 4, 0, 0);
        probe(&ats[i], 0x40001234, 1);
        printf("  PAR %08x\n", (unsigned)MRC(0, 7, 4, 0));
    }
    uint32_t lo = POISON, hi = POISON;
    MCR(0, 7, 8, 0, 0x09100abc);
    __asm__ volatile("mrrc p15, 0, %0, %1, c7" : "+r"(lo), "+r"(hi));
    printf("  ats1cpr 09100abc: PAR %08x, 64-bit %08x:%08x\n",
           (unsigned)MRC(0, 7, 4, 0), (unsigned)hi, (unsigned)lo);

    printf("-- from User mode\n");
    MCR(0, 13, 0, 2, 0x11110000);
    MCR(0, 13, 0, 3, 0x22220000);
    MCR(0, 13, 0, 4, 0x33330000);
    static const Probe ur[] = {
        P(tpidrurw), P(tpidruro), P(tpidrprw), P(midr), P(ctr), P(sctlr),
        P(cntfrq), P(dfsr),
    };
    for (unsigned i = 0; i < sizeof(ur) / sizeof(ur[0]); i++) {
        uint32_t v = user_probe(&ur[i], POISON);
        if (v == POISON) {
            printf("  %-18s read UNDEFINED\n", ur[i].name);
        } else {
            printf("  %-18s read %08x\n", ur[i].name, (unsigned)v);
        }
    }
    static const Probe uw[] = {
        PW(tpidrurw), PW(tpidruro), PW(tpidrprw), PW(cp15isb), PW(cp15dsb),
        PW(cp15dmb), PW(iciallu), PW(dccmvac), PW(tlbiall),
    };
    for (unsigned i = 0; i < sizeof(uw) / sizeof(uw[0]); i++) {
        uint32_t v = user_probe(&uw[i], 0x44440000);
        printf("  %-18s write %s\n", uw[i].name,
               v == POISON ? "UNDEFINED" : "ok");
    }
    printf("  TPIDRURW %08x TPIDRURO %08x TPIDRPRW %08x\n",
           (unsigned)MRC(0, 13, 0, 2), (unsigned)MRC(0, 13, 0, 3),
           (unsigned)MRC(0, 13, 0, 4));
    exc_clear();
    return 0;
}
