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
 * Decodes (if the entry holds another word) and runs one instruction whose
 * address is @r15 - 8, leaving next_pc alone: it is meaningful only once
 * ARM_FLOW_BRANCHED is set. r[15] is left as the instruction saw it.
 */
static inline __attribute__((always_inline)) void
step(ArmCpu *cpu, ArmInsn *in, uint32_t r15, uint32_t word, bool trace)
{
    if (trace) {
        cpu->hooks.insn(cpu, r15 - 8, word, in->raw != word,
                        cpu->hooks.opaque);
    }
    if (in->raw != word) {
        a32_decode(word, in);
    }
    cpu->r[15] = r15;
    if (word >= 0xe0000000u || a32_cond_passed(cpu, word >> 28)) {
        in->fn(cpu, in);
    }
}

/* step() for one instruction on its own; returns where execution goes. */
static uint32_t execute(ArmCpu *cpu, ArmInsn *in, uint32_t pc, uint32_t word,
                        bool trace)
{
    cpu->flow &= ~ARM_FLOW_BRANCHED;
    step(cpu, in, pc + 8, word, trace);
    return (cpu->flow & ARM_FLOW_BRANCHED) ? cpu->next_pc : pc + 4;
}

/*
 * Runs instructions within the fetch page, starting at @pc, until control
 * leaves the page, an exception or a change of mode or mapping drops the
 * fetch page, a stop, or @budget. A page's decoded entries are consecutive
 * in the cache, so sequential code walks the page and its entries side by
 * side with three cursors (guest word, decoded entry, PC as the
 * instruction reads it); after each instruction the flow word (a branch,
 * a request to stop), the budget and the page's end say whether to look
 * further. A branch within the page only moves the cursors.
 */
static inline __attribute__((always_inline)) uint64_t
run_page(ArmCpu *cpu, uint32_t pc, uint64_t budget, bool trace, bool count)
{
    const uint32_t page = cpu->fetch_page;
    const uint8_t *const base = cpu->fetch_host;
    const uint8_t *const end = base + (1u << ARM_PAGE_BITS);
    ArmInsn *const slots = arm_decode_slot(cpu->dcache, page);
    const uint64_t start = cpu->run_insns;
    uint64_t left = budget;
    const uint8_t *word_at = base + (pc & ~ARM_PAGE_MASK);
    ArmInsn *in = &slots[(pc & ~ARM_PAGE_MASK) >> 2];
    uint32_t r15 = pc + 8;
    cpu->flow &= ~ARM_FLOW_BRANCHED;
    for (;;) {
        uint32_t word;
        memcpy(&word, word_at, 4);
        if (count) {
            cpu->run_insns = start + (budget - left);
        }
        step(cpu, in, r15, word, trace);
        word_at += 4;
        in++;
        r15 += 4;
        left--;
        if (__builtin_expect(cpu->flow != 0, 0) ||
            __builtin_expect(left == 0, 0) ||
            __builtin_expect(word_at == end, 0)) {
            uint32_t next = r15 - 8;
            if (cpu->flow & ARM_FLOW_BRANCHED) {
                cpu->flow &= ~ARM_FLOW_BRANCHED;
                next = cpu->next_pc;
            }
            /* Stay while the next instruction is in this page, in A32
             * state, within the budget and nothing asks to stop. */
            if (((next & (ARM_PAGE_MASK | 3)) != page) |
                ((cpu->cpsr_ctl & CPSR_T) != 0) | arm_exit_requested(cpu) |
                (left == 0)) {
                cpu->r[15] = next;
                return budget - left;
            }
            word_at = base + (next & ~ARM_PAGE_MASK);
            in = &slots[(next & ~ARM_PAGE_MASK) >> 2];
            r15 = next + 8;
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
        cpu->flow &= ~ARM_FLOW_EXIT;
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
