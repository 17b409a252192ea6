/*
 * Thumb differential fuzz generator: the programs of fuzzgen.c (the A32
 * harness, random initial states, dumps of r0-r12, lr, NZCVQ, GE and the
 * scratch buffer's hash) with blocks of random Thumb code: 16-bit forms
 * (flag-setting outside IT blocks), 32-bit data processing with modified
 * and plain immediates and shifted registers, explicit IT blocks of one to
 * four instructions, multiplies and media, single, dual, multiple and
 * exclusive loads and stores in every Thumb addressing form, literal loads
 * and ADR, forward branches (B, B<c>, BL, CBZ/CBNZ) and TBB/TBH tables.
 * Each block is entered by BX to Thumb state and left by BX PC; the dump
 * routine (A32) is called with BLX. tests/fuzz/run.sh --thumb assembles
 * the program (with -mimplicit-it=thumb for the shared classes' condition
 * suffixes) and compares tzemu with qemu-system-arm.
 *
 * As in a32gen: only defined encodings (no UNPREDICTABLE register use, sp
 * never an operand, the PC only as a literal or table base), memory
 * accesses inside the scratch buffer, aligned unless --unaligned.
 *
 *   t32gen SEED INDEX [--blocks N] [--groups N] [--every N]
 *          [--only CLASS,...] [--edges PERCENT] [--trace] [--unaligned]
 */
#include <stdio.h>

#include "fuzzgen.h"

#define LOW 0xffu

static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };

/* A low register (r0-r7). */
static unsigned gen_low(Gen *g)
{
    return gen_reg_in(g, LOW);
}

/* A shift amount for a register shift: 0, 1-31, 32, past 32, and values
 * whose bottom byte is what counts. */
static uint32_t gen_shift_amount(Gen *g)
{
    switch (gen_below(g, 5)) {
    case 0:
        return 0;
    case 1:
        return gen_range(g, 1, 31);
    case 2:
        return 32;
    case 3:
        return gen_range(g, 33, 255);
    default:
        return gen_range(g, 0, 40) | (gen_range(g, 1, 0xff) << 8);
    }
}

/* ------------------------------------------------ 16-bit data processing */

/* The 16-bit forms outside IT blocks, where they set the flags (A6.2.1,
 * A6.2.2, A6.2.3). */
