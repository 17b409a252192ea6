/*
 * `virt` without secure=on: the CPU has no Security Extensions, so SMC and
 * the Secure-only registers (SCR, SDER, MVBAR, NSACR) are UNDEFINED or
 * as QEMU answers them; the Secure-only addresses of secure=on (Secure
 * RAM, Secure UART) are unassigned and abort; flash0 at 0 is visible and
 * answers CFI commands. (What flash0 holds is not printed: QEMU puts its
 * device tree there when an ELF covers the start of RAM, which tzemu does
 * once it builds device trees.)
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

int main(void)
{
    exc_install();
    printf("ID_PFR1 security %x\n", (unsigned)MRC(0, 0, 1, 1) >> 4 & 0xf);
    printf("-- Security Extensions instructions and registers\n");
    exc_print("smc #0", TRY(".arch_extension sec\n\tsmc #0", 0, 0));
    exc_print("smcne not taken", TRY("cmp r0, r0\n\tsmcne #0", 0, 0));
    exc_print("mrc SCR", TRY("mrc p15, 0, r0, c1, c1, 0", 0x77, 0));
    exc_print("mcr SCR", TRY("mcr p15, 0, r0, c1, c1, 0", 1, 0));
    exc_print("mrc SDER", TRY("mrc p15, 0, r0, c1, c1, 1", 0x77, 0));
    exc_print("mrc MVBAR", TRY("mrc p15, 0, r0, c12, c0, 1", 0x77, 0));
    exc_print("mcr MVBAR", TRY("mcr p15, 0, r0, c12, c0, 1", 0, 0));
    uint32_t at = TRY("mrc p15, 0, r0, c1, c1, 2", 0x77, 0);
    exc_print("mrc NSACR", at);
    printf("NSACR reads %08x\n", (unsigned)try_r0);
    exc_print("mcr NSACR", TRY("mcr p15, 0, r0, c1, c1, 2", 0xc00, 0));
    printf("-- addresses that are Secure-only with secure=on\n");
    exc_print("ldr 0x0e000000", TRY("ldr r2, [r0]", 0x0e000000, 0));
    exc_print("str 0x0e000000", TRY("str r2, [r0]", 0x0e000000, 0));
    exc_print("ldr 0x09040000", TRY("ldr r2, [r0, #0x18]", 0x09040000, 0));
    exc_print("ldr 0x090b0000", TRY("ldr r2, [r0]", 0x090b0000, 0));
    printf("-- flash0\n");
    at = TRY("ldr r0, [r0]", 0, 0);
    exc_print("ldr flash0", at);
    uint32_t array_word = try_r0;
    exc_print("str flash0 read-id command", TRY("str r1, [r0]", 0, 0x00900090));
    at = TRY("ldr r0, [r0]", 0, 0);
    printf("word 0 in read-id mode: %08x\n", (unsigned)try_r0);
    exc_print("str flash0 read-array command",
              TRY("str r1, [r0]", 0, 0x00ff00ff));
    at = TRY("ldr r0, [r0]", 0, 0);
    printf("word 0 back to the array contents: %s\n",
           try_r0 == array_word ? "yes" : "no");
    exc_print("ldr flash1", TRY("ldr r0, [r0]", 0x04000000, 0));
    printf("flash1 word 0 %08x\n", (unsigned)try_r0);
    return 0;
}
