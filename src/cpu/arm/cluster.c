/*
 * The cluster's shared state, and broadcast TLB maintenance. The global
 * monitor (ARM ARM A3.4.2) tracks
 * one marked location per CPU, by Exclusives Reservation Granule: a store
 * by any other CPU to a marked granule clears that CPU's mark, so its
 * STREX fails. A location is known by its host address when it is RAM the
 * TLB caches, else by its physical address; stores to memory that is
 * neither (devices) clear nothing. The Cortex-A15's granule is 16 words
 * (CTR.ERG = 4, DDI 0438 4.3.4).
 */
#include "cluster.h"
#include "mmu.h"
#include "tlb.h"

#define ERG_SHIFT 6
/* Tags a key that is a physical address rather than a host pointer. */
#define KEY_PA (1ull << 63)
#define KEY_NONE 0ull

void arm_cluster_init(ArmCluster *c, ArmCpu *const *cpus, unsigned nr)
{
    *c = (ArmCluster){ .nr_cpus = nr };
    for (unsigned i = 0; i < nr && i < ARM_MAX_CPUS; i++) {
        c->cpus[i] = cpus[i];
        cpus[i]->cluster = c;
    }
}

static void wake_on_event(ArmCpu *cpu)
{
    cpu->event = true;
    if (cpu->halted && cpu->in_wfe) {
        cpu->halted = false;
        cpu->in_wfe = false;
    }
}

void arm_sev(ArmCpu *cpu)
{
    if (!cpu->cluster) {
        wake_on_event(cpu);
        return;
    }
    for (unsigned i = 0; i < cpu->cluster->nr_cpus; i++) {
        wake_on_event(cpu->cluster->cpus[i]);
    }
}

/* B1.8.13: a pending interrupt, masked or not here (a spurious wake-up is
 * permitted), also ends the wait. */
void arm_wfe(ArmCpu *cpu)
{
    arm_request_exit(cpu);
    if (cpu->event) {
        cpu->event = false;
        return;
    }
    cpu->halted = !cpu->irq_line && !cpu->fiq_line;
    cpu->in_wfe = cpu->halted;
}

void arm_cluster_tlb_flush(ArmCpu *cpu)
{
    unsigned n = cpu->cluster ? cpu->cluster->nr_cpus : 0;
    arm_tlb_flush(cpu->tlb);
    for (unsigned i = 0; i < n; i++) {
        arm_tlb_flush(cpu->cluster->cpus[i]->tlb);
    }
}

void arm_cluster_tlb_flush_page(ArmCpu *cpu, uint32_t va)
{
    unsigned n = cpu->cluster ? cpu->cluster->nr_cpus : 0;
    arm_tlb_flush_page(cpu->tlb, va);
    for (unsigned i = 0; i < n; i++) {
        arm_tlb_flush_page(cpu->cluster->cpus[i]->tlb, va);
    }
}

/* Where @va's byte lives, as the global monitor names locations. */
static uint64_t location_key(ArmCpu *cpu, uint32_t va, ArmAccess acc,
                             bool user)
{
    const uint8_t *host = arm_tlb_host(cpu, va, 1, acc, user);
    if (host) {
        return (uint64_t)(uintptr_t)host;
    }
    ArmMmuResult r;
    ArmFault f;
    if (!arm_mmu_translate(cpu, va, acc, arm_is_secure(cpu), user, &r, &f)) {
        return KEY_NONE;
    }
    return (uint64_t)r.pa | KEY_PA;
}

/* Each CPU watches its stores while any other CPU holds a mark. */
static void update_watch(ArmCluster *c)
{
    for (unsigned i = 0; i < c->nr_cpus; i++) {
        c->cpus[i]->excl_watch = (c->excl_marked & ~(1u << i)) != 0;
    }
}

void arm_excl_mark(ArmCpu *cpu, uint32_t va, unsigned size, uint64_t val,
                   bool user)
{
    cpu->excl_addr = va;
    cpu->excl_size = size;
    cpu->excl_val = val;
    ArmCluster *c = cpu->cluster;
    if (!c || c->nr_cpus < 2) {
        return;
    }
    cpu->excl_key = location_key(cpu, va, ARM_ACC_READ, user);
    c->excl_marked |= 1u << cpu->cpu_index;
    update_watch(c);
}

void arm_excl_clear(ArmCpu *cpu)
{
    cpu->excl_addr = UINT64_MAX;
    ArmCluster *c = cpu->cluster;
    if (c && (c->excl_marked & (1u << cpu->cpu_index))) {
        c->excl_marked &= ~(1u << cpu->cpu_index);
        update_watch(c);
    }
}

/* Clears the marks other CPUs hold on @key's granule. */
static void clear_others(ArmCpu *cpu, uint64_t key)
{
    ArmCluster *c = cpu->cluster;
    if (key == KEY_NONE) {
        return;
    }
    for (unsigned i = 0; i < c->nr_cpus; i++) {
        ArmCpu *other = c->cpus[i];
        if (other != cpu && (c->excl_marked & (1u << i)) &&
            other->excl_key >> ERG_SHIFT == key >> ERG_SHIFT) {
            arm_excl_clear(other);
        }
    }
}

void arm_excl_store_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                         const uint8_t *host)
{
    clear_others(cpu, host ? (uint64_t)(uintptr_t)host
                           : location_key(cpu, va, ARM_ACC_WRITE, user));
    uint32_t last = va + size - 1;
    if ((va ^ last) >> ERG_SHIFT) {
        clear_others(cpu, location_key(cpu, last, ARM_ACC_WRITE, user));
    }
}
