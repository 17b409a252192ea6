/*
 * A32 differential fuzz generator: from a seed, writes one bare-metal ARM
 * assembly program (GNU as, unified syntax) made of random instruction
 * blocks and a harness that loads random registers and flags before each
 * block, and prints r0-r12, lr, the NZCVQ and GE flags (and at the end of
 * the block an FNV-1a hash of a scratch buffer) through semihosting.
 * tests/fuzz/run.sh runs the program on tzemu and on qemu-system-arm and
 * compares what they print.
 *
 * Only encodings the ARM ARM (ARMv7-A, DDI 0406C) defines are generated:
 * the PC is only read (a data-processing operand, the base of a literal
 * load), no UNPREDICTABLE register overlaps, branches only forward within
 * a group. sp is the harness's context pointer and never an operand.
 * Memory accesses stay inside the scratch buffer, aligned (with the MMU
 * off data accesses are Strongly-ordered, where unaligned accesses are
 * UNPREDICTABLE, A3.5.6) unless --unaligned. Not generated: SETEND BE
 * (tzemu does not model big-endian data), mode changes, exception returns,
 * coprocessor and VFP instructions.
 *
 *   a32gen SEED INDEX [--blocks N] [--groups N] [--every N]
 *          [--only CLASS,...] [--edges PERCENT] [--trace] [--unaligned]
 *
 * A block is --groups groups; a group is an instruction with the setup it
 * needs (an address in a base register, a shift amount) or instructions
 * that must run together (an exclusive pair, a branch over others). The
 * registers and flags are printed after every --every groups (default 1)
 * and at the end of the block, the hash only at the end; --trace prints
 * the hash after every group too, to find where memory diverges. --only
 * restricts the groups to some classes (the names in `classes` below);
 * --edges is how often (percent, default 20) a source register is first
 * set to a value at the edges of the arithmetic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzgen.h"

/* ------------------------------------------------- data processing */

static const char *const dp_names[16] = {
    "and", "eor", "sub", "rsb", "add", "adc", "sbc", "rsc",
    "tst", "teq", "cmp", "cmn", "orr", "mov", "bic", "mvn",
};

static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };

/* An immediate-shifted register operand: every DecodeImmShift form. */
static void shift_imm_text(Gen *g, char *buf, size_t size, unsigned rm)
{
    unsigned type = gen_below(g, 5);
    switch (type) {
    case 0: {
        unsigned n = gen_below(g, 32);
        if (n == 0) {
            snprintf(buf, size, "%s", R(rm));
        } else {
            snprintf(buf, size, "%s, lsl #%u", R(rm), n);
        }
        break;
    }
    case 1:
    case 2: {
        /* LSR and ASR #32 are encoded as #0. */
        unsigned n = gen_chance(g, 20) ? 32 : gen_range(g, 1, 32);
        snprintf(buf, size, "%s, %s #%u", R(rm), shift_names[type], n);
        break;
    }
    case 3:
        snprintf(buf, size, "%s, ror #%u", R(rm), gen_range(g, 1, 31));
        break;
    default:
        snprintf(buf, size, "%s, rrx", R(rm));
        break;
    }
}

/* A shift amount for a register-shifted register: 0, 1-31, 32, past 32,
 * and values whose bottom byte is what counts. */
static uint32_t gen_shift_amount(Gen *g)
{
    switch (gen_below(g, 6)) {
    case 0:
        return 0;
    case 1:
        return gen_range(g, 1, 31);
    case 2:
        return 32;
    case 3:
        return gen_range(g, 33, 255);
    case 4:
        return gen_range(g, 0, 40) | (gen_range(g, 1, 0xff) << 8);
    default:
        return gen_chance(g, 50) ? gen_range(g, 1, 31) : (uint32_t)gen_next(g);
    }
}

