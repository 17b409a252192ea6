/*
 * The GICv2 with the Security Extensions (ARM IHI 0048B) as Secure firmware
 * leaves it for a Non-secure OS: every interrupt Group 1 (the OS's) except
 * the MPC's SPI and tzmon's wake-up SGI, which stay Group 0, at the top
 * priority, signalled as FIQ (GICC_CTLR.FIQEn) and so taken to Monitor
 * mode (SCR.FIQ). PMR 0xff lets the Non-secure side set its own mask in
 * the lower half (4.3.2, 4.4.2).
 */
#include "tzmon.h"

#define GICD_CTLR 0x000u
#define GICD_TYPER 0x004u
#define GICD_IGROUPR 0x080u
#define GICD_ISENABLER 0x100u
#define GICD_IPRIORITYR 0x400u
#define GICD_ITARGETSR 0x800u
#define GICD_SGIR 0xf00u
#define GICC_CTLR 0x000u
#define GICC_PMR 0x004u
#define GICC_IAR 0x00cu
#define GICC_EOIR 0x010u
/* The Secure GICD_CTLR and GICC_CTLR (4.3.1, 4.4.1). */
#define CTLR_ENABLE_GRP0 (1u << 0)
#define CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_FIQ_EN (1u << 3)
#define PRIO_SECURE 0x00u

static void set_byte(uint32_t reg_base, unsigned id, uint8_t value)
{
    *(volatile uint8_t *)(GICD_BASE + reg_base + id) = value;
}

/* GICD_TYPER.ITLinesNumber: 32 * (N + 1) interrupt IDs. */
static unsigned gic_lines(void)
{
    return 32u * ((mmio_read(GICD_BASE + GICD_TYPER) & 0x1fu) + 1u);
}

unsigned gic_cpu_count(void)
{
    return ((mmio_read(GICD_BASE + GICD_TYPER) >> 5) & 7u) + 1u;
}

void gic_dist_init(bool mpc)
{
    mmio_write(GICD_BASE + GICD_CTLR, 0);
    for (unsigned id = 32; id < gic_lines(); id += 32) {
        mmio_write(GICD_BASE + GICD_IGROUPR + id / 8, ~0u);
    }
    if (mpc) {
        uint32_t reg = GICD_BASE + GICD_IGROUPR + MPC_IRQ_ID / 32 * 4;
        mmio_write(reg, mmio_read(reg) & ~(1u << MPC_IRQ_ID % 32));
        set_byte(GICD_IPRIORITYR, MPC_IRQ_ID, PRIO_SECURE);
        set_byte(GICD_ITARGETSR, MPC_IRQ_ID, 1u << 0);
        mmio_write(GICD_BASE + GICD_ISENABLER + MPC_IRQ_ID / 32 * 4,
                   1u << MPC_IRQ_ID % 32);
    }
    mmio_write(GICD_BASE + GICD_CTLR, CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
}

/* The banked part: this CPU's SGIs and PPIs and its CPU interface. */
void gic_cpu_init(void)
{
    mmio_write(GICD_BASE + GICD_IGROUPR, ~(1u << SGI_WAKE));
    set_byte(GICD_IPRIORITYR, SGI_WAKE, PRIO_SECURE);
    mmio_write(GICC_BASE + GICC_PMR, 0xff);
    mmio_write(GICC_BASE + GICC_CTLR,
               CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1 | GICC_FIQ_EN);
}

/* GICD_SGIR: TargetListFilter 0 (the list), NSATT 0 (Group 0). */
void gic_wake(unsigned cpu)
{
    mmio_write(GICD_BASE + GICD_SGIR, (1u << (16 + cpu)) | SGI_WAKE);
}

uint32_t gic_ack(void)
{
    return mmio_read(GICC_BASE + GICC_IAR);
}

void gic_eoi(uint32_t iar)
{
    mmio_write(GICC_BASE + GICC_EOIR, iar);
}
