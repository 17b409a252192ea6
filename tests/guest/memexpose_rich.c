/*
 * The rich side of the memexpose system test (tests/system/memexpose.sh;
 * memexpose_guest.h has the layout), a Non-secure-only machine. Through
 * its window onto the trusted side it: sends a request and prints the
 * reply; reads and writes the trusted side's UART and RTC (forwarded
 * MMIO); is refused, as a data abort, the trusted side's Secure-only
 * RAM and UART; plays the ping-pong for argv[1] seconds (default 2); and
 * then keeps reading until the trusted side is gone.
 */
// run-by: tests/system/memexpose.sh
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memexpose_guest.h"

#define PEER_SHARED ((Shared *)MX_PEER(SHARED_BASE))
/* How long to wait for the trusted side at each step. */
#define STEP_SECONDS 20

static Shared *const sh = PEER_SHARED;

static int fail(const char *what)
{
    printf("rich: %s (STATUS %x)\n", what, (unsigned)MX_STATUS);
    return 1;
}

static int request_reply(void)
{
    strcpy(sh->req, "hello from the rich world");
    sh->cmd = CMD_REQUEST;
    /* The request is in the trusted side's RAM before its interrupt. */
    dsb();
    MX_DOORBELL = 1;
    if (mx_wait_doorbell(1, STEP_SECONDS) < 0) {
        return fail("no reply");
    }
    dmb();
    printf("rich: reply '%s', checksum %08x\n", sh->rep,
           (unsigned)sh->rep_sum);
    return 0;
}

/* PrimeCell identification (PeriphID0-3, PCellID0-3) at @base + 0xfe0. */
static void show_ids(const char *what, uint32_t base)
{
    printf("rich: trusted side's %s ID", what);
    for (uint32_t off = 0xfe0; off < 0x1000; off += 4) {
        printf(" %02x", (unsigned)REG(MX_PEER(base) + off));
    }
    printf("\n");
}

static void forwarded_mmio(void)
{
    show_ids("UART", UART_BASE);
    show_ids("RTC", RTC_BASE);
    const char *msg = "rich side was here\n";
    for (const char *p = msg; *p; p++) {
        REG(MX_PEER(UART_BASE)) = (uint8_t)*p; /* UARTDR */
    }
    printf("rich: wrote a line to the trusted side's UART\n");
}

/* A Non-secure read of @addr in the trusted side, through the window. */
static void try_read(const char *what, uint32_t addr)
{
    exc_clear();
    uint32_t at = TRY("ldr r0, [r1]", 0, MX_PEER(addr));
    exc_print(what, at);
}

static void attributes(void)
{
    exc_far_base = MX_WINDOW;
    try_read("rich: trusted RAM (shared)", SHARED_BASE);
    try_read("rich: trusted Secure RAM", SECURE_RAM_BASE);
    try_read("rich: trusted Secure UART", SECURE_UART_BASE + 0xfe0);
}

static int ping_pong(uint32_t seconds)
{
    sh->turn = TURN_TRUSTED;
    sh->counter = 0;
    sh->done = 0;
    sh->b_final = 0;
    sh->seconds = seconds;
    sh->cmd = CMD_PINGPONG;
    dsb();
    MX_DOORBELL = 1;
    uint32_t incs = 0, bad_id = 0;
    for (;;) {
        while (sh->turn != TURN_RICH && !sh->done) {
            bad_id |= REG(MX_PEER(UART_BASE + 0xfe0)) != 0x11;
        }
        dmb();
        if (sh->done) {
            break;
        }
        sh->counter = sh->counter + 1;
        incs++;
        dmb();
        sh->turn = TURN_TRUSTED;
    }
    sh->b_incs = incs;
    dmb();
    sh->b_final = 1;
    if (mx_wait_doorbell(1, STEP_SECONDS) < 0) {
        return fail("no ping-pong verdict");
    }
    printf("rich: ping-pong verdict: %s; forwarded reads answered: %s\n",
           sh->verdict ? "no lost update" : "LOST UPDATES",
           bad_id ? "no" : "yes");
    return !sh->verdict || bad_id;
}

/* Reads the trusted side's UART until a read aborts: it is gone. */
static int peer_death(void)
{
    printf("rich: waiting for the peer to go\n");
    fflush(stdout);
    uint64_t start = cntpct();
    exc_clear();
    while (!mx_elapsed(start, STEP_SECONDS)) {
        uint32_t at = TRY("ldr r0, [r1]", 0, MX_PEER(UART_BASE + 0xfe0));
        if (exc_last.count) {
            exc_print("rich: read after the peer died", at);
            printf("rich: STATUS %x (closed)\n", (unsigned)MX_STATUS);
            return 0;
        }
    }
    return fail("the peer did not go");
}

int main(int argc, char **argv)
{
    uint32_t seconds = argc > 1 ? (uint32_t)atoi(argv[1]) : 2;
    mx_irq_init();
    uint64_t start = cntpct();
    while (!(MX_STATUS & MX_STATUS_WINDOW)) {
        if (mx_elapsed(start, STEP_SECONDS)) {
            return fail("no window onto the trusted side");
        }
    }
    printf("rich: connected, window of %08x bytes\n",
           (unsigned)MX_WINDOW_SIZE);
    if (request_reply()) {
        return 1;
    }
    forwarded_mmio();
    attributes();
    if (ping_pong(seconds)) {
        return 1;
    }
    return peer_death();
}
