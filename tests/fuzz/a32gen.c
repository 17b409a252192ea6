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
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scratch buffer: two pages at a fixed address in the virt board's
 * RAM, well above the program, so address arithmetic is plain numbers. */
#define BUF_ADDR 0x40200000u
#define BUF_SIZE 8192u
#define BUF_WORDS (BUF_SIZE / 4)

#define GROUP_MAX 2048

typedef struct Gen {
    uint64_t rng;
    FILE *out;
    bool trace;
    bool unaligned;
    unsigned every;
    unsigned seed_pct;
    uint32_t classes;
    unsigned block;
    unsigned group;
    unsigned insns;
    char text[GROUP_MAX];
    size_t len;
} Gen;

/* ------------------------------------------------------------ random */

/* splitmix64: small, and the same sequence on every host. */
static uint64_t gen_next(Gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t gen_below(Gen *g, uint32_t n)
{
    return (uint32_t)(gen_next(g) % n);
}

/* Uniform in [lo, hi]. */
static uint32_t gen_range(Gen *g, uint32_t lo, uint32_t hi)
{
    return lo + gen_below(g, hi - lo + 1);
}

static bool gen_chance(Gen *g, unsigned percent)
{
    return gen_below(g, 100) < percent;
}

/* A value biased towards the edges of signed and unsigned arithmetic on
 * words, halfwords and bytes. */
static uint32_t gen_value(Gen *g)
{
    static const uint32_t edges[] = {
        0x00000000, 0x00000001, 0x00000002, 0x0000007f, 0x00000080,
        0x000000ff, 0x00000100, 0x00007fff, 0x00008000, 0x0000ffff,
        0x00010000, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
        0xfffffffe, 0x00ff00ff, 0xff00ff00, 0x7fff8000, 0x80007fff,
        0x7fff7fff, 0x80008000, 0x7f7f7f7f, 0x80808080, 0x01010101,
        0xfefefefe, 0xffff0000, 0x0000001f, 0x00000020, 0x00000021,
    };
    switch (gen_below(g, 8)) {
    case 0:
    case 1:
        return edges[gen_below(g, sizeof(edges) / sizeof(edges[0]))];
    case 2: {
        /* Bytes from the interesting ones. */
        static const uint8_t bytes[] = { 0x00, 0x01, 0x7f, 0x80, 0x81,
                                         0xfe, 0xff, 0x40 };
        uint32_t v = 0;
        for (unsigned i = 0; i < 4; i++) {
            uint32_t b = gen_chance(g, 75) ? bytes[gen_below(g, 8)]
                                           : gen_below(g, 256);
            v |= b << (8 * i);
        }
        return v;
    }
    case 3:
        return gen_below(g, 64);
    case 4:
        return (uint32_t)-(int32_t)gen_range(g, 1, 64);
    default:
        return (uint32_t)gen_next(g);
    }
}

/* ---------------------------------------------------------- emission */

static void gen_line(Gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends one instruction (a tab, the text, a newline) to the group. */
static void gen_line(Gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g->text[g->len++] = '\t';
    int n = vsnprintf(g->text + g->len, GROUP_MAX - g->len - 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= GROUP_MAX - g->len - 2) {
        fprintf(stderr, "a32gen: group too long\n");
        exit(2);
    }
    g->len += (size_t)n;
    g->text[g->len++] = '\n';
    g->text[g->len] = 0;
    g->insns++;
}

/* Appends a line that is not an instruction (a label). */
static void gen_label(Gen *g, const char *label)
{
    size_t n = strlen(label);
    if (g->len + n + 2 >= GROUP_MAX) {
        fprintf(stderr, "a32gen: group too long\n");
        exit(2);
    }
    memcpy(g->text + g->len, label, n);
    g->len += n;
    g->text[g->len++] = '\n';
    g->text[g->len] = 0;
}

/*
 * Saves the state to the context and prints it, tagged block:group, with
 * the hash of the buffer when @hash; then, when @restore, puts the state
 * back for the rest of the block.
 */
static void gen_dump(Gen *g, unsigned group, bool hash, bool restore)
{
    fprintf(g->out,
            "\tstm sp, {r0-r12, lr}\n"
            "\tmrs r0, apsr\n"
            "\tstr r0, [sp, #56]\n"
            "\tmovw r0, #%u\n"
            "\tmovt r0, #%u\n"
            "\tmov r1, #%u\n"
            "\tbl dump\n",
            group, g->block, hash);
    if (restore) {
        fprintf(g->out, "\tldr r0, [sp, #56]\n"
                        "\tmsr APSR_nzcvqg, r0\n"
                        "\tldm sp, {r0-r12, lr}\n");
    }
}

/* Ends the group: writes it out. */
static void gen_flush(Gen *g)
{
    fprintf(g->out, "@ group %u.%u\n%s", g->block, g->group, g->text);
    g->len = 0;
    g->text[0] = 0;
}

/* ---------------------------------------------------------- operands */

/* The registers blocks use: r0-r12 and lr (sp is the harness's, pc is
 * never an operand). */
#define REG_ALL 0x5fffu

static const char *reg_name(unsigned r)
{
    static const char *const names[16] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
    };
    return names[r];
}

/* A register from @allowed (a mask of REG_ALL). */
static unsigned gen_reg_in(Gen *g, uint32_t allowed)
{
    allowed &= REG_ALL;
    unsigned n = (unsigned)__builtin_popcount(allowed);
    unsigned pick = gen_below(g, n);
    for (unsigned r = 0; r < 16; r++) {
        if ((allowed >> r) & 1) {
            if (pick-- == 0) {
                return r;
            }
        }
    }
    abort();
}

static unsigned gen_reg(Gen *g)
{
    return gen_reg_in(g, REG_ALL);
}

static unsigned gen_reg_not(Gen *g, uint32_t avoid)
{
    return gen_reg_in(g, REG_ALL & ~avoid);
}

#define R(r) reg_name(r)
#define M(r) (1u << (r))

/* A condition suffix: mostly none (always), else any of the fourteen. */
static const char *gen_cond(Gen *g)
{
    static const char *const conds[] = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs",
        "vc", "hi", "ls", "ge", "lt", "gt", "le",
    };
    if (gen_chance(g, 70)) {
        return "";
    }
    return conds[gen_below(g, 14)];
}

