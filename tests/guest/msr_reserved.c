/*
 * Regression (found by the A32 fuzz test, tests/fuzz): MSR to the CPSR's
 * s byte (APSR_g) writes GE[3:0] only. Bits 23:20 are reserved and
 * CPSRWriteByInstr() never writes them (ARM ARM B1.3.3, B9.3.12); tzemu
 * used to store them, and MRS then read them back.
 */
#include <stdio.h>

static unsigned msr_g(unsigned v)
{
    unsigned psr;
    __asm__ volatile("msr APSR_g, %1\n\tmrs %0, apsr" : "=r"(psr) : "r"(v)
                     : "cc");
    return psr;
}

static unsigned msr_nzcvqg(unsigned v)
{
    unsigned psr;
    __asm__ volatile("msr APSR_nzcvqg, %1\n\tmrs %0, apsr" : "=r"(psr)
                     : "r"(v) : "cc");
    return psr;
}

int main(void)
{
    printf("msr APSR_g 00ff0000: bits 23:16 %02x\n",
           (msr_g(0x00ff0000u) >> 16) & 0xff);
    printf("msr APSR_g 00a50000: bits 23:16 %02x\n",
           (msr_g(0x00a50000u) >> 16) & 0xff);
    printf("msr APSR_nzcvqg fffff000: bits 31:16 %04x\n",
           msr_nzcvqg(0xfffff000u) >> 16);
    printf("msr APSR_nzcvqg 00000000: bits 31:16 %04x\n",
           msr_nzcvqg(0) >> 16);
    return 0;
}
