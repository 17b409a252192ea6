// args: -M virt -smp 2
/*
 * PSCI SYSTEM_RESET: the machine resets and the program runs again from
 * its entry point, with its image loaded afresh (its data back to the
 * initial values) while RAM outside the image keeps what was written; CPU
 * 1, started before the reset, is off again after it.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/psci.h"

/* RAM far from the image, the heap and the stack. */
#define MARKER (*(volatile uint32_t *)0x44000000u)
#define MAGIC 0x5e5e7001u

static volatile uint32_t data_word = 42;

/* CPU 1 only waits. */
extern char park[];
__asm__(".global park\npark:\n\twfi\n\tb park");

int main(void)
{
    printf("boot: marker %s, data %u, cpu1 %d\n",
           MARKER == MAGIC ? "set" : "clear", (unsigned)data_word,
           (int)psci_call(PSCI_AFFINITY_INFO, 1, 0, 0));
    if (MARKER != MAGIC) {
        MARKER = MAGIC;
        data_word = 7;
        printf("CPU_ON cpu1 %d\n",
               (int)psci_call(PSCI_CPU_ON, 1, (uint32_t)park, 0));
        printf("data %u; SYSTEM_RESET\n", (unsigned)data_word);
        fflush(stdout);
        psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
        printf("SYSTEM_RESET returned\n");
        return 1;
    }
    MARKER = 0;
    printf("SYSTEM_OFF\n");
    fflush(stdout);
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    return 1;
}
