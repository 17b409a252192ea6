/*
 * ARM PrimeCell real-time clock (PL031), after the PL031 TRM (ARM DDI 0224)
 * and QEMU 7.2's hw/rtc/pl031.c, whose guest-visible behaviour it keeps:
 * the counter is the machine clock's whole seconds plus an offset, RTCCR
 * always reads 1 (the clock cannot be stopped) and ignores writes, a match
 * fires RTCMR - RTCDR seconds after RTCMR or RTCLR was written (at once if
 * they are equal). Not modelled: the integration test registers, -rtc.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "pl031.h"

#define PL031_SIZE 0x1000
#define NS_PER_SECOND 1000000000ull
/* RTCIMSC/RTCRIS/RTCMIS/RTCICR: the one interrupt, bit 0 (TRM 3.3.5-8). */
#define INT_MATCH 1u

struct Pl031 {
    MemoryRegion *iomem;
    IrqLine irq;
    Pl031ClockFn clock;
    void *clock_opaque;
    FILE *log;
    unsigned log_count;
    /* The counter is the clock's seconds plus this (mod 2^32). */
    uint32_t tick_offset;
    uint32_t mr;
    uint32_t lr;
    uint32_t im;
    uint32_t is;
    /* When the armed match fires; UINT64_MAX: none armed. */
    uint64_t deadline_ns;
};

/**
 * Pl031Reg - one register of the map (TRM 3.2, table 3-1).
 * @read: NULL for a write-only register (a read is a guest error, 0).
 * @write: NULL for a read-only register (a write is a guest error).
 */
typedef struct Pl031Reg {
    const char *name;
    hwaddr addr;
    uint32_t (*read)(Pl031 *s);
    void (*write)(Pl031 *s, uint32_t value);
} Pl031Reg;

static void pl031_log(Pl031 *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void pl031_log(Pl031 *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, "guest error",
                   memory_region_name(s->iomem), fmt, ap);
    va_end(ap);
}

static uint64_t pl031_now_ns(const Pl031 *s)
{
    return s->clock ? s->clock(s->clock_opaque) : 0;
}

static uint32_t pl031_count(const Pl031 *s)
{
    return s->tick_offset + (uint32_t)(pl031_now_ns(s) / NS_PER_SECOND);
}

static void pl031_irq_update(Pl031 *s)
{
    irq_set(&s->irq, (s->is & s->im) != 0);
}

static void pl031_match(Pl031 *s)
{
    s->deadline_ns = UINT64_MAX;
    s->is = INT_MATCH;
    pl031_irq_update(s);
}

/* Arms the match for RTCMR; the subtraction wraps as the counter does. */
static void pl031_set_alarm(Pl031 *s)
{
    uint32_t ticks = s->mr - pl031_count(s);
    if (ticks == 0) {
        pl031_match(s);
    } else {
        s->deadline_ns = pl031_now_ns(s) + ticks * NS_PER_SECOND;
    }
}

static uint32_t pl031_dr_read(Pl031 *s)
{
    return pl031_count(s);
}

static uint32_t pl031_mr_read(Pl031 *s)
{
    return s->mr;
}

static void pl031_mr_write(Pl031 *s, uint32_t value)
{
    s->mr = value;
    pl031_set_alarm(s);
}

static uint32_t pl031_lr_read(Pl031 *s)
{
    return s->lr;
}

/* Loading the counter moves the offset; the match is re-armed from it. */
static void pl031_lr_write(Pl031 *s, uint32_t value)
{
    s->tick_offset += value - pl031_count(s);
    s->lr = value;
    pl031_set_alarm(s);
}

static uint32_t pl031_cr_read(Pl031 *s)
{
    (void)s;
    return 1;
}

static void pl031_cr_write(Pl031 *s, uint32_t value)
{
    /* RTCCR.RTCStart cannot be cleared once set (TRM 3.3.4): ignored. */
    (void)s, (void)value;
}

static uint32_t pl031_imsc_read(Pl031 *s)
{
    return s->im;
}

static void pl031_imsc_write(Pl031 *s, uint32_t value)
{
    s->im = value & INT_MATCH;
    pl031_irq_update(s);
}

static uint32_t pl031_ris_read(Pl031 *s)
{
    return s->is;
}

static uint32_t pl031_mis_read(Pl031 *s)
{
    return s->is & s->im;
}