/* Setup: Rd = @v, in one or two instructions. */
static void gen_set(Gen *g, unsigned rd, uint32_t v)
{
    if (v <= 0xffff) {
        gen_line(g, "movw %s, #%u", R(rd), v);
    } else if (~v <= 0xff) {
        gen_line(g, "mvn %s, #%u", R(rd), ~v);
    } else {
        gen_line(g, "movw %s, #0x%x", R(rd), v & 0xffff);
        gen_line(g, "movt %s, #0x%x", R(rd), v >> 16);
    }
}

/* Sometimes sets a source register to an edge value first. */
static void gen_maybe_seed(Gen *g, unsigned r)
{
    if (gen_chance(g, g->seed_pct)) {
        gen_set(g, r, gen_value(g));
    }
}

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

/* RdLo and RdHi must differ (A8.8.258 and others: UNPREDICTABLE). */
static void gen_lo_hi(Gen *g, unsigned *lo, unsigned *hi)
{
    *lo = gen_reg(g);
    *hi = gen_reg_not(g, M(*lo));
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

static void gen_mul_half(Gen *g)
{
    static const char *const xy[] = { "bb", "bt", "tb", "tt" };
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g),
             ra = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    const char *hx = xy[gen_below(g, 4)];
    const char *y = gen_chance(g, 50) ? "b" : "t";
    switch (gen_below(g, 5)) {
    case 0:
        gen_line(g, "smla%s%s %s, %s, %s, %s", hx, c, R(rd), R(rn), R(rm),
                 R(ra));
        break;
    case 1:
        gen_line(g, "smlaw%s%s %s, %s, %s, %s", y, c, R(rd), R(rn), R(rm),
                 R(ra));
        break;
    case 2:
        gen_line(g, "smulw%s%s %s, %s, %s", y, c, R(rd), R(rn), R(rm));
        break;
    case 3: {
        unsigned lo, hi;
        gen_lo_hi(g, &lo, &hi);
        gen_line(g, "smlal%s%s %s, %s, %s, %s", hx, c, R(lo), R(hi), R(rn),
                 R(rm));
        break;
    }
    default:
        gen_line(g, "smul%s%s %s, %s, %s", hx, c, R(rd), R(rn), R(rm));
        break;
    }
}

