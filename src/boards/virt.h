/*
 * The `virt` board's memory system: its address map (the same addresses as
 * qemu-system-arm 7.2's virt), the Non-secure and Secure address spaces,
 * and with secure=on the Secure-only RAM and flash.
 */
#ifndef TZEMU_BOARDS_VIRT_H
#define TZEMU_BOARDS_VIRT_H

#include "tzemu/memory.h"

typedef struct VirtOptions {
    bool secure;
    uint64_t ram_size;
} VirtOptions;

/* The largest -m virt takes, as on QEMU's virt. */
#define VIRT_RAM_MAX (255ull << 30)

typedef struct VirtMachine {
    VirtOptions opt;
    /* What the Non-secure world sees; the Secure root holds it at -1. */
    MemoryRegion *system;
    MemoryRegion *secure_memory;
    AddressSpace as_ns;
    AddressSpace as_s;
    AddressSpace *spaces[2];
} VirtMachine;

/* Builds the board; MEM_OK, or an error naming what could not be built. */
MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err);
void virt_destroy(VirtMachine *m);

#endif