static void gen_dp(Gen *g)
{
    unsigned op = gen_below(g, 16);
    bool test = op >= 8 && op <= 11;
    bool move = op == 13 || op == 15;
    const char *s = test ? "" : (gen_chance(g, 50) ? "s" : "");
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g);
    unsigned form = gen_below(g, 3);
    /* Now and then read the PC (this instruction's address + 8) as Rn or
     * Rm: defined in the immediate and immediate-shift forms only. */
    bool pc_n = form < 2 && gen_chance(g, 3), pc_m = form == 1 && gen_chance(g, 3);
    if (pc_n) {
        rn = 15;
    }
    char dst[32];
    if (test) {
        snprintf(dst, sizeof(dst), "%s", R(rn));
    } else if (move) {
        snprintf(dst, sizeof(dst), "%s", R(rd));
    } else {
        snprintf(dst, sizeof(dst), "%s, %s", R(rd), R(rn));
    }
    if (!move && !test && !pc_n) {
        gen_maybe_seed(g, rn);
    }
    char op2[48];
    if (form == 0) {
        /* imm8 with an explicit rotation: a non-zero rotation makes the
         * shifter carry bit 31 of the result, even when the value could
         * be encoded unrotated. */
        unsigned imm = gen_chance(g, 30) ? gen_below(g, 4) : gen_below(g, 256);
        unsigned rot = gen_chance(g, 30) ? 0 : 2 * gen_below(g, 16);
        snprintf(op2, sizeof(op2), "#%u, %u", imm, rot);
    } else if (form == 1) {
        unsigned rm = pc_m ? 15 : gen_reg(g);
        if (!pc_m) {
            gen_maybe_seed(g, rm);
        }
        shift_imm_text(g, op2, sizeof(op2), rm);
    } else {
        unsigned rm = gen_reg(g), rs = gen_reg(g);
        gen_maybe_seed(g, rm);
        if (gen_chance(g, 75)) {
            gen_set(g, rs, gen_shift_amount(g));
        }
        snprintf(op2, sizeof(op2), "%s, %s %s", R(rm),
                 shift_names[gen_below(g, 4)], R(rs));
    }
    gen_line(g, "%s%s%s %s, %s", dp_names[op], s, c, dst, op2);
}

static void gen_movw_movt(Gen *g)
{
    gen_line(g, "%s%s %s, #0x%x", gen_chance(g, 50) ? "movw" : "movt",
             gen_cond(g), R(gen_reg(g)), gen_below(g, 0x10000));
}

/* -------------------------------------------------------- multiplies */

static void gen_mul(Gen *g)
{
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g),
             ra = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    switch (gen_below(g, 3)) {
    case 0:
        gen_line(g, "mul%s%s %s, %s, %s", gen_chance(g, 50) ? "s" : "", c,
                 R(rd), R(rn), R(rm));
        break;
    case 1:
        gen_line(g, "mla%s%s %s, %s, %s, %s", gen_chance(g, 50) ? "s" : "",
                 c, R(rd), R(rn), R(rm), R(ra));
        break;
    default:
        gen_line(g, "mls%s %s, %s, %s, %s", c, R(rd), R(rn), R(rm), R(ra));
        break;
    }
}

static void gen_mul_long(Gen *g)
{
    static const char *const names[] = { "umull", "umlal", "smull",
                                         "smlal", "umaal" };
    unsigned k = gen_below(g, 5);
    const char *c = gen_cond(g);
    unsigned lo, hi, rn = gen_reg(g), rm = gen_reg(g);
    gen_lo_hi(g, &lo, &hi);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    const char *s = k < 4 && gen_chance(g, 50) ? "s" : "";
    gen_line(g, "%s%s%s %s, %s, %s, %s", names[k], s, c, R(lo), R(hi), R(rn),
             R(rm));
}

/* --------------------------------------------------------- saturate */

