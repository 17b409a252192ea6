/*
 * What the two memexpose guests (memexpose_trusted.c, memexpose_rich.c,
 * run together by tests/system/memexpose.sh) agree on: where each side's
 * device sits, what the trusted side exposes, the layout of the shared
 * buffer in its RAM, and the doorbell's interrupt (docs/memexpose.md).
 *
 * Both sides map the window onto the peer at MX_WINDOW and the registers
 * at MX_REGS, and expose [MX_EXPOSE_BASE, + MX_EXPOSE_SIZE) of their own
 * map: the UART, the RTC, (trusted side) the Secure UART and Secure RAM,
 * and the first 2 MiB of RAM, which holds the shared buffer. Peer address
 * P appears at MX_PEER(P).
 */
#ifndef GUEST_MEMEXPOSE_H
#define GUEST_MEMEXPOSE_H

#include <stdint.h>

#include "lib/guest.h"

#define REG(a) (*(volatile uint32_t *)(a))

#define MX_WINDOW 0x80000000u
#define MX_REGS 0x7ff00000u
#define MX_EXPOSE_BASE 0x09000000u
#define MX_EXPOSE_SIZE 0x37200000u
#define MX_PEER(p) (MX_WINDOW + ((uint32_t)(p) - MX_EXPOSE_BASE))

#define MX_ID REG(MX_REGS + 0x00)
#define MX_STATUS REG(MX_REGS + 0x08)
#define MX_WINDOW_SIZE REG(MX_REGS + 0x0c)
#define MX_DOORBELL REG(MX_REGS + 0x10)
#define MX_INT_STATUS REG(MX_REGS + 0x18)
#define MX_INT_ACK REG(MX_REGS + 0x1c)
#define MX_STATUS_CONNECTED 1u
#define MX_STATUS_WINDOW 2u
#define MX_STATUS_CLOSED 4u
/* SPI 12 of virt (VIRT_MEMEXPOSE_SPI), interrupt ID 44. */
#define MX_IRQ_ID 44u

/* The board's devices both sides reach in the peer. */
#define UART_BASE 0x09000000u
#define RTC_BASE 0x09010000u
#define SECURE_UART_BASE 0x09040000u
#define SECURE_RAM_BASE 0x0e000000u

/* The shared buffer, in the trusted side's RAM. */
#define SHARED_BASE 0x40100000u

enum { CMD_NONE, CMD_REQUEST, CMD_PINGPONG };

/*
 * Request/reply: the rich side fills req, sets cmd and rings; the trusted
 * side answers in rep and rings back. Ping-pong (docs in memexpose.sh):
 * a counter protected by turn, which only the side whose turn it is
 * writes; each increments the counter, then (after a barrier) passes the
 * turn. The trusted side ends it with done on its turn; the rich side then
 * reports its increments in b_incs and sets b_final.
 */
typedef struct Shared {
    volatile uint32_t cmd;
    volatile uint32_t seconds;
    char req[64];
    char rep[64];
    volatile uint32_t rep_sum;
    volatile uint32_t turn; /* 0: trusted side's, 1: rich side's */
    volatile uint32_t counter;
    volatile uint32_t done;
    volatile uint32_t b_incs;
    volatile uint32_t b_final;
    volatile uint32_t verdict; /* 1: no lost update */
} Shared;

#define TURN_TRUSTED 0u
#define TURN_RICH 1u

static inline void dmb(void)
{
    __asm__ volatile("dmb" ::: "memory");
}

static inline void dsb(void)
{
    __asm__ volatile("dsb" ::: "memory");
}

/* The generic timer's count and frequency (ARM ARM B8.1). */
static inline uint64_t cntpct(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

static inline uint32_t cntfrq(void)
{
    return MRC(0, 14, 0, 0);
}

/* Whether @seconds passed since @start (a cntpct() value). */
static inline int mx_elapsed(uint64_t start, uint32_t seconds)
{
    return cntpct() - start >= (uint64_t)cntfrq() * seconds;
}

#define GICD 0x08000000u
#define GICC 0x08010000u

/* Doorbell bits the peer rang, gathered by the interrupt handler. */
static volatile uint32_t mx_rung;

/* The doorbell's interrupt: take its bits, acknowledge them (the line
 * drops), end the interrupt. */
static void mx_on_irq(ExcFrame *f)
{
    if (f->type != EXC_IRQ) {
        return;
    }
    uint32_t iar = REG(GICC + 0x0c);
    if ((iar & 0x3ff) == MX_IRQ_ID) {
        uint32_t bits = MX_INT_STATUS;
        MX_INT_ACK = bits;
        mx_rung |= bits;
    }
    REG(GICC + 0x10) = iar;
}

/* The GIC passes the doorbell's SPI as an IRQ (Group 0 on the Secure
 * side of a GIC with the Security Extensions, the only group without). */
static void mx_irq_init(void)
{
    exc_install();
    exc_hook = mx_on_irq;
    REG(GICD + 0x000) = 1;                       /* GICD_CTLR */
    REG(GICD + 0x100 + 4 * (MX_IRQ_ID / 32)) = 1u << (MX_IRQ_ID % 32);
    REG(GICC + 0x004) = 0xff;                    /* GICC_PMR */
    REG(GICC + 0x000) = 1;                       /* GICC_CTLR */
    __asm__ volatile("cpsie i");
}

/* Waits until the peer rings @bit: asleep in WFI with @seconds 0, else
 * polling for at most @seconds. Returns 0, or -1 if the link closed or
 * the time ran out. Interrupts are masked while the bits are tested, so
 * one that comes just before the WFI still wakes it (a pending interrupt
 * ends WFI whatever CPSR.I says, ARM ARM B1.8.12). */
static int mx_wait_doorbell(uint32_t bit, uint32_t seconds)
{
    uint64_t start = cntpct();
    int rc = 0;
    __asm__ volatile("cpsid i" ::: "memory");
    while (!(mx_rung & bit)) {
        if (!seconds) {
            __asm__ volatile("wfi");
        } else if ((MX_STATUS & MX_STATUS_CLOSED) ||
                   mx_elapsed(start, seconds)) {
            rc = -1;
            break;
        }
        __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
    }
    mx_rung &= ~bit;
    __asm__ volatile("cpsie i" ::: "memory");
    return rc;
}

#endif