static void gen_dp16(Gen *g)
{
    static const char *const alu[] = { "ands", "eors", "adcs", "sbcs",
                                       "orrs", "bics", "mvns" };
    static const char *const shr[] = { "lsls", "lsrs", "asrs", "rors" };
    static const char *const cmp[] = { "tst", "cmp", "cmn" };
    unsigned rd = gen_low(g), rn = gen_low(g), rm = gen_low(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    switch (gen_below(g, 13)) {
    case 0:
        gen_line(g, "%s.n %s, %s, %s", gen_chance(g, 50) ? "adds" : "subs",
                 R(rd), R(rn), R(rm));
        break;
    case 1:
        gen_line(g, "%s.n %s, %s, #%u", gen_chance(g, 50) ? "adds" : "subs",
                 R(rd), R(rn), gen_below(g, 8));
        break;
    case 2:
        gen_line(g, "movs.n %s, #%u", R(rd), gen_below(g, 256));
        break;
    case 3:
        gen_line(g, "%s.n %s, #%u",
                 gen_chance(g, 50) ? "cmp" : gen_chance(g, 50) ? "adds"
                                                               : "subs",
                 R(rd), gen_below(g, 256));
        break;
    case 4: {
        unsigned type = gen_below(g, 3);
        unsigned n = type == 0 ? gen_below(g, 32) : gen_range(g, 1, 32);
        gen_line(g, "%s.n %s, %s, #%u", shr[type], R(rd), R(rm), n);
        break;
    }
    case 5:
        gen_line(g, "%s.n %s, %s", alu[gen_below(g, 7)], R(rd), R(rm));
        break;
    case 6:
        gen_set(g, rm, gen_shift_amount(g));
        gen_line(g, "%s.n %s, %s", shr[gen_below(g, 4)], R(rd), R(rm));
        break;
    case 7:
        gen_line(g, "%s.n %s, %s", cmp[gen_below(g, 3)], R(rn), R(rm));
        break;
    case 8:
        gen_line(g, "negs.n %s, %s", R(rd), R(rm));
        break;
    case 9:
        gen_line(g, "muls.n %s, %s, %s", R(rd), R(rn), R(rd));
        break;
    case 10: {
        /* High registers: ADD and MOV without flags, CMP. */
        unsigned hd = gen_reg(g), hm = gen_reg(g);
        static const char *const hi[] = { "add", "mov", "cmp" };
        unsigned k = gen_below(g, 3);
        if (k == 2 && hd < 8 && hm < 8) {
            hd = gen_reg_in(g, REG_ALL & ~LOW);
        }
        gen_line(g, "%s.n %s, %s", hi[k], R(hd), R(hm));
        break;
    }
    case 11: {
        static const char *const ext[] = { "sxth", "sxtb", "uxth", "uxtb",
                                           "rev", "rev16", "revsh" };
        gen_line(g, "%s.n %s, %s", ext[gen_below(g, 7)], R(rd), R(rm));
        break;
    }
    default:
        gen_line(g, "movs.n %s, %s", R(rd), R(rm));
        break;
    }
}

/* ------------------------------------------------ 32-bit data processing */

/* A Thumb modified immediate (A6.3.2): a byte, one of the three
 * replicated patterns, or 1bcdefgh rotated right by 8 to 31. */
static uint32_t gen_mod_imm(Gen *g)
{
    uint32_t b = gen_below(g, 256);
    switch (gen_below(g, 5)) {
    case 0:
        return b;
    case 1:
        return b ? b * 0x00010001u : 1;
    case 2:
        return b ? b * 0x01000100u : 0x100;
    case 3:
        return b ? b * 0x01010101u : 2;
    default: {
        uint32_t v = 0x80 | (b & 0x7f);
        unsigned rot = gen_range(g, 8, 31);
        return (v >> rot) | (v << (32 - rot));
    }
    }
}

/* An immediate-shifted register operand (Thumb: LSL 0-31, LSR/ASR 1-32,
 * ROR 1-31, RRX). */
static void shift_text(Gen *g, char *buf, size_t size, unsigned rm)
{
    unsigned type = gen_below(g, 5);
    if (type == 4) {
        snprintf(buf, size, "%s, rrx", R(rm));
    } else if (type == 0 && gen_chance(g, 30)) {
        snprintf(buf, size, "%s", R(rm));
    } else {
        unsigned n = type == 0   ? gen_range(g, 1, 31)
                     : type == 3 ? gen_range(g, 1, 31)
                                 : gen_range(g, 1, 32);
        snprintf(buf, size, "%s, %s #%u", R(rm), shift_names[type], n);
    }
}

/* The 32-bit data processing forms (A6.3.1, A6.3.3, A6.3.11, A6.3.12). */
static void gen_dp32(Gen *g)
{
    static const char *const ops[] = { "and", "bic", "orr", "orn", "eor",
                                       "add", "adc", "sbc", "sub", "rsb" };
    static const char *const tests[] = { "tst", "teq", "cmp", "cmn" };
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g);
    const char *s = gen_chance(g, 50) ? "s" : "";
    char op2[48];
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    if (gen_chance(g, 50)) {
        snprintf(op2, sizeof(op2), "#0x%x", gen_mod_imm(g));
    } else {
        shift_text(g, op2, sizeof(op2), rm);
    }
    switch (gen_below(g, 8)) {
    case 0:
    case 1:
    case 2:
        gen_line(g, "%s%s.w %s, %s, %s", ops[gen_below(g, 10)], s, R(rd),
                 R(rn), op2);
        break;
    case 3:
        if (op2[0] == '#' || gen_chance(g, 50)) {
            gen_line(g, "%s%s.w %s, %s", op2[0] == '#' && gen_chance(g, 50)
                                             ? "mov" : "mvn",
                     s, R(rd), op2);
        } else if (gen_chance(g, 20)) {
            gen_line(g, "rrx%s.w %s, %s", s, R(rd), R(rm));
        } else {
            /* MOV with a shifted register is spelt as the shift. */
            unsigned type = gen_below(g, 4);
            gen_line(g, "%s%s.w %s, %s, #%u", shift_names[type], s, R(rd),
                     R(rm), type == 1 || type == 2 ? gen_range(g, 1, 32)
                                                   : gen_range(g, 1, 31));
        }
        break;
    case 4:
        gen_line(g, "%s.w %s, %s", tests[gen_below(g, 4)], R(rn), op2);
        break;
    case 5:
        gen_set(g, rm, gen_shift_amount(g));
        gen_line(g, "%s%s.w %s, %s, %s", shift_names[gen_below(g, 4)], s,
                 R(rd), R(rn), R(rm));
        break;
    case 6:
        gen_line(g, "%s %s, %s, #%u", gen_chance(g, 50) ? "addw" : "subw",
                 R(rd), R(rn), gen_below(g, 4096));
        break;
    default:
        gen_line(g, "%s %s, #%u", gen_chance(g, 50) ? "movw" : "movt", R(rd),
                 gen_below(g, 0x10000));
        break;
    }
}

