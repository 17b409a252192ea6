/*
 * The parts of the differential fuzz generators that do not depend on the
 * instruction set: the random stream, groups of instruction lines, operand
 * helpers, the harness (start-up, the dump routine that prints registers,
 * flags and a hash of the scratch buffer through semihosting, the
 * exception vectors) and the command line. a32gen.c and t32gen.c supply
 * their instruction classes as a FuzzIsa.
 */
#ifndef TZEMU_FUZZGEN_H
#define TZEMU_FUZZGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The scratch buffer: two pages at a fixed address in the virt board's
 * RAM, well above the program, so address arithmetic is plain numbers. */
#define BUF_ADDR 0x40200000u
#define BUF_SIZE 8192u
#define BUF_WORDS (BUF_SIZE / 4)

#define GROUP_MAX 2048

typedef struct FuzzIsa FuzzIsa;

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
    const FuzzIsa *isa;
} Gen;

typedef void (*GenFn)(Gen *g);

/* A class of groups: its name for --only, its generator, its weight. */
typedef struct FuzzClass {
    const char *name;
    GenFn fn;
    unsigned weight;
} FuzzClass;

/*
 * An instruction set: the program's name (messages, the listing's first
 * line), its classes, and the code run before each block (after the
 * harness's A32 code) and after its last dump (back to A32).
 */
struct FuzzIsa {
    const char *tool;
    const char *title;
    const FuzzClass *classes;
    size_t nr_classes;
    const char *block_enter;
    const char *block_leave;
};

/* The random stream: 64 bits; uniform in [0, n); in [lo, hi]; true with
 * @percent chance; a value biased to the edges of the arithmetic. */
uint64_t gen_next(Gen *g);
uint32_t gen_below(Gen *g, uint32_t n);
uint32_t gen_range(Gen *g, uint32_t lo, uint32_t hi);
bool gen_chance(Gen *g, unsigned percent);
uint32_t gen_value(Gen *g);

/* Appends one instruction line (counted) or a label to the group. */
void gen_line(Gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void gen_label(Gen *g, const char *label);

/* The registers blocks use: r0-r12 and lr (sp is the harness's, pc is
 * never an operand). */
#define REG_ALL 0x5fffu

const char *reg_name(unsigned r);
/* A register from @allowed (a mask of REG_ALL), any, any but @avoid. */
unsigned gen_reg_in(Gen *g, uint32_t allowed);
unsigned gen_reg(Gen *g);
unsigned gen_reg_not(Gen *g, uint32_t avoid);

#define R(r) reg_name(r)
#define M(r) (1u << (r))

/* One of the fourteen condition suffixes. */
const char *gen_cond_any(Gen *g);
/* A condition suffix: mostly none (always), else any of the fourteen. */
const char *gen_cond(Gen *g);
/* Setup: Rd = @v, in one or two instructions. */
void gen_set(Gen *g, unsigned rd, uint32_t v);
/* Sometimes sets a source register to an edge value first. */
void gen_maybe_seed(Gen *g, unsigned r);
/* The register list @list (a bit per register) as "r0, r4, lr". */
void gen_reglist(char *buf, size_t size, uint32_t list);
/* An address in the scratch buffer (see fuzzgen.c). */
uint32_t gen_addr(Gen *g, unsigned size, unsigned align, bool may_unalign);

/* RdLo and RdHi for a long multiply (they must differ). */
void gen_lo_hi(Gen *g, unsigned *lo, unsigned *hi);

/* The classes of fuzzgen_media.c, valid in both instruction sets. */
void gen_mul_half(Gen *g);
void gen_mul_dual(Gen *g);
void gen_div(Gen *g);
void gen_qaddsub(Gen *g);
void gen_parallel(Gen *g);
void gen_media_misc(Gen *g);
void gen_extend(Gen *g);
void gen_bits(Gen *g);
void gen_bitfield(Gen *g);

/* The whole program for the command line (SEED INDEX [options]). */
int fuzz_main(int argc, char **argv, const FuzzIsa *isa);

#endif
