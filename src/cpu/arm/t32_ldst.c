/*
 * Thumb loads and stores with no A32 twin (ARM ARM A8.8): literal loads
 * from Align(PC, 4), TBB/TBH, halfword and signed-byte accesses with a
 * shifted register offset, LDRD/STRD with any two registers, and the
 * exclusives with an offset or any two registers. Addressing bits in op
 * as in a32_exec.h (LS_*).
 */
#include "a32_exec.h"
#include "thumb.h"

/* Sign-extends a loaded byte or halfword when @sign. */
static uint32_t extend(uint32_t v, unsigned size, bool sign)
{
    if (!sign || size == 4) {
        return v;
    }
    return size == 1 ? (uint32_t)(int8_t)v : (uint32_t)(int16_t)v;
}

/*
 * LDR, LDRB, LDRH, LDRSB, LDRSH, LDRD (literal): amount is the size (8:
 * LDRD into rd and ra), s signed, imm the signed offset from Align(PC, 4).
 */
void t32_ldr_literal(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t addr = (cpu->r[15] & ~3u) + in->imm;
    uint32_t v, hi;
    if (in->amount == 8) {
        if (a32_check_align(cpu, addr, 4, false) &&
            a32_load(cpu, addr, 4, false, &v) &&
            a32_load(cpu, addr + 4, 4, false, &hi)) {
            cpu->r[in->rd] = v;
            cpu->r[in->ra] = hi;
        }
        return;
    }
    if (a32_load(cpu, addr, in->amount, false, &v)) {
        a32_set_reg(cpu, in->rd, extend(v, in->amount, in->s));
    }
}

/* TBB (op 0) / TBH (op 1): branch forward by twice the table entry at
 * rn + rm (rm * 2 for TBH) (A8.8.226). */
void t32_tbb(ArmCpu *cpu, const ArmInsn *in)
{
    unsigned size = in->op ? 2 : 1;
    uint32_t v;
    if (a32_load(cpu, cpu->r[in->rn] + cpu->r[in->rm] * size, size, false,
                 &v)) {
        arm_set_next_pc(cpu, cpu->r[15] + 2 * v);
    }
}

/* STRH, LDRH, LDRSB, LDRSH with [Rn, Rm, LSL #amount]: shift is the kind
 * (0 H, 1 SB, 2 SH), as for a32_ldst_half. */
void t32_ldst_half_lsl(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t addr = cpu->r[in->rn] + (cpu->r[in->rm] << in->amount);
    unsigned size = in->shift == 1 ? 1 : 2;
    uint32_t v;
    if (!(in->op & LS_L)) {
        a32_store(cpu, addr, 2, false, cpu->r[in->rd]);
    } else if (a32_load(cpu, addr, size, false, &v)) {
        cpu->r[in->rd] = extend(v, size, in->shift != 0);
    }
}

/* The address of an immediate-offset access and its written-back base. */
static uint32_t offset_addr(const ArmCpu *cpu, const ArmInsn *in,
                            uint32_t *wb)
{
    uint32_t base = cpu->r[in->rn];
    *wb = (in->op & LS_U) ? base + in->imm : base - in->imm;
    return (in->op & LS_P) ? *wb : base;
}

/*
 * LDRD/STRD (immediate, A8.8.72, A8.8.210): Rt in rd, Rt2 in ra, imm the
 * offset; word alignment whatever SCTLR.A says (A3.2.1). Both words are
 * accessed before any register changes.
 */
void t32_ldst_dual(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t wb, addr = offset_addr(cpu, in, &wb);
    bool load = in->op & LS_L;
    uint32_t lo, hi;
    if (!a32_check_align(cpu, addr, 4, !load)) {
        return;
    }
    if (load) {
        if (!a32_load(cpu, addr, 4, false, &lo) ||
            !a32_load(cpu, addr + 4, 4, false, &hi)) {
            return;
        }
    } else if (!a32_store(cpu, addr, 4, false, cpu->r[in->rd]) ||
               !a32_store(cpu, addr + 4, 4, false, cpu->r[in->ra])) {
        return;
    }
    if (in->op & LS_W) {
        cpu->r[in->rn] = wb;
    }
    if (load) {
        cpu->r[in->rd] = lo;
        cpu->r[in->ra] = hi;
    }
}

/*
 * LDREX{B,H,D} (A8.8.75-A8.8.78): [rn + imm] into rd (and ra for the
 * doubleword), amount the size; the monitors mark the address as for
 * A32 (cluster.h).
 */
void t32_ldrex(ArmCpu *cpu, const ArmInsn *in)
{
    arm_load_exclusive(cpu, cpu->r[in->rn] + in->imm, in->amount, in->rd,
                       in->ra);
}

/*
 * STREX{B,H,D} (A8.8.212-A8.8.215): rm (and ra) to [rn + imm] if the
 * monitor holds that address and memory still holds the value it loaded;
 * rd gets 0 on success, 1 otherwise; the monitor is cleared.
 */
void t32_strex(ArmCpu *cpu, const ArmInsn *in)
{
    arm_store_exclusive(cpu, cpu->r[in->rn] + in->imm, in->amount, in->rd,
                        in->rm, in->ra);
}
