/*
 * The machine's virtual clock: host monotonic time since the machine
 * started, in nanoseconds, as QEMU_CLOCK_VIRTUAL runs without -icount.
 * Not modelled: stopping the clock while the machine is paused.
 */
#ifndef TZEMU_CORE_CLOCK_H
#define TZEMU_CORE_CLOCK_H

#include <stdint.h>
#include <time.h>

typedef struct Clock {
    struct timespec start;
} Clock;

/** clock_start - time 0 is now. */
void clock_start(Clock *c);

/** clock_now_ns - nanoseconds since clock_start; an opaque-taking form
 * (@opaque is the Clock) for ArmCpu.clock_ns. */
uint64_t clock_now_ns(void *opaque);

/**
 * clock_sleep_until - block until @deadline_ns (on this clock) or
 * @max_ns from now, whichever is sooner; returns at once if it has passed.
 * An interrupted sleep returns early, which callers tolerate.
 */
void clock_sleep_until(Clock *c, uint64_t deadline_ns, uint64_t max_ns);

#endif
