/*
 * ARM PrimeCell UART (PL011), after the PL011 TRM (ARM DDI 0183) and QEMU
 * 7.2's hw/char/pl011.c, whose guest-visible behaviour it keeps: transmit is
 * instantaneous (TXFE always set, TX interrupt raised by every UARTDR
 * write), the RX interrupt fires at one character whatever UARTIFLS says,
 * UARTEN/TXE/RXE are not enforced, the ID registers read as QEMU's "pl011".
 * Not modelled: baud timing, the receive timeout (RT is maskable and
 * clearable but never raised, as in QEMU), modem lines, break, loopback
 * (CR.LBE), IrDA, DMA, the integration test registers.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "pl011.h"

#define PL011_SIZE 0x1000

/* UARTDR read: error bits above the data (TRM 3.3.1). */
#define DR_OE (1u << 11)
/* UARTRSR */
#define RSR_OE (1u << 3)
/* UARTFR */
#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
/* UARTLCR_H */
#define LCR_H_FEN (1u << 4)
/* UARTRIS/MIS/IMSC/ICR */
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_OE (1u << 10)
#define INT_ALL 0x7ffu
/* UARTDMACR: RXDMAE, TXDMAE */
#define DMACR_ENABLES 0x3u

/*
 * The RX interrupt asserts when this many characters are queued. The TRM
 * takes the level from UARTIFLS.RXIFLSEL; QEMU uses 1 because Linux only
 * drains the FIFO on an interrupt and there is no receive timeout to catch
 * a tail below the level. So do we.
 */
#define PL011_RX_TRIGGER 1

/* Storage slots; S_NONE (0, the default) registers have no storage. */
enum {
    S_NONE = 0,
    S_RSR,
    S_ILPR,
    S_IBRD,
    S_FBRD,
    S_LCR_H,
    S_CR,
    S_IFLS,
    S_IMSC,
    S_RIS,
    S_DMACR,
    S_COUNT,
};

struct Pl011 {
    char *name;
    MemoryRegion *iomem;
    CharDev *chr;
    IrqLine irq;
    FILE *log;
    unsigned log_count;
    uint32_t regs[S_COUNT];
    /* Receive FIFO: 8 data bits and 4 error bits per entry. */
    uint16_t rx_fifo[PL011_FIFO_DEPTH];
    unsigned rx_pos;
    unsigned rx_count;
    /* An overrun not yet reported through UARTDR.OE. */
    bool rx_overrun;
};

/**
 * RegInfo - one register of the map.
 * @ro:    bits a write leaves alone (~0: a read-only register).
 * @w1c:   bits a written 1 clears in @storage (and nothing else changes).
 * @wo:    write-only: a read is a guest error and answers 0.
 * @storage: where the value lives; S_NONE: reads give @reset.
 * @read/@write: replace the plain storage access.
 * @post_write: a side effect after the store, given the old value.
 */
typedef struct RegInfo {
    const char *name;
    hwaddr addr;
    uint32_t reset;
    uint32_t ro;
    uint32_t w1c;
    bool wo;
    int storage;
    uint32_t (*read)(Pl011 *s);
    void (*write)(Pl011 *s, uint32_t value);
    void (*post_write)(Pl011 *s, uint32_t old);
} RegInfo;

/* ------------------------------------------------------------- helpers */

static void pl011_log(Pl011 *s, const char *category, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void pl011_log(Pl011 *s, const char *category, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, category, s->name, fmt, ap);
    va_end(ap);
}

static void pl011_update(Pl011 *s)
{
    irq_set(&s->irq, (s->regs[S_RIS] & s->regs[S_IMSC]) != 0);
}

