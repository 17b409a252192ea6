/*
 * The machine's virtual clock on the host's CLOCK_MONOTONIC, or counted in
 * instructions under -icount.
 */
#define _GNU_SOURCE /* ppoll */
#include "clock.h"

#define NS_PER_S 1000000000ull

static uint64_t ts_ns(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * NS_PER_S + (uint64_t)t->tv_nsec;
}

void clock_start(Clock *c)
{
    *c = (Clock){ .icount_shift = -1 };
    clock_gettime(CLOCK_MONOTONIC, &c->start);
}

void clock_set_icount(Clock *c, int shift)
{
    c->icount_shift = shift;
    c->icount_insns = 0;
    c->icount_idle_ns = 0;
}

static uint64_t host_ns(const Clock *c)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return ts_ns(&now) - ts_ns(&c->start);
}

uint64_t clock_now_ns(void *opaque)
{
    const Clock *c = opaque;
    if (c->icount_shift < 0) {
        return host_ns(c);
    }
    uint64_t insns = c->icount_insns +
                     (c->icount_running ? *c->icount_running : 0);
    return (insns << c->icount_shift) + c->icount_idle_ns;
}

void clock_run_begin(Clock *c, const uint64_t *done)
{
    c->icount_running = done;
}

void clock_run_end(Clock *c, uint64_t n)
{
    c->icount_running = NULL;
    c->icount_insns += n;
}

uint64_t clock_insns_until(const Clock *c, uint64_t deadline_ns)
{
    if (c->icount_shift < 0 || deadline_ns == UINT64_MAX) {
        return UINT64_MAX;
    }
    uint64_t now = clock_now_ns((void *)c);
    if (deadline_ns <= now) {
        return 1;
    }
    /* Enough instructions to reach the deadline, rounded up. */
    uint64_t unit = 1ull << c->icount_shift;
    return (deadline_ns - now + unit - 1) >> c->icount_shift;
}

/* Blocks until @deadline_ns on the host clock, at most @max_ns, or until
 * one of @wake is readable. */
static void host_sleep(uint64_t now, uint64_t deadline_ns, uint64_t max_ns,
                       struct pollfd *wake, nfds_t nr_wake)
{
    uint64_t wait = deadline_ns - now < max_ns ? deadline_ns - now : max_ns;
    struct timespec ts = { .tv_sec = (time_t)(wait / NS_PER_S),
                           .tv_nsec = (long)(wait % NS_PER_S) };
    ppoll(wake, nr_wake, &ts, NULL);
}

void clock_idle_until(Clock *c, uint64_t deadline_ns, uint64_t max_ns,
                      struct pollfd *wake, nfds_t nr_wake)
{
    if (c->icount_shift < 0) {
        uint64_t now = host_ns(c);
        if (deadline_ns > now) {
            host_sleep(now, deadline_ns, max_ns, wake, nr_wake);
        }
        return;
    }
    uint64_t now = clock_now_ns(c);
    if (deadline_ns == UINT64_MAX) {
        /* Only the host (a UART's input, a peer) can wake the machine. */
        host_sleep(host_ns(c), UINT64_MAX, max_ns, wake, nr_wake);
    } else if (deadline_ns > now) {
        c->icount_idle_ns += deadline_ns - now;
    }
}
