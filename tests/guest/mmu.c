/*
 * The MMU on `virt` without the Security Extensions, short descriptors:
 * sections, supersections, large and small pages, TTBCR.N with TTBR0 and
 * TTBR1, translation, domain, permission and access flag faults (DFSR and
 * IFSR with the domain, WnR, DFAR/IFAR), external aborts on the walk,
 * AP[2:0] from PL1 and PL0 (accesses and ATS1C*), XN and PXN, Manager
 * domains, TEX remap, ASID changes and TLB maintenance by MVA, ASID and
 * all; then long descriptors (TTBCR.EAE): 64-bit TTBRs, levels 1 to 3,
 * blocks and pages, faults in the long format, and PAR's 64-bit format.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define UNASSIGNED 0x09100000u
#define DATA 0x44000000u /* 1 MiB of patterns, untouched by the program */
#define DATA2 0x44100000u
#define SS_PA 0x45000000u
/* Domains: 0 client, 1 no access, 2 manager, 3 client. */
#define DACR 0x00000071u

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l1n[1024] __attribute__((aligned(4096)));
static uint32_t l2a[256] __attribute__((aligned(1024)));
static uint32_t l2b[256] __attribute__((aligned(1024)));

/* Short descriptors (B3.5.1): AP is AP[2:0]. */
static uint32_t sect(uint32_t pa, unsigned ap, unsigned dom)
{
    return (pa & 0xfff00000u) | ((ap >> 2) & 1) << 15 | (ap & 3) << 10 |
           1u << 12 | dom << 5 | 3u << 2 | 2;
}
#define XN (1u << 4)
#define NG (1u << 17)
#define PXN 1u

static uint32_t ptable(const uint32_t *l2, unsigned dom)
{
    return (uint32_t)l2 | dom << 5 | 1;
}

static uint32_t small(uint32_t pa, unsigned ap)
{
    return (pa & 0xfffff000u) | ((ap >> 2) & 1) << 9 | (ap & 3) << 4 |
           1u << 6 | 3u << 2 | 2;
}

static uint32_t large(uint32_t pa, unsigned ap)
{
    return (pa & 0xffff0000u) | 1u << 12 | ((ap >> 2) & 1) << 9 |
           (ap & 3) << 4 | 3u << 2 | 1;
}

