/*
 * The PL011 UART driven through an address space with explicit Secure and
 * Non-secure attributes: reset values, identity, register widths, transmit
 * to a file, the receive FIFO (flags, depth, overrun), the interrupt line,
 * byte and halfword accesses, bad offsets, and a tcp character device
 * feeding the FIFO with flow control.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../src/hw/pl011.h"
#include "testlib.h"

#define BASE 0x09000000ull
#define WAIT_MS 5000

enum {
    DR = 0x000, RSR = 0x004, FR = 0x018, ILPR = 0x020, IBRD = 0x024,
    FBRD = 0x028, LCR_H = 0x02c, CR = 0x030, IFLS = 0x034, IMSC = 0x038,
    RIS = 0x03c, MIS = 0x040, ICR = 0x044, DMACR = 0x048,
};

#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define FR_BUSY 0x08
#define LCR_H_FEN 0x10
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40
#define INT_OE 0x400

/* The receiving end of the interrupt line. */
typedef struct IrqSink {
    int level;
    int n;
    unsigned calls;
} IrqSink;

static void sink_set(void *opaque, int n, int level)
{
    IrqSink *k = opaque;
    k->level = level;
    k->n = n;
    k->calls++;
}

typedef struct Uart {
    TestSpace t;
    Pl011 *s;
    IrqSink irq;
    char *log;
    size_t log_len;
    FILE *log_file;
} Uart;

static void uart_init(Uart *u, CharDev *cd)
{
    memset(u, 0, sizeof(*u));
    testspace_init(&u->t);
    u->s = pl011_new("uart0", cd, irq_line(sink_set, &u->irq, 33));
    u->log_file = open_memstream(&u->log, &u->log_len);
    pl011_set_log(u->s, u->log_file);
    CHECK_EQ(memory_region_add_subregion(u->t.root, BASE,
                                         pl011_region(u->s), NULL), MEM_OK);
}

/* What the device logged so far. */
static const char *uart_log(Uart *u)
{
    fflush(u->log_file);
    return u->log ? u->log : "";
}

static void uart_destroy(Uart *u)
{
    pl011_free(u->s);
    testspace_destroy(&u->t);
    fclose(u->log_file);
    free(u->log);
}

static uint32_t rd_as(Uart *u, hwaddr off, MemTxAttrs a)
{
    MemTxResult r;
    uint32_t v = address_space_ldl_le(&u->t.as, BASE + off, a, &r);
    CHECK_EQ(r, MEMTX_OK);
    return v;
}

static void wr_as(Uart *u, hwaddr off, uint32_t v, MemTxAttrs a)
{
    MemTxResult r;
    address_space_stl_le(&u->t.as, BASE + off, v, a, &r);
    CHECK_EQ(r, MEMTX_OK);
}

static uint32_t rd(Uart *u, hwaddr off)
{
    return rd_as(u, off, ATTRS_NS);
}

static void wr(Uart *u, hwaddr off, uint32_t v)
{
    wr_as(u, off, v, ATTRS_NS);
}

static void rx(Uart *u, const char *s)
{
    pl011_receive(u->s, (const uint8_t *)s, (int)strlen(s));
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST(pl011_reset_values_from_both_worlds)
{
    Uart u;
    uart_init(&u, NULL);
    static const struct {
        hwaddr off;
        uint32_t value;
    } want[] = {
        { DR, 0 },      { RSR, 0 },    { FR, 0x90 },   { ILPR, 0 },
        { IBRD, 0 },    { FBRD, 0 },   { LCR_H, 0 },   { CR, 0x300 },
        { IFLS, 0x12 }, { IMSC, 0 },   { RIS, 0 },     { MIS, 0 },
        { DMACR, 0 },
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        CHECK_EQ(rd_as(&u, want[i].off, ATTRS_S), want[i].value);
        CHECK_EQ(rd_as(&u, want[i].off, ATTRS_NS), want[i].value);
    }
    CHECK_EQ(u.irq.level, 0);
    CHECK_EQ(uart_log(&u)[0], '\0');

    /* pl011_reset brings every register, the FIFO and the line back. */
    wr(&u, IBRD, 13);
    wr(&u, FBRD, 1);
    wr(&u, LCR_H, 0x70);
    wr(&u, CR, 0x301);
    wr(&u, IFLS, 0x24);
    wr(&u, IMSC, INT_TX | INT_RX);
    rx(&u, "z");
    wr(&u, DR, 'a');
    CHECK_EQ(u.irq.level, 1);
    pl011_reset(u.s);
    CHECK_EQ(u.irq.level, 0);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        CHECK_EQ(rd_as(&u, want[i].off, ATTRS_S), want[i].value);
    }
    uart_destroy(&u);
}