/* An IT block (A8.8.55) of one to four instructions: each the condition
 * or its opposite by the mask, flag-setting ones (CMP, wide S forms)
 * changing what the later ones see. */
static void gen_it(Gen *g)
{
    static const char *const conds[] = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs",
        "vc", "hi", "ls", "ge", "lt", "gt", "le",
    };
    unsigned c = gen_below(g, 14), n = gen_range(g, 1, 4);
    bool then[4] = { true };
    char mask[4] = "";
    for (unsigned i = 1; i < n; i++) {
        then[i] = gen_chance(g, 50);
        mask[i - 1] = then[i] ? 't' : 'e';
    }
    gen_line(g, "it%s %s", mask, conds[c]);
    for (unsigned i = 0; i < n; i++) {
        const char *cc = conds[then[i] ? c : c ^ 1];
        unsigned rd = gen_low(g), rn = gen_low(g), rm = gen_low(g);
        unsigned wd = gen_reg(g), wn = gen_reg(g);
        switch (gen_below(g, 7)) {
        case 0:
            /* 16-bit, no flags inside an IT block. */
            gen_line(g, "%s%s.n %s, %s, %s", gen_chance(g, 50) ? "add" : "sub",
                     cc, R(rd), R(rn), R(rm));
            break;
        case 1:
            gen_line(g, "mov%s.n %s, #%u", cc, R(rd), gen_below(g, 256));
            break;
        case 2:
            gen_line(g, "%s%s.n %s, %s", gen_chance(g, 50) ? "eor" : "lsl",
                     cc, R(rd), R(rm));
            break;
        case 3:
            gen_line(g, "cmp%s %s, #%u", cc, R(rn), gen_below(g, 256));
            break;
        case 4:
            gen_line(g, "adds%s.w %s, %s, #0x%x", cc, R(wd), R(wn),
                     gen_mod_imm(g));
            break;
        case 5:
            gen_line(g, "mul%s %s, %s, %s", cc, R(wd), R(wn), R(gen_reg(g)));
            break;
        default:
            gen_line(g, "lsr%s.n %s, %s, #%u", cc, R(rd), R(rm),
                     gen_range(g, 1, 32));
            break;
        }
    }
}

/* MUL, MLA, MLS and the long multiplies (no flag-setting forms in
 * 32-bit Thumb). */
