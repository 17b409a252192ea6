/*
 * The generic timer on `virt`: CNTFRQ, the physical and virtual counts
 * advancing, CTL's ISTATUS and IMASK, CVAL and TVAL, PL0 access through
 * CNTKCTL, and each timer's interrupt taken through the GIC after WFI
 * (virtual: ID 27; physical: 30, or with secure=on from Secure state the
 * Secure physical timer's 29). Only facts that do not depend on timing
 * are printed.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define GICD 0x08000000u
#define GICC 0x08010000u
#define GICD_CTLR REG(GICD + 0x000)
#define GICD_ISENABLER0 REG(GICD + 0x100)
#define GICD_ISPENDR0 REG(GICD + 0x200)
#define GICC_CTLR REG(GICC + 0x00)
#define GICC_PMR REG(GICC + 0x04)
#define GICC_IAR REG(GICC + 0x0c)
#define GICC_EOIR REG(GICC + 0x10)

#define CTL_ENABLE 1u
#define CTL_IMASK 2u

#define CNTKCTL_PL0PCTEN (1u << 0)
#define CNTKCTL_PL0VTEN (1u << 8)

static uint64_t mrrc_cntpct(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t mrrc_cntvct(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void mcrr_cntv_cval(uint64_t v)
{
    __asm__ volatile("mcrr p15, 3, %0, %1, c14\n\tisb"
                     :
                     : "r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
}

static uint64_t mrrc_cntv_cval(void)
{
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 3, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void mcrr_cntp_cval(uint64_t v)
{
    __asm__ volatile("mcrr p15, 2, %0, %1, c14\n\tisb"
                     :
                     : "r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
}

static uint64_t mrrc_cntp_cval(void)
{
    uint32_t lo, hi;
    __asm__ volatile("mrrc p15, 2, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t)hi << 32 | lo;
}

#define CNTP_TVAL_R() MRC(0, 14, 2, 0)
#define CNTP_TVAL_W(v) MCR(0, 14, 2, 0, v)
#define CNTP_CTL_R() MRC(0, 14, 2, 1)
#define CNTP_CTL_W(v) MCR(0, 14, 2, 1, v)
#define CNTV_TVAL_R() MRC(0, 14, 3, 0)
#define CNTV_TVAL_W(v) MCR(0, 14, 3, 0, v)
#define CNTV_CTL_R() MRC(0, 14, 3, 1)
#define CNTV_CTL_W(v) MCR(0, 14, 3, 1, v)

static volatile unsigned nr_taken;
static volatile uint32_t taken_id, taken_ctl;

/* Acknowledges, notes ISTATUS of the timer behind the ID, masks that
 * timer (its output is level: it would stay pending), ends it. */
static void on_irq(ExcFrame *f)
{
    if (f->type != EXC_IRQ) {
        return;
    }
    uint32_t iar = GICC_IAR;
    uint32_t id = iar & 0x3ff;
    uint32_t ctl = 0;
    if (id == 27) {
        ctl = CNTV_CTL_R();
        CNTV_CTL_W(ctl | CTL_IMASK);
    } else if (id == 29 || id == 30) {
        ctl = CNTP_CTL_R();
        CNTP_CTL_W(ctl | CTL_IMASK);
    }
    taken_id = id;
    taken_ctl = ctl;
    nr_taken++;
    GICC_EOIR = iar;
}

/* Sleeps in WFI until the interrupt was taken; IRQs are unmasked only
 * between WFIs, so one taken just before a WFI cannot be missed. */
static void wait_irq(void)
{
    __asm__ volatile("cpsid i");
    while (!nr_taken) {
        __asm__ volatile("wfi\n\tcpsie i\n\tisb\n\tcpsid i" ::: "memory");
    }
}

static void report(const char *what)
{
    printf("%s: %u taken, ID %u, ISTATUS %u\n", what, nr_taken,
           (unsigned)taken_id, (unsigned)(taken_ctl >> 2) & 1);
    nr_taken = 0;
}

static uint32_t user_cntpct(uint32_t arg)
{
    (void)arg;
    return TRY("mrrc p15, 0, r2, r3, c14", 0, 0);
}

static uint32_t user_cntv_ctl(uint32_t arg)
{
    (void)arg;
    return TRY("mrc p15, 0, r2, c14, c3, 1", 0, 0);
}

static void spin(void)
{
    for (volatile int i = 0; i < 10000; i++) {
    }
}

