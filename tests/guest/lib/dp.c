/*
 * Printing for the table-driven data-processing checks (lib/dp.h).
 */
#include <stdio.h>

#include "dp.h"
#include "guest.h"

void show(const char *name, OpFn fn, int shape, uint32_t a, uint32_t b,
          uint32_t c, uint32_t d, uint32_t fin)
{
    Res o = fn(a, b, c, d, fin);
    printf("%-8s %08x", name, (unsigned)a);
    if (shape != U1) {
        printf(" %08x", (unsigned)b);
    }
    if (shape == A1 || shape == A2) {
        printf(" acc %08x", (unsigned)c);
        if (shape == A2) {
            printf(":%08x", (unsigned)d);
        }
    }
    printf(" [%s %x] -> %08x", flags_str(fin), (unsigned)(fin >> 16) & 0xf,
           (unsigned)o.r);
    if (shape == B2 || shape == A2) {
        printf(" %08x", (unsigned)o.r2);
    }
    printf(" %s %x\n", flags_str(o.f), (unsigned)(o.f >> 16) & 0xf);
}

void run_ops(const Op *ops, int nops, const Pair *p, int np,
             const uint32_t *fins, int nf, uint32_t c, uint32_t d)
{
    for (int i = 0; i < nops; i++) {
        for (int j = 0; j < np; j++) {
            for (int k = 0; k < nf; k++) {
                show(ops[i].name, ops[i].fn, ops[i].shape, p[j].a, p[j].b, c,
                     d, fins[k]);
            }
        }
    }
}