TEST(pl011_id_registers_read_as_qemu_pl011)
{
    Uart u;
    uart_init(&u, NULL);
    static const uint8_t id[8] = { 0x11, 0x10, 0x14, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(rd_as(&u, 0xfe0 + 4 * i, ATTRS_S), id[i]);
        CHECK_EQ(rd_as(&u, 0xfe0 + 4 * i, ATTRS_NS), id[i]);
        /* Read-only: a write changes nothing and is logged. */
        wr(&u, 0xfe0 + 4 * i, 0xff);
        CHECK_EQ(rd(&u, 0xfe0 + 4 * i), id[i]);
    }
    /* Linux's AMBA probe: PeriphID0-3 as one number, masked. */
    uint32_t periph = 0;
    for (unsigned i = 0; i < 4; i++) {
        periph |= rd(&u, 0xfe0 + 4 * i) << (8 * i);
    }
    CHECK_EQ(periph & 0x000fffff, 0x00041011);
    CHECK(strstr(uart_log(&u), "write of 0xff to read-only UARTPeriphID0") !=
          NULL);
    uart_destroy(&u);
}

TEST(pl011_registers_keep_only_their_bits)
{
    Uart u;
    uart_init(&u, NULL);
    static const struct {
        hwaddr off;
        uint32_t mask;
    } regs[] = {
        { ILPR, 0xff },  { IBRD, 0xffff }, { FBRD, 0x3f },  { LCR_H, 0xff },
        { CR, 0xff87 },  { IFLS, 0x3f },   { IMSC, 0x7ff },
    };
    for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        wr_as(&u, regs[i].off, 0xffffffff, ATTRS_S);
        CHECK_EQ(rd(&u, regs[i].off), regs[i].mask);
        wr_as(&u, regs[i].off, 0, ATTRS_NS);
        CHECK_EQ(rd(&u, regs[i].off), 0);
    }
    CHECK_EQ(uart_log(&u)[0], '\0');
    /* DMA is not modelled: enabling it keeps the bits and says so. */
    wr(&u, DMACR, 0xffffffff);
    CHECK_EQ(rd(&u, DMACR), 0x7);
    CHECK(strstr(uart_log(&u), "tzemu: unimp: uart0: DMA is not "
                               "implemented") != NULL);
    /* Read-only registers ignore writes. */
    wr(&u, IMSC, 0);
    wr(&u, FR, 0);
    wr(&u, RIS, 0x7ff);
    wr(&u, MIS, 0x7ff);
    CHECK_EQ(rd(&u, FR), 0x90);
    CHECK_EQ(rd(&u, RIS), 0);
    CHECK_EQ(rd(&u, MIS), 0);
    CHECK(strstr(uart_log(&u), "read-only UARTRIS") != NULL);
    uart_destroy(&u);
}

TEST(pl011_tx_goes_to_the_chardev_at_once)
{
    char dir[] = "/tmp/tzemu-pl011-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64], spec[80];
    snprintf(path, sizeof(path), "%s/tx.log", dir);
    snprintf(spec, sizeof(spec), "file:%s", path);
    CharDev *cd = chardev_new(spec, NULL);
    if (!CHECK(cd != NULL)) {
        return;
    }
    Uart u;
    uart_init(&u, cd);
    /* Only DR[7:0] goes out; TX is never busy nor full. */
    wr_as(&u, DR, 0xffffff48, ATTRS_S);
    CHECK_EQ(rd(&u, RIS), INT_TX);
    wr_as(&u, DR, 'i', ATTRS_NS);
    address_space_stb(&u.t.as, BASE + DR, '!', ATTRS_NS, NULL);
    address_space_stw_le(&u.t.as, BASE + DR, 0x0a0a, ATTRS_S, NULL);
    CHECK_EQ(rd(&u, FR) & (FR_TXFF | FR_BUSY | FR_TXFE), FR_TXFE);

    /* The byte is in the file before the device or chardev goes. */
    FILE *f = fopen(path, "rb");
    char got[16] = "";
    size_t n = f ? fread(got, 1, sizeof(got), f) : 0;
    if (f) {
        fclose(f);
    }
    CHECK_EQ(n, 4);
    CHECK(memcmp(got, "Hi!\n", 4) == 0);
    uart_destroy(&u);
    chardev_close(cd);
    unlink(path);
    rmdir(dir);
}

