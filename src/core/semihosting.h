/*
 * ARM semihosting (ARM DUI 0471 / the "Semihosting for AArch32 and
 * AArch64" specification): the guest asks the host for console and file
 * I/O, time, its command line, heap placement and exit, through SVC
 * 0x123456 or HLT 0xF000 with the operation in r0 and its argument in r1.
 */
#ifndef TZEMU_CORE_SEMIHOSTING_H
#define TZEMU_CORE_SEMIHOSTING_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../cpu/arm/cpu.h"

#define SEMIHOST_MAX_FILES 64

typedef struct SemihostFile {
    int kind;
    int fd;
    uint32_t pos;
} SemihostFile;

typedef struct Semihosting {
    char *cmdline;
    uint32_t ram_base;
    uint32_t ram_size;
    /* Where the loaded image ends: the heap starts there (HEAPINFO). */
    uint32_t image_end;
    /* Calls from User mode are served (else they are plain SVCs). */
    bool userspace;
    int last_errno;
    bool exited;
    int exit_code;
    struct timespec start;
    SemihostFile files[SEMIHOST_MAX_FILES];
} Semihosting;

/* @cmdline is what SYS_GET_CMDLINE returns; RAM placement for HEAPINFO. */
void semihosting_init(Semihosting *sh, const char *cmdline, uint32_t ram_base,
                      uint32_t ram_size);
void semihosting_destroy(Semihosting *sh);
/* The CPU hook: serves the call in r0/r1, result in r0. */
bool semihosting_call(ArmCpu *cpu, void *opaque);

#endif