static unsigned pl011_fifo_depth(const Pl011 *s)
{
    return (s->regs[S_LCR_H] & LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

static void pl011_flush_rx(Pl011 *s)
{
    s->rx_pos = 0;
    s->rx_count = 0;
    s->rx_overrun = false;
    /* The RX status follows the FIFO level, which is now zero. */
    s->regs[S_RIS] &= ~INT_RX;
}

static void pl011_put_fifo(Pl011 *s, uint8_t ch)
{
    unsigned depth = pl011_fifo_depth(s);
    if (s->rx_count >= depth) {
        /*
         * TRM 2.4.3: the character in the shift register is lost, the FIFO
         * keeps its contents; OE shows at once in RSR and RIS, and in DR
         * with the next character that finds room.
         */
        s->rx_overrun = true;
        s->regs[S_RSR] |= RSR_OE;
        s->regs[S_RIS] |= INT_OE;
        pl011_update(s);
        return;
    }
    unsigned slot = (s->rx_pos + s->rx_count) & (depth - 1);
    s->rx_fifo[slot] = ch | (s->rx_overrun ? DR_OE : 0);
    s->rx_overrun = false;
    s->rx_count++;
    if (s->rx_count == PL011_RX_TRIGGER) {
        s->regs[S_RIS] |= INT_RX;
    }
    pl011_update(s);
}

/* ------------------------------------------------------- register hooks */

static uint32_t pl011_dr_read(Pl011 *s)
{
    /* The TRM does not define a read of an empty FIFO: answer 0. */
    uint32_t v = 0;
    if (s->rx_count > 0) {
        v = s->rx_fifo[s->rx_pos];
        s->rx_pos = (s->rx_pos + 1) & (pl011_fifo_depth(s) - 1);
        s->rx_count--;
    }
    /* RSR holds the error bits of the character read; OE stays till ECR. */
    s->regs[S_RSR] = (s->regs[S_RSR] & RSR_OE) | ((v >> 8) & 0xf);
    if (s->rx_count < PL011_RX_TRIGGER) {
        s->regs[S_RIS] &= ~INT_RX;
    }
    pl011_update(s);
    return v;
}

static void pl011_dr_write(Pl011 *s, uint32_t value)
{
    uint8_t ch = (uint8_t)value;
    if (s->chr) {
        chardev_write(s->chr, &ch, 1);
    }
    s->regs[S_RIS] |= INT_TX;
    pl011_update(s);
}

static void pl011_ecr_write(Pl011 *s, uint32_t value)
{
    (void)value; /* any write clears every error bit */
    s->regs[S_RSR] = 0;
}

static uint32_t pl011_fr_read(Pl011 *s)
{
    uint32_t fr = FR_TXFE; /* TX is instantaneous: never busy, never full */
    if (s->rx_count == 0) {
        fr |= FR_RXFE;
    }
    if (s->rx_count == pl011_fifo_depth(s)) {
        fr |= FR_RXFF;
    }
    return fr;
}

static uint32_t pl011_mis_read(Pl011 *s)
{
    return s->regs[S_RIS] & s->regs[S_IMSC];
}

static void pl011_lcr_h_post_write(Pl011 *s, uint32_t old)
{
    /* As QEMU: switching the FIFOs on or off empties them. */
    if ((old ^ s->regs[S_LCR_H]) & LCR_H_FEN) {
        pl011_flush_rx(s);
        pl011_update(s);
    }
}

static void pl011_irq_post_write(Pl011 *s, uint32_t old)
{
    (void)old;
    pl011_update(s);
}

static void pl011_dmacr_post_write(Pl011 *s, uint32_t old)
{
    (void)old;
    if (s->regs[S_DMACR] & DMACR_ENABLES) {
        pl011_log(s, "unimp", "DMA is not implemented (UARTDMACR 0x%x)",
                  s->regs[S_DMACR]);
    }
}

/* ---------------------------------------------------------- register map */

static const RegInfo pl011_regs[] = {
    { .name = "UARTDR", .addr = 0x000,
      .read = pl011_dr_read, .write = pl011_dr_write },
    { .name = "UARTRSR/ECR", .addr = 0x004, .storage = S_RSR, .ro = ~0u,
      .write = pl011_ecr_write },
    { .name = "UARTFR", .addr = 0x018, .reset = 0x90, .ro = ~0u,
      .read = pl011_fr_read },
    { .name = "UARTILPR", .addr = 0x020, .storage = S_ILPR, .ro = ~0xffu },
    { .name = "UARTIBRD", .addr = 0x024, .storage = S_IBRD, .ro = ~0xffffu },
    { .name = "UARTFBRD", .addr = 0x028, .storage = S_FBRD, .ro = ~0x3fu },
    { .name = "UARTLCR_H", .addr = 0x02c, .storage = S_LCR_H, .ro = ~0xffu,
      .post_write = pl011_lcr_h_post_write },
    /* CR[6:3] are reserved, read as zero. */
    { .name = "UARTCR", .addr = 0x030, .storage = S_CR, .reset = 0x0300,
      .ro = ~0xff87u },
    { .name = "UARTIFLS", .addr = 0x034, .storage = S_IFLS, .reset = 0x12,
      .ro = ~0x3fu },
    { .name = "UARTIMSC", .addr = 0x038, .storage = S_IMSC, .ro = ~INT_ALL,
      .post_write = pl011_irq_post_write },
    { .name = "UARTRIS", .addr = 0x03c, .storage = S_RIS, .ro = ~0u },
    { .name = "UARTMIS", .addr = 0x040, .ro = ~0u, .read = pl011_mis_read },
    { .name = "UARTICR", .addr = 0x044, .storage = S_RIS, .wo = true,
      .w1c = INT_ALL, .post_write = pl011_irq_post_write },
    { .name = "UARTDMACR", .addr = 0x048, .storage = S_DMACR, .ro = ~0x7u,
      .post_write = pl011_dmacr_post_write },
    /* QEMU's "pl011" identity: part 0x011, designer 0x41 (ARM), rev 1. */
    { .name = "UARTPeriphID0", .addr = 0xfe0, .reset = 0x11, .ro = ~0u },
    { .name = "UARTPeriphID1", .addr = 0xfe4, .reset = 0x10, .ro = ~0u },
    { .name = "UARTPeriphID2", .addr = 0xfe8, .reset = 0x14, .ro = ~0u },
    { .name = "UARTPeriphID3", .addr = 0xfec, .reset = 0x00, .ro = ~0u },
    { .name = "UARTPCellID0", .addr = 0xff0, .reset = 0x0d, .ro = ~0u },
    { .name = "UARTPCellID1", .addr = 0xff4, .reset = 0xf0, .ro = ~0u },
    { .name = "UARTPCellID2", .addr = 0xff8, .reset = 0x05, .ro = ~0u },
    { .name = "UARTPCellID3", .addr = 0xffc, .reset = 0xb1, .ro = ~0u },
};

#define PL011_NR_REGS (sizeof(pl011_regs) / sizeof(pl011_regs[0]))

static const RegInfo *pl011_find(hwaddr addr)
{
    for (size_t i = 0; i < PL011_NR_REGS; i++) {
        if (pl011_regs[i].addr == addr) {
            return &pl011_regs[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ bus side */

static MemTxResult pl011_read(void *opaque, hwaddr addr, uint64_t *data,
                              unsigned size, MemTxAttrs attrs)
{
    Pl011 *s = opaque;
    (void)size; /* always 4: impl.min = impl.max = 4 */
    (void)attrs; /* the PL011 answers both worlds alike */
    const RegInfo *r = pl011_find(addr);
    uint32_t v = 0;
    if (!r) {
        pl011_log(s, "guest error", "read of bad offset 0x%03x",
                  (unsigned)addr);
    } else if (r->wo) {
        pl011_log(s, "guest error", "read of write-only %s", r->name);
    } else if (r->read) {
        v = r->read(s);
    } else if (r->storage != S_NONE) {
        v = s->regs[r->storage];
    } else {
        v = r->reset;
    }
    *data = v;
    return MEMTX_OK;
}

static MemTxResult pl011_write(void *opaque, hwaddr addr, uint64_t data,
                               unsigned size, MemTxAttrs attrs)
{
    Pl011 *s = opaque;
    (void)size;
    (void)attrs;
    uint32_t v = (uint32_t)data;
    const RegInfo *r = pl011_find(addr);
    if (!r) {
        pl011_log(s, "guest error", "write of 0x%x to bad offset 0x%03x", v,
                  (unsigned)addr);
        return MEMTX_OK;
    }
    if (r->write) {
        r->write(s, v);
        return MEMTX_OK;
    }
    uint32_t *slot = r->storage != S_NONE ? &s->regs[r->storage] : NULL;
    if (!slot || (r->ro == ~0u && !r->w1c)) {
        pl011_log(s, "guest error", "write of 0x%x to read-only %s", v,
                  r->name);
        return MEMTX_OK;
    }
    uint32_t old = *slot;
    if (r->w1c) {
        *slot = old & ~(v & r->w1c);
    } else {
        *slot = (old & r->ro) | (v & ~r->ro);
    }
    if (r->post_write) {
        r->post_write(s, old);
    }
    return MEMTX_OK;
}

/* APB: byte and halfword accesses reach the 32-bit registers whole. */
static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ------------------------------------------------------- frontend side */

int pl011_can_receive(void *opaque)
{
    Pl011 *s = opaque;
    return (int)(pl011_fifo_depth(s) - s->rx_count);
}

void pl011_receive(void *opaque, const uint8_t *buf, int len)
{
    Pl011 *s = opaque;
    for (int i = 0; i < len; i++) {
        pl011_put_fifo(s, buf[i]);
    }
}

/* ------------------------------------------------------------ lifetime */

void pl011_reset(Pl011 *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    for (size_t i = 0; i < PL011_NR_REGS; i++) {
        const RegInfo *r = &pl011_regs[i];
        /* UARTICR shares RIS's slot; RIS's own row gives the reset. */
        if (r->storage != S_NONE && !r->wo) {
            s->regs[r->storage] = r->reset;
        }
    }
    memset(s->rx_fifo, 0, sizeof(s->rx_fifo));
    pl011_flush_rx(s);
    pl011_update(s);
}

Pl011 *pl011_new(const char *name, CharDev *cd, IrqLine irq)
{
    Pl011 *s = calloc(1, sizeof(*s));
    if (!s) {
        return NULL;
    }
    s->name = strdup(name);
    if (!s->name) {
        free(s);
        return NULL;
    }
    s->chr = cd;
    s->irq = irq;
    s->log = stderr;
    MemError err;
    s->iomem = memory_region_new_io(name, PL011_SIZE, &pl011_ops, s, &err);
    /* The ops and size are constants: a failure is a bug here. */
    assert(s->iomem != NULL && "pl011: region creation failed");
    pl011_reset(s);
    if (cd) {
        chardev_set_handlers(cd, pl011_can_receive, pl011_receive, s);
    }
    return s;
}

MemoryRegion *pl011_region(Pl011 *s)
{
    return s->iomem;
}

void pl011_set_log(Pl011 *s, FILE *log)
{
    s->log = log;
}

void pl011_free(Pl011 *s)
{
    if (!s) {
        return;
    }
    if (s->chr) {
        chardev_set_handlers(s->chr, NULL, NULL, NULL);
    }
    memory_region_destroy(s->iomem);
    free(s->name);
    free(s);
}