static void gen_sat(Gen *g)
{
    unsigned rd = gen_reg(g), rn = gen_reg(g);
    const char *c = gen_cond(g);
    gen_maybe_seed(g, rn);
    switch (gen_below(g, 4)) {
    case 0:
    case 1: {
        bool u = gen_chance(g, 50);
        unsigned sat = u ? gen_below(g, 32) : gen_range(g, 1, 32);
        char sh[24] = "";
        if (gen_chance(g, 50)) {
            unsigned n = gen_below(g, 32);
            snprintf(sh, sizeof(sh), ", lsl #%u", n);
        } else if (gen_chance(g, 70)) {
            snprintf(sh, sizeof(sh), ", asr #%u", gen_range(g, 1, 32));
        }
        gen_line(g, "%s%s %s, #%u, %s%s", u ? "usat" : "ssat", c, R(rd), sat,
                 R(rn), sh);
        break;
    }
    default: {
        bool u = gen_chance(g, 50);
        unsigned sat = u ? gen_below(g, 16) : gen_range(g, 1, 16);
        gen_line(g, "%s%s %s, #%u, %s", u ? "usat16" : "ssat16", c, R(rd), sat,
                 R(rn));
        break;
    }
    }
}

/* ------------------------------------------------------------ media */

/* MRS and MSR of the APSR: the flags, Q and the GE bits only. */
static void gen_psr(Gen *g)
{
    static const char *const fields[] = { "APSR_nzcvq", "APSR_g",
                                          "APSR_nzcvqg" };
    const char *c = gen_cond(g);
    switch (gen_below(g, 4)) {
    case 0:
        gen_line(g, "mrs%s %s, apsr", c, R(gen_reg(g)));
        break;
    case 1:
    case 2: {
        unsigned rn = gen_reg(g);
        gen_maybe_seed(g, rn);
        gen_line(g, "msr%s %s, %s", c, fields[gen_below(g, 3)], R(rn));
        break;
    }
    default:
        if (gen_chance(g, 50)) {
            gen_line(g, "msr%s APSR_nzcvq, #0x%x", c, gen_below(g, 32) << 27);
        } else {
            gen_line(g, "msr%s APSR_g, #0x%x", c, gen_below(g, 16) << 16);
        }
        break;
    }
}

static void gen_hint(Gen *g)
{
    static const char *const hints[] = { "nop", "yield", "dmb ish", "dsb sy",
                                         "isb", "clrex" };
    unsigned k = gen_below(g, 8);
    if (k < 6) {
        gen_line(g, "%s", hints[k]);
        return;
    }
    /* Preload hints never fault, whatever the address. */
    static const char *const pl[] = { "pld", "pldw", "pli" };
    unsigned rn = gen_reg(g);
    if (k == 6) {
        gen_line(g, "%s [%s, #%s%u]", pl[gen_below(g, 3)], R(rn),
                 gen_chance(g, 50) ? "-" : "", gen_below(g, 4096));
    } else {
        gen_line(g, "%s [%s, %s%s, lsl #%u]", pl[gen_below(g, 3)], R(rn),
                 gen_chance(g, 50) ? "-" : "", R(gen_reg(g)), gen_below(g, 32));
    }
}

/* ---------------------------------------------------- loads / stores */

static uint32_t shifted(uint32_t v, unsigned type, unsigned n)
{
    switch (type) {
    case 0:
        return v << n;
    case 1:
        return n == 32 ? 0 : v >> n;
    case 2:
        return (uint32_t)((int32_t)v >> (n == 32 ? 31 : n));
    default:
        return (v >> n) | (v << (32 - n));
    }
}

/*
 * The addressing mode of a single load or store, chosen so the access
 * lands on @addr: the base register gets addr - offset (pre-indexed) or
 * addr (post-indexed), the offset register its value. Fills @text with the
 * bracketed operand. @unpriv picks the T form (post-indexed, W set).
 * @avoid_wb: registers the base may not be when it is written back (the
 * transferred ones); @avoid_rm: registers the offset may not be.
 */
typedef struct Mode {
    bool wback;
    unsigned rn;
    int rm; /* -1 for an immediate offset */
} Mode;