static void gen_mul_dual(Gen *g)
{
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g),
             ra = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    gen_maybe_seed(g, ra);
    const char *x = gen_chance(g, 50) ? "x" : "";
    const char *r = gen_chance(g, 50) ? "r" : "";
    switch (gen_below(g, 7)) {
    case 0:
        gen_line(g, "%s%s%s %s, %s, %s, %s",
                 gen_chance(g, 50) ? "smlad" : "smlsd", x, c, R(rd), R(rn),
                 R(rm), R(ra));
        break;
    case 1:
        gen_line(g, "%s%s%s %s, %s, %s",
                 gen_chance(g, 50) ? "smuad" : "smusd", x, c, R(rd), R(rn),
                 R(rm));
        break;
    case 2: {
        unsigned lo, hi;
        gen_lo_hi(g, &lo, &hi);
        gen_line(g, "%s%s%s %s, %s, %s, %s",
                 gen_chance(g, 50) ? "smlald" : "smlsld", x, c, R(lo), R(hi),
                 R(rn), R(rm));
        break;
    }
    case 3:
    case 4:
        gen_line(g, "%s%s%s %s, %s, %s, %s",
                 gen_chance(g, 50) ? "smmla" : "smmls", r, c, R(rd), R(rn),
                 R(rm), R(ra));
        break;
    default:
        gen_line(g, "smmul%s%s %s, %s, %s", r, c, R(rd), R(rn), R(rm));
        break;
    }
}

/* SDIV/UDIV, with division by zero and INT_MIN / -1 often. */
static void gen_div(Gen *g)
{
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg_not(g, M(rn));
    switch (gen_below(g, 4)) {
    case 0:
        gen_set(g, rm, 0);
        break;
    case 1:
        gen_set(g, rn, 0x80000000u);
        gen_set(g, rm, 0xffffffffu);
        break;
    case 2:
        gen_set(g, rm, gen_value(g));
        break;
    default:
        break;
    }
    gen_line(g, "%s%s %s, %s, %s", gen_chance(g, 50) ? "sdiv" : "udiv", c,
             R(rd), R(rn), R(rm));
}

/* --------------------------------------------------------- saturate */

static void gen_qaddsub(Gen *g)
{
    static const char *const names[] = { "qadd", "qsub", "qdadd", "qdsub" };
    unsigned rd = gen_reg(g), rm = gen_reg(g), rn = gen_reg(g);
    gen_maybe_seed(g, rm);
    gen_maybe_seed(g, rn);
    gen_line(g, "%s%s %s, %s, %s", names[gen_below(g, 4)], gen_cond(g), R(rd),
             R(rm), R(rn));
}

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

static void gen_parallel(Gen *g)
{
    static const char *const pre[] = { "s", "q", "sh", "u", "uq", "uh" };
    static const char *const ops[] = { "add16", "asx", "sax",
                                       "sub16", "add8", "sub8" };
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    gen_line(g, "%s%s%s %s, %s, %s", pre[gen_below(g, 6)], ops[gen_below(g, 6)],
             gen_cond(g), R(rd), R(rn), R(rm));
}

static void gen_media_misc(Gen *g)
{
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g),
             ra = gen_reg(g);
    gen_maybe_seed(g, rn);
    gen_maybe_seed(g, rm);
    switch (gen_below(g, 5)) {
    case 0:
        gen_line(g, "sel%s %s, %s, %s", c, R(rd), R(rn), R(rm));
        break;
    case 1:
        gen_line(g, "usad8%s %s, %s, %s", c, R(rd), R(rn), R(rm));
        break;
    case 2:
        gen_line(g, "usada8%s %s, %s, %s, %s", c, R(rd), R(rn), R(rm), R(ra));
        break;
    case 3:
        if (gen_chance(g, 30)) {
            gen_line(g, "pkhbt%s %s, %s, %s", c, R(rd), R(rn), R(rm));
        } else {
            gen_line(g, "pkhbt%s %s, %s, %s, lsl #%u", c, R(rd), R(rn), R(rm),
                     gen_range(g, 1, 31));
        }
        break;
    default:
        gen_line(g, "pkhtb%s %s, %s, %s, asr #%u", c, R(rd), R(rn), R(rm),
                 gen_range(g, 1, 32));
        break;
    }
}

