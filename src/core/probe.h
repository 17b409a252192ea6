/*
 * A world-isolation probe of a board: a read and a write at the start of
 * each memory region, issued by each security state in its own address
 * space, with the result each one got.
 */
#ifndef TZEMU_CORE_PROBE_H
#define TZEMU_CORE_PROBE_H

#include <stdio.h>

#include "../boards/virt.h"

void probe_print(FILE *out, VirtMachine *m);

#endif