static void gen_mul32(Gen *g)
{
    static const char *const longs[] = { "umull", "umlal", "smull", "smlal",
                                         "umaal" };
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    if (gen_chance(g, 50)) {
        unsigned lo, hi;
        gen_lo_hi(g, &lo, &hi);
        gen_line(g, "%s%s %s, %s, %s, %s", longs[gen_below(g, 5)], c, R(lo),
                 R(hi), R(rn), R(rm));
        return;
    }
    unsigned k = gen_below(g, 3);
    if (k == 0) {
        gen_line(g, "mul%s.w %s, %s, %s", c, R(rd), R(rn), R(rm));
    } else {
        gen_line(g, "%s%s %s, %s, %s, %s", k == 1 ? "mla" : "mls", c, R(rd),
                 R(rn), R(rm), R(gen_reg(g)));
    }
}

/* SSAT/USAT (LSL 0-31 or ASR 1-31 in Thumb), SSAT16/USAT16. */
static void gen_sat(Gen *g)
{
    unsigned rd = gen_reg(g), rn = gen_reg(g);
    const char *c = gen_cond(g);
    bool u = gen_chance(g, 50);
    gen_maybe_seed(g, rn);
    if (gen_chance(g, 30)) {
        gen_line(g, "%s%s %s, #%u, %s", u ? "usat16" : "ssat16", c, R(rd),
                 u ? gen_below(g, 16) : gen_range(g, 1, 16), R(rn));
        return;
    }
    unsigned sat = u ? gen_below(g, 32) : gen_range(g, 1, 32);
    if (gen_chance(g, 50)) {
        gen_line(g, "%s%s %s, #%u, %s, lsl #%u", u ? "usat" : "ssat", c,
                 R(rd), sat, R(rn), gen_below(g, 32));
    } else {
        gen_line(g, "%s%s %s, #%u, %s, asr #%u", u ? "usat" : "ssat", c,
                 R(rd), sat, R(rn), gen_range(g, 1, 31));
    }
}

/* MRS and MSR (register) of the APSR; the hints and barriers; preloads. */
static void gen_sys(Gen *g)
{
    static const char *const fields[] = { "APSR_nzcvq", "APSR_g",
                                          "APSR_nzcvqg" };
    static const char *const hints[] = { "nop", "yield", "dmb ish",
                                         "dsb sy", "isb", "clrex", "nop.w" };
    static const char *const pl[] = { "pld", "pldw", "pli" };
    unsigned rn = gen_reg(g);
    switch (gen_below(g, 6)) {
    case 0:
        gen_line(g, "mrs %s, apsr", R(rn));
        break;
    case 1:
        gen_maybe_seed(g, rn);
        gen_line(g, "msr %s, %s", fields[gen_below(g, 3)], R(rn));
        break;
    case 2:
        gen_line(g, "%s", hints[gen_below(g, 7)]);
        break;
    case 3:
        gen_line(g, "%s [%s, #%u]", pl[gen_below(g, 3)], R(rn),
                 gen_below(g, 4096));
        break;
    case 4:
        gen_line(g, "%s [%s, #-%u]", pl[gen_below(g, 3)], R(rn),
                 gen_below(g, 256));
        break;
    default:
        gen_line(g, "%s [%s, %s, lsl #%u]", pl[gen_below(g, 3)], R(rn),
                 R(gen_reg(g)), gen_below(g, 4));
        break;
    }
}

/* ------------------------------------------------------- loads / stores */

/*
 * One load or store of kind @k (see names) at a random address, in one of
 * the Thumb forms: 16-bit immediate and register offsets (low registers),
 * 32-bit positive imm12, negative imm8, pre-indexed with writeback,
 * post-indexed, register with LSL #0-3, and the unprivileged T form.
 */
