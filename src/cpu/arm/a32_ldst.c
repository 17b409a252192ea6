/*
 * A32 loads and stores (ARM ARM A5.3, A5.2.8-A5.2.10, A5.5): word, byte,
 * halfword, signed and doubleword forms with every addressing mode, the
 * unprivileged (T) forms, LDM/STM with the user-bank and exception-return
 * forms, SWP, the exclusives, SRS and RFE.
 *
 * Addressing bits in `op`: L (load), P (pre-index), U (add), W (writeback),
 * R (register offset). `s` marks the unprivileged T forms and, for LDM/STM,
 * the S bit.
 */
#include "a32.h"
#include "a32_exec.h"

/* The offset, the address accessed and the written-back base (A8.5). */
static uint32_t ls_offset(ArmCpu *cpu, const ArmInsn *in)
{
    if (in->op & LS_R) {
        uint32_t carry;
        return a32_shift_imm(cpu, cpu->r[in->rm], in->shift, in->amount,
                             &carry);
    }
    return in->imm;
}

static void ls_addresses(ArmCpu *cpu, const ArmInsn *in, uint32_t offset,
                         uint32_t *addr, uint32_t *wb)
{
    uint32_t base = cpu->r[in->rn];
    uint32_t moved = (in->op & LS_U) ? base + offset : base - offset;
    *addr = (in->op & LS_P) ? moved : base;
    *wb = moved;
}

static bool ls_writeback(const ArmInsn *in)
{
    return !(in->op & LS_P) || (in->op & LS_W);
}

/* LDR, LDRB, STR, STRB and their T forms (which run as PL0 whatever the
 * mode); a byte access when `ra` is 1 (the B bit). */
void a32_ldst_word(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t addr, wb;
    ls_addresses(cpu, in, ls_offset(cpu, in), &addr, &wb);
    unsigned size = in->ra ? 1 : 4;
    bool user = in->s;
    if (in->op & LS_L) {
        uint32_t v;
        if (!a32_load(cpu, addr, size, user, &v)) {
            return;
        }
        if (ls_writeback(in)) {
            cpu->r[in->rn] = wb;
        }
        /* LoadWritePC: a load to the PC interworks. */
        a32_set_reg(cpu, in->rd, v);
        return;
    }
    if (!a32_store(cpu, addr, size, user, cpu->r[in->rd])) {
        return;
    }
    if (ls_writeback(in)) {
        cpu->r[in->rn] = wb;
    }
}

/*
 * The common immediate forms of LDR, LDRB, STR and STRB, with the offset
 * already signed (imm) and the size in `ra`: [Rn, #off] (offset) and
 * [Rn], #off (post-indexed).
 */
void a32_ldr_imm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t v;
    if (a32_load(cpu, cpu->r[in->rn] + in->imm, in->ra, false, &v)) {
        a32_set_reg(cpu, in->rd, v);
    }
}

void a32_str_imm(ArmCpu *cpu, const ArmInsn *in)
{
    a32_store(cpu, cpu->r[in->rn] + in->imm, in->ra, false, cpu->r[in->rd]);
}

/* Pre-indexed: [Rn, #off]! (the base is not the PC). */
void a32_ldr_pre_imm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t addr = cpu->r[in->rn] + in->imm, v;
    if (a32_load(cpu, addr, in->ra, false, &v)) {
        cpu->r[in->rn] = addr;
        a32_set_reg(cpu, in->rd, v);
    }
}

void a32_str_pre_imm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t addr = cpu->r[in->rn] + in->imm;
    if (a32_store(cpu, addr, in->ra, false, cpu->r[in->rd])) {
        cpu->r[in->rn] = addr;
    }
}


void a32_ldr_reg(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t v;
    if (a32_load(cpu, a32_reg_offset_address(cpu, in), in->ra, false, &v)) {
        a32_set_reg(cpu, in->rd, v);
    }
}

void a32_str_reg(ArmCpu *cpu, const ArmInsn *in)
{
    a32_store(cpu, a32_reg_offset_address(cpu, in), in->ra, false,
              cpu->r[in->rd]);
}