static Mode gen_mode(Gen *g, char *text, size_t size, uint32_t addr,
                     bool word_form, bool unpriv, uint32_t avoid_wb,
                     uint32_t avoid_rm)
{
    Mode md;
    bool post = unpriv || gen_chance(g, 30);
    bool pre_wb = !post && gen_chance(g, 40);
    md.wback = post || pre_wb;
    md.rn = gen_reg_not(g, md.wback ? avoid_wb : 0);
    bool add = gen_chance(g, 50);
    const char *sign = add ? "" : "-";
    uint32_t offset;
    char op[48];
    if (gen_chance(g, 50)) {
        md.rm = -1;
        uint32_t imm = gen_chance(g, 20) ? 0 : gen_below(g, word_form ? 4096 : 256);
        offset = imm;
        snprintf(op, sizeof(op), "#%s%u", sign, imm);
    } else {
        md.rm = (int)gen_reg_not(g, M(md.rn) | avoid_rm);
        uint32_t v = gen_chance(g, 50) ? gen_below(g, 512) : gen_value(g);
        gen_set(g, (unsigned)md.rm, v);
        offset = v;
        if (word_form && gen_chance(g, 60)) {
            /* Any shift but RRX, whose result needs C. */
            unsigned type = gen_below(g, 4);
            unsigned n = type == 0 ? gen_below(g, 32)
                         : type == 3 ? gen_range(g, 1, 31)
                                     : gen_range(g, 1, 32);
            offset = shifted(v, type, n);
            if (type == 0 && n == 0) {
                snprintf(op, sizeof(op), "%s%s", sign, R(md.rm));
            } else {
                snprintf(op, sizeof(op), "%s%s, %s #%u", sign, R(md.rm),
                         shift_names[type], n);
            }
        } else {
            snprintf(op, sizeof(op), "%s%s", sign, R(md.rm));
        }
    }
    uint32_t base = post ? addr : add ? addr - offset : addr + offset;
    gen_set(g, md.rn, base);
    if (post) {
        snprintf(text, size, "[%s], %s", R(md.rn), op);
    } else {
        snprintf(text, size, "[%s, %s]%s", R(md.rn), op, pre_wb ? "!" : "");
    }
    return md;
}

/* LDR, STR, LDRB, STRB and their T forms. */
static void gen_ldst_word(Gen *g)
{
    bool load = gen_chance(g, 50), byte = gen_chance(g, 40);
    bool unpriv = gen_chance(g, 10);
    const char *c = gen_cond(g);
    unsigned rt = gen_reg(g);
    unsigned size = byte ? 1 : 4;
    uint32_t addr = gen_addr(g, size, size, true);
    char text[96];
    /* With writeback, Rn != Rt (A8.8.62 and others: UNPREDICTABLE). */
    gen_mode(g, text, sizeof(text), addr, true, unpriv, M(rt), 0);
    gen_line(g, "%s%s%s%s %s, %s", load ? "ldr" : "str", byte ? "b" : "",
             unpriv ? "t" : "", c, R(rt), text);
}

/* STRH, LDRH, LDRSB, LDRSH (and their T forms), LDRD, STRD. */
static void gen_ldst_extra(Gen *g)
{
    static const char *const names[] = { "strh", "ldrh", "ldrsb", "ldrsh" };
    const char *c = gen_cond(g);
    char text[96];
    if (gen_chance(g, 30)) {
        /* LDRD/STRD: Rt even and not lr (Rt2 would be the PC); r12's pair
         * is sp. Writeback must spare both; the offset register, for LDRD,
         * too. No T form. */
        bool load = gen_chance(g, 50);
        unsigned rt = 2 * gen_below(g, 6);
        uint32_t pair = M(rt) | M(rt + 1);
        uint32_t addr = gen_addr(g, 8, gen_chance(g, 50) ? 8 : 4, false);
        gen_mode(g, text, sizeof(text), addr, false, false, pair,
                 load ? pair : 0);
        gen_line(g, "%s%s %s, %s, %s", load ? "ldrd" : "strd", c, R(rt),
                 R(rt + 1), text);
        return;
    }
    unsigned k = gen_below(g, 4);
    bool unpriv = gen_chance(g, 10);
    unsigned size = k == 2 ? 1 : 2;
    unsigned rt = gen_reg(g);
    uint32_t addr = gen_addr(g, size, size, true);
    gen_mode(g, text, sizeof(text), addr, false, unpriv, M(rt), 0);
    gen_line(g, "%s%s%s %s, %s", names[k], unpriv ? "t" : "", c, R(rt), text);
}