static void gen_ldst(Gen *g)
{
    static const char *const names[] = { "ldr", "str", "ldrb", "strb",
                                         "ldrh", "strh", "ldrsb", "ldrsh" };
    static const unsigned sizes[] = { 4, 4, 1, 1, 2, 2, 1, 2 };
    unsigned k = gen_below(g, 8), size = sizes[k];
    uint32_t addr = gen_addr(g, size, size, true);
    unsigned form = gen_below(g, 7);
    bool narrow = form < 2 && k < 6;
    unsigned rt = narrow ? gen_low(g) : gen_reg(g);
    unsigned rn = narrow ? gen_reg_in(g, LOW & ~M(rt)) : gen_reg_not(g, M(rt));
    const char *n = names[k];
    switch (form) {
    case 0:
        if (narrow) {
            unsigned off = gen_below(g, 32) * size;
            if (addr - BUF_ADDR < off) {
                off = 0;
            }
            gen_set(g, rn, addr - off);
            gen_line(g, "%s.n %s, [%s, #%u]", n, R(rt), R(rn), off);
            break;
        }
        /* The signed loads have no 16-bit immediate form. */
        __attribute__((fallthrough));
    case 1: {
        unsigned rm = narrow ? gen_reg_in(g, LOW & ~M(rn)) : gen_reg_not(g, M(rn));
        uint32_t off = gen_below(g, 256);
        if (addr - BUF_ADDR < off) {
            off = 0;
        }
        gen_set(g, rm, off);
        gen_set(g, rn, addr - off);
        gen_line(g, "%s%s %s, [%s, %s]", n, narrow ? ".n" : ".w", R(rt), R(rn),
                 R(rm));
        break;
    }
    case 2: {
        unsigned off = gen_below(g, 4096);
        gen_set(g, rn, addr - off);
        gen_line(g, "%s.w %s, [%s, #%u]", n, R(rt), R(rn), off);
        break;
    }
    case 3: {
        unsigned off = gen_below(g, 256);
        bool wb = gen_chance(g, 50);
        gen_set(g, rn, addr + off);
        gen_line(g, "%s %s, [%s, #-%u]%s", n, R(rt), R(rn), off,
                 wb ? "!" : "");
        break;
    }
    case 4: {
        unsigned off = gen_below(g, 256);
        gen_set(g, rn, addr);
        gen_line(g, "%s %s, [%s], #%s%u", n, R(rt), R(rn),
                 gen_chance(g, 50) ? "-" : "", off);
        break;
    }
    case 5: {
        unsigned rm = gen_reg_not(g, M(rn)), sh = gen_below(g, 4);
        uint32_t idx = gen_below(g, 64);
        gen_set(g, rm, idx);
        gen_set(g, rn, addr - (idx << sh));
        gen_line(g, "%s.w %s, [%s, %s, lsl #%u]", n, R(rt), R(rn), R(rm), sh);
        break;
    }
    default: {
        unsigned off = gen_below(g, 256);
        gen_set(g, rn, addr - off);
        gen_line(g, "%st %s, [%s, #%u]", n, R(rt), R(rn), off);
        break;
    }
    }
}

/* LDRD/STRD (any two registers; LDRD's must differ), offset, pre- or
 * post-indexed; writeback spares the transferred registers. */
static void gen_ldst_dual(Gen *g)
{
    bool load = gen_chance(g, 50);
    unsigned rt = gen_reg(g);
    unsigned rt2 = load ? gen_reg_not(g, M(rt)) : gen_reg(g);
    uint32_t addr = gen_addr(g, 8, 4, false);
    unsigned form = gen_below(g, 3);
    unsigned rn = gen_reg_not(g, form ? M(rt) | M(rt2) : 0);
    unsigned off = gen_below(g, 64) * 4;
    const char *sign = gen_chance(g, 50) ? "-" : "";
    const char *op = load ? "ldrd" : "strd";
    if (form == 2) {
        gen_set(g, rn, addr);
        gen_line(g, "%s %s, %s, [%s], #%s%u", op, R(rt), R(rt2), R(rn), sign,
                 off);
        return;
    }
    gen_set(g, rn, *sign ? addr + off : addr - off);
    gen_line(g, "%s %s, %s, [%s, #%s%u]%s", op, R(rt), R(rt2), R(rn), sign,
             off, form ? "!" : "");
}

/* LDM/STM: 16-bit (low registers, writeback) and 32-bit IA/DB forms with
 * two or more registers; with writeback the base is not in the list. */
