/*
 * The trusted side of the memexpose system test (tests/system/memexpose.sh;
 * memexpose_guest.h has the layout). It sleeps until the rich side rings,
 * then serves the command in the shared buffer: a request (the reply is
 * the text reversed and upper-cased, with a checksum), or the ping-pong,
 * in which it also hammers the rich side's UART through its own window.
 * It never ends: the test kills it to check the survivor.
 */
// run-by: tests/system/memexpose.sh
#include <stdio.h>
#include <string.h>

#include "memexpose_guest.h"

static Shared *const sh = (Shared *)SHARED_BASE;

static void serve_request(void)
{
    size_t n = strnlen(sh->req, sizeof(sh->req) - 1);
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = sh->req[n - 1 - i];
        sh->rep[i] = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
        sum = sum * 31 + (uint8_t)c;
    }
    sh->rep[n] = '\0';
    sh->rep_sum = sum;
    printf("trusted: request '%s', %u bytes\n", sh->req, (unsigned)n);
    /* The reply is in memory before the peer's interrupt (memexpose.md 9). */
    dsb();
    MX_DOORBELL = 1;
}

/* Increments the counter on each of its turns while reading the rich
 * side's UART identification through the window between turns. */
static void ping_pong(void)
{
    uint32_t incs = 0, forwarded = 0, bad_id = 0;
    uint64_t start = cntpct();
    for (;;) {
        while (sh->turn != TURN_TRUSTED) {
            bad_id |= REG(MX_PEER(UART_BASE + 0xfe0)) != 0x11;
            forwarded++;
        }
        dmb();
        if (mx_elapsed(start, sh->seconds)) {
            sh->done = 1;
            break;
        }
        sh->counter = sh->counter + 1;
        incs++;
        dmb();
        sh->turn = TURN_RICH;
    }
    while (!sh->b_final) {
    }
    dmb();
    sh->verdict = sh->counter == incs + sh->b_incs && !bad_id;
    printf("trusted: ping-pong: %s; both sides took turns: %s; forwarded "
           "reads answered: %s\n",
           sh->verdict ? "no lost update" : "LOST UPDATES",
           incs > 10 && sh->b_incs > 10 ? "yes" : "no",
           forwarded > 10 && !bad_id ? "yes" : "no");
    printf("trusted: counts: %u + %u increments, %u forwarded reads in %u "
           "s\n", (unsigned)incs, (unsigned)sh->b_incs, (unsigned)forwarded,
           (unsigned)sh->seconds);
    dsb();
    MX_DOORBELL = 1;
}

int main(void)
{
    mx_irq_init();
    printf("trusted: ID %08x, waiting for the rich side\n",
           (unsigned)MX_ID);
    fflush(stdout);
    for (;;) {
        mx_wait_doorbell(1, 0);
        uint32_t cmd = sh->cmd;
        sh->cmd = CMD_NONE;
        if (cmd == CMD_REQUEST) {
            serve_request();
        } else if (cmd == CMD_PINGPONG) {
            ping_pong();
        }
        fflush(stdout);
    }
}
