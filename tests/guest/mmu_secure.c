// args: -M virt,secure=on
/*
 * The MMU with the Security Extensions: Secure walks read the Secure
 * space and NS descriptor bits (section bit 19, the L1 page-table
 * descriptor's bit 3) send the output to the Non-secure space, where the
 * Secure RAM is absent (external abort); Non-secure translations ignore
 * NS bits and walk Non-secure memory (a table in Secure RAM is an external
 * abort on the walk); ATS12NSO* from Secure state use the Non-secure
 * tables; long descriptors with NS and NSTable.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define SECURE_RAM 0x0e000000u
#define SDATA 0x0e100000u
#define DATA 0x44000000u
#define SEC_NS (1u << 19)

static uint32_t l1s[4096] __attribute__((aligned(16384)));
static uint32_t l1n[4096] __attribute__((aligned(16384)));
static uint32_t l2s[256] __attribute__((aligned(1024)));

static uint32_t sect(uint32_t pa, unsigned ap)
{
    return (pa & 0xfff00000u) | ((ap >> 2) & 1) << 15 | (ap & 3) << 10 |
           1u << 12 | 3u << 2 | 2;
}

static void tlbiall(void)
{
    __asm__ volatile("dsb" ::: "memory");
    MCR(0, 8, 7, 0, 0);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

static void rd(const char *what, uint32_t va)
{
    uint32_t at = TRY("ldr r0, [r0]", va, 0);
    printf("%s -> %08x; ", what, (unsigned)try_r0);
    exc_print("ldr", at);
}

static void ats(const char *what, unsigned opc2, uint32_t va)
{
    switch (opc2) {
    case 0:
        MCR(0, 7, 8, 0, va);
        break;
    case 4:
        MCR(0, 7, 8, 4, va);
        break;
    case 6:
        MCR(0, 7, 8, 6, va);
        break;
    }
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 0, %0, %1, c7" : "=r"(lo), "=r"(hi));
    printf("%s: PAR %08x:%08x\n", what, (unsigned)hi, (unsigned)lo);
}

static void identity(uint32_t *l1)
{
    for (unsigned i = 0x400; i < 0x480; i++) {
        l1[i] = sect(i << 20, 3);
    }
}

static void mmu_enable(uint32_t *l1)
{
    MCR(0, 2, 0, 0, (uint32_t)l1);
    MCR(0, 2, 0, 2, 0);
    MCR(0, 3, 0, 0, 0x55555555u);
    tlbiall();
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
}

static void test_secure_walks(void)
{
    printf("-- Secure translation\n");
    *(volatile uint32_t *)SDATA = 0x5ec0de00;
    *(volatile uint32_t *)DATA = 0x0a5a0000;
    identity(l1s);
    l1s[0x0e0] = sect(SECURE_RAM, 3);
    l1s[0x800] = sect(SDATA, 3);
    l1s[0x801] = sect(SDATA, 3) | SEC_NS;
    l1s[0x802] = sect(DATA, 3) | SEC_NS;
    l1s[0x803] = (uint32_t)l2s | 1u << 3 | 1;
    l1s[0x804] = (uint32_t)l2s | 1;
    l2s[0] = (SDATA & 0xfffff000u) | 3u << 4 | 2;
    /* A table in Secure RAM, reached only by Secure walks. */
    volatile uint32_t *stable = (volatile uint32_t *)(SECURE_RAM + 0x4000);
    for (unsigned i = 0; i < 4096; i++) {
        stable[i] = l1s[i];
    }
    stable[0x805] = sect(DATA, 3);
    mmu_enable(l1s);
    rd("NS=0 section to Secure RAM", 0x80000000u);
    rd("NS=1 section to Secure RAM", 0x80100000u);
    rd("NS=1 section to NS RAM", 0x80200000u);
    rd("NS page table to Secure RAM", 0x80300000u);
    rd("Secure page table to Secure RAM", 0x80400000u);
    ats("ATS1CPR NS=0 section", 0, 0x80000abcu);
    ats("ATS1CPR NS=1 section", 0, 0x80100abcu);
    ats("ATS1CPR NS page table", 0, 0x80300abcu);
    ats("ATS1CPR Secure page table", 0, 0x80400abcu);
    ats("ATS12NSOPR, NS MMU off", 4, 0x80400abcu);
    MCR(0, 2, 0, 0, SECURE_RAM + 0x4000);
    tlbiall();
    rd("table in Secure RAM", 0x80500000u);
}