/* LDM/STM in the four modes, with and without writeback; now and then the
 * user-bank forms (^, never with writeback: UNPREDICTABLE). */
static void gen_ldm_stm(Gen *g)
{
    static const char *const modes[] = { "ia", "ib", "da", "db" };
    bool load = gen_chance(g, 50);
    unsigned mode = gen_below(g, 4);
    bool user = gen_chance(g, 8);
    bool wback = !user && gen_chance(g, 50);
    unsigned rn = gen_reg(g);
    /* With writeback the base is not in the list (LDM: UNPREDICTABLE),
     * or for STM the lowest (else the value stored is UNKNOWN). */
    uint32_t list;
    do {
        list = (uint32_t)gen_next(g) & REG_ALL;
        if (gen_chance(g, 40)) {
            list &= (uint32_t)gen_next(g);
        }
        if (wback && (load || (list & (M(rn) - 1)))) {
            list &= ~M(rn);
        }
    } while (!list);
    unsigned n = (unsigned)__builtin_popcount(list);
    uint32_t lowest = gen_addr(g, 4 * n, 4, false);
    uint32_t base;
    switch (mode) {
    case 0:
        base = lowest;
        break;
    case 1:
        base = lowest - 4;
        break;
    case 2:
        base = lowest + 4 * n - 4;
        break;
    default:
        base = lowest + 4 * n;
        break;
    }
    gen_set(g, rn, base);
    char regs[96];
    gen_reglist(regs, sizeof(regs), list);
    gen_line(g, "%s%s%s %s%s, {%s}%s", load ? "ldm" : "stm", modes[mode],
             gen_cond(g), R(rn), wback ? "!" : "", regs, user ? "^" : "");
}

/* SWP/SWPB: Rn differs from Rt and Rt2 (A8.8.229). */
static void gen_swp(Gen *g)
{
    bool byte = gen_chance(g, 50);
    unsigned rn = gen_reg(g);
    unsigned rt = gen_reg_not(g, M(rn)), rt2 = gen_reg_not(g, M(rn));
    gen_set(g, rn, gen_addr(g, byte ? 1 : 4, byte ? 1 : 4, false));
    gen_line(g, "swp%s%s %s, %s, [%s]", byte ? "b" : "", gen_cond(g), R(rt),
             R(rt2), R(rn));
}

/*
 * An exclusive pair on one address and size, from a cleared monitor (so a
 * LDREX whose condition fails leaves the STREX to fail, as defined), with
 * no other store between (whether one clears the monitor is IMPLEMENTATION
 * DEFINED, B2.9.3), the value maybe changed on the way; or a STREX alone
 * after CLREX, which must fail.
 */
