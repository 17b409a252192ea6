/*
 * The machine's virtual clock on the host's CLOCK_MONOTONIC.
 */
#include "clock.h"

#define NS_PER_S 1000000000ull

static uint64_t ts_ns(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * NS_PER_S + (uint64_t)t->tv_nsec;
}

void clock_start(Clock *c)
{
    clock_gettime(CLOCK_MONOTONIC, &c->start);
}

uint64_t clock_now_ns(void *opaque)
{
    const Clock *c = opaque;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return ts_ns(&now) - ts_ns(&c->start);
}

void clock_sleep_until(Clock *c, uint64_t deadline_ns, uint64_t max_ns)
{
    uint64_t now = clock_now_ns(c);
    if (deadline_ns <= now) {
        return;
    }
    if (deadline_ns - now > max_ns) {
        deadline_ns = now + max_ns;
    }
    uint64_t abs_ns = ts_ns(&c->start) + deadline_ns;
    struct timespec until = { .tv_sec = (time_t)(abs_ns / NS_PER_S),
                              .tv_nsec = (long)(abs_ns % NS_PER_S) };
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
}
