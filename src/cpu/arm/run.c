/*
 * The execution loop: fetch through the TLB, decode through the decode
 * cache, check the condition, execute. r[15] reads as the instruction's
 * address + 8 while it executes (ARM ARM A2.3); next_pc is where it goes.
 * Thumb state runs its own loop (t32_run.c), entered between page runs.
 */
#include <string.h>

#include "a32.h"
#include "decode_cache.h"
#include "thumb.h"

/*
 * a32_cond_masks[cond] bit NZCV: EQ Z, NE !Z, CS C, CC !C, MI N, PL !N,
 * VS V, VC !V, HI C && !Z, LS its opposite, GE N == V, LT N != V,
 * GT !Z && N == V, LE its opposite, AL (and 0b1111) always (A8.3).
 */
const uint16_t a32_cond_masks[16] = {
#define N_ 0xff00u
#define Z_ 0xf0f0u
#define C_ 0xccccu
#define V_ 0xaaaau
    Z_, (uint16_t)~Z_, C_, (uint16_t)~C_, N_, (uint16_t)~N_, V_,
    (uint16_t)~V_, C_ & ~Z_, (uint16_t)~(C_ & ~Z_),
    (uint16_t)~(N_ ^ V_), N_ ^ V_, (uint16_t)(~Z_ & ~(N_ ^ V_)),
    (uint16_t)~(~Z_ & ~(N_ ^ V_)), 0xffff, 0xffff,
#undef N_
#undef Z_
#undef C_
#undef V_
};