static void gen_exclusive(Gen *g)
{
    static const char *const sfx[] = { "", "b", "h", "d" };
    static const unsigned sizes[] = { 4, 1, 2, 8 };
    unsigned k = gen_below(g, 4);
    unsigned size = sizes[k];
    unsigned rn = gen_reg(g);
    gen_line(g, "clrex");
    gen_set(g, rn, gen_addr(g, size, size, false));
    bool pair = gen_chance(g, 80);
    unsigned rt;
    if (pair) {
        /* The loaded registers must spare the base. */
        uint32_t used;
        if (k == 3) {
            do {
                rt = 2 * gen_below(g, 6);
            } while (rt == rn || rt + 1 == rn);
            used = M(rt) | M(rt + 1);
            gen_line(g, "ldrexd%s %s, %s, [%s]", gen_cond(g), R(rt), R(rt + 1),
                     R(rn));
        } else {
            rt = gen_reg_not(g, M(rn));
            used = M(rt);
            gen_line(g, "ldrex%s%s %s, [%s]", sfx[k], gen_cond(g), R(rt),
                     R(rn));
        }
        if (gen_chance(g, 50)) {
            unsigned rv = gen_reg_not(g, M(rn));
            gen_line(g, "add %s, %s, #%u", R(rv), R(gen_reg_in(g, used)),
                     gen_range(g, 1, 255));
        }
    }
    /* STREX: Rd differs from Rn and the stored registers (A8.8.212). */
    if (k == 3) {
        unsigned rv = 2 * gen_below(g, 6);
        unsigned rd = gen_reg_not(g, M(rn) | M(rv) | M(rv + 1));
        gen_line(g, "strexd%s %s, %s, %s, [%s]", gen_cond(g), R(rd), R(rv),
                 R(rv + 1), R(rn));
    } else {
        unsigned rv = gen_reg(g);
        unsigned rd = gen_reg_not(g, M(rn) | M(rv));
        gen_line(g, "strex%s%s %s, %s, [%s]", sfx[k], gen_cond(g), R(rd), R(rv),
                 R(rn));
    }
}

/* Loads relative to the PC (this instruction's address + 8): they read
 * the program's own code, the same bytes on both emulators. */
static void gen_literal(Gen *g)
{
    static const char *const names[] = { "ldr", "ldrb", "ldrh", "ldrsh",
                                         "ldrsb", "ldrd" };
    unsigned k = gen_below(g, 6);
    const char *c = gen_cond(g);
    unsigned imm = gen_below(g, 64) * (k == 0 || k == 5 ? 4 : k == 1 || k == 4 ? 1 : 2);
    const char *sign = gen_chance(g, 50) ? "-" : "";
    if (k == 5) {
        unsigned rt = 2 * gen_below(g, 6);
        gen_line(g, "ldrd%s %s, %s, [pc, #%s%u]", c, R(rt), R(rt + 1), sign,
                 imm);
    } else {
        gen_line(g, "%s%s %s, [pc, #%s%u]", names[k], c, R(gen_reg(g)), sign,
                 imm);
    }
}

/* A forward branch (B or BL, maybe conditional) over one to three
 * data-processing instructions, to a label at the end of the group. */
static void gen_branch(Gen *g)
{
    gen_line(g, "%s%s 9f", gen_chance(g, 30) ? "bl" : "b", gen_cond(g));
    unsigned n = gen_range(g, 1, 3);
    for (unsigned i = 0; i < n; i++) {
        gen_dp(g);
    }
    gen_label(g, "9:");
}

/* ------------------------------------------------------------ blocks */

static const FuzzClass classes[] = {
    { "dp", gen_dp, 30 },
    { "movw", gen_movw_movt, 2 },
    { "mul", gen_mul, 4 },
    { "mul_long", gen_mul_long, 4 },
    { "mul_half", gen_mul_half, 4 },
    { "mul_dual", gen_mul_dual, 4 },
    { "div", gen_div, 3 },
    { "qaddsub", gen_qaddsub, 3 },
    { "sat", gen_sat, 3 },
    { "parallel", gen_parallel, 6 },
    { "media", gen_media_misc, 4 },
    { "extend", gen_extend, 4 },
    { "bits", gen_bits, 3 },
    { "bitfield", gen_bitfield, 3 },
    { "psr", gen_psr, 3 },
    { "hint", gen_hint, 1 },
    { "ldst", gen_ldst_word, 8 },
    { "ldst_extra", gen_ldst_extra, 7 },
    { "ldm_stm", gen_ldm_stm, 5 },
    { "swp", gen_swp, 1 },
    { "exclusive", gen_exclusive, 2 },
    { "literal", gen_literal, 1 },
    { "branch", gen_branch, 2 },
};

static const FuzzIsa a32 = {
    .tool = "a32gen",
    .title = "a32gen: tzemu A32 differential fuzz program",
    .classes = classes,
    .nr_classes = sizeof(classes) / sizeof(classes[0]),
    .block_enter = "",
    .block_leave = "",
};

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, &a32);
}
