/*
 * The machine's virtual clock, in nanoseconds since the machine started:
 * host monotonic time, as QEMU_CLOCK_VIRTUAL runs without -icount; or with
 * -icount shift=N, 2^N ns per instruction executed by any CPU plus the idle
 * time skipped, so a run repeats exactly. Not modelled: stopping the clock
 * while the machine is paused.
 */
#ifndef TZEMU_CORE_CLOCK_H
#define TZEMU_CORE_CLOCK_H

#include <poll.h>
#include <stdint.h>
#include <time.h>

typedef struct Clock {
    struct timespec start;
    /* -icount's shift, or -1 for host time. */
    int icount_shift;
    uint64_t icount_insns;
    uint64_t icount_idle_ns;
    /* While a CPU runs: its count of instructions done in this run. */
    const uint64_t *icount_running;
} Clock;

/** clock_start - time 0 is now, on host time. */
void clock_start(Clock *c);

/** clock_set_icount - time counts instructions from now on, each
 * 2^@shift ns (0 <= @shift < 32); call before the machine runs. */
void clock_set_icount(Clock *c, int shift);

/** clock_now_ns - nanoseconds since clock_start; an opaque-taking form
 * (@opaque is the Clock) for ArmCpu.clock_ns. */
uint64_t clock_now_ns(void *opaque);

/**
 * clock_run_begin - a CPU starts running; until clock_run_end, -icount
 * time also counts the instructions *@done says it has completed.
 * clock_run_end - it stopped after @n instructions, now counted for good.
 */
void clock_run_begin(Clock *c, const uint64_t *done);
void clock_run_end(Clock *c, uint64_t n);

/**
 * clock_insns_until - under -icount, how many instructions run before
 * @deadline_ns (at least 1); UINT64_MAX on host time or with no deadline.
 */
uint64_t clock_insns_until(const Clock *c, uint64_t deadline_ns);

/**
 * clock_idle_until - every CPU waits: block until @deadline_ns or @max_ns
 * from now, whichever is sooner; returns at once if it has passed. Under
 * -icount, time jumps to @deadline_ns at once (QEMU's sleep=off), and with
 * no deadline the host sleeps @max_ns while time stands still. A host
 * sleep also ends when one of the @nr_wake descriptors @wake is readable
 * (NULL, 0: none); an interrupted sleep returns early, which callers
 * tolerate.
 */
void clock_idle_until(Clock *c, uint64_t deadline_ns, uint64_t max_ns,
                      struct pollfd *wake, nfds_t nr_wake);

#endif
