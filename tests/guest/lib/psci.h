/*
 * PSCI calls for the guest tests: the protocol's numbers (tzemu/psci.h)
 * and the call itself over HVC, the conduit of qemu-system-arm's virt
 * without Secure firmware (r0 function, r1-r3 arguments, r0 result).
 */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <stdint.h>

#include "tzemu/psci.h"

static inline int32_t psci_call(uint32_t fn, uint32_t a1, uint32_t a2,
                                uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = fn;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    __asm__ volatile(".arch_extension virt\n\thvc #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                     :
                     : "memory");
    return (int32_t)r0;
}

#endif