static void dsb(void)
{
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

static void tlbiall(void)
{
    dsb();
    MCR(0, 8, 7, 0, 0);
    dsb();
}

static void rd(const char *what, uint32_t va)
{
    uint32_t at = TRY("ldr r0, [r0]", va, 0);
    printf("%s -> %08x; ", what, (unsigned)try_r0);
    exc_print("ldr", at);
}

static void wr(const char *what, uint32_t va, uint32_t v)
{
    uint32_t at = TRY("str r1, [r0]", va, v);
    printf("%s; ", what);
    exc_print("str", at);
}

static uint32_t user_rd_fn(uint32_t va)
{
    TRY("ldr r0, [r0]", va, 0);
    return try_r0;
}

static uint32_t user_wr_fn(uint32_t va)
{
    TRY("str r1, [r0]", va, 0x5a5a5a5a);
    return 0;
}

static void user_rd(const char *what, uint32_t va)
{
    uint32_t v = run_in_mode(MODE_USR, user_rd_fn, va);
    printf("%s (usr) -> %08x; ", what, (unsigned)v);
    exc_print("ldr", 0);
}

static void user_wr(const char *what, uint32_t va)
{
    run_in_mode(MODE_USR, user_wr_fn, va);
    printf("%s (usr); ", what);
    exc_print("str", 0);
}

/* PAR after each ATS1C* of @va. */
static void ats(const char *what, uint32_t va)
{
    MCR(0, 7, 8, 0, va);
    uint32_t pr = MRC(0, 7, 4, 0);
    MCR(0, 7, 8, 1, va);
    uint32_t pw = MRC(0, 7, 4, 0);
    MCR(0, 7, 8, 2, va);
    uint32_t ur = MRC(0, 7, 4, 0);
    MCR(0, 7, 8, 3, va);
    uint32_t uw = MRC(0, 7, 4, 0);
    printf("%s: PAR cpr %08x cpw %08x cur %08x cuw %08x\n", what,
           (unsigned)pr, (unsigned)pw, (unsigned)ur, (unsigned)uw);
}

static uint64_t mrrc_par(void)
{
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 0, %0, %1, c7" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* A function to run through aliases of the code's section. */
uint32_t ret42(uint32_t x);
__asm__(".global ret42\nret42:\n\tmov r0, #42\n\tbx lr\n");

static uint32_t alias(uint32_t section_va, void *fn)
{
    return section_va + ((uint32_t)fn & 0xfffff);
}

/* Calls @va, coming back here if it aborts; returns r0. */
static uint32_t call_at(uint32_t va)
{
    uint32_t at;
    register uint32_t r0 __asm__("r0") = 0;
    __asm__ volatile("adr %[at], 1f\n\t"
                     "ldr r1, =exc_resume\n\t"
                     "str %[at], [r1]\n\t"
                     "blx %[t]\n"
                     "1:"
                     : [at] "=&r"(at), "+r"(r0)
                     : [t] "r"(va)
                     : "r1", "r2", "r3", "r12", "lr", "memory", "cc");
    exc_resume = 0;
    (void)at;
    return r0;
}

static void call(const char *what, uint32_t va)
{
    uint32_t r = call_at(va);
    printf("%s -> %u; ", what, (unsigned)r);
    exc_print("call", 0);
}

static void fill(uint32_t pa, uint32_t seed)
{
    volatile uint32_t *p = (volatile uint32_t *)pa;
    for (unsigned i = 0; i < 64; i++) {
        p[i * 1024 + 1] = seed + i;
    }
}

static void mmu_on(void)
{
    for (unsigned i = 0x400; i < 0x480; i++) {
        l1[i] = sect(i << 20, 3, 0);
    }
    MCR(0, 2, 0, 0, (uint32_t)l1);
    MCR(0, 2, 0, 2, 0);
    MCR(0, 3, 0, 0, DACR);
    tlbiall();
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
    printf("SCTLR %08x, MMU on\n", (unsigned)MRC(0, 1, 0, 0));
}

static void test_registers(void)
{
    printf("-- TTBCR and the 64-bit TTBRs (MMU off)\n");
    MCR(0, 2, 0, 2, 0xffffffffu);
    printf("TTBCR all ones reads %08x\n", (unsigned)MRC(0, 2, 0, 2));
    MCR(0, 2, 0, 2, 0x37);
    printf("TTBCR 0x37 reads %08x\n", (unsigned)MRC(0, 2, 0, 2));
    MCR(0, 2, 0, 2, 0);
    __asm__ volatile("mcrr p15, 0, %0, %1, c2" ::"r"(0x12345678u),
                     "r"(0x00ab00cdu));
    __asm__ volatile("mcrr p15, 1, %0, %1, c2" ::"r"(0x9abcdef0u),
                     "r"(0x00120034u));
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 0, %0, %1, c2" : "=r"(lo), "=r"(hi));
    printf("TTBR0 64-bit %08x:%08x, 32-bit %08x\n", (unsigned)hi,
           (unsigned)lo, (unsigned)MRC(0, 2, 0, 0));
    MCR(0, 2, 0, 0, 0x11111000u);
    __asm__ volatile("mrrc p15, 0, %0, %1, c2" : "=r"(lo), "=r"(hi));
    printf("TTBR0 after a 32-bit write %08x:%08x\n", (unsigned)hi,
           (unsigned)lo);
    __asm__ volatile("mrrc p15, 1, %0, %1, c2" : "=r"(lo), "=r"(hi));
    printf("TTBR1 64-bit %08x:%08x\n", (unsigned)hi, (unsigned)lo);
    __asm__ volatile("mcrr p15, 0, %0, %1, c2" ::"r"(0), "r"(0));
    __asm__ volatile("mcrr p15, 1, %0, %1, c2" ::"r"(0), "r"(0));
    MCR(0, 7, 8, 0, 0x44000abcu);
    printf("ATS1CPR MMU off: PAR %08x\n", (unsigned)MRC(0, 7, 4, 0));
}

static void test_mappings(void)
{
    printf("-- sections, supersections, pages\n");
    fill(DATA, 0x1000);
    fill(DATA2, 0x2000);
    *(volatile uint32_t *)(SS_PA + 0x234568) = 0x55aa1234;
    l1[0x800] = sect(DATA, 3, 0);
    for (unsigned i = 0x810; i < 0x820; i++) {
        l1[i] = (SS_PA & 0xff000000u) | 1u << 18 | 3u << 10 | 1u << 12 |
                3u << 2 | 2;
    }
    l1[0x820] = ptable(l2a, 3);
    l2a[0] = small(DATA + 0x1000, 3);
    l2a[1] = small(DATA + 0x2000, 2);
    l2a[2] = 0;
    for (unsigned i = 0x10; i < 0x20; i++) {
        l2a[i] = large(DATA + 0x10000, 3);
    }
    tlbiall();
    rd("section 80000004", 0x80000004u);
    rd("section 80003004", 0x80003004u);
    rd("supersection 81234568", 0x81234568u);
    rd("small page 82000004", 0x82000004u);
    rd("large page 82015004", 0x82015004u);
    wr("write small page", 0x82000008u, 0xfeedf00d);
    printf("seen at its PA: %08x\n",
           (unsigned)*(volatile uint32_t *)(DATA + 0x1008));
    ats("section", 0x80000abcu);
    ats("supersection", 0x81234568u);
    ats("small page", 0x82000abcu);
    ats("small page AP=2", 0x82001abcu);
    ats("large page", 0x8201fabcu);
    ats("identity", 0x40000000u);

    printf("-- translation faults\n");
    rd("unmapped section", 0x83000010u);
    rd("invalid page", 0x82002010u);
    wr("invalid page write", 0x82002020u, 1);
    ats("unmapped section", 0x83000010u);
    ats("invalid page", 0x82002010u);
    call("branch to unmapped", 0x83000000u);

    printf("-- domains\n");
    l1[0x840] = sect(DATA, 3, 1);
    l1[0x841] = ptable((const uint32_t *)UNASSIGNED, 1);
    l1[0x842] = ptable((const uint32_t *)UNASSIGNED, 3);
    l1[0x850] = sect(DATA, 0, 2) | XN;
    tlbiall();
    rd("no-access domain section", 0x84000010u);
    wr("no-access domain section write", 0x84000010u, 1);
    rd("no-access domain page table", 0x84100010u);
    rd("walk abort on the L2 table", 0x84200010u);
    ats("no-access domain", 0x84000010u);
    ats("walk abort", 0x84200010u);
    rd("manager domain, AP=0", 0x85000004u);
    wr("manager domain, AP=0 write", 0x85000040u, 7);
    user_rd("manager domain, AP=0", 0x85000004u);
    ats("manager domain", 0x85000004u);
    MCR(0, 3, 0, 0, DACR | 2u << 2);
    rd("reserved domain value", 0x84000010u);
    MCR(0, 3, 0, 0, DACR);
}

static void test_permissions(void)
{
    printf("-- AP[2:0]\n");
    for (unsigned ap = 0; ap < 8; ap++) {
        l1[0x860 + ap] = sect(DATA, ap, 0);
    }
    tlbiall();
    for (unsigned ap = 0; ap < 8; ap++) {
        char name[32];
        uint32_t va = 0x86000004u + (ap << 20);
        snprintf(name, sizeof(name), "AP=%u", ap);
        ats(name, va);
        rd(name, va);
        wr(name, va + 0x40, 0x1000 + ap);
        user_rd(name, va);
        user_wr(name, va + 0x80);
    }
    printf("-- XN and PXN\n");
    l1[0x870] = sect(0x40000000u, 3, 0) | XN;
    l1[0x871] = sect(0x40000000u, 3, 0);
    l1[0x872] = sect(0x40000000u, 3, 0) | PXN;
    l1[0x873] = sect(0x40000000u, 1, 0);
    tlbiall();
    call("XN section", alias(0x87000000u, ret42));
    call("executable alias", alias(0x87100000u, ret42));
    call("PXN section at PL1", alias(0x87200000u, ret42));
    printf("PXN section at PL0 -> %u; ",
           (unsigned)run_in_mode(MODE_USR, call_at,
                                 alias(0x87200000u, ret42)));
    exc_print("call", 0);
    printf("PL1-only section at PL0 -> %u; ",
           (unsigned)run_in_mode(MODE_USR, call_at,
                                 alias(0x87300000u, ret42)));
    exc_print("call", 0);
    l2b[0] = small((uint32_t)ret42, 3) | 1;
    l1[0x874] = ptable(l2b, 3);
    tlbiall();
    call("XN page", 0x87400000u + ((uint32_t)ret42 & 0xfff));
    printf("-- alignment with the MMU on\n");
    exc_print("ldrex unaligned", TRY("ldrex r0, [r0]", 0x80000002u, 0));
}

static void test_access_flag(void)
{
    printf("-- SCTLR.AFE\n");
    l1[0x880] = sect(DATA, 2, 0);  /* AP[0] = 0 */
    l1[0x881] = sect(DATA, 7, 0);  /* AP[2:1] = 11: read-only */
    l1[0x882] = sect(DATA, 5, 0);  /* AP[2:1] = 10: PL1 read-only */
    l1[0x883] = ptable(l2b, 3);
    l2b[0x10] = small(DATA, 2);
    l2b[0x11] = small(DATA, 3);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1u << 29);
    tlbiall();
    rd("AF clear, section", 0x88000004u);
    rd("AF clear, page", 0x88310004u);
    rd("AF set, page", 0x88311004u);
    wr("AP[2:1]=11 write", 0x88100040u, 1);
    user_rd("AP[2:1]=10", 0x88200004u);
    ats("AF clear", 0x88000004u);
    ats("AP[2:1]=01", 0x88311004u);
    ats("AP[2:1]=10", 0x88200004u);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~(1u << 29));
    tlbiall();
}

