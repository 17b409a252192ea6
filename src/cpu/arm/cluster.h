/*
 * What the CPUs of a cluster do to one another: the global exclusive
 * monitor (ARM ARM A3.4.2), the event signal of SEV and WFE (B1.8.13) and
 * broadcast TLB maintenance.
 */
#ifndef TZEMU_CPU_ARM_CLUSTER_H
#define TZEMU_CPU_ARM_CLUSTER_H

#include "cpu.h"

/**
 * arm_cluster_init - makes @cpus[0..@nr-1] (at most ARM_MAX_CPUS) one
 * cluster held in @c, which must outlive them.
 */
void arm_cluster_init(ArmCluster *c, ArmCpu *const *cpus, unsigned nr);

/* SEV: sets the Event Register of every CPU of the cluster (the CPU's
 * own when it has none) and wakes those waiting in WFE. */
void arm_sev(ArmCpu *cpu);
/* WFE: consumes a set Event Register, else waits for an event. */
void arm_wfe(ArmCpu *cpu);

/* TLB maintenance broadcast to the cluster's TLBs (the Inner Shareable
 * operations, B4.2.2); a CPU on its own flushes its own. */
void arm_cluster_tlb_flush(ArmCpu *cpu);
void arm_cluster_tlb_flush_page(ArmCpu *cpu, uint32_t va);

/*
 * The exclusive monitors. arm_excl_mark: LDREX of @size bytes at @va just
 * loaded @val (local monitor) and marks the location in the global one.
 * arm_excl_clear: CLREX, STREX and reset open both monitors again.
 */
void arm_excl_mark(ArmCpu *cpu, uint32_t va, unsigned size, uint64_t val,
                   bool user);
void arm_excl_clear(ArmCpu *cpu);

/*
 * A store of @size bytes at @va (at @host when it went straight to RAM,
 * else NULL) clears every other CPU's mark on the same granule. Called
 * only while cpu->excl_watch is set.
 */
void arm_excl_store_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                         const uint8_t *host);

static inline void arm_excl_store(ArmCpu *cpu, uint32_t va, unsigned size,
                                  bool user, const uint8_t *host)
{
    if (__builtin_expect(cpu->excl_watch, 0)) {
        arm_excl_store_slow(cpu, va, size, user, host);
    }
}

#endif
