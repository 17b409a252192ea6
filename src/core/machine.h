/*
 * A running machine: the board built from the command line, its character
 * devices, semihosting, the images loaded, and the loop that runs the CPUs
 * (smp.c) and services the host side between rounds.
 */
#ifndef TZEMU_CORE_MACHINE_H
#define TZEMU_CORE_MACHINE_H

#include "../boards/virt.h"
#include "chardev.h"
#include "clock.h"
#include "log.h"
#include "memexpose_board.h"
#include "options.h"
#include "semihosting.h"
#include "smp.h"
#include "trace.h"

typedef struct Machine {
    VirtMachine board;
    CharDev *serial[2];
    /* Time for the generic timer: started when the machine is built. */
    Clock clock;
    /* The CPUs' scheduler and PSCI. */
    Smp smp;
    /* The command line, kept to load the images again on a reset. */
    const Options *opts;
    Semihosting semihosting;
    bool semihosting_on;
    Log log;
    Trace *trace;
    /* -device memexpose links, served between rounds. */
    MemExposeBoard memexpose;
} Machine;

/* Builds the machine and loads its images; 0, or -1 with @err filled. */
int machine_init(Machine *m, const Options *o, char *err, size_t len);
/* Runs until the guest stops it; returns tzemu's exit status. */
int machine_run(Machine *m);
void machine_destroy(Machine *m);

#endif