static void test_tex_remap(void)
{
    printf("-- TEX remap\n");
    l1[0x890] = sect(DATA, 3, 0) & ~(7u << 12 | 3u << 2);   /* index 0 */
    l1[0x891] = (sect(DATA, 3, 0) & ~(7u << 12 | 3u << 2)) | 1u << 12 | 1u << 2;
    MCR(0, 10, 2, 0, 0x000a0098u); /* PRRR: TR0 SO, TR1 Normal, ... */
    MCR(0, 10, 2, 1, 0x40e040e0u);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1u << 28);
    tlbiall();
    rd("TRE, index 0", 0x89000004u);
    rd("TRE, index 5", 0x89100004u);
    wr("TRE, index 5 write", 0x89100040u, 0x12345678);
    ats("TRE index 0", 0x89000004u);
    ats("TRE index 5", 0x89100004u);
    printf("SCTLR %08x PRRR %08x NMRR %08x\n", (unsigned)MRC(0, 1, 0, 0),
           (unsigned)MRC(0, 10, 2, 0), (unsigned)MRC(0, 10, 2, 1));
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~(1u << 28));
    tlbiall();
}

static void remap(unsigned idx, uint32_t desc)
{
    l1[idx] = desc;
    dsb();
}

static void test_tlb(void)
{
    printf("-- ASIDs and TLB maintenance\n");
    MCR(0, 13, 0, 1, 1);
    remap(0x8a0, sect(DATA, 3, 0) | NG);
    remap(0x8a1, sect(DATA, 3, 0));
    tlbiall();
    rd("nG, ASID 1", 0x8a005004u);
    remap(0x8a0, sect(DATA2, 3, 0) | NG);
    MCR(0, 13, 0, 1, 2);
    rd("nG remapped, ASID 2", 0x8a005004u);
    printf("CONTEXTIDR %08x\n", (unsigned)MRC(0, 13, 0, 1));
    remap(0x8a0, sect(DATA, 3, 0) | NG);
    MCR(0, 8, 7, 1, 0x8a000000u | 2); /* TLBIMVA, another page, ASID 2 */
    dsb();
    rd("after TLBIMVA", 0x8a005004u);
    remap(0x8a0, sect(DATA2, 3, 0) | NG);
    MCR(0, 8, 7, 2, 2); /* TLBIASID 2 */
    dsb();
    rd("after TLBIASID", 0x8a005004u);
    rd("global", 0x8a106004u);
    remap(0x8a1, sect(DATA2, 3, 0));
    MCR(0, 8, 7, 3, 0x8a1ff000u); /* TLBIMVAA, last page of the section */
    dsb();
    rd("global after TLBIMVAA", 0x8a106004u);
    remap(0x8a1, sect(DATA, 3, 0));
    MCR(0, 8, 3, 0, 0); /* TLBIALLIS */
    dsb();
    rd("global after TLBIALLIS", 0x8a106004u);
    remap(0x8a1, 0);
    MCR(0, 8, 6, 1, 0x8a100000u); /* DTLBIMVA */
    dsb();
    rd("unmapped after DTLBIMVA", 0x8a106004u);
    MCR(0, 13, 0, 1, 0);
}

