/*
 * A32 multiplies (ARM ARM A5.2.5, A5.2.7, A5.4.4), divides, saturating
 * add/subtract (A5.2.6) and CLZ. Fields: rd, rn, rm, rs, ra (accumulator or
 * low half), s; op selects the variant where one function serves several.
 * For the long forms rd is RdHi and ra RdLo.
 */
#include "a32.h"
#include "a32_exec.h"

/* MUL, MLA, MLS: Rd = Rn * Rm (+ Ra, or Ra - product). op: 0 MUL, 1 MLA,
 * 2 MLS. Only MUL and MLA set N and Z with S (C and V unchanged). */
void a32_mul(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t p = cpu->r[in->rn] * cpu->r[in->rm];
    uint32_t r = in->op == 0 ? p
                 : in->op == 1 ? p + cpu->r[in->ra]
                               : cpu->r[in->ra] - p;
    cpu->r[in->rd] = r;
    if (in->s) {
        a32_set_nz(cpu, r);
    }
}

static void set_long(ArmCpu *cpu, const ArmInsn *in, uint64_t r)
{
    cpu->r[in->ra] = (uint32_t)r;
    cpu->r[in->rd] = (uint32_t)(r >> 32);
    if (in->s) {
        cpu->nf = (uint32_t)(r >> 32);
        cpu->zf = (uint32_t)r | (uint32_t)(r >> 32);
    }
}

static uint64_t long_acc(const ArmCpu *cpu, const ArmInsn *in)
{
    return ((uint64_t)cpu->r[in->rd] << 32) | cpu->r[in->ra];
}

/* UMULL, UMLAL, SMULL, SMLAL. op bit 0: accumulate; bit 1: signed. */
void a32_mul_long(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm];
    uint64_t p = (in->op & 2) ? (uint64_t)((int64_t)(int32_t)n * (int32_t)m)
                              : (uint64_t)n * m;
    set_long(cpu, in, (in->op & 1) ? p + long_acc(cpu, in) : p);
}

/* UMAAL: RdHi:RdLo = Rn * Rm + RdHi + RdLo. */
void a32_umaal(ArmCpu *cpu, const ArmInsn *in)
{
    uint64_t r = (uint64_t)cpu->r[in->rn] * cpu->r[in->rm] +
                 cpu->r[in->rd] + cpu->r[in->ra];
    cpu->r[in->ra] = (uint32_t)r;
    cpu->r[in->rd] = (uint32_t)(r >> 32);
}

static int32_t half(uint32_t v, bool top)
{
    return top ? (int16_t)(v >> 16) : (int16_t)v;
}

/* Adds with the Q flag set on signed overflow (no saturation). */
static uint32_t add_q(ArmCpu *cpu, int32_t a, int32_t b)
{
    int64_t r = (int64_t)a + b;
    if (r != (int32_t)r) {
        cpu->qf = 1;
    }
    return (uint32_t)r;
}

/*
 * Halfword multiplies (A5.2.7). op: 0 SMLA<x><y>, 1 SMLAW<y>/SMULW<y>
 * (amount 1 = SMULW), 2 SMLAL<x><y>, 3 SMUL<x><y>. shift bit 0: N top
 * half (x), bit 1: M top half (y).
 */
void a32_mul_half(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm];
    int32_t y = half(m, in->shift & 2);
    switch (in->op) {
    case 0:
        cpu->r[in->rd] = add_q(cpu, half(n, in->shift & 1) * y,
                               (int32_t)cpu->r[in->ra]);
        break;
    case 1: {
        int32_t p = (int32_t)(((int64_t)(int32_t)n * y) >> 16);
        cpu->r[in->rd] = in->amount ? (uint32_t)p
                                    : add_q(cpu, p, (int32_t)cpu->r[in->ra]);
        break;
    }
    case 2: {
        int64_t p = (int64_t)half(n, in->shift & 1) * y;
        uint64_t r = (uint64_t)p + long_acc(cpu, in);
        cpu->r[in->ra] = (uint32_t)r;
        cpu->r[in->rd] = (uint32_t)(r >> 32);
        break;
    }
    default:
        cpu->r[in->rd] = (uint32_t)(half(n, in->shift & 1) * y);
        break;
    }
}

