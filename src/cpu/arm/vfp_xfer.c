/*
 * VFP transfers (ARM ARM DDI 0406C A7.6, A7.8, A7.9, B6.1): VMOV between core
 * and extension registers, VMRS/VMSR of the VFP system registers, the
 * extension register loads and stores, and the access rules of CPACR,
 * NSACR and FPEXC (B1.11.1) that every VFP instruction goes through.
 */
#include "vfp.h"
#include "vfp_exec.h"

#define CPACR_CP10_SHIFT 20
#define NSACR_CP10 (1u << 10)

/*
 * CPACR.cp10 and cp11 must be programmed alike (B4.1.40, UNPREDICTABLE
 * otherwise); cp10 decides for both, as on qemu-system-arm. 0b00 and the
 * reserved 0b10 deny, 0b01 allows PL1, 0b11 allows PL0 too.
 */
bool vfp_access(ArmCpu *cpu, bool ignore_en)
{
    unsigned cp10 = (cpu->cp15.cpacr >> CPACR_CP10_SHIFT) & 3;
    bool ok = cp10 == 3 || (cp10 == 1 && !arm_is_user(cpu));
    if (cpu->has_security && !arm_is_secure(cpu) &&
        !(cpu->cp15.nsacr & NSACR_CP10)) {
        ok = false;
    }
    if (!ignore_en && !(cpu->vfp.fpexc & FPEXC_EN)) {
        ok = false;
    }
    if (!ok) {
        arm_raise(cpu, ARM_EXC_UNDEF);
    }
    return ok;
}

void vfp_exec_mov_core(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    uint32_t *s = cpu->vfp.s;
    if (in->op) {
        a32_set_reg(cpu, in->ra, s[in->rn]);
        if (in->amount == 2) {
            a32_set_reg(cpu, in->shift, s[in->rn + 1]);
        }
    } else {
        s[in->rn] = a32_reg(cpu, in->ra);
        if (in->amount == 2) {
            s[in->rn + 1] = a32_reg(cpu, in->shift);
        }
    }
}

/* The VMRS/VMSR register numbers (A8.8.348, B6.1). */
enum {
    VFP_REG_FPSID = 0,
    VFP_REG_FPSCR = 1,
    VFP_REG_MVFR1 = 6,
    VFP_REG_MVFR0 = 7,
    VFP_REG_FPEXC = 8,
};

/* FPSCR bits that hold state: NZCV, QC, AHP, DN, FZ, RMode, Stride, Len
 * and the cumulative flags. Trap enables read as zero (no trapping), bit 19
 * is reserved without half-precision arithmetic. */
#define FPSCR_WRITABLE 0xfff7009fu

/* The value VMRS reads from @reg (one of the numbers above). */
static uint32_t vfp_sysreg_value(const ArmCpu *cpu, unsigned reg)
{
    switch (reg) {
    case VFP_REG_FPSID:
        return VFP_FPSID;
    case VFP_REG_FPSCR:
        return cpu->vfp.fpscr;
    case VFP_REG_MVFR1:
        return VFP_MVFR1;
    case VFP_REG_MVFR0:
        return VFP_MVFR0;
    default:
        return cpu->vfp.fpexc;
    }
}

/*
 * VFPv3 keeps the ID registers and FPEXC from PL0 (B6.1.1), and lets
 * FPSID, MVFR0/1 and FPEXC be reached with FPEXC.EN clear, which is how an
 * operating system enables the unit (B1.11.1). Writes to the ID registers
 * are ignored. Of FPEXC only EN is kept: no exceptional states to report.
 */
void vfp_exec_sysreg(ArmCpu *cpu, const ArmInsn *in)
{
    unsigned reg = in->op;
    bool id_or_fpexc = reg != VFP_REG_FPSCR;
    if (id_or_fpexc && arm_is_user(cpu)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    if (!vfp_access(cpu, id_or_fpexc)) {
        return;
    }
    if (!in->s) {
        uint32_t v = a32_reg(cpu, in->ra);
        if (reg == VFP_REG_FPSCR) {
            cpu->vfp.fpscr = v & FPSCR_WRITABLE;
        } else if (reg == VFP_REG_FPEXC) {
            cpu->vfp.fpexc = v & FPEXC_EN;
        }
        return;
    }
    uint32_t v = vfp_sysreg_value(cpu, reg);
    if (in->ra == 15) {
        /* VMRS APSR_nzcv, FPSCR: the flags into the CPSR. */
        cpu->nf = v & (1u << 31);
        cpu->zf = !(v & (1u << 30));
        cpu->cf = (v >> 29) & 1;
        cpu->vf = (v << 3) & (1u << 31);
    } else {
        a32_set_reg(cpu, in->ra, v);
    }
}

/*
 * VLDR, VSTR, VLDM, VSTM (with VPUSH and VPOP). Accesses are word
 * aligned or fault whatever SCTLR.A says (MemA, A3.2.1). A doubleword
 * register is two words, the low one first unless data is big-endian.
 * A fault part way leaves the registers loaded so far and no writeback.
 */
void vfp_exec_ldst(ArmCpu *cpu, const ArmInsn *in)
{
    if (!vfp_access(cpu, false)) {
        return;
    }
    unsigned op = in->op;
    bool load = op & VFP_LS_LOAD, add = op & VFP_LS_ADD;
    uint32_t base = in->rn == 15 ? a32_reg(cpu, 15) & ~3u : a32_reg(cpu, in->rn);
    uint32_t addr;
    if (op & VFP_LS_ONE) {
        addr = add ? base + in->imm : base - in->imm;
    } else {
        addr = add ? base : base - in->imm;
    }
    if (!a32_check_align(cpu, addr, 4, !load)) {
        return;
    }
    unsigned swap = (op & VFP_LS_DOUBLE) && (cpu->cpsr_ctl & CPSR_E) ? 1 : 0;
    for (unsigned i = 0; i < in->amount; i++, addr += 4) {
        unsigned r = in->rd + (i ^ swap);
        if (load) {
            uint32_t v;
            if (!a32_load(cpu, addr, 4, false, &v)) {
                return;
            }
            cpu->vfp.s[r] = v;
        } else if (!a32_store(cpu, addr, 4, false, cpu->vfp.s[r])) {
            return;
        }
    }
    if (op & VFP_LS_WB) {
        cpu->r[in->rn] = add ? base + in->imm : base - in->imm;
    }
}
