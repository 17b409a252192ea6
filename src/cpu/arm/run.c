/*
 * The execution loop: fetch through the TLB, decode through the decode
 * cache, check the condition, execute. r[15] reads as the instruction's
 * address + 8 while it executes (ARM ARM A2.3); next_pc is where it goes.
 */
#include <stdio.h>
#include <string.h>

#include "a32.h"
#include "decode_cache.h"

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

ArmExit arm_cpu_run(ArmCpu *cpu, uint64_t budget)
{
    ArmDecodeCache *dc = cpu->dcache;
    for (uint64_t n = 0; n < budget; n++) {
        if (cpu->stop) {
            return ARM_EXIT_HALT;
        }
        if (cpu->halted) {
            return ARM_EXIT_WFI;
        }
        if (cpu->cpsr_ctl & CPSR_T) {
            fprintf(stderr, "tzemu: unimplemented: Thumb state entered at "
                            "0x%08x; stopping\n", cpu->r[15]);
            cpu->stop = true;
            return ARM_EXIT_HALT;
        }
        uint32_t pc = cpu->r[15];
        uint32_t word;
        uint8_t *host = arm_tlb_host(cpu, pc, 4, ARM_ACC_FETCH,
                                     arm_is_user(cpu));
        if (host) {
            memcpy(&word, host, 4);
        } else if (!fetch_slow(cpu, pc, &word)) {
            cpu->r[15] = cpu->next_pc;
            continue;
        }
        if (cpu->trace_insns && cpu->hooks.insn) {
            cpu->hooks.insn(cpu, pc, word, !arm_decode_cache_has(dc, word),
                            cpu->hooks.opaque);
        }
        const ArmInsn *in = arm_decode_cached(dc, word);
        cpu->next_pc = pc + 4;
        cpu->r[15] = pc + 8;
        unsigned cond = word >> 28;
        if (cond >= 0xe || a32_cond_passed(cpu, cond)) {
            in->fn(cpu, in);
        }
        cpu->r[15] = cpu->next_pc;
        cpu->insns++;
    }
    return ARM_EXIT_BUDGET;
}
