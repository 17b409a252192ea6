/*
 * The `virt` board's memory system: its address map (the same addresses as
 * qemu-system-arm 7.2's virt), the Non-secure and Secure address spaces,
 * its CFI flash banks, and with secure=on the Secure-only RAM and flash.
 */
#ifndef TZEMU_BOARDS_VIRT_H
#define TZEMU_BOARDS_VIRT_H

#include "tzemu/memory.h"
#include "../core/chardev.h"
#include "../cpu/arm/cpu.h"
#include "../hw/pflash_cfi01.h"
#include "../hw/gic.h"
#include "../hw/pl011.h"

/* Where the board's pieces sit (QEMU 7.2 virt's memmap). */
#define VIRT_RAM_BASE 0x40000000u
#define VIRT_CPU_PERIPHS_BASE 0x08000000u
#define VIRT_UART_BASE 0x09000000u
#define VIRT_SECURE_UART_BASE 0x09040000u
#define VIRT_FLASH_BASE 0x00000000u
/* Each of the two flash banks; flash1 follows flash0. */
#define VIRT_FLASH_SIZE (64u << 20)

typedef struct VirtOptions {
    bool secure;
    uint64_t ram_size;
    /* The UART's and the Secure UART's character devices (NULL: none). */
    CharDev *serial[2];
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
    ArmCpu *cpu;
    Gic *gic;
    /* flash0 (Secure-only with secure=on) and flash1. */
    Pflash *flash[2];
    Pl011 *uart;
    /* Only with secure=on. */
    Pl011 *secure_uart;
} VirtMachine;

/*
 * Builds the board: memory, flash, UARTs and a Cortex-A15 in its reset state
 * (Security Extensions with secure=on). MEM_OK, or an error naming what
 * could not be built.
 */
MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err);
void virt_destroy(VirtMachine *m);

#endif