/*
 * Dual and most-significant-word signed multiplies (A5.4.4). op: 0
 * SMLAD/SMUAD, 1 SMLSD/SMUSD, 2 SMLALD, 3 SMLSLD, 4 SMMLA/SMMUL, 5 SMMLS.
 * shift bit 0: M's halves swapped (X) or rounding (R). ra == 15: no
 * accumulate (the SMUAD, SMUSD and SMMUL forms).
 */
void a32_mul_dual(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm];
    if ((in->op < 4) && (in->shift & 1)) {
        m = (m >> 16) | (m << 16);
    }
    int64_t p1 = (int64_t)half(n, false) * half(m, false);
    int64_t p2 = (int64_t)half(n, true) * half(m, true);
    switch (in->op) {
    case 0:
    case 1: {
        int64_t sum = in->op == 0 ? p1 + p2 : p1 - p2;
        if (in->ra != 15) {
            sum += (int32_t)cpu->r[in->ra];
        }
        if (sum != (int32_t)sum) {
            cpu->qf = 1;
        }
        cpu->r[in->rd] = (uint32_t)sum;
        break;
    }
    case 2:
    case 3: {
        int64_t sum = in->op == 2 ? p1 + p2 : p1 - p2;
        uint64_t r = (uint64_t)sum + long_acc(cpu, in);
        cpu->r[in->ra] = (uint32_t)r;
        cpu->r[in->rd] = (uint32_t)(r >> 32);
        break;
    }
    default: {
        int64_t p = (int64_t)(int32_t)n * (int32_t)m;
        int64_t acc = in->ra == 15 ? 0 : (int64_t)((uint64_t)cpu->r[in->ra] << 32);
        uint64_t r = in->op == 4 ? (uint64_t)acc + (uint64_t)p
                                 : (uint64_t)acc - (uint64_t)p;
        if (in->shift & 1) {
            r += 0x80000000u;
        }
        cpu->r[in->rd] = (uint32_t)(r >> 32);
        break;
    }
    }
}

/* SDIV, UDIV (A8.8.165, A8.8.248): x / 0 = 0; INT_MIN / -1 = INT_MIN. */
void a32_div(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm];
    uint32_t r;
    if (m == 0) {
        r = 0;
    } else if (in->op) {
        r = (n == 0x80000000u && m == 0xffffffffu)
                ? n : (uint32_t)((int32_t)n / (int32_t)m);
    } else {
        r = n / m;
    }
    cpu->r[in->rd] = r;
}

static int32_t sat_q(ArmCpu *cpu, int64_t v)
{
    if (v > INT32_MAX) {
        cpu->qf = 1;
        return INT32_MAX;
    }
    if (v < INT32_MIN) {
        cpu->qf = 1;
        return INT32_MIN;
    }
    return (int32_t)v;
}

/* QADD, QSUB, QDADD, QDSUB (A5.2.6). op: bit 0 subtract, bit 1 double Rn. */
void a32_qaddsub(ArmCpu *cpu, const ArmInsn *in)
{
    int64_t n = (int32_t)cpu->r[in->rn];
    int64_t m = (int32_t)cpu->r[in->rm];
    if (in->op & 2) {
        n = sat_q(cpu, 2 * n);
    }
    cpu->r[in->rd] = (uint32_t)sat_q(cpu, (in->op & 1) ? m - n : m + n);
}

void a32_clz(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t m = cpu->r[in->rm];
    cpu->r[in->rd] = m ? (uint32_t)__builtin_clz(m) : 32;
}