static void gen_extend(Gen *g)
{
    static const char *const kinds[] = { "b", "b16", "h" };
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g), rm = gen_reg(g);
    gen_maybe_seed(g, rm);
    const char *sign = gen_chance(g, 50) ? "s" : "u";
    const char *kind = kinds[gen_below(g, 3)];
    char rot[16] = "";
    unsigned r = gen_below(g, 4);
    if (r) {
        snprintf(rot, sizeof(rot), ", ror #%u", 8 * r);
    }
    if (gen_chance(g, 50)) {
        gen_line(g, "%sxta%s%s %s, %s, %s%s", sign, kind, c, R(rd), R(rn),
                 R(rm), rot);
    } else {
        gen_line(g, "%sxt%s%s %s, %s%s", sign, kind, c, R(rd), R(rm), rot);
    }
}

static void gen_bits(Gen *g)
{
    static const char *const names[] = { "rev", "rev16", "revsh", "rbit",
                                         "clz" };
    unsigned rd = gen_reg(g), rm = gen_reg(g);
    gen_maybe_seed(g, rm);
    gen_line(g, "%s%s %s, %s", names[gen_below(g, 5)], gen_cond(g), R(rd),
             R(rm));
}

/* BFI/BFC need msb >= lsb, UBFX/SBFX lsb + width <= 32 (A8.8.20 ...). */
static void gen_bitfield(Gen *g)
{
    const char *c = gen_cond(g);
    unsigned rd = gen_reg(g), rn = gen_reg(g);
    unsigned lsb = gen_below(g, 32);
    unsigned width = gen_range(g, 1, 32 - lsb);
    gen_maybe_seed(g, rn);
    switch (gen_below(g, 4)) {
    case 0:
        gen_line(g, "bfi%s %s, %s, #%u, #%u", c, R(rd), R(rn), lsb, width);
        break;
    case 1:
        gen_line(g, "bfc%s %s, #%u, #%u", c, R(rd), lsb, width);
        break;
    case 2:
        gen_line(g, "ubfx%s %s, %s, #%u, #%u", c, R(rd), R(rn), lsb, width);
        break;
    default:
        gen_line(g, "sbfx%s %s, %s, #%u, #%u", c, R(rd), R(rn), lsb, width);
        break;
    }
}

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

/* An address in the scratch buffer for @size bytes, aligned to @align
 * (or to nothing with --unaligned, where the instruction allows it); often
 * next to the page boundary in the middle of the buffer, so that accesses
 * straddle it. */
static uint32_t gen_addr(Gen *g, unsigned size, unsigned align, bool may_unalign)
{
    uint32_t a = gen_below(g, BUF_SIZE - size + 1);
    if (gen_chance(g, 25)) {
        a = BUF_SIZE / 2 - 16 - size + gen_below(g, 32 + size);
    }
    if (!(may_unalign && g->unaligned && gen_chance(g, 30))) {
        a &= ~(align - 1);
    }
    return BUF_ADDR + a;
}

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
    char regs[96] = "";
    size_t len = 0;
    for (unsigned r = 0; r < 16; r++) {
        if ((list >> r) & 1) {
            len += (size_t)snprintf(regs + len, sizeof(regs) - len, "%s%s",
                                    len ? ", " : "", R(r));
        }
    }
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

typedef void (*GenFn)(Gen *g);