void a32_ldr_post_imm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t base = cpu->r[in->rn], v;
    if (a32_load(cpu, base, in->ra, false, &v)) {
        cpu->r[in->rn] = base + in->imm;
        a32_set_reg(cpu, in->rd, v);
    }
}

void a32_str_post_imm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t base = cpu->r[in->rn];
    if (a32_store(cpu, base, in->ra, false, cpu->r[in->rd])) {
        cpu->r[in->rn] = base + in->imm;
    }
}

/*
 * STRH, LDRH, LDRSB, LDRSH, LDRD, STRD and the T forms of the halfword and
 * signed ones. `shift` holds the kind: 0 H, 1 SB, 2 SH, 3 D.
 */
enum { HK_H, HK_SB, HK_SH, HK_D };

static void ldst_double(ArmCpu *cpu, const ArmInsn *in, uint32_t addr,
                        uint32_t wb)
{
    /* LDRD/STRD need word alignment whatever SCTLR.A says (A3.2.1). */
    bool load = in->op & LS_L;
    if (!a32_check_align(cpu, addr, 4, !load)) {
        return;
    }
    unsigned t = in->rd;
    if (load) {
        uint32_t lo, hi;
        if (!a32_load(cpu, addr, 4, false, &lo) ||
            !a32_load(cpu, addr + 4, 4, false, &hi)) {
            return;
        }
        if (ls_writeback(in)) {
            cpu->r[in->rn] = wb;
        }
        cpu->r[t] = lo;
        a32_set_reg(cpu, t + 1, hi);
        return;
    }
    if (!a32_store(cpu, addr, 4, false, cpu->r[t]) ||
        !a32_store(cpu, addr + 4, 4, false, cpu->r[t + 1])) {
        return;
    }
    if (ls_writeback(in)) {
        cpu->r[in->rn] = wb;
    }
}

void a32_ldst_half(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t offset = (in->op & LS_R) ? cpu->r[in->rm] : in->imm;
    uint32_t addr, wb;
    ls_addresses(cpu, in, offset, &addr, &wb);
    if (in->shift == HK_D) {
        ldst_double(cpu, in, addr, wb);
        return;
    }
    bool user = in->s;
    if (!(in->op & LS_L)) {
        if (!a32_store(cpu, addr, 2, user, cpu->r[in->rd])) {
            return;
        }
        if (ls_writeback(in)) {
            cpu->r[in->rn] = wb;
        }
        return;
    }
    uint32_t v;
    unsigned size = in->shift == HK_SB ? 1 : 2;
    if (!a32_load(cpu, addr, size, user, &v)) {
        return;
    }
    if (in->shift == HK_SB) {
        v = (uint32_t)(int8_t)v;
    } else if (in->shift == HK_SH) {
        v = (uint32_t)(int16_t)v;
    }
    if (ls_writeback(in)) {
        cpu->r[in->rn] = wb;
    }
    a32_set_reg(cpu, in->rd, v);
}

/* How many registers a 16-bit list names (without a library call). */
static unsigned list_count(uint32_t list)
{
    list = list - ((list >> 1) & 0x5555u);
    list = (list & 0x3333u) + ((list >> 2) & 0x3333u);
    list = (list + (list >> 4)) & 0x0f0fu;
    return (list + (list >> 8)) & 0x1fu;
}

/*
 * The words of an LDM/STM when all of them sit in one RAM page the TLB
 * holds for this access (the common case: a stack frame), else NULL and
 * they go one by one (an abort part way is then taken at its word).
 */
static uint8_t *ldm_stm_host(ArmCpu *cpu, uint32_t start, unsigned n,
                             bool load)
{
    return arm_tlb_host(cpu, start, 4 * n,
                        load ? ARM_ACC_READ : ARM_ACC_WRITE,
                        arm_is_user(cpu));
}

/*
 * LDM/STM (A8.8.57-A8.8.64, B9.3.5-B9.3.7, B9.3.19). `imm` is the register
 * list. With the S bit: STM and LDM without the PC reach the User bank;
 * LDM with the PC returns from an exception.
 */