static void gen_ldm_stm(Gen *g)
{
    bool load = gen_chance(g, 50), narrow = gen_chance(g, 30);
    bool db = !narrow && gen_chance(g, 50);
    bool wback = narrow || gen_chance(g, 50);
    unsigned rn = narrow ? gen_low(g) : gen_reg(g);
    uint32_t avail = (narrow ? LOW : REG_ALL) & ~(wback ? M(rn) : 0);
    uint32_t list;
    do {
        list = (uint32_t)gen_next(g) & avail;
    } while (__builtin_popcount(list) < 2);
    unsigned n = (unsigned)__builtin_popcount(list);
    uint32_t lowest = gen_addr(g, 4 * n, 4, false);
    gen_set(g, rn, db ? lowest + 4 * n : lowest);
    char regs[96];
    gen_reglist(regs, sizeof(regs), list);
    gen_line(g, "%s%s%s %s%s, {%s}", load ? "ldm" : "stm", db ? "db" : "ia",
             narrow ? ".n" : ".w", R(rn), wback ? "!" : "", regs);
}

/*
 * An exclusive pair from a cleared monitor: LDREX with an offset, the
 * byte, halfword and doubleword forms (any two registers), a value change
 * on the way now and then; or a lone STREX, which fails.
 */
static void gen_exclusive(Gen *g)
{
    static const char *const sfx[] = { "", "b", "h", "d" };
    static const unsigned sizes[] = { 4, 1, 2, 8 };
    unsigned k = gen_below(g, 4), size = sizes[k];
    unsigned rn = gen_reg(g);
    unsigned off = k == 0 ? gen_below(g, 64) * 4 : 0;
    char mem[32];
    snprintf(mem, sizeof(mem), off ? "[%s, #%u]" : "[%s]", R(rn), off);
    gen_line(g, "clrex");
    gen_set(g, rn, gen_addr(g, size, size == 8 ? 8 : size, false) - off);
    if (gen_chance(g, 80)) {
        unsigned rt = gen_reg_not(g, M(rn));
        if (k == 3) {
            unsigned rt2 = gen_reg_not(g, M(rn) | M(rt));
            gen_line(g, "ldrexd %s, %s, %s", R(rt), R(rt2), mem);
        } else {
            gen_line(g, "ldrex%s %s, %s", sfx[k], R(rt), mem);
        }
        if (gen_chance(g, 30)) {
            gen_line(g, "add %s, %s, #1", R(rt), R(rt));
        }
    }
    unsigned rv = gen_reg(g);
    if (k == 3) {
        unsigned rv2 = gen_reg(g);
        unsigned rd = gen_reg_not(g, M(rn) | M(rv) | M(rv2));
        gen_line(g, "strexd %s, %s, %s, %s", R(rd), R(rv), R(rv2), mem);
    } else {
        unsigned rd = gen_reg_not(g, M(rn) | M(rv));
        gen_line(g, "strex%s %s, %s, %s", sfx[k], R(rd), R(rv), mem);
    }
}

/* Literal loads and ADR: from Align(PC, 4), reading the program's code. */
static void gen_literal(Gen *g)
{
    static const char *const names[] = { "ldr", "ldrb", "ldrh", "ldrsb",
                                         "ldrsh" };
    unsigned rt = gen_reg(g);
    switch (gen_below(g, 5)) {
    case 0:
        gen_line(g, "ldr.n %s, [pc, #%u]", R(gen_low(g)), 4 * gen_below(g, 64));
        break;
    case 1:
        gen_line(g, "%s.w %s, [pc, #%s%u]", names[gen_below(g, 5)], R(rt),
                 gen_chance(g, 50) ? "-" : "", gen_below(g, 256));
        break;
    case 2:
        gen_line(g, "ldrd %s, %s, [pc, #%s%u]", R(rt),
                 R(gen_reg_not(g, M(rt))), gen_chance(g, 50) ? "-" : "",
                 4 * gen_below(g, 64));
        break;
    case 3:
        gen_line(g, "add.n %s, pc, #%u", R(gen_low(g)), 4 * gen_below(g, 256));
        break;
    default:
        gen_line(g, "%s %s, pc, #%u", gen_chance(g, 50) ? "addw" : "subw",
                 R(rt), gen_below(g, 4096));
        break;
    }
}

