/*
 * VFP differential fuzz generator: from a seed, writes one bare-metal ARM
 * program (GNU as, unified syntax) of random VFPv3 instruction blocks.
 * Each block starts from D0-D31 full of edge-case operands (zeros,
 * denormals, infinities, quiet and signalling NaNs, extreme normals,
 * values next to rounding and conversion boundaries) and a random FPSCR
 * (rounding mode, FZ, DN, AHP, cumulative flags); its groups are one VFP
 * instruction each, with the core register or address setup it needs.
 * After every --every groups and at the end of the block the program
 * prints r0-r7, the APSR flags, the FPSCR, D0-D31 and a hash of its
 * scratch buffer. tests/fuzz/run.sh --vfp runs it on tzemu and on
 * qemu-system-arm and compares the output.
 *
 * Only defined encodings are generated: FPSCR.LEN and STRIDE stay zero
 * (short vectors are UNDEFINED on the Cortex-A15), no register overlaps
 * the ARM ARM calls UNPREDICTABLE, no 8- or 16-bit scalar moves (Advanced
 * SIMD).
 *
 *   vfpgen SEED INDEX [--blocks N] [--groups N] [--every N] [--trace]
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scratch buffer for loads and stores, in the virt board's RAM. */
#define BUF_ADDR 0x40200000u
#define BUF_WORDS 64u

typedef struct Vgen {
    uint64_t rng;
    unsigned insns;
    unsigned block;
} Vgen;

