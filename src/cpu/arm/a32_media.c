/*
 * A32 media instructions (ARM ARM A5.4): parallel add/subtract with their
 * GE flags, saturation, packing and extension, byte reversal, bit fields,
 * sums of absolute differences and SEL. Fields per function below.
 */
#include "a32.h"
#include "a32_exec.h"

/*
 * Parallel add/subtract (A5.4.1, A5.4.2). op: 0 ADD16, 1 ASX, 2 SAX,
 * 3 SUB16, 4 ADD8, 7 SUB8. shift: 1 plain signed (S, sets GE),
 * 2 saturating (Q), 3 halving (SH); +4 for the unsigned kinds (U, UQ, UH).
 */
enum { PAR_PLAIN = 1, PAR_SAT = 2, PAR_HALF = 3, PAR_UNSIGNED = 4 };

static int32_t lane(uint32_t v, unsigned i, unsigned bits, bool sign)
{
    uint32_t x = (v >> (i * bits)) & ((1u << bits) - 1);
    if (sign && (x >> (bits - 1))) {
        return (int32_t)x - (1 << bits);
    }
    return (int32_t)x;
}

static uint32_t saturate_lane(int32_t v, unsigned bits, bool sign)
{
    int32_t lo = sign ? -(1 << (bits - 1)) : 0;
    int32_t hi = sign ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    return (uint32_t)(v < lo ? lo : v > hi ? hi : v) & ((1u << bits) - 1);
}

void a32_parallel(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm];
    bool sign = !(in->shift & PAR_UNSIGNED);
    unsigned kind = in->shift & 3;
    bool bytes = in->op >= 4;
    unsigned bits = bytes ? 8 : 16, lanes = bytes ? 4 : 2;
    uint32_t r = 0, ge = 0;
    for (unsigned i = 0; i < lanes; i++) {
        int32_t a = lane(n, i, bits, sign), b;
        bool sub;
        switch (in->op) {
        case 1: /* ASX: low = Nlo - Mhi, high = Nhi + Mlo */
            b = lane(m, 1 - i, bits, sign);
            sub = i == 0;
            break;
        case 2: /* SAX: low = Nlo + Mhi, high = Nhi - Mlo */
            b = lane(m, 1 - i, bits, sign);
            sub = i == 1;
            break;
        default:
            b = lane(m, i, bits, sign);
            sub = in->op == 3 || in->op == 7;
            break;
        }
        int32_t v = sub ? a - b : a + b;
        uint32_t out;
        if (kind == PAR_SAT) {
            out = saturate_lane(v, bits, sign);
        } else if (kind == PAR_HALF) {
            out = (uint32_t)(v >> 1) & ((1u << bits) - 1);
        } else {
            out = (uint32_t)v & ((1u << bits) - 1);
            /* GE: signed result >= 0; unsigned add carried, or the
             * subtraction did not borrow (A8.8.*: SADD16, UADD16, ...). */
            bool g = sign ? v >= 0 : (sub ? v >= 0 : v >= (1 << bits));
            if (g) {
                ge |= bytes ? 1u << i : 3u << (2 * i);
            }
        }
        r |= out << (i * bits);
    }
    cpu->r[in->rd] = r;
    if (kind == PAR_PLAIN) {
        cpu->ge = ge;
    }
}

/* SEL: each byte from Rn where its GE bit is set, else from Rm. */
void a32_sel(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t mask = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (cpu->ge & (1u << i)) {
            mask |= 0xffu << (8 * i);
        }
    }
    cpu->r[in->rd] = (cpu->r[in->rn] & mask) | (cpu->r[in->rm] & ~mask);
}

/* PKHBT (op 0) / PKHTB (op 1) with an immediate shift (LSL / ASR). */
void a32_pkh(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t carry;
    uint32_t m = a32_shift_imm(cpu, cpu->r[in->rm], in->op ? SHIFT_ASR
                                                          : SHIFT_LSL,
                               in->amount, &carry);
    uint32_t n = cpu->r[in->rn];
    cpu->r[in->rd] = in->op ? (n & 0xffff0000u) | (m & 0xffff)
                            : (m & 0xffff0000u) | (n & 0xffff);
}

/*
 * SSAT/USAT (op 0/1): saturate the shifted Rm to imm bits (signed: imm in
 * 1..32, unsigned: 0..31); Q set when it saturates. SSAT16/USAT16 (op 2/3)
 * saturate each halfword.
 */
