/*
 * Two memexpose devices in one process, joined by a socketpair: side A
 * exposes shared RAM, an MMIO test device and (in its Secure space only) a
 * second test device; side B exposes private RAM (reached by request).
 * A runner thread serves one side while the test drives the other.
 */
#ifndef TZEMU_TEST_MEMEXPOSE_RIG_H
#define TZEMU_TEST_MEMEXPOSE_RIG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "../../src/hw/memexpose.h"
#include "testlib.h"

/* Side A's map. */
#define A_RAM 0x10000000ull
#define A_RAM_SIZE 0x10000ull
#define A_DEV (A_RAM + 0x10000)
#define A_SDEV (A_RAM + 0x11000) /* Secure space only */
#define A_SRAM (A_RAM + 0x12000) /* shared RAM, Secure space only */
#define A_EXPOSE_SIZE 0x20000ull
#define A_WINDOW 0x30000000ull
#define A_REGS 0x31000000ull
/* Side B's map. */
#define B_RAM 0x0ull
#define B_RAM_SIZE 0x1000ull
#define B_WINDOW 0x80000000ull
#define B_REGS 0x90000000ull

/* Every wait in these tests gives up after this long. */
#define RIG_WAIT_MS 5000

typedef struct MxSide {
    const char *name;
    MemoryRegion *root_ns;
    MemoryRegion *root_s;
    AddressSpace as_ns;
    AddressSpace as_s;
    MemExpose *dev;
    TestDev tdev;
    TestDev sdev;
    MemoryRegion *ram;
    MemoryRegion *sram;
    atomic_int irq_level;
    char *log;
    size_t log_len;
    FILE *log_file;
} MxSide;

typedef struct MxRig {
    MxSide a;
    MxSide b;
} MxRig;

/* Builds both sides (not connected); @timeout_ms: 0 for the default. */
void rig_init(MxRig *r, int timeout_ms);
/* Connects them and polls both until each holds the other's window. */
bool rig_connect(MxRig *r);
/* rig_init and rig_connect; on failure the rig is destroyed already. */
bool rig_start(MxRig *r, int timeout_ms);
void rig_destroy(MxRig *r);

/* A side's log so far (flushed), never NULL. */
const char *side_log(MxSide *s);
/* How many lines of @s's log contain @needle. */
unsigned side_log_count(MxSide *s, const char *needle);

/* Polls @s until STATUS has @bits (or RIG_WAIT_MS pass). */
bool side_poll_until(MxSide *s, uint32_t bits);
/* Register access on @s's own block. */
uint32_t side_reg_read(MxSide *s, hwaddr off);
void side_reg_write(MxSide *s, hwaddr off, uint32_t v);

/**
 * MxRunner - a thread that first runs @work (if any) on @side, then serves
 * it until stopped.
 */
typedef struct MxRunner {
    pthread_t thread;
    MxSide *side;
    void (*work)(MxSide *side, void *arg);
    void *arg;
    atomic_bool work_done;
    atomic_bool stop;
} MxRunner;

void runner_start(MxRunner *r, MxSide *side,
                  void (*work)(MxSide *side, void *arg), void *arg);
void runner_stop(MxRunner *r);

/* Monotonic milliseconds. */
long long rig_now_ms(void);

#endif