static void pl031_icr_write(Pl031 *s, uint32_t value)
{
    s->is &= ~value;
    pl031_irq_update(s);
}

static const Pl031Reg pl031_regs[] = {
    { "RTCDR", 0x00, pl031_dr_read, NULL },
    { "RTCMR", 0x04, pl031_mr_read, pl031_mr_write },
    { "RTCLR", 0x08, pl031_lr_read, pl031_lr_write },
    { "RTCCR", 0x0c, pl031_cr_read, pl031_cr_write },
    { "RTCIMSC", 0x10, pl031_imsc_read, pl031_imsc_write },
    { "RTCRIS", 0x14, pl031_ris_read, NULL },
    { "RTCMIS", 0x18, pl031_mis_read, NULL },
    { "RTCICR", 0x1c, NULL, pl031_icr_write },
};

/* RTCPeriphID0-3 and RTCPCellID0-3 at 0xfe0-0xffc: part 0x031, ARM. */
#define PL031_ID_BASE 0xfe0
static const uint8_t pl031_ids[8] = { 0x31, 0x10, 0x14, 0x00,
                                      0x0d, 0xf0, 0x05, 0xb1 };

static const Pl031Reg *pl031_find(hwaddr addr)
{
    for (size_t i = 0; i < sizeof(pl031_regs) / sizeof(pl031_regs[0]); i++) {
        if (pl031_regs[i].addr == addr) {
            return &pl031_regs[i];
        }
    }
    return NULL;
}

static MemTxResult pl031_read(void *opaque, hwaddr addr, uint64_t *data,
                              unsigned size, MemTxAttrs attrs)
{
    Pl031 *s = opaque;
    (void)size, (void)attrs; /* always 4; both worlds alike */
    const Pl031Reg *r = pl031_find(addr);
    *data = 0;
    if (addr >= PL031_ID_BASE) {
        *data = pl031_ids[(addr - PL031_ID_BASE) >> 2];
    } else if (r && r->read) {
        *data = r->read(s);
    } else {
        pl031_log(s, "read of %s 0x%03x", r ? "write-only" : "bad offset",
                  (unsigned)addr);
    }
    return MEMTX_OK;
}

static MemTxResult pl031_write(void *opaque, hwaddr addr, uint64_t data,
                               unsigned size, MemTxAttrs attrs)
{
    Pl031 *s = opaque;
    (void)size, (void)attrs;
    const Pl031Reg *r = pl031_find(addr);
    if (r && r->write) {
        r->write(s, (uint32_t)data);
    } else {
        pl031_log(s, "write of 0x%x to %s 0x%03x", (unsigned)data,
                  r || addr >= PL031_ID_BASE ? "read-only" : "bad offset",
                  (unsigned)addr);
    }
    return MEMTX_OK;
}

/* APB: byte and halfword accesses reach the 32-bit registers whole. */
static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

void pl031_update(Pl031 *s)
{
    if (s->deadline_ns != UINT64_MAX && pl031_now_ns(s) >= s->deadline_ns) {
        pl031_match(s);
    }
}

uint64_t pl031_deadline_ns(const Pl031 *s)
{
    return s->deadline_ns;
}

Pl031 *pl031_new(const char *name, IrqLine irq, Pl031ClockFn clock,
                 void *clock_opaque, uint32_t base_seconds)
{
    Pl031 *s = calloc(1, sizeof(*s));
    MemError err;
    if (s) {
        s->iomem = memory_region_new_io(name, PL031_SIZE, &pl031_ops, s,
                                        &err);
    }
    if (!s || !s->iomem) {
        free(s);
        return NULL;
    }
    *s = (Pl031){ .iomem = s->iomem, .irq = irq, .clock = clock,
                  .clock_opaque = clock_opaque, .log = stderr,
                  .deadline_ns = UINT64_MAX };
    s->tick_offset = base_seconds - (uint32_t)(pl031_now_ns(s) / NS_PER_SECOND);
    return s;
}

MemoryRegion *pl031_region(Pl031 *s)
{
    return s->iomem;
}

void pl031_set_log(Pl031 *s, FILE *log)
{
    s->log = log;
}

void pl031_free(Pl031 *s)
{
    if (!s) {
        return;
    }
    memory_region_destroy(s->iomem);
    free(s);
}
