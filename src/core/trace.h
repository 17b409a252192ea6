/*
 * What -d shows of a running machine: exceptions taken (int), instructions
 * as first decoded with their disassembly (in_asm, by capstone) and every
 * instruction executed (exec), unimplemented features (unimp) and guest
 * errors, and every memory transaction with its attributes (memtx) — the
 * Secure bit included, which is what TrustZone debugging needs.
 */
#ifndef TZEMU_CORE_TRACE_H
#define TZEMU_CORE_TRACE_H

#include "../boards/virt.h"
#include "log.h"

typedef struct Trace Trace;

/* Hooks the board's CPU and address spaces to @log as its mask asks;
 * NULL when nothing is asked. */
Trace *trace_attach(VirtMachine *board, Log *log);
void trace_detach(Trace *t);

#endif
