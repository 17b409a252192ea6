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
#include "../hw/pl031.h"
#include "../hw/remap_mc.h"
#include "../hw/sysctl.h"
#include "../hw/tz_mpc.h"

/* Where the board's pieces sit (QEMU 7.2 virt's memmap). */
#define VIRT_RAM_BASE 0x40000000u
#define VIRT_CPU_PERIPHS_BASE 0x08000000u
#define VIRT_UART_BASE 0x09000000u
#define VIRT_SECURE_UART_BASE 0x09040000u
#define VIRT_FLASH_BASE 0x00000000u
/* Each of the two flash banks; flash1 follows flash0. */
#define VIRT_FLASH_SIZE (64u << 20)
#define VIRT_GIC_DIST_BASE 0x08000000u
#define VIRT_GIC_CPU_BASE 0x08010000u
/* Each GIC part's window in the map (the device tree's reg sizes). */
#define VIRT_GIC_REGION_SIZE 0x10000u
#define VIRT_RTC_BASE 0x09010000u
/* The UARTs' and the RTC's windows. */
#define VIRT_PRIMECELL_SIZE 0x1000u
#define VIRT_SECURE_RAM_BASE 0x0e000000u
#define VIRT_SECURE_RAM_SIZE (16u << 20)

/* Interrupt wiring of QEMU's virt (hw/arm/virt.c a15irqmap): SPIs. */
#define VIRT_UART_SPI 1
#define VIRT_RTC_SPI 2
#define VIRT_SECURE_UART_SPI 8
/* The TZ-MPC's (mpc=on) and the remapping controller's (remap=on)
 * registers and interrupts, in a gap of QEMU's map. */
#define VIRT_MPC_BASE 0x090c0000u
#define VIRT_MPC_SPI 10
#define VIRT_REMAP_BASE 0x090d0000u
#define VIRT_REMAP_SPI 11
/* tzemu's system controller (firmware-psci=on), Secure-only, in the same
 * gap; it raises no interrupt. */
#define VIRT_SYSCTL_BASE 0x090e0000u
/* memexpose devices (docs/memexpose.md): device i raises SPI 12 + i, SPIs
 * neither QEMU's virt nor the controllers above use; their windows and
 * registers go where the command line says. */
#define VIRT_MEMEXPOSE_SPI 12
/* With mpc=on and firmware-psci=on, the top of main RAM below 4 GiB,
 * which tzemu's firmware (firmware/) makes Secure-only; the device tree
 * reserves it. */
#define VIRT_CARVEOUT_SIZE (16u << 20)
/* The generic timer's PPIs as interrupt IDs (QEMU's ARCH_TIMER_*_IRQ + 16,
 * boards.md 1.2); the Hyp timer's (26) has no timer without Hyp. */
#define VIRT_TIMER_HYP_ID 26
#define VIRT_TIMER_VIRT_ID 27
#define VIRT_TIMER_S_PHYS_ID 29
#define VIRT_TIMER_NS_PHYS_ID 30

/* The most CPUs virt takes: one cluster on the GICv2. */
#define VIRT_MAX_CPUS ARM_MAX_CPUS

typedef struct VirtOptions {
    bool secure;
    /* A TZ-MPC in front of the main RAM, its registers Secure-only
     * (needs secure). */
    bool mpc;
    /* The remapping memory controller in front of the main RAM instead,
     * its registers Secure-only (needs secure; not with mpc). */
    bool remap;
    /* Secure firmware serves PSCI over SMC (needs secure): the board gets
     * tzemu's system controller, which calls @power back, and the device
     * tree names SMC as PSCI's conduit. */
    bool firmware_psci;
    /* Main RAM in a sealed memfd, so that another process (memexpose) can
     * map it. */
    bool ram_shared;
    SysctlOps power;
    void *power_opaque;
    /* How many CPUs (-smp; 0 means 1). */
    unsigned nr_cpus;
    uint64_t ram_size;
    /* The UART's and the Secure UART's character devices (NULL: none). */
    CharDev *serial[2];
    /* The machine's clock, for the RTC (NULL: its time stands still). */
    Pl031ClockFn clock_ns;
    void *clock_opaque;
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
    /* CPU 0, and all of them (CPU i has MPIDR.Aff0 = i). */
    ArmCpu *cpu;
    ArmCpu *cpus[VIRT_MAX_CPUS];
    unsigned nr_cpus;
    ArmCluster cluster;
    Gic *gic;
    /* flash0 (Secure-only with secure=on) and flash1. */
    Pflash *flash[2];
    Pl011 *uart;
    /* Only with secure=on. */
    Pl011 *secure_uart;
    Pl031 *rtc;
    /* Only with mpc=on or remap=on: main RAM sits behind it. */
    TzMpc *mpc;
    RemapMc *remap;
    /* Only with firmware_psci. */
    Sysctl *sysctl;
    MemoryRegion *ram;
} VirtMachine;

/*
 * Builds the board: memory, flash, UARTs and opt->nr_cpus Cortex-A15s in
 * their reset state (Security Extensions with secure=on). MEM_OK, or an
 * error naming what could not be built.
 */
MemErrCode virt_init(VirtMachine *m, const VirtOptions *opt, MemError *err);

/* How many CPUs the board has (the device tree's /cpus). */
static inline unsigned virt_cpu_count(const VirtMachine *m)
{
    return m->nr_cpus;
}
/* A system reset: devices and CPUs to their reset state (memory keeps
 * its contents; the RTC keeps counting, as QEMU's). */
void virt_reset(VirtMachine *m);
void virt_destroy(VirtMachine *m);

#endif