static void test_ttbcr_n(void)
{
    printf("-- TTBCR.N\n");
    l1n[1] = sect(DATA, 3, 0);
    MCR(0, 2, 0, 1, (uint32_t)l1);
    MCR(0, 2, 0, 0, (uint32_t)l1n);
    MCR(0, 2, 0, 2, 2);
    tlbiall();
    rd("TTBR0 region", 0x00100004u);
    rd("TTBR1 region", 0x80000004u);
    ats("TTBR0 region", 0x00100004u);
    MCR(0, 2, 0, 0, UNASSIGNED);
    tlbiall();
    rd("TTBR0 table unassigned", 0x00100004u);
    ats("TTBR0 table unassigned", 0x00100004u);
    MCR(0, 2, 0, 0, (uint32_t)l1);
    MCR(0, 2, 0, 2, 0);
    tlbiall();
    rd("N=0 again", 0x00100004u);
}

/* Long descriptors: 1 GiB level 1 blocks, 2 MiB level 2, 4 KiB level 3. */
static uint64_t lpae_l1[4] __attribute__((aligned(32)));
static uint64_t lpae_l2[512] __attribute__((aligned(4096)));
static uint64_t lpae_l3[512] __attribute__((aligned(4096)));

#define LD_AF (1ull << 10)
#define LD_AP(ap) ((uint64_t)(ap) << 6)
#define LD_IDX(i) ((uint64_t)(i) << 2)
#define LD_SH(sh) ((uint64_t)(sh) << 8)
#define LD_XN (1ull << 54)
#define LD_PXN (1ull << 53)

