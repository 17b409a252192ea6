/*
 * The GICv2 of `virt` as the CPU sees it: identification, an SGI sent to
 * this CPU and taken as an IRQ, priority masking by GICC_PMR (the pending
 * interrupt shows in HPPIR and in the CPU's ISR), and the UART's SPI
 * (interrupt 33) raised by its transmit interrupt and cleared through the
 * UART before the end of interrupt.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define GICD 0x08000000u
#define GICC 0x08010000u
#define UART 0x09000000u
#define GICD_CTLR REG(GICD + 0x000)
#define GICD_TYPER REG(GICD + 0x004)
#define GICD_ISENABLER(n) REG(GICD + 0x100 + 4 * (n))
#define GICD_IPRIORITYR(n) REG(GICD + 0x400 + 4 * (n))
#define GICD_SGIR REG(GICD + 0xf00)
#define GICC_CTLR REG(GICC + 0x00)
#define GICC_PMR REG(GICC + 0x04)
#define GICC_IAR REG(GICC + 0x0c)
#define GICC_EOIR REG(GICC + 0x10)
#define GICC_HPPIR REG(GICC + 0x18)
#define UART_DR REG(UART + 0x000)
#define UART_IMSC REG(UART + 0x038)
#define UART_ICR REG(UART + 0x044)
#define UART_TXI (1u << 5)

static volatile uint32_t acked[8];
static volatile unsigned nr_acked;

/* Acknowledges, quiets the source if it is the UART, ends the interrupt. */
static void on_irq(ExcFrame *f)
{
    if (f->type != EXC_IRQ) {
        return;
    }
    uint32_t iar = GICC_IAR;
    if (nr_acked < 8) {
        acked[nr_acked++] = iar;
    }
    if ((iar & 0x3ff) == 33) {
        UART_ICR = UART_TXI;
    }
    GICC_EOIR = iar;
}

static void settle(void)
{
    for (volatile int i = 0; i < 100; i++) {
    }
}

static void show(const char *what)
{
    printf("%s: %u taken", what, nr_acked);
    for (unsigned i = 0; i < nr_acked; i++) {
        printf(" %03x", (unsigned)acked[i]);
    }
    printf("\n");
    nr_acked = 0;
}

int main(void)
{
    exc_install();
    exc_hook = on_irq;
    printf("GICD_TYPER %08x\n", (unsigned)GICD_TYPER);
    printf("GICC_IAR with nothing pending %03x\n",
           (unsigned)(GICC_IAR & 0x3ff));
    GICD_CTLR = 1;
    GICC_CTLR = 1;
    GICC_PMR = 0xff;
    __asm__ volatile("cpsie i");

    GICD_SGIR = (2u << 24) | 5;
    settle();
    show("SGI 5 to self");

    GICC_PMR = 0x00;
    GICD_SGIR = (2u << 24) | 7;
    settle();
    uint32_t isr;
    __asm__ volatile("mrc p15, 0, %0, c12, c1, 0" : "=r"(isr));
    printf("masked by PMR: %u taken, HPPIR %03x, ISR.I %u\n", nr_acked,
           (unsigned)(GICC_HPPIR & 0x3ff), (unsigned)(isr >> 7) & 1);
    GICC_PMR = 0xff;
    settle();
    show("PMR opened");

    GICD_IPRIORITYR(8) = 0x80;
    GICD_ISENABLER(1) = 1u << 1;
    UART_IMSC = UART_TXI;
    UART_DR = '*';
    settle();
    printf("\n");
    show("UART transmit interrupt");
    UART_IMSC = 0;
    __asm__ volatile("cpsid i");
    return 0;
}
