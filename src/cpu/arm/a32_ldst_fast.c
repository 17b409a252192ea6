/*
 * The fast forms of the common loads and stores: one function per
 * addressing form, direction and size, chosen by the decoders through
 * a32_ldst_fast_fn(). Each handles only the case that needs nothing but
 * the TLB: an aligned access to a RAM page cached for the current regime,
 * little-endian data and, for stores, no exclusive monitor to tell (loads
 * to the PC are given the complete form at decode). Everything else (a
 * TLB miss, a fault, SCTLR.A, CPSR.E, the global monitor) goes to the
 * complete form in a32_ldst.c, which does the access from the start, so a
 * fast form never leaves a half-done access behind. Kept apart so the
 * fast path is a leaf function with no frame.
 */
#include "a32.h"
#include "a32_exec.h"

/* The RAM page's host address for the access, or NULL: take the
 * complete form. */
static inline __attribute__((always_inline)) uint8_t *
fast_host(ArmCpu *cpu, uint32_t va, unsigned size, ArmAccess acc)
{
    if (cpu->cpsr_ctl & CPSR_E) {
        return NULL;
    }
    return arm_tlb_host_aligned(cpu, va, size, acc, false);
}

/* The address accessed by each form, and what it writes back. */
static inline __attribute__((always_inline)) uint32_t
form_addr(const ArmCpu *cpu, const ArmInsn *in, A32LdstForm form)
{
    uint32_t base = cpu->r[in->rn];
    switch (form) {
    case A32_LS_OFFSET:
    case A32_LS_PRE:
        return base + in->imm;
    case A32_LS_POST:
        return base;
    default:
        return a32_reg_offset_address(cpu, in);
    }
}

static inline __attribute__((always_inline)) void
form_writeback(ArmCpu *cpu, const ArmInsn *in, A32LdstForm form,
               uint32_t addr)
{
    if (form == A32_LS_PRE) {
        cpu->r[in->rn] = addr;
    } else if (form == A32_LS_POST) {
        cpu->r[in->rn] = addr + in->imm;
    }
}

/* The complete forms, by addressing form. */
static const ArmExecFn complete_ldr[A32_LS_NR_FORMS] = {
    a32_ldr_imm, a32_ldr_pre_imm, a32_ldr_post_imm, a32_ldr_reg,
};
static const ArmExecFn complete_str[A32_LS_NR_FORMS] = {
    a32_str_imm, a32_str_pre_imm, a32_str_post_imm, a32_str_reg,
};

static inline __attribute__((always_inline)) void
fast_ldr(ArmCpu *cpu, const ArmInsn *in, A32LdstForm form, unsigned size)
{
    uint32_t addr = form_addr(cpu, in, form);
    uint8_t *host = fast_host(cpu, addr, size, ARM_ACC_READ);
    if (__builtin_expect(host != NULL, 1)) {
        uint32_t v = a32_host_load(host, size);
        /* The base first, as the complete form does (a load into the
         * base with writeback is UNPREDICTABLE; the loaded value wins). */
        form_writeback(cpu, in, form, addr);
        cpu->r[in->rd] = v;
        return;
    }
    complete_ldr[form](cpu, in);
}

static inline __attribute__((always_inline)) void
fast_str(ArmCpu *cpu, const ArmInsn *in, A32LdstForm form, unsigned size)
{
    uint32_t addr = form_addr(cpu, in, form);
    uint8_t *host = fast_host(cpu, addr, size, ARM_ACC_WRITE);
    if (__builtin_expect(host != NULL && !cpu->excl_watch, 1)) {
        a32_host_store(host, size, cpu->r[in->rd]);
        form_writeback(cpu, in, form, addr);
        return;
    }
    complete_str[form](cpu, in);
}

/* One load and one store function per form and size. */
#define FAST_PAIR(form, size)                                              \
    static A32_HOT void ldr_##form##_##size(ArmCpu *cpu,                   \
                                            const ArmInsn *in)             \
    {                                                                      \
        fast_ldr(cpu, in, form, size);                                     \
    }                                                                      \
    static A32_HOT void str_##form##_##size(ArmCpu *cpu,                   \
                                            const ArmInsn *in)             \
    {                                                                      \
        fast_str(cpu, in, form, size);                                     \
    }
#define FAST_FORM(form) FAST_PAIR(form, 1) FAST_PAIR(form, 2) FAST_PAIR(form, 4)

FAST_FORM(A32_LS_OFFSET)
FAST_FORM(A32_LS_PRE)
FAST_FORM(A32_LS_POST)
FAST_FORM(A32_LS_REG)

#define FAST_ROW(form, dir)                                                \
    { dir##_##form##_1, dir##_##form##_2, dir##_##form##_4 }

/* [load][form][size 1, 2, 4] */
static const ArmExecFn fast_fns[2][A32_LS_NR_FORMS][3] = {
    { FAST_ROW(A32_LS_OFFSET, str), FAST_ROW(A32_LS_PRE, str),
      FAST_ROW(A32_LS_POST, str), FAST_ROW(A32_LS_REG, str) },
    { FAST_ROW(A32_LS_OFFSET, ldr), FAST_ROW(A32_LS_PRE, ldr),
      FAST_ROW(A32_LS_POST, ldr), FAST_ROW(A32_LS_REG, ldr) },
};

ArmExecFn a32_ldst_fast_fn(const ArmInsn *in, bool load, A32LdstForm form)
{
    /* A load to the PC interworks: the complete form does it. */
    if (load && in->rd == 15) {
        return complete_ldr[form];
    }
    return fast_fns[load][form][in->ra == 4 ? 2 : in->ra - 1];
}