static uint32_t sat_to(ArmCpu *cpu, int64_t v, unsigned bits, bool sign)
{
    int64_t lo = sign ? -((int64_t)1 << (bits - 1)) : 0;
    int64_t hi = sign ? ((int64_t)1 << (bits - 1)) - 1
                      : ((int64_t)1 << bits) - 1;
    if (v < lo || v > hi) {
        cpu->qf = 1;
        v = v < lo ? lo : hi;
    }
    return (uint32_t)v;
}

void a32_sat(ArmCpu *cpu, const ArmInsn *in)
{
    bool sign = !(in->op & 1);
    if (in->op < 2) {
        uint32_t carry;
        uint32_t m = a32_shift_imm(cpu, cpu->r[in->rm], in->shift,
                                   in->amount, &carry);
        cpu->r[in->rd] = sat_to(cpu, (int32_t)m, in->imm, sign);
        return;
    }
    uint32_t m = cpu->r[in->rm];
    uint32_t lo = sat_to(cpu, (int16_t)m, in->imm, sign) & 0xffff;
    uint32_t hi = sat_to(cpu, (int16_t)(m >> 16), in->imm, sign) & 0xffff;
    cpu->r[in->rd] = lo | (hi << 16);
}

/*
 * Extend and add (A5.4.3): Rm rotated right by amount (0, 8, 16, 24), then
 * op: 0 SXTB16, 1 SXTB, 2 SXTH, 4 UXTB16, 5 UXTB, 6 UXTH; added to Rn
 * unless rn is 15.
 */
void a32_extend(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t m = cpu->r[in->rm];
    if (in->amount) {
        m = (m >> in->amount) | (m << (32 - in->amount));
    }
    uint32_t n = in->rn == 15 ? 0 : cpu->r[in->rn];
    bool sign = in->op < 4;
    uint32_t r;
    switch (in->op & 3) {
    case 0: {
        uint32_t lo = sign ? (uint32_t)(int8_t)m : m & 0xff;
        uint32_t hi = sign ? (uint32_t)(int8_t)(m >> 16) : (m >> 16) & 0xff;
        r = ((n + lo) & 0xffff) | (((n >> 16) + hi) << 16);
        break;
    }
    case 1:
        r = n + (sign ? (uint32_t)(int8_t)m : m & 0xff);
        break;
    default:
        r = n + (sign ? (uint32_t)(int16_t)m : m & 0xffff);
        break;
    }
    cpu->r[in->rd] = r;
}

/* REV (op 0), REV16 (1), REVSH (2), RBIT (3). */
void a32_rev(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t m = cpu->r[in->rm], r;
    switch (in->op) {
    case 0:
        r = __builtin_bswap32(m);
        break;
    case 1:
        r = ((m & 0x00ff00ffu) << 8) | ((m >> 8) & 0x00ff00ffu);
        break;
    case 2:
        r = (uint32_t)(int16_t)(((m & 0xff) << 8) | ((m >> 8) & 0xff));
        break;
    default:
        r = 0;
        for (unsigned i = 0; i < 32; i++) {
            r |= ((m >> i) & 1) << (31 - i);
        }
        break;
    }
    cpu->r[in->rd] = r;
}

/* USAD8 / USADA8 (ra != 15 accumulates). */
void a32_usad8(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t n = cpu->r[in->rn], m = cpu->r[in->rm], sum = 0;
    for (unsigned i = 0; i < 4; i++) {
        int32_t d = (int32_t)((n >> (8 * i)) & 0xff) -
                    (int32_t)((m >> (8 * i)) & 0xff);
        sum += (uint32_t)(d < 0 ? -d : d);
    }
    cpu->r[in->rd] = sum + (in->ra == 15 ? 0 : cpu->r[in->ra]);
}

/*
 * Bit fields, with shifts and masks worked out by the decoder:
 * SBFX: Rd = (Rn << shift) >> amount, arithmetic (A8.8.164);
 * UBFX: Rd = (Rn >> amount) & imm (A8.8.246);
 * BFI / BFC (rn 15): Rd = (Rd & ~imm) | ((Rn << amount) & imm)
 * (A8.8.20, A8.8.19). Encodings whose field leaves the register
 * (UNPREDICTABLE) leave Rd alone, as QEMU does.
 */
void a32_sbfx(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = (uint32_t)((int32_t)(cpu->r[in->rn] << in->shift) >>
                                in->amount);
}

void a32_ubfx(ArmCpu *cpu, const ArmInsn *in)
{
    cpu->r[in->rd] = (cpu->r[in->rn] >> in->amount) & in->imm;
}

void a32_bfi(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t src = in->rn == 15 ? 0 : cpu->r[in->rn] << in->amount;
    cpu->r[in->rd] = (cpu->r[in->rd] & ~in->imm) | (src & in->imm);
}
