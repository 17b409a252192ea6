/*
 * Instruction classes whose assembly text is the same in A32 and in Thumb
 * (unified syntax; a condition suffix in Thumb code gets its IT from the
 * assembler's -mimplicit-it): halfword, dual and most-significant-word
 * multiplies, divides, saturating add/subtract, parallel add/subtract,
 * SEL/USAD8/PKH, extends, byte reversal and CLZ, bit fields.
 */
#include "fuzzgen.h"

const char *gen_cond(Gen *g)
{
    return gen_chance(g, 70) ? "" : gen_cond_any(g);
}

/* RdLo and RdHi must differ (A8.8.258 and others: UNPREDICTABLE). */
void gen_lo_hi(Gen *g, unsigned *lo, unsigned *hi)
{
    *lo = gen_reg(g);
    *hi = gen_reg_not(g, M(*lo));
}

void gen_mul_half(Gen *g)
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

void gen_mul_dual(Gen *g)
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
void gen_div(Gen *g)
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

void gen_qaddsub(Gen *g)
{
    static const char *const names[] = { "qadd", "qsub", "qdadd", "qdsub" };
    unsigned rd = gen_reg(g), rm = gen_reg(g), rn = gen_reg(g);
    gen_maybe_seed(g, rm);
    gen_maybe_seed(g, rn);
    gen_line(g, "%s%s %s, %s, %s", names[gen_below(g, 4)], gen_cond(g), R(rd),
             R(rm), R(rn));
}

void gen_parallel(Gen *g)
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

void gen_media_misc(Gen *g)
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

void gen_extend(Gen *g)
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

void gen_bits(Gen *g)
{
    static const char *const names[] = { "rev", "rev16", "revsh", "rbit",
                                         "clz" };
    unsigned rd = gen_reg(g), rm = gen_reg(g);
    gen_maybe_seed(g, rm);
    gen_line(g, "%s%s %s, %s", names[gen_below(g, 5)], gen_cond(g), R(rd),
             R(rm));
}

/* BFI/BFC need msb >= lsb, UBFX/SBFX lsb + width <= 32 (A8.8.20 ...). */
void gen_bitfield(Gen *g)
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