/* Fetch outside the TLB's RAM pages; false when a prefetch abort was taken. */
static bool fetch_slow(ArmCpu *cpu, uint32_t pc, uint32_t *word)
{
    uint8_t buf[4];
    ArmFault f = { .type = ARM_FAULT_ALIGNMENT, .va = pc };
    if ((pc & 3) ||
        !arm_tlb_access(cpu, pc, 4, ARM_ACC_FETCH, arm_is_user(cpu), buf,
                        &f)) {
        cpu->r[15] = pc + 8;
        arm_fault_abort(cpu, true, false, &f);
        return false;
    }
    *word = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 |
            (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    return true;
}

/* Makes @pc's page the fetch page if it is cached as RAM. */
static bool set_fetch_page(ArmCpu *cpu, uint32_t pc)
{
    uint8_t *host = (pc & 3) ? NULL
                             : arm_tlb_host(cpu, pc, 4, ARM_ACC_FETCH,
                                            arm_is_user(cpu));
    if (!host) {
        return false;
    }
    cpu->fetch_page = pc & ARM_PAGE_MASK;
    cpu->fetch_host = host - (pc & ~ARM_PAGE_MASK);
    return true;
}

/*
 * Decodes (if the entry holds another word) and runs one instruction,
 * leaving next_pc alone: it is meaningful only once `branched` is set.
 * r[15] is left as the instruction saw it.
 */
static inline __attribute__((always_inline)) void
step(ArmCpu *cpu, ArmInsn *in, uint32_t pc, uint32_t word, bool trace)
{
    if (trace) {
        cpu->hooks.insn(cpu, pc, word, in->raw != word, cpu->hooks.opaque);
    }
    if (in->raw != word) {
        a32_decode(word, in);
    }
    cpu->r[15] = pc + 8;
    unsigned cond = word >> 28;
    if (cond >= 0xe || a32_cond_passed(cpu, cond)) {
        in->fn(cpu, in);
    }
}

/* step() for one instruction on its own; returns where execution goes. */
static uint32_t execute(ArmCpu *cpu, ArmInsn *in, uint32_t pc, uint32_t word,
                        bool trace)
{
    cpu->branched = false;
    step(cpu, in, pc, word, trace);
    return cpu->branched ? cpu->next_pc : pc + 4;
}

/*
 * Runs instructions within the fetch page, starting at @pc, until control
 * leaves the page, an exception or a change of mode or mapping drops the
 * fetch page, a stop, or @budget. A page's decoded entries are consecutive
 * in the cache, so sequential code walks two arrays side by side and a
 * branch within the page only moves both cursors. The PC of sequential
 * code stays in a register; one rarely taken test per instruction covers
 * every reason to look further: a branch, a request to stop, the budget,
 * the end of the page.
 */
static inline __attribute__((always_inline)) uint64_t
run_page(ArmCpu *cpu, uint32_t pc, uint64_t budget, bool trace, bool count)
{
    const uint32_t page = cpu->fetch_page;
    const uint8_t *const base = cpu->fetch_host;
    ArmInsn *const slots = arm_decode_slot(cpu->dcache, page);
    const uint64_t start = cpu->run_insns;
    uint64_t n = 0;
    cpu->branched = false;
    for (;;) {
        uint32_t off = pc & ~ARM_PAGE_MASK;
        uint32_t word;
        memcpy(&word, base + off, 4);
        if (count) {
            cpu->run_insns = start + n;
        }
        step(cpu, &slots[off >> 2], pc, word, trace);
        n++;
        pc += 4;
        if (__builtin_expect(cpu->branched | cpu->exit_request |
                                 (n == budget) |
                                 ((pc & ~ARM_PAGE_MASK) == 0),
                             0)) {
            if (cpu->branched) {
                cpu->branched = false;
                pc = cpu->next_pc;
            }
            /* Stay while the next instruction is in this page, in A32
             * state, within the budget and nothing asks to stop. */
            if (((pc & (ARM_PAGE_MASK | 3)) != page) |
                ((cpu->cpsr_ctl & CPSR_T) != 0) | cpu->exit_request |
                (n == budget)) {
                cpu->r[15] = pc;
                return n;
            }
        }
    }
}

/* Why the loop must stop before the next instruction, if it must. */
static bool must_stop(ArmCpu *cpu, ArmExit *why)
{
    if (cpu->stop) {
        *why = ARM_EXIT_HALT;
        return true;
    }
    if (cpu->halted) {
        *why = ARM_EXIT_WFI;
        return true;
    }
    return false;
}

/* run_page with tracing and counting compiled out; with tracing (and
 * counting, which costs nothing next to it); with counting alone. */
static uint64_t run_page_plain(ArmCpu *cpu, uint32_t pc, uint64_t budget)
{
    return run_page(cpu, pc, budget, false, false);
}

static uint64_t run_page_traced(ArmCpu *cpu, uint32_t pc, uint64_t budget)
{
    return run_page(cpu, pc, budget, true, true);
}

static uint64_t run_page_counted(ArmCpu *cpu, uint32_t pc, uint64_t budget)
{
    return run_page(cpu, pc, budget, false, true);
}

/*
 * Takes a pending, unmasked interrupt at this instruction boundary; FIQ
 * first (B1.8.1 priorities). The link is the next instruction + 4.
 */
static void take_interrupt(ArmCpu *cpu)
{
    uint32_t pc = cpu->r[15];
    if (cpu->fiq_line && !(cpu->cpsr_ctl & CPSR_F)) {
        arm_take_exception(cpu, ARM_EXC_FIQ, pc + 4);
    } else if (cpu->irq_line && !(cpu->cpsr_ctl & CPSR_I)) {
        arm_take_exception(cpu, ARM_EXC_IRQ, pc + 4);
    } else {
        return;
    }
    cpu->r[15] = cpu->next_pc;
}

A32_HOT ArmExit arm_cpu_run(ArmCpu *cpu, uint64_t budget)
{
    /* Hooks change only between runs. */
    bool trace = cpu->trace_insns && cpu->hooks.insn;
    bool count = cpu->count_insns;
    ArmExit why = ARM_EXIT_BUDGET;
    uint64_t n = 0;
    while (n < budget) {
        cpu->run_insns = n;
        if ((cpu->stop | cpu->halted) && must_stop(cpu, &why)) {
            break;
        }
        cpu->exit_request = false;
        if (cpu->irq_line | cpu->fiq_line) {
            take_interrupt(cpu);
        }
        if (cpu->cpsr_ctl & CPSR_T) {
            n += thumb_run(cpu, budget - n, trace);
            continue;
        }
        uint32_t pc = cpu->r[15];
        if ((pc & (ARM_PAGE_MASK | 3)) == cpu->fetch_page ||
            set_fetch_page(cpu, pc)) {
            n += trace   ? run_page_traced(cpu, pc, budget - n)
                 : count ? run_page_counted(cpu, pc, budget - n)
                         : run_page_plain(cpu, pc, budget - n);
            continue;
        }
        /* Not (yet) a RAM page: fetch through the address space, which
         * fills the TLB if it is RAM after all. */
        uint32_t word;
        if (!fetch_slow(cpu, pc, &word)) {
            cpu->r[15] = cpu->next_pc;
        } else if (!set_fetch_page(cpu, pc)) {
            cpu->r[15] = execute(cpu, arm_decode_slot(cpu->dcache, pc), pc,
                                 word, trace);
        } else {
            continue;
        }
        n++;
    }
    cpu->insns += n;
    return why;
}