A32_HOT void a32_ldm_stm(ArmCpu *cpu, const ArmInsn *in)
{
    uint32_t list = in->imm;
    unsigned n = list_count(list);
    uint32_t base = cpu->r[in->rn];
    uint32_t start;
    if (in->op & LS_U) {
        start = (in->op & LS_P) ? base + 4 : base;
    } else {
        start = (in->op & LS_P) ? base - 4 * n : base - 4 * n + 4;
    }
    uint32_t wb = (in->op & LS_U) ? base + 4 * n : base - 4 * n;
    bool load = in->op & LS_L;
    bool user_bank = in->s && !(load && (list & 0x8000));
    if (!a32_check_align(cpu, start, 4, !load)) {
        return;
    }
    uint32_t addr = start;
    uint8_t *host = ldm_stm_host(cpu, start, n, load);
    if (!load) {
        for (unsigned i = 0; i < 16; i++) {
            if (!(list & (1u << i))) {
                continue;
            }
            uint32_t v = user_bank ? arm_banked_reg_read(cpu, ARM_MODE_USR, i)
                                   : cpu->r[i];
            if (host) {
                a32_host_store(host + (addr - start), 4,
                               a32_data_order(cpu, v, 4));
                arm_excl_store(cpu, addr, 4, arm_is_user(cpu),
                               host + (addr - start));
            } else if (!a32_store(cpu, addr, 4, false, v)) {
                return;
            }
            addr += 4;
        }
        if (in->op & LS_W) {
            cpu->r[in->rn] = wb;
        }
        return;
    }
    /* Load everything first: an abort leaves the registers untouched. */
    uint32_t vals[16];
    for (unsigned i = 0; i < 16; i++) {
        if (list & (1u << i)) {
            if (host) {
                vals[i] = a32_data_order(
                    cpu, a32_host_load(host + (addr - start), 4), 4);
            } else if (!a32_load(cpu, addr, 4, false, &vals[i])) {
                return;
            }
            addr += 4;
        }
    }
    if (in->op & LS_W) {
        cpu->r[in->rn] = wb;
    }
    for (unsigned i = 0; i < 15; i++) {
        if (!(list & (1u << i))) {
            continue;
        }
        if (user_bank) {
            arm_banked_reg_write(cpu, ARM_MODE_USR, i, vals[i]);
        } else {
            cpu->r[i] = vals[i];
        }
    }
    if (list & 0x8000) {
        if (in->s) {
            a32_exception_return(cpu, vals[15], cpu->spsr);
        } else {
            a32_bx_write_pc(cpu, vals[15]);
        }
    }
}

/* SWP / SWPB (ra = 1 for the byte form): Rt = [Rn]; [Rn] = Rt2 (rm). */
void a32_swp(ArmCpu *cpu, const ArmInsn *in)
{
    unsigned size = in->ra ? 1 : 4;
    uint32_t addr = cpu->r[in->rn];
    uint32_t v;
    if (!a32_check_align(cpu, addr, size, false) ||
        !a32_load(cpu, addr, size, false, &v) ||
        !a32_store(cpu, addr, size, false, cpu->r[in->rm])) {
        return;
    }
    cpu->r[in->rd] = v;
}

/*
 * Exclusives (A8.8.75-A8.8.78, A8.8.212-A8.8.215). `amount` is the size
 * (1, 2, 4, 8). The local monitor holds the address and the value loaded;
 * a store-exclusive succeeds if it targets that address, no other CPU's
 * store cleared the mark (cluster.c) and memory still holds that value
 * (as QEMU checks), then the monitor is cleared.
 */
static bool load_sized(ArmCpu *cpu, uint32_t addr, unsigned size,
                       uint64_t *v)
{
    uint32_t lo, hi = 0;
    if (!a32_load(cpu, addr, size == 8 ? 4 : size, false, &lo) ||
        (size == 8 && !a32_load(cpu, addr + 4, 4, false, &hi))) {
        return false;
    }
    *v = ((uint64_t)hi << 32) | lo;
    return true;
}

