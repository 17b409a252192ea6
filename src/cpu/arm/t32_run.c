/*
 * The Thumb execution loop: halfword fetches through the fetch page and
 * the TLB (a 32-bit instruction may straddle two pages; a prefetch abort
 * on either half is taken for the instruction), decode through the decode
 * cache's Thumb entries, the condition from ITSTATE, execute, then
 * ITAdvance (ARM ARM A2.5.2). r[15] reads as the instruction's address + 4
 * while it executes (A2.3.1).
 */
#include <string.h>

#include "decode_cache.h"
#include "thumb.h"

/* fetch_half outside the fetch page. */
static __attribute__((noinline)) bool
fetch_half_slow(ArmCpu *cpu, uint32_t va, uint32_t pc, uint32_t *hw)
{
    uint16_t v;
    bool user = arm_is_user(cpu);
    uint8_t *host = arm_tlb_host(cpu, va, 2, ARM_ACC_FETCH, user);
    if (host) {
        if (va == pc) {
            cpu->fetch_page = va & ARM_PAGE_MASK;
            cpu->fetch_host = host - (va & ~ARM_PAGE_MASK);
        }
        memcpy(&v, host, 2);
        *hw = v;
        return true;
    }
    uint8_t buf[2];
    ArmFault f;
    if (!arm_tlb_access(cpu, va, 2, ARM_ACC_FETCH, user, buf, &f)) {
        cpu->r[15] = pc + 4;
        arm_fault_abort(cpu, true, false, &f);
        return false;
    }
    *hw = (uint32_t)buf[0] | (uint32_t)buf[1] << 8;
    return true;
}

/*
 * Reads the halfword at @va for the instruction at @pc: from the fetch
 * page, a RAM page the TLB holds (which becomes the fetch page when it is
 * the instruction's first halfword), or the slow path. On a fault the
 * prefetch abort is taken for the instruction and false returned.
 */
static inline bool fetch_half(ArmCpu *cpu, uint32_t va, uint32_t pc,
                              uint32_t *hw)
{
    if ((va & ARM_PAGE_MASK) == cpu->fetch_page) {
        uint16_t v;
        memcpy(&v, cpu->fetch_host + (va & ~ARM_PAGE_MASK), 2);
        *hw = v;
        return true;
    }
    return fetch_half_slow(cpu, va, pc, hw);
}

/*
 * Fetches, decodes and executes the instruction at @pc; returns where
 * execution goes next.
 */
static inline __attribute__((always_inline)) uint32_t
step(ArmCpu *cpu, uint32_t pc, bool trace)
{
    unsigned it = thumb_itstate(cpu->cpsr_ctl);
    uint32_t hw1, hw2, key;
    unsigned len = 2;
    if (!fetch_half(cpu, pc, pc, &hw1)) {
        return cpu->next_pc;
    }
    if (t32_is_wide(hw1)) {
        if (!fetch_half(cpu, pc + 2, pc, &hw2)) {
            return cpu->next_pc;
        }
        key = (hw1 << 16) | hw2;
        len = 4;
    } else {
        key = hw1 | ((it & 0xf) ? T16_IN_IT : 0);
    }
    ArmInsn *in = arm_decode_thumb_slot(cpu->dcache, pc);
    if (trace) {
        cpu->hooks.insn(cpu, pc, len == 2 ? hw1 : key, in->raw != key,
                        cpu->hooks.opaque);
    }
    if (in->raw != key) {
        thumb_decode(key, in);
    }
    cpu->next_pc = pc + len;
    cpu->r[15] = pc + 4;
    if (!(it & 0xf) || a32_cond_passed(cpu, it >> 4)) {
        in->fn(cpu, in);
    }
    /* ITAdvance, unless the instruction set ITSTATE itself (IT, an
     * exception, an exception return). */
    if (it && thumb_itstate(cpu->cpsr_ctl) == it) {
        cpu->cpsr_ctl = thumb_set_itstate(cpu->cpsr_ctl,
                                          thumb_it_advance(it));
    }
    return cpu->next_pc;
}

static inline __attribute__((always_inline)) uint64_t
run(ArmCpu *cpu, uint64_t budget, bool trace)
{
    uint32_t pc = cpu->r[15];
    const uint64_t start = cpu->run_insns;
    uint64_t n = 0;
    while (n < budget) {
        /* Kept up to date whether counted or not (see count_insns). */
        cpu->run_insns = start + n;
        pc = step(cpu, pc, trace);
        n++;
        if (arm_exit_requested(cpu) || !(cpu->cpsr_ctl & CPSR_T)) {
            break;
        }
    }
    cpu->r[15] = pc;
    return n;
}

uint64_t thumb_run(ArmCpu *cpu, uint64_t budget, bool trace)
{
    return trace ? run(cpu, budget, true) : run(cpu, budget, false);
}
