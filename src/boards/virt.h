/*
 * The `virt` board's memory system: its address map (the same addresses as
 * qemu-system-arm 7.2's virt), the Non-secure and Secure address spaces,
 * and with secure=on the Secure-only RAM and flash.
 */
#ifndef TZEMU_BOARDS_VIRT_H
#define TZEMU_BOARDS_VIRT_H

#include "tzemu/memory.h"
#include "../core/chardev.h"
#include "../cpu/arm/cpu.h"
#include "../hw/pl011.h"

/* Where the board's pieces sit (QEMU 7.2 virt's memmap). */
#define VIRT_RAM_BASE 0x40000000u
#define VIRT_UART_BASE 0x09000000u
#define VIRT_SECURE_UART_BASE 0x09040000u

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
    Pl011 *uart;
    /* Only with secure=on. */
    Pl011 *secure_uart;
} VirtMachine;

/*
 * Builds the board: memory, UARTs and a Cortex-A15 in its reset state
 * (Security Extensions with secure=on). MEM_OK, or an error naming what
 * could not be built.
 */
MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err);
void virt_destroy(VirtMachine *m);

#endif