/* A forward branch over one to three instructions: B, B<c> (16 or 32
 * bits), BL, CBZ/CBNZ. */
static void gen_branch(Gen *g)
{
    switch (gen_below(g, 5)) {
    case 0:
        gen_line(g, "b%s 9f", gen_chance(g, 50) ? ".n" : ".w");
        break;
    case 1:
        gen_line(g, "b%s%s 9f", gen_cond_any(g),
                 gen_chance(g, 50) ? ".n" : ".w");
        break;
    case 2:
        gen_line(g, "bl 9f");
        break;
    default: {
        unsigned rn = gen_low(g);
        if (gen_chance(g, 50)) {
            gen_set(g, rn, gen_chance(g, 50) ? 0 : gen_value(g));
        }
        gen_line(g, "%s %s, 9f", gen_chance(g, 50) ? "cbz" : "cbnz", R(rn));
        break;
    }
    }
    unsigned n = gen_range(g, 1, 3);
    for (unsigned i = 0; i < n; i++) {
        gen_dp16(g);
    }
    gen_label(g, "9:");
}

/* TBB/TBH [PC, Rm] over a table of two to four cases, each setting a
 * register and branching to the end. */
static void gen_table(Gen *g)
{
    bool half = gen_chance(g, 50);
    unsigned n = gen_range(g, 2, 4), rm = gen_reg(g), rd = gen_low(g);
    char line[64];
    gen_set(g, rm, gen_below(g, n));
    gen_line(g, "%s [pc, %s%s]", half ? "tbh" : "tbb", R(rm),
             half ? ", lsl #1" : "");
    gen_label(g, "8:");
    for (unsigned i = 0; i < n; i++) {
        snprintf(line, sizeof(line), "\t%s (case_%u_%u_%u - 8b) / 2",
                 half ? ".short" : ".byte", g->block, g->group, i);
        gen_label(g, line);
    }
    gen_label(g, "\t.balign 2");
    for (unsigned i = 0; i < n; i++) {
        snprintf(line, sizeof(line), "case_%u_%u_%u:", g->block, g->group, i);
        gen_label(g, line);
        gen_line(g, "movs.n %s, #%u", R(rd), gen_below(g, 256));
        gen_line(g, "b.w 9f");
    }
    gen_label(g, "9:");
}

static const FuzzClass classes[] = {
    { "dp16", gen_dp16, 20 },
    { "dp32", gen_dp32, 20 },
    { "it", gen_it, 10 },
    { "mul32", gen_mul32, 4 },
    { "mul_half", gen_mul_half, 3 },
    { "mul_dual", gen_mul_dual, 3 },
    { "div", gen_div, 2 },
    { "qaddsub", gen_qaddsub, 2 },
    { "sat", gen_sat, 2 },
    { "parallel", gen_parallel, 4 },
    { "media", gen_media_misc, 3 },
    { "extend", gen_extend, 3 },
    { "bits", gen_bits, 2 },
    { "bitfield", gen_bitfield, 2 },
    { "sys", gen_sys, 2 },
    { "ldst", gen_ldst, 12 },
    { "ldst_dual", gen_ldst_dual, 4 },
    { "ldm_stm", gen_ldm_stm, 4 },
    { "exclusive", gen_exclusive, 2 },
    { "literal", gen_literal, 2 },
    { "branch", gen_branch, 4 },
    { "table", gen_table, 2 },
};

static const FuzzIsa t32 = {
    .tool = "t32gen",
    .title = "t32gen: tzemu Thumb differential fuzz program",
    .classes = classes,
    .nr_classes = sizeof(classes) / sizeof(classes[0]),
    /* ADD r0, pc, #1 in A32 is the next instruction's address + 1. */
    .block_enter = "\tadd r0, pc, #1\n\tbx r0\n\t.thumb\n",
    .block_leave = "\t.balign 4\n\tbx pc\n\tnop\n\t.arm\n",
};

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, &t32);
}