TEST(pl011_rx_fifo_flags_depth_and_overrun)
{
    Uart u;
    uart_init(&u, NULL);
    /* FIFOs off: a one-character holding register. */
    CHECK_EQ(pl011_can_receive(u.s), 1);
    rx(&u, "a");
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    CHECK_EQ(pl011_can_receive(u.s), 0);
    CHECK_EQ(rd(&u, DR), 'a');
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
    CHECK_EQ(pl011_can_receive(u.s), 1);

    /* FIFOs on: 16 entries, in order. */
    wr(&u, LCR_H, LCR_H_FEN | 0x60);
    CHECK_EQ(pl011_can_receive(u.s), PL011_FIFO_DEPTH);
    rx(&u, "0123456789abcde");
    CHECK_EQ(pl011_can_receive(u.s), 1);
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), 0);
    rx(&u, "f");
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    CHECK_EQ(pl011_can_receive(u.s), 0);
    CHECK_EQ(rd(&u, RSR), 0);

    /* One more: lost, and reported as an overrun at once. */
    rx(&u, "X");
    CHECK_EQ(rd(&u, RSR), 0x8);
    CHECK_EQ(rd(&u, RIS) & INT_OE, INT_OE);
    const char *want = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        CHECK_EQ(rd_as(&u, DR, i & 1 ? ATTRS_S : ATTRS_NS), want[i]);
    }
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
    /* The next character stored carries DR.OE; RSR.OE holds till ECR. */
    rx(&u, "g");
    CHECK_EQ(rd(&u, DR), 0x800 | 'g');
    rx(&u, "h");
    CHECK_EQ(rd(&u, DR), 'h');
    CHECK_EQ(rd(&u, RSR), 0x8);
    wr(&u, RSR, 0); /* UARTECR: any write clears */
    CHECK_EQ(rd(&u, RSR), 0);
    /* An empty FIFO reads as 0. */
    CHECK_EQ(rd(&u, DR), 0);

    /* Switching the FIFOs off (or on) empties them. */
    rx(&u, "xyz");
    CHECK_EQ(rd(&u, RIS) & INT_RX, INT_RX);
    wr(&u, LCR_H, 0x60);
    CHECK_EQ(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
    CHECK_EQ(rd(&u, RIS) & INT_RX, 0);
    CHECK_EQ(pl011_can_receive(u.s), 1);
    uart_destroy(&u);
}

TEST(pl011_irq_line_is_ris_and_imsc)
{
    Uart u;
    uart_init(&u, NULL);
    CHECK_EQ(u.irq.level, 0);
    CHECK_EQ(u.irq.n, 33);
    wr(&u, LCR_H, LCR_H_FEN);

    /* RX: raised in RIS at the first character, masked until IMSC. */
    rx(&u, "x");
    CHECK_EQ(rd(&u, RIS), INT_RX);
    CHECK_EQ(rd(&u, MIS), 0);
    CHECK_EQ(u.irq.level, 0);
    wr(&u, IMSC, INT_RX);
    CHECK_EQ(rd(&u, MIS), INT_RX);
    CHECK_EQ(u.irq.level, 1);
    /* Reading the character drops it. */
    CHECK_EQ(rd(&u, DR), 'x');
    CHECK_EQ(rd(&u, RIS), 0);
    CHECK_EQ(u.irq.level, 0);

    /* TX: every DR write raises it; ICR clears only what it names. */
    rx(&u, "y");
    wr(&u, DR, 'o');
    CHECK_EQ(rd(&u, RIS), INT_RX | INT_TX);
    wr(&u, IMSC, INT_TX);
    CHECK_EQ(u.irq.level, 1);
    CHECK_EQ(rd(&u, MIS), INT_TX);
    wr_as(&u, ICR, INT_RX, ATTRS_S);
    CHECK_EQ(rd(&u, RIS), INT_TX);
    CHECK_EQ(u.irq.level, 1);
    wr_as(&u, ICR, INT_TX, ATTRS_NS);
    CHECK_EQ(rd(&u, RIS), 0);
    CHECK_EQ(u.irq.level, 0);
    /* A character already queued does not raise RX again (QEMU). */
    rx(&u, "z");
    CHECK_EQ(rd(&u, RIS), 0);

    /* Masking keeps RIS, drops the line; unmasking brings it back. */
    wr(&u, DR, 'p');
    CHECK_EQ(u.irq.level, 1);
    wr(&u, IMSC, 0);
    CHECK_EQ(u.irq.level, 0);
    CHECK_EQ(rd(&u, RIS), INT_TX);
    wr(&u, IMSC, INT_TX | INT_RT);
    CHECK_EQ(u.irq.level, 1);
    wr(&u, ICR, 0x7ff);
    CHECK_EQ(u.irq.level, 0);
    /* RT is never raised: no receive timeout is modelled (as QEMU). */
    rx(&u, "w");
    CHECK_EQ(rd(&u, RIS) & INT_RT, 0);
    CHECK_EQ(u.irq.level, 0);

    /* ICR is write-only: a read answers 0 and is a guest error. */
    CHECK_EQ(rd(&u, ICR), 0);
    CHECK(strstr(uart_log(&u), "tzemu: guest error: uart0: read of "
                               "write-only UARTICR") != NULL);
    /* An overrun raises OE: FIFOs off, one held, one more. */
    wr(&u, LCR_H, 0);
    wr(&u, IMSC, INT_OE);
    rx(&u, "1");
    CHECK_EQ(u.irq.level, 0);
    rx(&u, "!");
    CHECK_EQ(u.irq.level, 1);
    CHECK_EQ(rd(&u, MIS), INT_OE);
    uart_destroy(&u);
}