int main(void)
{
    exc_install();
    exc_hook = on_irq;
    printf("CNTFRQ %u\n", (unsigned)MRC(0, 14, 0, 0));
    printf("CNTP_CTL %u CNTV_CTL %u at reset\n", (unsigned)CNTP_CTL_R(),
           (unsigned)CNTV_CTL_R());

    uint64_t p0 = mrrc_cntpct(), v0 = mrrc_cntvct();
    spin();
    uint64_t p1 = mrrc_cntpct(), v1 = mrrc_cntvct();
    printf("CNTPCT advanced: %s\n", p1 > p0 ? "yes" : "no");
    printf("CNTVCT advanced: %s\n", v1 > v0 ? "yes" : "no");

    mcrr_cntv_cval(0x123456789abcull);
    mcrr_cntp_cval(0xfedcba987654ull);
    printf("CNTV_CVAL %llx CNTP_CVAL %llx\n",
           (unsigned long long)mrrc_cntv_cval(),
           (unsigned long long)mrrc_cntp_cval());

    /* Far ahead: enabled, not met; TVAL counts down. */
    CNTV_TVAL_W(0x7fffffff);
    CNTV_CTL_W(CTL_ENABLE | 0xfffffff8u);
    uint32_t t0 = CNTV_TVAL_R();
    spin();
    uint32_t t1 = CNTV_TVAL_R();
    printf("far ahead: CNTV_CTL %u, TVAL counting down: %s\n",
           (unsigned)CNTV_CTL_R(),
           t1 < t0 && (int32_t)t1 > 0 ? "yes" : "no");

    GICD_CTLR = 1;
    GICC_CTLR = 1;
    GICC_PMR = 0xff;
    GICD_ISENABLER0 = (1u << 27) | (1u << 29) | (1u << 30);

    /* In the past but masked: ISTATUS set, nothing pending. */
    mcrr_cntv_cval(1);
    CNTV_CTL_W(CTL_ENABLE | CTL_IMASK);
    printf("met and masked: CNTV_CTL %u, ID 27 pending %u\n",
           (unsigned)CNTV_CTL_R(), (unsigned)(GICD_ISPENDR0 >> 27) & 1);
    CNTV_CTL_W(0);
    printf("disabled: CNTV_CTL %u\n", (unsigned)CNTV_CTL_R());

    /* 1 ms ahead (62500 ticks at 62.5 MHz). */
    CNTV_TVAL_W(62500);
    CNTV_CTL_W(CTL_ENABLE);
    wait_irq();
    report("virtual timer");
    printf("after: CNTV_CTL %u, TVAL negative: %s\n", (unsigned)CNTV_CTL_R(),
           (int32_t)CNTV_TVAL_R() < 0 ? "yes" : "no");
    CNTV_CTL_W(0);

    CNTP_TVAL_W(62500);
    CNTP_CTL_W(CTL_ENABLE);
    wait_irq();
    report("physical timer");
    printf("after: CNTP_CTL %u, TVAL negative: %s\n", (unsigned)CNTP_CTL_R(),
           (int32_t)CNTP_TVAL_R() < 0 ? "yes" : "no");
    CNTP_CTL_W(0);

    /* PL0 reaches the counts and timers only as CNTKCTL allows. */
    MCR(0, 14, 1, 0, 0);
    exc_clear();
    run_in_mode(MODE_USR, user_cntpct, 0);
    printf("PL0 CNTPCT, CNTKCTL 0: %s\n", exc_last.count ? "UNDEFINED" : "ok");
    MCR(0, 14, 1, 0, CNTKCTL_PL0PCTEN);
    exc_clear();
    run_in_mode(MODE_USR, user_cntpct, 0);
    printf("PL0 CNTPCT, PL0PCTEN: %s\n", exc_last.count ? "UNDEFINED" : "ok");
    exc_clear();
    run_in_mode(MODE_USR, user_cntv_ctl, 0);
    printf("PL0 CNTV_CTL, PL0VTEN 0: %s\n",
           exc_last.count ? "UNDEFINED" : "ok");
    MCR(0, 14, 1, 0, CNTKCTL_PL0VTEN);
    exc_clear();
    run_in_mode(MODE_USR, user_cntv_ctl, 0);
    printf("PL0 CNTV_CTL, PL0VTEN: %s\n", exc_last.count ? "UNDEFINED" : "ok");
    exc_clear();
    return 0;
}
