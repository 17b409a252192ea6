/*
 * The instruction-set-independent part of the fuzz generators (see
 * fuzzgen.h): the random stream, group emission, operand helpers, blocks
 * (initial state, groups, dumps) and the A32 harness every program runs
 * its blocks in.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzgen.h"

/* ------------------------------------------------------------ random */

/* splitmix64: small, and the same sequence on every host. */
uint64_t gen_next(Gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
uint32_t gen_below(Gen *g, uint32_t n)
{
    return (uint32_t)(gen_next(g) % n);
}

/* Uniform in [lo, hi]. */
uint32_t gen_range(Gen *g, uint32_t lo, uint32_t hi)
{
    return lo + gen_below(g, hi - lo + 1);
}

bool gen_chance(Gen *g, unsigned percent)
{
    return gen_below(g, 100) < percent;
}

/* A value biased towards the edges of signed and unsigned arithmetic on
 * words, halfwords and bytes. */
uint32_t gen_value(Gen *g)
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

/* Appends one instruction (a tab, the text, a newline) to the group. */
void gen_line(Gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g->text[g->len++] = '\t';
    int n = vsnprintf(g->text + g->len, GROUP_MAX - g->len - 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= GROUP_MAX - g->len - 2) {
        fprintf(stderr, "%s: group too long\n", g->isa->tool);
        exit(2);
    }
    g->len += (size_t)n;
    g->text[g->len++] = '\n';
    g->text[g->len] = 0;
    g->insns++;
}

/* Appends a line that is not an instruction (a label). */
void gen_label(Gen *g, const char *label)
{
    size_t n = strlen(label);
    if (g->len + n + 2 >= GROUP_MAX) {
        fprintf(stderr, "%s: group too long\n", g->isa->tool);
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

const char *reg_name(unsigned r)
{
    static const char *const names[16] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
    };
    return names[r];
}

/* A register from @allowed (a mask of REG_ALL). */
unsigned gen_reg_in(Gen *g, uint32_t allowed)
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

unsigned gen_reg(Gen *g)
{
    return gen_reg_in(g, REG_ALL);
}

unsigned gen_reg_not(Gen *g, uint32_t avoid)
{
    return gen_reg_in(g, REG_ALL & ~avoid);
}

const char *gen_cond_any(Gen *g)
{
    static const char *const conds[] = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs",
        "vc", "hi", "ls", "ge", "lt", "gt", "le",
    };
    return conds[gen_below(g, 14)];
}

/* Setup: Rd = @v, in one or two instructions. */
void gen_set(Gen *g, unsigned rd, uint32_t v)
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
void gen_maybe_seed(Gen *g, unsigned r)
{
    if (gen_chance(g, g->seed_pct)) {
        gen_set(g, r, gen_value(g));
    }
}

void gen_reglist(char *buf, size_t size, uint32_t list)
{
    size_t len = 0;
    buf[0] = 0;
    for (unsigned r = 0; r < 16; r++) {
        if ((list >> r) & 1) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    len ? ", " : "", R(r));
        }
    }
}

/* An address in the scratch buffer for @size bytes, aligned to @align
 * (or to nothing with --unaligned, where the instruction allows it); often
 * next to the page boundary in the middle of the buffer, so that accesses
 * straddle it. */
uint32_t gen_addr(Gen *g, unsigned size, unsigned align, bool may_unalign)
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

/* One group from the classes in @enabled (a bit per class), by weight. */
static void gen_group(Gen *g, uint32_t enabled)
{
    unsigned total = 0;
    for (size_t i = 0; i < g->isa->nr_classes; i++) {
        total += (enabled >> i) & 1 ? g->isa->classes[i].weight : 0;
    }
    unsigned pick = gen_below(g, total);
    for (size_t i = 0; i < g->isa->nr_classes; i++) {
        unsigned w = (enabled >> i) & 1 ? g->isa->classes[i].weight : 0;
        if (pick < w) {
            g->isa->classes[i].fn(g);
            gen_flush(g);
            return;
        }
        pick -= w;
    }
}

/* The class mask of a comma-separated list of class names. */
static uint32_t parse_classes(const Gen *g, const char *list)
{
    uint32_t mask = 0;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", list);
    for (char *name = strtok(buf, ","); name; name = strtok(NULL, ",")) {
        size_t i;
        for (i = 0; i < g->isa->nr_classes && strcmp(g->isa->classes[i].name, name); i++) {
        }
        if (i == g->isa->nr_classes) {
            fprintf(stderr, "%s: unknown class '%s'; classes:", g->isa->tool, name);
            for (i = 0; i < g->isa->nr_classes; i++) {
                fprintf(stderr, " %s", g->isa->classes[i].name);
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
    fprintf(g->out, "\n%s"
                    "\tmovw r0, #:lower16:init_%u\n"
                    "\tmovt r0, #:upper16:init_%u\n"
                    "\tldr r1, [r0, #56]\n"
                    "\tmsr APSR_nzcvqg, r1\n"
                    "\tclrex\n"
                    "\tldm r0, {r0-r12, lr}\n",
            g->isa->block_enter, g->block, g->block);
    for (unsigned i = 0; i < groups; i++) {
        g->group = i;
        gen_group(g, g->classes);
        if (i + 1 == groups) {
            gen_dump(g, i, true, false);
        } else if (g->trace || (i + 1) % g->every == 0) {
            gen_dump(g, i, g->trace, true);
        }
    }
    fprintf(g->out, "%s@ end %u\n", g->isa->block_leave, g->block);
}

/* The fixed part: start-up, the dump routine, the exception vectors. */
static void gen_harness_head(Gen *g, uint32_t fill_seed)
{
    fprintf(g->out,
            "@ %s\n"
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
            g->isa->title, BUF_ADDR & 0xffff, BUF_ADDR >> 16,
            fill_seed & 0xffff, fill_seed >> 16, BUF_WORDS);
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
             * (else dots). A function, so a call from Thumb code links
             * as BLX. */
            "\t.type dump, %%function\n"
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
        fprintf(stderr, "fuzz generator: bad %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

int fuzz_main(int argc, char **argv, const FuzzIsa *isa)
{
    Gen g = { .out = stdout, .every = 1, .seed_pct = 20, .isa = isa,
              .classes = (uint32_t)((1ull << isa->nr_classes) - 1) };
    unsigned blocks = 40, groups = 20;
    if (argc < 3) {
        fprintf(stderr, "usage: %s SEED INDEX [--blocks N] [--groups N] "
                        "[--every N] [--only CLASS,...] [--edges PERCENT] "
                        "[--trace] [--unaligned]\n", isa->tool);
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
            g.classes = parse_classes(&g, argv[++i]);
        } else if (!strcmp(argv[i], "--every") && i + 1 < argc) {
            g.every = (unsigned)parse_u64(argv[++i], "dump interval");
        } else if (!strcmp(argv[i], "--groups") && i + 1 < argc) {
            groups = (unsigned)parse_u64(argv[++i], "group count");
        } else {
            fprintf(stderr, "%s: unknown option '%s'\n", isa->tool, argv[i]);
            return 2;
        }
    }
    /* A group and its dump take at most ~30 instructions: 10 000 groups
     * keep the program well below the scratch buffer. */
    if (!blocks || !groups || (uint64_t)blocks * groups > 10000 || !g.every) {
        fprintf(stderr, "%s: at most 10000 groups in all, a dump every "
                        "1 or more\n", isa->tool);
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

