/*
 * Identification registers and the reset state a program starts in on
 * `virt` without secure=on: MIDR, MPIDR, ID_PFR1 (no Security Extensions
 * reported), SCTLR's reset value, and the CPSR (SVC mode, A/I/F masked).
 */
#include <stdio.h>

#define MRC(op1, crn, crm, op2)                                              \
    ({                                                                     \
        unsigned v_;                                                       \
        __asm__ volatile("mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 \
                         : "=r"(v_));                                      \
        v_;                                                                \
    })

int main(void)
{
    unsigned cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    printf("MIDR    %08x\n", MRC(0, 0, 0, 0));
    printf("CTR     %08x\n", MRC(0, 0, 0, 1));
    printf("MPIDR   %08x\n", MRC(0, 0, 0, 5));
    printf("ID_PFR0 %08x\n", MRC(0, 0, 1, 0));
    printf("ID_PFR1 %08x\n", MRC(0, 0, 1, 1));
    printf("ID_ISAR0 %08x\n", MRC(0, 0, 2, 0));
    printf("CLIDR   %08x\n", MRC(1, 0, 0, 1));
    printf("SCTLR   %08x\n", MRC(0, 1, 0, 0));
    printf("mode    %02x, A/I/F %x\n", cpsr & 0x1f, (cpsr >> 6) & 7);
    return 0;
}