void arm_load_exclusive(ArmCpu *cpu, uint32_t addr, unsigned size,
                        unsigned rt, unsigned rt2)
{
    uint64_t v;
    if (!a32_check_align(cpu, addr, size, false) ||
        !load_sized(cpu, addr, size, &v)) {
        return;
    }
    arm_excl_mark(cpu, addr, size, v, arm_is_user(cpu));
    cpu->r[rt] = (uint32_t)v;
    if (size == 8) {
        cpu->r[rt2] = (uint32_t)(v >> 32);
    }
}

void arm_store_exclusive(ArmCpu *cpu, uint32_t addr, unsigned size,
                         unsigned rd, unsigned rt, unsigned rt2)
{
    if (!a32_check_align(cpu, addr, size, true)) {
        return;
    }
    uint64_t cur;
    bool match = cpu->excl_addr == addr && cpu->excl_size == size;
    if (match && !load_sized(cpu, addr, size, &cur)) {
        return;
    }
    uint32_t status = 1;
    if (match && cur == cpu->excl_val) {
        if (!a32_store(cpu, addr, size == 8 ? 4 : size, false, cpu->r[rt]) ||
            (size == 8 &&
             !a32_store(cpu, addr + 4, 4, false, cpu->r[rt2]))) {
            return;
        }
        status = 0;
    }
    arm_excl_clear(cpu);
    cpu->r[rd] = status;
}

/* LDREX: [rn] into rd (rd + 1 for LDREXD); amount the size. */
void a32_ldrex(ArmCpu *cpu, const ArmInsn *in)
{
    arm_load_exclusive(cpu, cpu->r[in->rn], in->amount, in->rd, in->rd + 1);
}

/* STREX: rd is the status register, rm the value (rm + 1 for STREXD). */
void a32_strex(ArmCpu *cpu, const ArmInsn *in)
{
    arm_store_exclusive(cpu, cpu->r[in->rn], in->amount, in->rd, in->rm,
                        in->rm + 1);
}

/*
 * SRS (B9.3.16): store LR and SPSR of the current mode on the stack of
 * mode `amount`, addressed as LDM/STM; RFE (B9.3.13): load PC and CPSR.
 */
static uint32_t srs_rfe_start(const ArmInsn *in, uint32_t base)
{
    if (in->op & LS_U) {
        return (in->op & LS_P) ? base + 4 : base;
    }
    return (in->op & LS_P) ? base - 8 : base - 4;
}

void a32_srs(ArmCpu *cpu, const ArmInsn *in)
{
    unsigned mode = in->amount;
    if (arm_is_user(cpu) || arm_mode(cpu) == ARM_MODE_SYS ||
        !arm_mode_valid(cpu, mode)) {
        /* UNPREDICTABLE; QEMU makes these UNDEFINED. */
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    uint32_t base = arm_banked_reg_read(cpu, mode, 13);
    uint32_t addr = srs_rfe_start(in, base);
    if (!a32_check_align(cpu, addr, 4, true) ||
        !a32_store(cpu, addr, 4, false, cpu->r[14]) ||
        !a32_store(cpu, addr + 4, 4, false, cpu->spsr)) {
        return;
    }
    if (in->op & LS_W) {
        arm_banked_reg_write(cpu, mode, 13,
                             (in->op & LS_U) ? base + 8 : base - 8);
    }
}

void a32_rfe(ArmCpu *cpu, const ArmInsn *in)
{
    if (arm_is_user(cpu)) {
        arm_raise(cpu, ARM_EXC_UNDEF);
        return;
    }
    uint32_t base = cpu->r[in->rn];
    uint32_t addr = srs_rfe_start(in, base);
    uint32_t pc, psr;
    if (!a32_check_align(cpu, addr, 4, false) ||
        !a32_load(cpu, addr, 4, false, &pc) ||
        !a32_load(cpu, addr + 4, 4, false, &psr)) {
        return;
    }
    if (in->op & LS_W) {
        cpu->r[in->rn] = (in->op & LS_U) ? base + 8 : base - 8;
    }
    a32_exception_return(cpu, pc, psr);
}
