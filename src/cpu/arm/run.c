/*
 * The execution loop: fetch through the TLB, decode through the decode
 * cache, check the condition, execute. r[15] reads as the instruction's
 * address + 8 while it executes (ARM ARM A2.3); next_pc is where it goes.
 */
#include <stdio.h>
#include <string.h>

#include "a32.h"
#include "decode_cache.h"

/* a32_cond_masks[cond] bit NZCV: built from a32_cond_passed's rules. */
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
    MemTxResult r = MEMTX_OK;
    if (pc & 3) {
        cpu->r[15] = pc + 8;
        arm_abort(cpu, true, pc, FSC_ALIGNMENT, false, MEMTX_OK);
        return false;
    }
    r = arm_tlb_access(cpu, pc, 4, ARM_ACC_FETCH, arm_is_user(cpu), buf);
    if (r != MEMTX_OK) {
        cpu->r[15] = pc + 8;
        arm_abort(cpu, true, pc, FSC_EXTERNAL, false, r);
        return false;
    }
    *word = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 |
            (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    return true;
}

/* A fetch from another page: remember it if it is RAM. */
static bool fetch_refill(ArmCpu *cpu, uint32_t pc, uint32_t *word)
{
    uint8_t *host = arm_tlb_host(cpu, pc, 4, ARM_ACC_FETCH, arm_is_user(cpu));
    if (!host || (pc & 3)) {
        return fetch_slow(cpu, pc, word);
    }
    cpu->fetch_page = pc & ARM_PAGE_MASK;
    cpu->fetch_host = host - (pc & ~ARM_PAGE_MASK);
    memcpy(word, host, 4);
    return true;
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
    if (cpu->cpsr_ctl & CPSR_T) {
        fprintf(stderr, "tzemu: unimplemented: Thumb state entered at "
                        "0x%08x; stopping\n", cpu->r[15]);
        cpu->stop = true;
        *why = ARM_EXIT_HALT;
        return true;
    }
    return false;
}

ArmExit arm_cpu_run(ArmCpu *cpu, uint64_t budget)
{
    ArmDecodeCache *dc = cpu->dcache;
    /* Hooks change only between runs. */
    bool trace = cpu->trace_insns && cpu->hooks.insn;
    ArmExit why = ARM_EXIT_BUDGET;
    uint64_t n = 0;
    for (; n < budget; n++) {
        if ((cpu->stop | cpu->halted | (cpu->cpsr_ctl & CPSR_T)) &&
            must_stop(cpu, &why)) {
            break;
        }
        uint32_t pc = cpu->r[15];
        uint32_t word;
        if ((pc & (ARM_PAGE_MASK | 3)) == cpu->fetch_page) {
            memcpy(&word, cpu->fetch_host + (pc & ~ARM_PAGE_MASK), 4);
        } else if (!fetch_refill(cpu, pc, &word)) {
            cpu->r[15] = cpu->next_pc;
            continue;
        }
        if (trace) {
            cpu->hooks.insn(cpu, pc, word,
                            !arm_decode_cache_has(dc, pc, word),
                            cpu->hooks.opaque);
        }
        const ArmInsn *in = arm_decode_cached(dc, pc, word);
        cpu->next_pc = pc + 4;
        cpu->r[15] = pc + 8;
        unsigned cond = word >> 28;
        if (cond >= 0xe || a32_cond_passed_fast(cpu, cond)) {
            in->fn(cpu, in);
        }
        cpu->r[15] = cpu->next_pc;
    }
    cpu->insns += n;
    return why;
}