TEST(pl011_byte_and_halfword_accesses)
{
    Uart u;
    uart_init(&u, NULL);
    wr(&u, LCR_H, LCR_H_FEN);
    rx(&u, "ab");
    MemTxResult r;
    /* A byte read of DR pops one character. */
    CHECK_EQ(address_space_ldub(&u.t.as, BASE + DR, ATTRS_NS, &r), 'a');
    CHECK_EQ(r, MEMTX_OK);
    CHECK_EQ(address_space_lduw_le(&u.t.as, BASE + DR, ATTRS_S, &r), 'b');
    CHECK_EQ(r, MEMTX_OK);
    CHECK_EQ(address_space_lduw_le(&u.t.as, BASE + FR, ATTRS_NS, &r), 0x90);
    /* A byte of a wider register. */
    wr(&u, IBRD, 0x1234);
    CHECK_EQ(address_space_ldub(&u.t.as, BASE + IBRD + 1, ATTRS_NS, &r),
             0x12);
    CHECK_EQ(r, MEMTX_OK);
    /* A halfword write reaches the register whole (other bytes zero). */
    address_space_stw_le(&u.t.as, BASE + IBRD, 0x0042, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
    CHECK_EQ(rd(&u, IBRD), 0x42);
    /* What APB cannot take: 64-bit and unaligned accesses. */
    address_space_ldq_le(&u.t.as, BASE + IBRD, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_lduw_le(&u.t.as, BASE + IBRD + 1, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stl_le(&u.t.as, BASE + IBRD + 2, 0, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK_EQ(rd(&u, IBRD), 0x42);
    uart_destroy(&u);
}

TEST(pl011_bad_offsets_read_zero_ignore_writes_and_log_a_few)
{
    Uart u;
    uart_init(&u, NULL);
    /* Reserved, integration test registers, the gap before the IDs. */
    static const hwaddr bad[] = { 0x008, 0x014, 0x01c, 0x04c, 0x080, 0x800,
                                  0xfdc };
    wr(&u, ILPR, 0x5a);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_EQ(rd_as(&u, bad[i], ATTRS_S), 0);
        wr_as(&u, bad[i], 0xffffffff, ATTRS_NS);
    }
    /* Nothing else changed. */
    CHECK_EQ(rd(&u, ILPR), 0x5a);
    CHECK_EQ(rd(&u, IMSC), 0);
    CHECK_EQ(rd(&u, LCR_H), 0);
    CHECK_EQ(rd(&u, CR), 0x300);
    const char *log = uart_log(&u);
    CHECK(strstr(log, "tzemu: guest error: uart0: read of bad offset "
                      "0x008\n") != NULL);
    CHECK(strstr(log, "tzemu: guest error: uart0: write of 0xffffffff to "
                      "bad offset 0x01c\n") != NULL);
    CHECK_EQ(count_lines(log), 2 * sizeof(bad) / sizeof(bad[0]));
    /* A guest that keeps at it gets PL011_LOG_LIMIT lines and one more. */
    for (int i = 0; i < 100; i++) {
        rd(&u, 0x04c);
    }
    log = uart_log(&u);
    CHECK_EQ(count_lines(log), PL011_LOG_LIMIT + 1);
    CHECK(strstr(log, "uart0: further messages suppressed\n") != NULL);
    uart_destroy(&u);
}

static int tcp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Polls until the FIFO holds @want characters or WAIT_MS pass. */
static bool poll_fifo(Uart *u, CharDev *cd, int room_left)
{
    long end = now_ms() + WAIT_MS;
    while (pl011_can_receive(u->s) > room_left && now_ms() < end) {
        if (chardev_poll(cd) == 0) {
            usleep(1000);
        }
    }
    return pl011_can_receive(u->s) == room_left;
}

GUARDED_TEST(pl011_fed_by_a_tcp_chardev_with_flow_control)
{
    CharDev *cd = chardev_new("tcp:127.0.0.1:0,server,nowait", NULL);
    if (!CHECK(cd != NULL)) {
        return;
    }
    Uart u;
    uart_init(&u, cd);
    wr(&u, LCR_H, LCR_H_FEN | 0x60);
    wr(&u, IMSC, INT_RX);
    int c = tcp_connect(chardev_local_port(cd));
    CHECK(c >= 0);
    long end = now_ms() + WAIT_MS;
    while (!chardev_connected(cd) && now_ms() < end) {
        chardev_poll(cd);
        usleep(1000);
    }
    CHECK(chardev_connected(cd));

    /* 20 characters: 16 fit, the rest wait in the host, no overrun. */
    const char *msg = "ABCDEFGHIJKLMNOPQRST";
    CHECK_EQ(write(c, msg, 20), 20);
    CHECK(poll_fifo(&u, cd, 0));
    usleep(20000);
    CHECK_EQ(chardev_poll(cd), 0);
    CHECK_EQ(rd(&u, FR) & FR_RXFF, FR_RXFF);
    CHECK_EQ(u.irq.level, 1);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(rd(&u, DR), msg[i]);
    }
    CHECK(poll_fifo(&u, cd, 0));
    for (int i = 4; i < 20; i++) {
        CHECK_EQ(rd(&u, DR), msg[i]);
    }
    CHECK_EQ(rd(&u, RSR), 0);
    CHECK_EQ(rd(&u, RIS) & INT_OE, 0);
    CHECK_EQ(u.irq.level, 0);

    /* Transmit reaches the client. */
    wr(&u, DR, 'o');
    wr(&u, DR, 'k');
    char buf[2] = "";
    size_t got = 0;
    end = now_ms() + WAIT_MS;
    while (got < 2 && now_ms() < end) {
        ssize_t n = recv(c, buf + got, 2 - got, MSG_DONTWAIT);
        if (n > 0) {
            got += (size_t)n;
        } else {
            usleep(1000);
        }
    }
    CHECK_EQ(got, 2);
    CHECK(memcmp(buf, "ok", 2) == 0);

    /* Once freed, the device is off the bus and off the chardev. */
    pl011_free(u.s);
    u.s = NULL;
    MemTxResult r;
    address_space_ldl_le(&u.t.as, BASE + FR, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    CHECK_EQ(write(c, "late", 4), 4);
    usleep(20000);
    CHECK_EQ(chardev_poll(cd), 0);
    uart_destroy(&u);
    close(c);
    chardev_close(cd);
}

TEST(irq_line_is_null_safe_and_passes_its_number)
{
    IrqSink k = { .level = -1 };
    IrqLine line = irq_line(sink_set, &k, 5);
    irq_raise(&line);
    CHECK_EQ(k.level, 1);
    CHECK_EQ(k.n, 5);
    irq_lower(&line);
    CHECK_EQ(k.level, 0);
    irq_set(&line, 3);
    CHECK_EQ(k.level, 3);
    CHECK_EQ(k.calls, 3);
    IrqLine none = IRQ_LINE_NONE;
    irq_raise(&none);
    irq_set(NULL, 1);
    irq_lower(NULL);
    CHECK_EQ(k.calls, 3);
    /* A PL011 on an unconnected line still works. */
    Pl011 *s = pl011_new("lonely", NULL, IRQ_LINE_NONE);
    CHECK(s != NULL);
    pl011_receive(s, (const uint8_t *)"q", 1);
    CHECK_EQ(pl011_can_receive(s), 0);
    pl011_free(s);
    pl011_free(NULL);
}
