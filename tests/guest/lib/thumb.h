/*
 * Helpers for the guest tests built as Thumb code (thumb*.c).
 */
#ifndef GUEST_THUMB_H
#define GUEST_THUMB_H

#include <stdint.h>

#include "guest.h"

/* Branches with BX to @target; the exception it raises there returns (by
 * exc_resume) to the Thumb code after the branch. */
static inline void branch_and_resume(uint32_t target)
{
    __asm__ volatile("adr r1, 1f\n\t"
                     "orr r1, r1, #1\n\t"
                     "movw r2, #:lower16:exc_resume\n\t"
                     "movt r2, #:upper16:exc_resume\n\t"
                     "str r1, [r2]\n\t"
                     "bx %[t]\n\t"
                     ".balign 4\n"
                     "1:"
                     :
                     : [t] "r"(target)
                     : "r0", "r1", "r2", "r3", "r12", "lr", "memory", "cc");
}

#endif