static const struct {
    const char *name;
    GenFn fn;
    unsigned weight;
} classes[] = {
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
#define NR_CLASSES (sizeof(classes) / sizeof(classes[0]))

/* One group from the classes in @enabled (a bit per class), by weight. */
static void gen_group(Gen *g, uint32_t enabled)
{
    unsigned total = 0;
    for (size_t i = 0; i < NR_CLASSES; i++) {
        total += (enabled >> i) & 1 ? classes[i].weight : 0;
    }
    unsigned pick = gen_below(g, total);
    for (size_t i = 0; i < NR_CLASSES; i++) {
        unsigned w = (enabled >> i) & 1 ? classes[i].weight : 0;
        if (pick < w) {
            classes[i].fn(g);
            gen_flush(g);
            return;
        }
        pick -= w;
    }
}

/* The class mask of a comma-separated list of class names. */
static uint32_t parse_classes(const char *list)
{
    uint32_t mask = 0;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", list);
    for (char *name = strtok(buf, ","); name; name = strtok(NULL, ",")) {
        size_t i;
        for (i = 0; i < NR_CLASSES && strcmp(classes[i].name, name); i++) {
        }
        if (i == NR_CLASSES) {
            fprintf(stderr, "a32gen: unknown class '%s'; classes:", name);
            for (i = 0; i < NR_CLASSES; i++) {
                fprintf(stderr, " %s", classes[i].name);
            }
            fprintf(stderr, "\n");
            exit(2);
        }
        mask |= 1u << i;
    }
    return mask;
}

/* The initial registers and flags of a block, as data. */
static void gen_init_data(Gen *g, uint32_t init[15])
{
    for (unsigned i = 0; i < 14; i++) {
        init[i] = gen_value(g);
    }
    init[14] = (gen_below(g, 32) << 27) | (gen_below(g, 16) << 16);
}

static void gen_block(Gen *g, unsigned groups, const uint32_t init[15])
{
    fprintf(g->out, "@ block %u\n@ init", g->block);
    for (unsigned i = 0; i < 15; i++) {
        fprintf(g->out, " %08" PRIx32, init[i]);
    }
    fprintf(g->out, "\n"
                    "\tmovw r0, #:lower16:init_%u\n"
                    "\tmovt r0, #:upper16:init_%u\n"
                    "\tldr r1, [r0, #56]\n"
                    "\tmsr APSR_nzcvqg, r1\n"
                    "\tclrex\n"
                    "\tldm r0, {r0-r12, lr}\n",
            g->block, g->block);
    for (unsigned i = 0; i < groups; i++) {
        g->group = i;
        gen_group(g, g->classes);
        if (i + 1 == groups) {
            gen_dump(g, i, true, false);
        } else if (g->trace || (i + 1) % g->every == 0) {
            gen_dump(g, i, g->trace, true);
        }
    }
    fprintf(g->out, "@ end %u\n", g->block);
}

/* The fixed part: start-up, the dump routine, the exception vectors. */
static void gen_harness_head(Gen *g, uint32_t fill_seed)
{
    fprintf(g->out,
            "@ a32gen: tzemu A32 differential fuzz program\n"
            "\t.syntax unified\n"
            "\t.arm\n"
            "\t.text\n"
            "\t.global _start\n"
            "_start:\n"
            "\tmovw r0, #:lower16:vectors\n"
            "\tmovt r0, #:upper16:vectors\n"
            "\tmcr p15, 0, r0, c12, c0, 0\n"
            "\tisb\n"
            "\tmovw r0, #:lower16:ctx\n"
            "\tmovt r0, #:upper16:ctx\n"
            "\tmov sp, r0\n"
            /* A console handle, so a line is one SYS_WRITE. */
            "\tmov r0, #1\n"
            "\tmovw r1, #:lower16:open_args\n"
            "\tmovt r1, #:upper16:open_args\n"
            "\tsvc 0x123456\n"
            "\tmovw r1, #:lower16:write_args\n"
            "\tmovt r1, #:upper16:write_args\n"
            "\tstr r0, [r1]\n"
            /* Fill the scratch buffer from an LCG. */
            "\tmovw r0, #0x%x\n"
            "\tmovt r0, #0x%x\n"
            "\tmovw r1, #0x%x\n"
            "\tmovt r1, #0x%x\n"
            "\tmovw r2, #0x660d\n"
            "\tmovt r2, #0x0019\n"
            "\tmovw r3, #0xf35f\n"
            "\tmovt r3, #0x3c6e\n"
            "\tmov r4, #%u\n"
            "1:\tmla r1, r1, r2, r3\n"
            "\teor r5, r1, r1, lsr #15\n"
            "\tstr r5, [r0], #4\n"
            "\tsubs r4, r4, #1\n"
            "\tbne 1b\n",
            BUF_ADDR & 0xffff, BUF_ADDR >> 16, fill_seed & 0xffff,
            fill_seed >> 16, BUF_WORDS);
}

static void gen_harness_tail(Gen *g)
{
    fprintf(g->out,
            "@ done\n"
            "\tmovw r1, #:lower16:done_msg\n"
            "\tmovt r1, #:upper16:done_msg\n"
            "\tmov r0, #4\n"
            "\tsvc 0x123456\n"
            "\tmov r0, #0x18\n"
            "\tmovw r1, #0x0026\n"
            "\tmovt r1, #0x0002\n"
            "\tsvc 0x123456\n"
            "1:\tb 1b\n"
            "\n"
            /* hex8: 8 hex digits of r0 and a space at r9; uses r2, r3. */
            "hex8:\n"
            "\tmov r3, #8\n"
            "1:\tmov r2, r0, lsr #28\n"
            "\tcmp r2, #10\n"
            "\taddlo r2, r2, #48\n"
            "\taddhs r2, r2, #87\n"
            "\tstrb r2, [r9], #1\n"
            "\tmov r0, r0, lsl #4\n"
            "\tsubs r3, r3, #1\n"
            "\tbne 1b\n"
            "\tmov r2, #32\n"
            "\tstrb r2, [r9], #1\n"
            "\tbx lr\n"
            "\n"
            /* dump: prints block:group (r0), the saved r0-r12 and lr, the
             * flags (NZCVQ, GE) and, if r1 is 1, the buffer's FNV-1a hash
             * (else dots). */
            "dump:\n"
            "\tmov r11, lr\n"
            "\tmov r12, r1\n"
            "\tmovw r9, #:lower16:line\n"
            "\tmovt r9, #:upper16:line\n"
            "\tbl hex8\n"
            "\tmov r10, #0\n"
            "2:\tldr r0, [sp, r10, lsl #2]\n"
            "\tbl hex8\n"
            "\tadd r10, r10, #1\n"
            "\tcmp r10, #14\n"
            "\tbne 2b\n"
            "\tldr r0, [sp, #56]\n"
            "\tmovw r4, #0\n"
            "\tmovt r4, #0xf80f\n"
            "\tand r0, r0, r4\n"
            "\tbl hex8\n"
            "\tcmp r12, #0\n"
            "\tbne 4f\n"
            "\tmov r2, #'.'\n"
            "\tmov r3, #8\n"
            "5:\tstrb r2, [r9], #1\n"
            "\tsubs r3, r3, #1\n"
            "\tbne 5b\n"
            "\tadd r9, r9, #1\n"
            "\tb 6f\n"
            "4:\tmovw r5, #0x9dc5\n"
            "\tmovt r5, #0x811c\n"
            "\tmovw r6, #0x0193\n"
            "\tmovt r6, #0x0100\n"
            "\tmovw r7, #0x%x\n"
            "\tmovt r7, #0x%x\n"
            "\tmov r8, #%u\n"
            "3:\tldr r4, [r7], #4\n"
            "\teor r5, r5, r4\n"
            "\tmul r5, r5, r6\n"
            "\tsubs r8, r8, #1\n"
            "\tbne 3b\n"
            "\tmov r0, r5\n"
            "\tbl hex8\n"
            "6:\tmov r2, #10\n"
            "\tstrb r2, [r9, #-1]\n"
            "\tmovw r1, #:lower16:write_args\n"
            "\tmovt r1, #:upper16:write_args\n"
            "\tmovw r0, #:lower16:line\n"
            "\tmovt r0, #:upper16:line\n"
            "\tsub r9, r9, r0\n"
            "\tstr r9, [r1, #8]\n"
            "\tmov r0, #5\n"
            "\tsvc 0x123456\n"
            "\tbx r11\n"
            "\n"
            /* Any exception: print its vector offset and lr, then stop. */
            "\t.balign 32\n"
            "vectors:\n",
            BUF_ADDR & 0xffff, BUF_ADDR >> 16, BUF_WORDS);
    for (unsigned i = 0; i < 8; i++) {
        fprintf(g->out, "\tb exc%u\n", i);
    }
    for (unsigned i = 0; i < 8; i++) {
        fprintf(g->out, "exc%u:\n\tmov r10, #%u\n\tb exc_common\n", i, 4 * i);
    }
    fprintf(g->out,
            "exc_common:\n"
            "\tmov r11, lr\n"
            "\tmovw r9, #:lower16:line\n"
            "\tmovt r9, #:upper16:line\n"
            "\tmov r2, #'E'\n"
            "\tstrb r2, [r9], #1\n"
            "\tmov r2, #'X'\n"
            "\tstrb r2, [r9], #1\n"
            "\tmov r2, #'C'\n"
            "\tstrb r2, [r9], #1\n"
            "\tmov r2, #32\n"
            "\tstrb r2, [r9], #1\n"
            "\tmov r0, r10\n"
            "\tbl hex8\n"
            "\tmov r0, r11\n"
            "\tbl hex8\n"
            "\tmov r2, #10\n"
            "\tstrb r2, [r9, #-1]\n"
            "\tmov r2, #0\n"
            "\tstrb r2, [r9]\n"
            "\tmov r0, #4\n"
            "\tmovw r1, #:lower16:line\n"
            "\tmovt r1, #:upper16:line\n"
            "\tsvc 0x123456\n"
            "\tmov r0, #0x18\n"
            "\tmovw r1, #0x0023\n"
            "\tmovt r1, #0x0002\n"
            "\tsvc 0x123456\n"
            "1:\tb 1b\n");
}

static uint64_t parse_u64(const char *s, const char *what)
{
    char *end;
    uint64_t v = strtoull(s, &end, 0);
    if (!*s || *end) {
        fprintf(stderr, "a32gen: bad %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    Gen g = { .out = stdout, .every = 1, .seed_pct = 20,
              .classes = (1u << NR_CLASSES) - 1 };
    unsigned blocks = 40, groups = 20;
    if (argc < 3) {
        fprintf(stderr, "usage: a32gen SEED INDEX [--blocks N] [--groups N] "
                        "[--every N] [--only CLASS,...] [--edges PERCENT] "
                        "[--trace] [--unaligned]\n");
        return 2;
    }
    uint64_t seed = parse_u64(argv[1], "seed");
    uint64_t index = parse_u64(argv[2], "index");
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--trace")) {
            g.trace = true;
        } else if (!strcmp(argv[i], "--unaligned")) {
            g.unaligned = true;
        } else if (!strcmp(argv[i], "--blocks") && i + 1 < argc) {
            blocks = (unsigned)parse_u64(argv[++i], "block count");
        } else if (!strcmp(argv[i], "--edges") && i + 1 < argc) {
            g.seed_pct = (unsigned)parse_u64(argv[++i], "percentage");
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            g.classes = parse_classes(argv[++i]);
        } else if (!strcmp(argv[i], "--every") && i + 1 < argc) {
            g.every = (unsigned)parse_u64(argv[++i], "dump interval");
        } else if (!strcmp(argv[i], "--groups") && i + 1 < argc) {
            groups = (unsigned)parse_u64(argv[++i], "group count");
        } else {
            fprintf(stderr, "a32gen: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    /* A group and its dump take at most ~30 instructions: 10 000 groups
     * keep the program well below the scratch buffer. */
    if (!blocks || !groups || (uint64_t)blocks * groups > 10000 || !g.every) {
        fprintf(stderr, "a32gen: at most 10000 groups in all, a dump every "
                        "1 or more\n");
        return 2;
    }
    /* Each program's stream depends on the seed and its index only. */
    g.rng = seed;
    g.rng = gen_next(&g) ^ (index * 0xd1342543de82ef95ull);
    gen_next(&g);

    uint32_t (*init)[15] = calloc(blocks, sizeof(*init));
    if (!init) {
        return 2;
    }
    for (unsigned b = 0; b < blocks; b++) {
        gen_init_data(&g, init[b]);
    }
    gen_harness_head(&g, (uint32_t)gen_next(&g));
    for (unsigned b = 0; b < blocks; b++) {
        g.block = b;
        gen_block(&g, groups, init[b]);
    }
    gen_harness_tail(&g);
    fprintf(g.out, "\n\t.data\n\t.balign 4\n");
    for (unsigned b = 0; b < blocks; b++) {
        fprintf(g.out, "init_%u:", b);
        for (unsigned i = 0; i < 15; i++) {
            fprintf(g.out, "%s0x%08" PRIx32, i ? ", " : " .word ", init[b][i]);
        }
        fprintf(g.out, "\n");
    }
    fprintf(g.out,
            "done_msg:\n\t.asciz \"done\\n\"\n"
            "tt_name:\n\t.asciz \":tt\"\n"
            "\t.balign 4\n"
            "open_args:\n\t.word tt_name, 4, 3\n"
            "write_args:\n\t.word 0, line, 0\n"
            "\t.bss\n\t.balign 8\n"
            "ctx:\n\t.space 64\n"
            "line:\n\t.space 192\n"
            "@ insns %u\n",
            g.insns);
    free(init);
    return 0;
}
