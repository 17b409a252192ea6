/*
 * tzmon, tzemu's secure monitor for the virt board: what its parts share.
 * The addresses are the board's (src/boards/virt.h); tzmon runs from the
 * Secure flash at 0 with its data and stacks in the Secure RAM.
 */
#ifndef TZMON_H
#define TZMON_H

#include <stdbool.h>
#include <stdint.h>

#define RAM_BASE 0x40000000u
#define GICD_BASE 0x08000000u
#define GICC_BASE 0x08010000u
#define SECURE_UART_BASE 0x09040000u
#define MPC_BASE 0x090c0000u
#define SYSCTL_BASE 0x090e0000u
/* The TZ-MPC's interrupt: SPI 10. */
#define MPC_IRQ_ID (32u + 10u)
/* The top of RAM below 4 GiB, which the MPC makes Secure-only (the
 * board's VIRT_CARVEOUT_SIZE; the device tree reserves it). */
#define CARVEOUT_SIZE (16u << 20)
/* Linux's zImage: RAM + 0x10000, its magic word at +0x24. */
#define KERNEL_ENTRY (RAM_BASE + 0x10000u)
#define ZIMAGE_MAGIC 0x016f2818u
/* r1 for a board described only by its device tree. */
#define LINUX_MACH_DT 0xffffffffu
/* The SGI that wakes a CPU held in tzmon (Group 0: Linux cannot send or
 * mask it). */
#define SGI_WAKE 15u
#define MAX_CPUS 8u

static inline uint32_t mmio_read(uint32_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write(uint32_t addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

static inline unsigned cpu_index(void)
{
    uint32_t mpidr;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
    /* virt numbers its CPUs in MPIDR.Aff0. */
    return mpidr & 0xff;
}

/* console.c: the Secure UART. */
/* Every number is a 32-bit argument (int, unsigned or uint32_t). */
void con_printf(const char *fmt, ...);

/* gic.c */
void gic_dist_init(bool mpc);
void gic_cpu_init(void);
unsigned gic_cpu_count(void);
void gic_wake(unsigned cpu);
/* The acknowledged interrupt's IAR value; gic_eoi() with it when done. */
uint32_t gic_ack(void);
void gic_eoi(uint32_t iar);

/* mpc.c */
void mpc_setup(uint32_t ram_base, uint32_t ram_size, uint32_t carve_base);
void mpc_interrupt(void);

/* mmu.c: a flat map in which RAM is reached with Non-secure accesses. */
void mmu_ns_ram_on(void);
void mmu_off(void);

/* psci.c */
void psci_boot(unsigned nr_cpus);
int32_t psci_call(uint32_t *regs);
/* A CPU held in tzmon waits here for CPU_ON (never returns). */
void psci_hold(unsigned cpu) __attribute__((noreturn));

/* start.S */
void tzmon_enter_ns(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2)
    __attribute__((noreturn));
void tzmon_hold(void) __attribute__((noreturn));
void tzmon_halt(void) __attribute__((noreturn));

#endif