/* splitmix64, the same stream on every host. */
static uint64_t rnd(Vgen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned below(Vgen *g, unsigned n)
{
    return (unsigned)(rnd(g) % n);
}

static bool chance(Vgen *g, unsigned percent)
{
    return below(g, 100) < percent;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void emit(Vgen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One instruction line. */
static void emit(Vgen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    putchar('\t');
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    g->insns++;
}

/* ------------------------------------------------------------ operands */

/* Single-precision values at the edges of the arithmetic. */
static const uint32_t edge32[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
    0x00800000, 0x80800000, 0x00800001, 0x00400000, 0x7f7fffff, 0xff7fffff,
    0x7f000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc00001,
    0x7f800001, 0xff800001, 0x7fa00000, 0x7fbfffff, 0x3f800000, 0xbf800000,
    0x3f800001, 0x3f7fffff, 0x3fffffff, 0x40000000, 0x3f000000, 0x3effffff,
    0x3fc00000, 0x40200000, 0xbfc00000, 0x33800000, 0x33000000, 0x34000000,
    0x4b000000, 0x4b000001, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001,
    0x4f800000, 0x4f7fffff, 0x38800000, 0x387fe000, 0x33800001, 0x477fe000,
    0x477ff000, 0x477fefff, 0x46fffe00, 0x00000005, 0xffffffff, 0x7fffffff,
    0x0000ffff, 0x00008000, 0xffff8000, 0x0c000000, 0x1a000000, 0x65000000,
};

/* Double-precision ones. */
static const uint64_t edge64[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001,
    0x000fffffffffffff, 0x8000000000000001, 0x0010000000000000,
    0x8010000000000000, 0x0010000000000001, 0x0008000000000000,
    0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000000,
    0x7ff8000000000001, 0x7ff0000000000001, 0xfff0000000000001,
    0x7ff4000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x3fe0000000000000,
    0x3ff8000000000000, 0x4004000000000000, 0x3ca0000000000000,
    0x3c90000000000000, 0x41dfffffffc00000, 0x41e0000000000000,
    0xc1e0000000000000, 0xc1e0000000200000, 0x41efffffffe00000,
    0x41f0000000000000, 0x47efffffe0000000, 0x47efffffefffffff,
    0x47effffff0000000, 0x36a0000000000000, 0x380fffffe0000000,
    0x3810000000000000, 0x36a0000000000001, 0x40effc0000000000,
    0x3eb0000000000000, 0x7fe0000000000000, 0x0000000100000000,
};

/* A random value of @bits (32 or 64) biased to the edges: from the list,
 * near an edge, a random exponent at the extremes, or any bits. */
static uint64_t gen_value(Vgen *g, unsigned bits)
{
    bool dp = bits == 64;
    unsigned ebits = dp ? 11 : 8, fbits = dp ? 52 : 23;
    uint64_t fmask = (UINT64_C(1) << fbits) - 1;
    switch (below(g, 8)) {
    case 0:
    case 1:
    case 2:
        return dp ? edge64[below(g, COUNT(edge64))]
                  : edge32[below(g, COUNT(edge32))];
    case 3: {
        /* Next to an edge: a few units in the last place away. */
        uint64_t v = dp ? edge64[below(g, COUNT(edge64))]
                        : edge32[below(g, COUNT(edge32))];
        return (v + below(g, 5) - 2) & (dp ? ~UINT64_C(0) : 0xffffffffu);
    }
    case 4: {
        /* A short fraction: sums and products land on halfway points. */
        uint64_t exp = (UINT64_C(1) << (ebits - 1)) - 1 + below(g, 9) - 4;
        uint64_t frac = (rnd(g) & fmask) & ~((UINT64_C(1) << (fbits - 4)) - 1);
        frac |= chance(g, 50) ? 1 : 0;
        return ((uint64_t)below(g, 2) << (bits - 1)) | (exp << fbits) | frac;
    }
    case 5: {
        /* An exponent near the bottom or top of the range. */
        uint64_t emax = (UINT64_C(1) << ebits) - 1;
        uint64_t exp = chance(g, 50) ? below(g, 4) : emax - below(g, 3);
        return ((uint64_t)below(g, 2) << (bits - 1)) | (exp << fbits) |
               (rnd(g) & fmask);
    }
    default:
        return dp ? rnd(g) : (uint32_t)rnd(g);
    }
}

/* Registers: often the low few, so results feed later instructions. */
static unsigned gen_s(Vgen *g)
{
    return chance(g, 70) ? below(g, 8) : below(g, 32);
}

static unsigned gen_d(Vgen *g)
{
    return chance(g, 70) ? below(g, 6) + (chance(g, 30) ? 16 : 0)
                         : below(g, 32);
}

/* A condition suffix now and then (the flags come from VMRS APSR_nzcv
 * or the block's start). */
static const char *gen_cond(Vgen *g)
{
    static const char *const conds[] = { "eq", "ne", "cs", "cc", "mi",
                                         "pl", "vs", "vc", "hi", "ls",
                                         "ge", "lt", "gt", "le" };
    return chance(g, 85) ? "" : conds[below(g, COUNT(conds))];
}

/* A core register r0-r7 set to @v. */
static void set_core(Vgen *g, unsigned r, uint32_t v)
{
    emit(g, "movw r%u, #0x%x", r, v & 0xffff);
    if (v >> 16) {
        emit(g, "movt r%u, #0x%x", r, v >> 16);
    }
}

/* An FPSCR value: random mode bits and flags, LEN and STRIDE zero. */
static uint32_t gen_fpscr(Vgen *g)
{
    uint32_t v = (uint32_t)rnd(g) & 0xffc0009fu;
    return v & ~(3u << 20);
}

/* ------------------------------------------------------- instruction kinds */

static void gen_arith(Vgen *g)
{
    static const char *const ops[] = {
        "vadd", "vsub", "vmul", "vnmul", "vdiv", "vmla", "vmls",
        "vnmla", "vnmls", "vfma", "vfms", "vfnma", "vfnms",
    };
    const char *op = ops[below(g, COUNT(ops))];
    if (chance(g, 50)) {
        emit(g, "%s%s.f32 s%u, s%u, s%u", op, gen_cond(g), gen_s(g),
             gen_s(g), gen_s(g));
    } else {
        emit(g, "%s%s.f64 d%u, d%u, d%u", op, gen_cond(g), gen_d(g),
             gen_d(g), gen_d(g));
    }
}

static void gen_unary(Vgen *g)
{
    static const char *const ops[] = { "vabs", "vneg", "vsqrt", "vmov" };
    const char *op = ops[below(g, COUNT(ops))];
    if (chance(g, 50)) {
        emit(g, "%s%s.f32 s%u, s%u", op, gen_cond(g), gen_s(g), gen_s(g));
    } else {
        emit(g, "%s%s.f64 d%u, d%u", op, gen_cond(g), gen_d(g), gen_d(g));
    }
}

/* VMOV immediate: ±(16 + imm8[3:0]) / 16 * 2^n, n in -3..4 (A7.5.1). */
static void gen_vmov_imm(Vgen *g)
{
    unsigned imm8 = below(g, 256);
    unsigned b6 = (imm8 >> 6) & 1, b54 = (imm8 >> 4) & 3;
    int n = b6 ? (int)b54 - 3 : (int)b54 + 1;
    double v = ldexp((16 + (imm8 & 15)) / 16.0, n) * ((imm8 & 0x80) ? -1 : 1);
    if (chance(g, 50)) {
        emit(g, "vmov%s.f32 s%u, #%.10g", gen_cond(g), gen_s(g), v);
    } else {
        emit(g, "vmov%s.f64 d%u, #%.10g", gen_cond(g), gen_d(g), v);
    }
}

static void gen_compare(Vgen *g)
{
    const char *op = chance(g, 50) ? "vcmp" : "vcmpe";
    bool dp = chance(g, 50);
    char rd[8], rm[8];
    snprintf(rd, sizeof(rd), "%c%u", dp ? 'd' : 's', dp ? gen_d(g) : gen_s(g));
    if (chance(g, 25)) {
        snprintf(rm, sizeof(rm), "#0");
    } else {
        snprintf(rm, sizeof(rm), "%c%u", dp ? 'd' : 's',
                 dp ? gen_d(g) : gen_s(g));
    }
    emit(g, "%s%s.f%d %s, %s", op, gen_cond(g), dp ? 64 : 32, rd, rm);
    if (chance(g, 70)) {
        emit(g, "vmrs APSR_nzcv, fpscr");
    }
}

static void gen_convert(Vgen *g)
{
    const char *c = gen_cond(g);
    const char *sign = chance(g, 50) ? "s" : "u";
    switch (below(g, 7)) {
    case 0:
        emit(g, "vcvt%s.f64.f32 d%u, s%u", c, gen_d(g), gen_s(g));
        break;
    case 1:
        emit(g, "vcvt%s.f32.f64 s%u, d%u", c, gen_s(g), gen_d(g));
        break;
    case 2: {
        /* float to integer: towards zero (VCVT) or by the mode (VCVTR) */
        const char *r = chance(g, 50) ? "r" : "";
        if (chance(g, 50)) {
            emit(g, "vcvt%s%s.%s32.f32 s%u, s%u", r, c, sign, gen_s(g),
                 gen_s(g));
        } else {
            emit(g, "vcvt%s%s.%s32.f64 s%u, d%u", r, c, sign, gen_s(g),
                 gen_d(g));
        }
        break;
    }
    case 3:
        if (chance(g, 50)) {
            emit(g, "vcvt%s.f32.%s32 s%u, s%u", c, sign, gen_s(g), gen_s(g));
        } else {
            emit(g, "vcvt%s.f64.%s32 d%u, s%u", c, sign, gen_d(g), gen_s(g));
        }
        break;
    case 4:
    case 5: {
        /* fixed point, both ways, 16 or 32 bits */
        unsigned size = chance(g, 50) ? 16 : 32;
        unsigned fbits = 1 + below(g, size);
        bool dp = chance(g, 50);
        bool to_fixed = below(g, 2);
        char reg[8];
        snprintf(reg, sizeof(reg), "%c%u", dp ? 'd' : 's',
                 dp ? gen_d(g) : gen_s(g));
        if (to_fixed) {
            emit(g, "vcvt%s.%s%u.f%d %s, %s, #%u", c, sign, size,
                 dp ? 64 : 32, reg, reg, fbits);
        } else {
            emit(g, "vcvt%s.f%d.%s%u %s, %s, #%u", c, dp ? 64 : 32, sign,
                 size, reg, reg, fbits);
        }
        break;
    }
    default: {
        const char *bt = chance(g, 50) ? "b" : "t";
        if (chance(g, 50)) {
            emit(g, "vcvt%s%s.f16.f32 s%u, s%u", bt, c, gen_s(g), gen_s(g));
        } else {
            emit(g, "vcvt%s%s.f32.f16 s%u, s%u", bt, c, gen_s(g), gen_s(g));
        }
        break;
    }
    }
}

/* Moves between core registers r0-r7 and extension registers. */
static void gen_transfer(Vgen *g)
{
    unsigned rt = below(g, 8), rt2 = (rt + 1 + below(g, 7)) % 8;
    const char *c = gen_cond(g);
    switch (below(g, 7)) {
    case 0:
        emit(g, "vmov%s r%u, s%u", c, rt, gen_s(g));
        break;
    case 1:
        set_core(g, rt, (uint32_t)gen_value(g, 32));
        emit(g, "vmov%s s%u, r%u", c, gen_s(g), rt);
        break;
    case 2:
        emit(g, "vmov%s r%u, r%u, d%u", c, rt, rt2, gen_d(g));
        break;
    case 3: {
        uint64_t v = gen_value(g, 64);
        set_core(g, rt, (uint32_t)v);
        set_core(g, rt2, (uint32_t)(v >> 32));
        emit(g, "vmov%s d%u, r%u, r%u", c, gen_d(g), rt, rt2);
        break;
    }
    case 4: {
        unsigned s = below(g, 31);
        if (chance(g, 50)) {
            emit(g, "vmov%s r%u, r%u, s%u, s%u", c, rt, rt2, s, s + 1);
        } else {
            emit(g, "vmov%s s%u, s%u, r%u, r%u", c, s, s + 1, rt, rt2);
        }
        break;
    }
    case 5:
        emit(g, "vmov%s.32 r%u, d%u[%u]", c, rt, gen_d(g), below(g, 2));
        break;
    default:
        set_core(g, rt, (uint32_t)gen_value(g, 32));
        emit(g, "vmov%s.32 d%u[%u], r%u", c, gen_d(g), below(g, 2), rt);
        break;
    }
}

/* FPSCR reads and writes (mode changes in the middle of a block). */
static void gen_fpscr_access(Vgen *g)
{
    unsigned rt = below(g, 8);
    if (chance(g, 60)) {
        set_core(g, rt, gen_fpscr(g));
        emit(g, "vmsr fpscr, r%u", rt);
    } else {
        emit(g, "vmrs r%u, fpscr", rt);
    }
}

/* A register list {t<first>-t<first+n-1>} (one register: no range). */
static const char *reg_list(char t, unsigned first, unsigned n)
{
    static char buf[24];
    if (n == 1) {
        snprintf(buf, sizeof(buf), "{%c%u}", t, first);
    } else {
        snprintf(buf, sizeof(buf), "{%c%u-%c%u}", t, first, t, first + n - 1);
    }
    return buf;
}

/* Loads and stores on the scratch buffer through r8. */
static void gen_ldst(Vgen *g)
{
    bool load = chance(g, 50), dp = chance(g, 50);
    char t = dp ? 'd' : 's';
    switch (below(g, 3)) {
    case 0: {
        unsigned words = dp ? 2 : 1, off = 4 * below(g, 8);
        set_core(g, 8, BUF_ADDR + 4 * below(g, BUF_WORDS - words - 8) + off);
        emit(g, "%s %c%u, [r8, #%s%u]", load ? "vldr" : "vstr", t,
             dp ? gen_d(g) : gen_s(g), chance(g, 50) ? "-" : "", off);
        break;
    }
    case 1: {
        /* IA or DB, with or without writeback; r8 shown in the dump. */
        unsigned n = 1 + below(g, dp ? 8 : 12);
        unsigned first = below(g, 32 - n + 1);
        bool db = chance(g, 50), wb = db || chance(g, 50);
        uint32_t base = BUF_ADDR + 4 * (db ? (dp ? 2 * n : n) + below(g, 8)
                                           : below(g, 8));
        set_core(g, 8, base);
        emit(g, "%s%s%s r8%s, %s", load ? "vldm" : "vstm",
             db ? "db" : "ia", gen_cond(g), wb ? "!" : "",
             reg_list(t, first, n));
        break;
    }
    default: {
        /* VPUSH then VPOP to other registers, through the stack. */
        unsigned n = 1 + below(g, 6);
        unsigned a = below(g, 32 - n + 1), b = below(g, 32 - n + 1);
        emit(g, "vpush %s", reg_list(t, a, n));
        emit(g, "vpop %s", reg_list(t, b, n));
        break;
    }
    }
}

typedef struct Kind {
    void (*fn)(Vgen *g);
    unsigned weight;
} Kind;

static const Kind kinds[] = {
    { gen_arith, 12 }, { gen_unary, 3 },    { gen_vmov_imm, 1 },
    { gen_compare, 3 }, { gen_convert, 8 }, { gen_transfer, 3 },
    { gen_fpscr_access, 1 }, { gen_ldst, 3 },
};

static void gen_group(Vgen *g, unsigned group)
{
    unsigned total = 0;
    for (size_t i = 0; i < COUNT(kinds); i++) {
        total += kinds[i].weight;
    }
    unsigned pick = below(g, total);
    printf("@ group %u.%u\n", g->block, group);
    for (size_t i = 0; i < COUNT(kinds); i++) {
        if (pick < kinds[i].weight) {
            kinds[i].fn(g);
            return;
        }
        pick -= kinds[i].weight;
    }
}

/* ------------------------------------------------------------- harness */

/* Saves the state to ctx (sp), prints it tagged block:group, restores
 * what the printing changed. */
static void gen_dump(Vgen *g, unsigned group)
{
    printf("\tstm sp, {r0-r12, lr}\n"
           "\tbl dump_save\n"
           "\tmovw r0, #%u\n"
           "\tmovt r0, #%u\n"
           "\tbl dump\n"
           "\tldm sp, {r0-r12, lr}\n",
           group, g->block);
}

/* A block's initial state: D0-D31, then FPSCR, APSR and r0. */
#define INIT_WORDS 35

/* A block: its registers and FPSCR from data, then its groups. */
static void gen_block(Vgen *g, unsigned groups, unsigned every, bool trace,
                      const uint64_t init[INIT_WORDS])
{
    printf("@ block %u\n"
           "@ init fpscr %08x apsr %08x r0 %08x, D0-D31 from init_%u\n"
           "\tmovw r0, #:lower16:init_%u\n"
           "\tmovt r0, #:upper16:init_%u\n"
           "\tvldmia r0!, {d0-d15}\n"
           "\tvldmia r0!, {d16-d31}\n"
           "\tldm r0, {r0-r2}\n"
           "\tvmsr fpscr, r0\n"
           "\tmsr APSR_nzcvq, r1\n"
           "\tmov r0, r2\n",
           g->block, (unsigned)init[32], (unsigned)init[33],
           (unsigned)init[34], g->block, g->block, g->block);
    for (unsigned i = 0; i < groups; i++) {
        gen_group(g, i);
        if (trace || i + 1 == groups || (i + 1) % every == 0) {
            gen_dump(g, i);
        }
    }
    printf("@ end %u\n", g->block);
}

static void gen_init_data(Vgen *g, uint64_t init[INIT_WORDS])
{
    for (unsigned d = 0; d < 32; d++) {
        init[d] = chance(g, 50) ? gen_value(g, 64)
                                : gen_value(g, 32) | (gen_value(g, 32) << 32);
    }
    init[32] = gen_fpscr(g);
    init[33] = below(g, 16) << 28;
    init[34] = (uint32_t)gen_value(g, 32);
}

static void print_init_data(unsigned block, const uint64_t init[INIT_WORDS])
{
    printf("\t.balign 8\ninit_%u:\n", block);
    for (unsigned d = 0; d < 32; d++) {
        printf("\t.quad 0x%016" PRIx64 "\n", init[d]);
    }
    printf("\t.word 0x%08x, 0x%08x, 0x%08x\n", (unsigned)init[32],
           (unsigned)init[33], (unsigned)init[34]);
}

/* Start-up (vectors, console handle, CPACR and FPEXC.EN, the buffer),
 * then the routines. */
static void gen_head(uint32_t fill)
{
    printf("@ vfpgen: tzemu VFP differential fuzz program\n"
           "\t.syntax unified\n\t.arm\n\t.fpu vfpv4\n\t.text\n"
           "\t.global _start\n_start:\n"
           "\tldr r0, =vectors\n\tmcr p15, 0, r0, c12, c0, 0\n"
           "\tldr sp, =ctx\n"
           "\tmrc p15, 0, r0, c1, c0, 2\n\torr r0, r0, #0xf00000\n"
           "\tmcr p15, 0, r0, c1, c0, 2\n\tisb\n"
           "\tmov r0, #0x40000000\n\tvmsr fpexc, r0\n"
           "\tmov r0, #1\n\tldr r1, =open_args\n\tsvc 0x123456\n"
           "\tldr r1, =write_args\n\tstr r0, [r1]\n"
           "\tldr r0, =0x%x\n\tldr r1, =0x%x\n\tmov r2, #%u\n"
           "\tldr r3, =0x01000193\n"
           "1:\tmul r1, r1, r3\n\tadd r1, r1, #0x3b\n\tstr r1, [r0], #4\n"
           "\tsubs r2, r2, #1\n\tbne 1b\n"
           "\tb blocks\n\t.ltorg\nblocks:\n",
           BUF_ADDR, fill | 1, BUF_WORDS);
}

static void gen_tail(void)
{
    printf("\tldr r1, =done_msg\n\tmov r0, #4\n\tsvc 0x123456\n"
           "\tmov r0, #0x18\n\tldr r1, =0x20026\n\tsvc 0x123456\n"
           "1:\tb 1b\n\n"
           /* dump_save: APSR, FPSCR and D0-D31 into ctx after r0-r12, lr. */
           "dump_save:\n"
           "\tmrs r0, apsr\n\tstr r0, [sp, #56]\n"
           "\tvmrs r0, fpscr\n\tstr r0, [sp, #60]\n"
           "\tadd r0, sp, #64\n\tvstmia r0!, {d0-d15}\n"
           "\tvstmia r0, {d16-d31}\n\tbx lr\n\n"
           /* put: r1 as 8 hex digits and a space at r9. */
           "put:\n\tmov r3, #28\n"
           "2:\tlsr r2, r1, r3\n\tand r2, r2, #15\n"
           "\tcmp r2, #10\n\taddlo r2, r2, #'0'\n\taddhs r2, r2, #'a'-10\n"
           "\tstrb r2, [r9], #1\n\tsubs r3, r3, #4\n\tbpl 2b\n"
           "\tmov r2, #' '\n\tstrb r2, [r9], #1\n\tbx lr\n\n"
           /* dump: tag r0, r0-r8, flags, FPSCR, D0-D31 (high word first),
            * the buffer's hash; one SYS_WRITE. */
           "dump:\n\tmov r11, lr\n\tldr r9, =line\n"
           "\tmov r1, r0\n\tbl put\n"
           "\tmov r10, #0\n"
           "3:\tldr r1, [sp, r10, lsl #2]\n\tbl put\n"
           "\tadd r10, r10, #1\n\tcmp r10, #9\n\tbne 3b\n"
           "\tldr r1, [sp, #56]\n\tand r1, r1, #0xf8000000\n\tbl put\n"
           "\tldr r1, [sp, #60]\n\tbl put\n"
           "\tmov r10, #64\n"
           "4:\tadd r10, r10, #4\n\tldr r1, [sp, r10]\n\tbl put\n"
           "\tsub r10, r10, #4\n\tldr r1, [sp, r10]\n\tbl put\n"
           "\tadd r10, r10, #8\n\tcmp r10, #320\n\tbne 4b\n"
           "\tldr r4, =0x%x\n\tmov r5, #%u\n\tldr r1, =0x811c9dc5\n"
           "\tldr r6, =0x01000193\n"
           "5:\tldr r7, [r4], #4\n\teor r1, r1, r7\n\tmul r1, r1, r6\n"
           "\tsubs r5, r5, #1\n\tbne 5b\n\tbl put\n"
           "\tmov r2, #10\n\tstrb r2, [r9, #-1]\n"
           "\tldr r0, =line\n\tsub r9, r9, r0\n"
           "\tldr r1, =write_args\n\tstr r9, [r1, #8]\n"
           "\tmov r0, #5\n\tsvc 0x123456\n\tbx r11\n\n"
           /* Any exception: its vector offset and lr, then stop. */
           "\t.balign 32\nvectors:\n",
           BUF_ADDR, BUF_WORDS);
    for (unsigned i = 0; i < 8; i++) {
        printf("\tb exc%u\n", i);
    }
    for (unsigned i = 0; i < 8; i++) {
        printf("exc%u:\n\tmov r10, #%u\n\tb exc\n", i, 4 * i);
    }
    printf("exc:\n\tmov r11, lr\n\tldr sp, =ctx\n"
           "\tldr r9, =line\n\tmov r1, #0xe0000000\n\torr r1, r1, r10\n"
           "\tbl put\n\tmov r1, r11\n\tbl put\n"
           "\tmov r2, #10\n\tstrb r2, [r9, #-1]\n\tmov r2, #0\n\tstrb r2, [r9]\n"
           "\tmov r0, #4\n\tldr r1, =line\n\tsvc 0x123456\n"
           "\tmov r0, #0x18\n\tldr r1, =0x20023\n\tsvc 0x123456\n"
           "6:\tb 6b\n\t.ltorg\n");
}

static uint64_t parse_num(const char *s, const char *what)
{
    char *end;
    uint64_t v = strtoull(s, &end, 0);
    if (!*s || *end) {
        fprintf(stderr, "vfpgen: bad %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    unsigned blocks = 40, groups = 25, every = 5;
    bool trace = false;
    if (argc < 3) {
        fprintf(stderr, "usage: vfpgen SEED INDEX [--blocks N] [--groups N] "
                        "[--every N] [--trace]\n");
        return 2;
    }
    Vgen g = { 0 };
    uint64_t seed = parse_num(argv[1], "seed");
    uint64_t index = parse_num(argv[2], "index");
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--trace")) {
            trace = true;
        } else if (!strcmp(argv[i], "--blocks") && i + 1 < argc) {
            blocks = (unsigned)parse_num(argv[++i], "block count");
        } else if (!strcmp(argv[i], "--groups") && i + 1 < argc) {
            groups = (unsigned)parse_num(argv[++i], "group count");
        } else if (!strcmp(argv[i], "--every") && i + 1 < argc) {
            every = (unsigned)parse_num(argv[++i], "dump interval");
        } else {
            fprintf(stderr, "vfpgen: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!blocks || !groups || !every || (uint64_t)blocks * groups > 10000) {
        fprintf(stderr, "vfpgen: at most 10000 groups in all, a dump every "
                        "1 or more\n");
        return 2;
    }
    /* Each program's stream depends on the seed and its index only. */
    g.rng = seed;
    g.rng = rnd(&g) ^ (index * 0xd1342543de82ef95ull);
    uint64_t (*init)[INIT_WORDS] = calloc(blocks, sizeof(*init));
    if (!init) {
        return 2;
    }
    for (unsigned b = 0; b < blocks; b++) {
        gen_init_data(&g, init[b]);
    }
    gen_head((uint32_t)rnd(&g));
    for (unsigned b = 0; b < blocks; b++) {
        g.block = b;
        gen_block(&g, groups, every, trace, init[b]);
    }
    gen_tail();
    printf("\n\t.data\n");
    for (unsigned b = 0; b < blocks; b++) {
        print_init_data(b, init[b]);
    }
    free(init);
    printf("done_msg:\n\t.asciz \"done\\n\"\n"
           "tt_name:\n\t.asciz \":tt\"\n\t.balign 4\n"
           "open_args:\n\t.word tt_name, 4, 3\n"
           "write_args:\n\t.word 0, line, 0\n"
           /* VPUSH and VPOP use the space below ctx as their stack. */
           "\t.bss\n\t.balign 8\n\t.space 1024\n"
           "ctx:\n\t.space 320\n"
           "line:\n\t.space 768\n"
           "@ insns %u\n",
           g.insns);
    return 0;
}