static void test_ns_walks(void)
{
    printf("-- Non-secure translation\n");
    identity(l1n);
    l1n[0x800] = sect(SDATA, 3);
    l1n[0x802] = sect(DATA, 3);
    l1n[0x803] = sect(DATA, 1);
    smc_call(SMC_TO_NS, 0, 0);
    exc_install();
    mmu_enable(l1n);
    printf("Non-secure, MMU on\n");
    exc_print("entering Non-secure state", 0);
    rd("NS section to Secure RAM", 0x80000000u);
    rd("NS section to NS RAM", 0x80200000u);
    ats("ATS1CPR", 0, 0x80200abcu);
    /* TTBCR.N = 1: TTBR1 from 2 GiB up, the code stays on TTBR0. */
    MCR(0, 2, 0, 1, SECURE_RAM + 0x4000);
    MCR(0, 2, 0, 2, 1);
    tlbiall();
    rd("NS walk of a table in Secure RAM", 0x80200000u);
    ats("ATS1CPR NS=1 section", 0, 0x40000abcu);
    MCR(0, 2, 0, 2, 0);
    tlbiall();
    smc_call(SMC_TO_S, 0, 0);
    printf("Secure again\n");
    ats("ATS12NSOPR NS RAM", 4, 0x80200abcu);
    ats("ATS12NSOPR unmapped", 4, 0x80900abcu);
}

/* Long descriptors in the Secure regime: NS and NSTable. */
static uint64_t ll1[4] __attribute__((aligned(32)));
static uint64_t ll2[512] __attribute__((aligned(4096)));
static uint64_t ll2n[512] __attribute__((aligned(4096)));

#define LD_BLOCK(pa) ((uint64_t)(pa) | 1ull << 10 | 1ull << 6 | 1)
#define LD_NS (1ull << 5)
#define LD_NSTABLE (1ull << 63)

static void test_lpae(void)
{
    printf("-- Secure long descriptors\n");
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    ll1[0] = LD_BLOCK(0);
    ll1[1] = LD_BLOCK(0x40000000u);
    ll1[2] = (uint32_t)ll2 | 3;
    ll1[3] = (uint32_t)ll2n | LD_NSTABLE | 3;
    ll2[0] = LD_BLOCK(SDATA & 0xffe00000u);
    ll2[1] = LD_BLOCK(SDATA & 0xffe00000u) | LD_NS;
    ll2[2] = LD_BLOCK(DATA) | LD_NS;
    ll2n[0] = LD_BLOCK(SDATA & 0xffe00000u);
    ll2n[1] = LD_BLOCK(DATA);
    __asm__ volatile("mcrr p15, 0, %0, %1, c2" ::"r"((uint32_t)ll1), "r"(0));
    MCR(0, 2, 0, 2, 0x80000000u);
    tlbiall();
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
    rd("block NS=0 to Secure RAM", 0x80100000u);
    rd("block NS=1 to Secure RAM", 0x80300000u);
    rd("block NS=1 to NS RAM", 0x80400000u);
    rd("NSTable, block to Secure RAM", 0xc0100000u);
    rd("NSTable, block to NS RAM", 0xc0200000u);
    ats("ATS1CPR NS=0", 0, 0x80100abcu);
    ats("ATS1CPR NS=1", 0, 0x80300abcu);
    ats("ATS1CPR NSTable", 0, 0xc0200abcu);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    MCR(0, 2, 0, 2, 0);
    tlbiall();
}

int main(void)
{
    exc_install();
    mon_install();
    test_secure_walks();
    test_ns_walks();
    test_lpae();
    printf("done\n");
    return 0;
}
