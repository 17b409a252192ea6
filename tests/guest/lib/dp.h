/*
 * Table-driven data-processing checks for the guest tests: OP() wraps one
 * instruction (or a few) in a function that sets NZCVQ and GE, runs it,
 * and returns the result registers and the flags after; run_ops() prints
 * one line per operation, inputs and flags in:
 *   name a [b] [acc c[:d]] [NZCVQ ge] -> r [r2] NZCVQ ge
 */
#ifndef GUEST_DP_H
#define GUEST_DP_H

#include <stdint.h>

typedef struct Res {
    uint32_t r, r2, f;
} Res;

typedef Res (*OpFn)(uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                    uint32_t fin);

/* body sees %[a] %[b] (inputs), %[r] (in: c) and %[r2] (in: d). */
#define OP(fname, body)                                                     \
    static Res fname(uint32_t a, uint32_t b, uint32_t c, uint32_t d,        \
                     uint32_t fin)                                          \
    {                                                                       \
        uint32_t r = c, r2 = d, f;                                          \
        __asm__ volatile("msr APSR_nzcvqg, %[fin]\n\t" body                 \
                         "\n\tmrs %[f], APSR"                               \
                         : [r] "+&r"(r), [r2] "+&r"(r2), [f] "=&r"(f)       \
                         : [a] "r"(a), [b] "r"(b), [fin] "r"(fin)           \
                         : "cc");                                           \
        return (Res){ r, r2, f };                                           \
    }

#define FN (1u << 31)
#define FZ (1u << 30)
#define FC (1u << 29)
#define FV (1u << 28)
#define FQ (1u << 27)
#define GE(x) ((uint32_t)(x) << 16)

/* Shapes: U1 a -> r; B1 a, b -> r; A1 a, b, acc c -> r; B2 a, b -> r, r2;
 * A2 a, b, acc c:d -> r, r2. */
enum { U1, B1, A1, B2, A2 };

typedef struct Op {
    const char *name;
    OpFn fn;
    int shape;
} Op;

typedef struct Pair {
    uint32_t a, b;
} Pair;

/* Every op on every pair with every flags-in value, accumulators c, d. */
void run_ops(const Op *ops, int nops, const Pair *p, int np,
             const uint32_t *fins, int nf, uint32_t c, uint32_t d);
void show(const char *name, OpFn fn, int shape, uint32_t a, uint32_t b,
          uint32_t c, uint32_t d, uint32_t fin);

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