static void set_ttbr0_64(uint64_t v)
{
    __asm__ volatile("mcrr p15, 0, %0, %1, c2" ::"r"((uint32_t)v),
                     "r"((uint32_t)(v >> 32)));
}

static void ats64(const char *what, uint32_t va)
{
    MCR(0, 7, 8, 0, va);
    uint64_t pr = mrrc_par();
    MCR(0, 7, 8, 3, va);
    uint64_t uw = mrrc_par();
    printf("%s: PAR cpr %08x:%08x (32-bit %08x) cuw %08x:%08x\n", what,
           (unsigned)(pr >> 32), (unsigned)pr, (unsigned)MRC(0, 7, 4, 0),
           (unsigned)(uw >> 32), (unsigned)uw);
}

static void test_lpae(void)
{
    printf("-- long descriptors\n");
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    lpae_l1[0] = 0;
    lpae_l1[1] = 0x40000000u | LD_AF | LD_AP(1) | LD_IDX(1) | LD_SH(3) | 1;
    lpae_l1[2] = (uint32_t)lpae_l2 | 3;
    lpae_l1[3] = 0;
    lpae_l2[0] = DATA | LD_AF | LD_AP(1) | LD_IDX(1) | 1;
    lpae_l2[1] = (uint32_t)lpae_l3 | 3;
    lpae_l2[2] = DATA | LD_AP(1) | 1;                     /* AF clear */
    lpae_l2[3] = 0;
    lpae_l2[4] = 0x40000000u | LD_AF | LD_AP(1) | LD_XN | 1;
    lpae_l2[5] = 0x40000000u | LD_AF | LD_AP(0) | 1;      /* PL1 only */
    lpae_l2[6] = (uint32_t)lpae_l3 | 1ull << 61 | 3;      /* APTable[0] */
    lpae_l2[7] = UNASSIGNED | 3;
    lpae_l2[8] = 0x140000000ull | LD_AF | LD_AP(1) | 1;   /* PA above 4G */
    lpae_l3[0] = (DATA + 0x1000) | LD_AF | LD_AP(1) | LD_IDX(2) | LD_SH(2) | 3;
    lpae_l3[1] = (DATA + 0x2000) | LD_AP(1) | 3;            /* AF clear */
    lpae_l3[2] = 0;
    lpae_l3[3] = (DATA + 0x3000) | LD_AF | LD_AP(3) | 3;    /* read-only */
    lpae_l3[4] = (DATA + 0x4000) | LD_AF | LD_AP(1) | 1;    /* reserved */
    MCR(0, 10, 2, 0, 0x0444ff00u); /* MAIR0 */
    MCR(0, 10, 2, 1, 0xee0000aau); /* MAIR1 */
    set_ttbr0_64((uint32_t)lpae_l1 | 0x00050000ull << 32);
    MCR(0, 2, 0, 2, 0x80000000u);
    printf("TTBCR %08x\n", (unsigned)MRC(0, 2, 0, 2));
    exc_print("alignment, MMU off, EAE", TRY("ldrex r0, [r0]", 0x44000002u, 0));
    tlbiall();
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
    printf("MMU on with long descriptors\n");
    rd("level 2 block", 0x80000004u);
    rd("level 3 page", 0x80200004u);
    rd("level 1 block (identity)", 0x44001004u);
    rd("level 1 invalid", 0xc0000004u);
    rd("level 2 invalid", 0x80600004u);
    rd("level 3 invalid", 0x80202004u);
    rd("level 2 AF clear", 0x80400004u);
    rd("level 3 AF clear", 0x80201004u);
    rd("level 3 reserved", 0x80204004u);
    wr("level 3 read-only", 0x80203004u, 1);
    user_rd("level 2 PL1 only", 0x80a00004u);
    user_rd("APTable[0]", 0x80c00004u);
    rd("APTable[0] at PL1", 0x80c00004u);
    rd("walk abort level 3", 0x80e00004u);
    rd("PA above 4 GiB", 0x81000004u);
    call("XN block", 0x80800000u + ((uint32_t)ret42 & 0x1fffff));
    exc_print("alignment", TRY("ldrex r0, [r0]", 0x80000002u, 0));
    ats64("level 2 block", 0x80000abcu);
    ats64("level 3 page", 0x80200abcu);
    ats64("level 1 block", 0x44000abcu);
    ats64("level 3 read-only", 0x80203abcu);
    ats64("level 2 AF clear", 0x80400abcu);
    ats64("level 1 invalid", 0xc0000abcu);
    ats64("walk abort", 0x80e00abcu);
    ats64("PA above 4 GiB", 0x81000abcu);
    printf("-- T0SZ/T1SZ\n");
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    /* T0SZ = 1: TTBR0 below 2 GiB; T1SZ = 1: TTBR1 from 2 GiB. */
    __asm__ volatile("mcrr p15, 1, %0, %1, c2" ::"r"((uint32_t)lpae_l1),
                     "r"(0));
    MCR(0, 2, 0, 2, 0x80010001u);
    tlbiall();
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
    rd("TTBR1 at 80000004", 0x80000004u);
    rd("TTBR1 at c4001004", 0xc4001004u);
    ats64("TTBR0 identity", 0x44000abcu);
    MCR(0, 2, 0, 2, 0x80810001u); /* EPD1 */
    tlbiall();
    rd("EPD1", 0x80000004u);
    MCR(0, 2, 0, 2, 0x80020001u); /* T1SZ = 2: a gap */
    tlbiall();
    rd("gap between the regions", 0x80000004u);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    MCR(0, 2, 0, 2, 0);
    set_ttbr0_64((uint32_t)l1);
    tlbiall();
}

int main(void)
{
    exc_install();
    test_registers();
    mmu_on();
    test_mappings();
    test_permissions();
    test_access_flag();
    test_tex_remap();
    test_tlb();
    test_ttbcr_n();
    test_lpae();
    printf("done\n");
    return 0;
}
