/*
 * The Thumb instruction set (ARM ARM A6 encodings, A8 descriptions): the
 * decoder, which fills ArmInsn as the A32 decoder does so most Thumb
 * instructions run the A32 execution functions, the execution functions
 * whose Thumb semantics differ, the IT state (A2.5.2) and the run loop.
 */
#ifndef TZEMU_CPU_ARM_THUMB_H
#define TZEMU_CPU_ARM_THUMB_H

#include "a32.h"
#include "a32_exec.h"

/*
 * The decode key of a Thumb instruction (what a decode cache entry holds
 * in `raw`): a 32-bit instruction is hw1:hw2 (hw1 >= 0xe800); a 16-bit one
 * is its halfword, plus T16_IN_IT when it executes inside an IT block,
 * since several 16-bit encodings set the flags only outside one (A6.2).
 */
#define T16_IN_IT (1u << 16)

/* Whether @hw1 starts a 32-bit instruction (A6.1). */
static inline bool t32_is_wide(uint32_t hw1)
{
    return (hw1 >> 11) >= 0x1d;
}

/* The A32 data-processing opcodes (A5.2.1), which Thumb's map onto. */
enum {
    DP_AND, DP_EOR, DP_SUB, DP_RSB, DP_ADD, DP_ADC, DP_SBC, DP_RSC,
    DP_TST, DP_TEQ, DP_CMP, DP_CMN, DP_ORR, DP_MOV, DP_BIC, DP_MVN,
};

/* Field extraction for the decoders. */
#define TBITS(w, hi, lo) (((w) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define TBIT(w, n) (((w) >> (n)) & 1u)

/* A data-processing instruction for the A32 execution function of
 * @opc, @s and @form, with its registers (the immediate set apart). */
static inline void thumb_dp(ArmInsn *in, unsigned opc, bool s,
                            A32DpForm form, unsigned rd, unsigned rn,
                            unsigned rm)
{
    in->fn = a32_dp_fn(opc, s, form);
    in->s = s;
    in->rd = (uint8_t)rd;
    in->rn = (uint8_t)rn;
    in->rm = (uint8_t)rm;
}

/* The hints by number (A6.2.5, A6.3.4.1): NOP, YIELD, WFE, WFI, SEV; the
 * rest execute as NOPs. */
static inline ArmExecFn thumb_hint(unsigned op)
{
    static const ArmExecFn hints[5] = { a32_nop, a32_nop, a32_wfe, a32_wfi,
                                        a32_sev };
    return op < 5 ? hints[op] : a32_nop;
}

/* Decodes the instruction with @key (always succeeds: unknown encodings
 * are UNDEFINED). t16_decode takes 16-bit keys, t32_decode 32-bit ones. */
void thumb_decode(uint32_t key, ArmInsn *in);
void t16_decode(uint32_t key, ArmInsn *in);
void t32_decode(uint32_t key, ArmInsn *in);

/* ITSTATE (A2.5.2): IT[7:2] in CPSR[15:10], IT[1:0] in CPSR[26:25]. */
static inline unsigned thumb_itstate(uint32_t cpsr_ctl)
{
    return ((cpsr_ctl >> 8) & 0xfc) | ((cpsr_ctl >> 25) & 3);
}

static inline uint32_t thumb_set_itstate(uint32_t cpsr_ctl, unsigned it)
{
    return (cpsr_ctl & ~(CPSR_IT_2_7 | CPSR_IT_0_1)) |
           ((it & 0xfc) << 8) | ((it & 3) << 25);
}

/* ITAdvance() (A2.5.2): the state for the next instruction. */
static inline unsigned thumb_it_advance(unsigned it)
{
    return (it & 7) ? (it & 0xe0) | ((it << 1) & 0x1f) : 0;
}

/**
 * thumb_run - execute Thumb instructions from r[15] until the state
 * leaves Thumb, an exit is requested (exception, fetch page dropped, WFI,
 * stop) or @budget runs out; returns how many ran. @trace: call
 * hooks.insn before each.
 */
uint64_t thumb_run(ArmCpu *cpu, uint64_t budget, bool trace);

/* Execution functions of Thumb-only semantics (t32_exec.c, t32_ldst.c);
 * each says what it reads from ArmInsn. */
void t32_it(ArmCpu *cpu, const ArmInsn *in);
void t32_b(ArmCpu *cpu, const ArmInsn *in);
void t32_bcond(ArmCpu *cpu, const ArmInsn *in);
void t32_bl(ArmCpu *cpu, const ArmInsn *in);
void t32_blx_reg(ArmCpu *cpu, const ArmInsn *in);
void t32_cbz(ArmCpu *cpu, const ArmInsn *in);
void t32_alu_pc(ArmCpu *cpu, const ArmInsn *in);
void t32_adr(ArmCpu *cpu, const ArmInsn *in);
void t32_orn(ArmCpu *cpu, const ArmInsn *in);
void t32_tbb(ArmCpu *cpu, const ArmInsn *in);
void t32_ldr_literal(ArmCpu *cpu, const ArmInsn *in);
void t32_ldst_half_lsl(ArmCpu *cpu, const ArmInsn *in);
void t32_ldst_dual(ArmCpu *cpu, const ArmInsn *in);
void t32_ldrex(ArmCpu *cpu, const ArmInsn *in);
void t32_strex(ArmCpu *cpu, const ArmInsn *in);

#endif
