/*
 * The A32 instruction set: the decoded form of an instruction, and the
 * helpers its execution functions share (operand reads, PC writes,
 * condition codes, flags, memory accesses that raise the architected
 * aborts). ARM ARM A5 (encodings) and A8 (instruction descriptions).
 */
#ifndef TZEMU_CPU_ARM_A32_H
#define TZEMU_CPU_ARM_A32_H

#include "cluster.h"
#include "cpu.h"
#include "exception.h"
#include "tlb.h"

typedef struct ArmInsn ArmInsn;
typedef void (*ArmExecFn)(ArmCpu *cpu, const ArmInsn *in);

/*
 * The run loop and the execution functions most instructions use: kept
 * together in the hot text section, so their placement does not move
 * with unrelated code.
 */
#define A32_HOT __attribute__((hot))

/*
 * One decoded instruction. Execution functions read the fields the decoder
 * extracted; what a field means depends on the function (each says).
 */
struct ArmInsn {
    uint32_t raw;
    uint32_t imm;
    ArmExecFn fn;
    uint8_t rd, rn, rm;
    /* No instruction has both a shift register and an accumulator. */
    union {
        uint8_t rs;
        uint8_t ra;
    };
    uint8_t op;
    uint8_t shift;
    uint8_t amount;
    bool s : 1;
    /* The immediate of a data-processing instruction was rotated (its bit
     * 31 is the shifter carry) or not (carry is CPSR.C). */
    bool rotated : 1;
};

/* Small, so a page's decoded instructions sit in few cache lines. */
_Static_assert(sizeof(ArmInsn) == 24, "ArmInsn grew");

/* Decodes @raw into @in (always succeeds: unknown encodings UNDEFINED). */
void a32_decode(uint32_t raw, ArmInsn *in);

/* The second-operand forms of data processing, for a32_dp_fn. */
typedef enum A32DpForm {
    A32_DP_IMM,
    A32_DP_REG,
    A32_DP_LSL,
    A32_DP_LSR,
    A32_DP_ASR,
    A32_DP_ROR,
    A32_DP_RSR,
    A32_DP_NR_FORMS,
} A32DpForm;

/* Execution functions the decoder picks, grouped by file. */
ArmExecFn a32_dp_fn(unsigned opcode, bool s, A32DpForm form);
void a32_undefined(ArmCpu *cpu, const ArmInsn *in);

/* ---------------------------------------------------------- registers */

/* Reads Rn; r[15] already holds this instruction's address + 8 (+ 4 in
 * Thumb state). */
static inline uint32_t a32_reg(const ArmCpu *cpu, unsigned n)
{
    return cpu->r[n];
}

/* The executing instruction's address: r[15] reads as it + 8 in A32
 * state, + 4 in Thumb state (A2.3.1). */
static inline uint32_t arm_insn_addr(const ArmCpu *cpu)
{
    return cpu->r[15] - ((cpu->cpsr_ctl & CPSR_T) ? 4 : 8);
}

/*
 * BXWritePC (ARM ARM A2.3.2): bit 0 selects Thumb state. Also what
 * LoadWritePC and, in ARM state, ALUWritePC do from ARMv7 on. Entering
 * Thumb state ends the run of A32 instructions.
 */
static inline void a32_bx_write_pc(ArmCpu *cpu, uint32_t addr)
{
    if (addr & 1) {
        if (!(cpu->cpsr_ctl & CPSR_T)) {
            cpu->cpsr_ctl |= CPSR_T;
            arm_request_exit(cpu);
        }
        arm_set_next_pc(cpu, addr & ~1u);
    } else {
        /* addr[1] set is UNPREDICTABLE; like QEMU, branch there. */
        cpu->cpsr_ctl &= ~CPSR_T;
        arm_set_next_pc(cpu, addr);
    }
}

/* BranchWritePC in ARM state: bits [1:0] are ignored. */
static inline void a32_branch_write_pc(ArmCpu *cpu, uint32_t addr)
{
    arm_set_next_pc(cpu, addr & ~3u);
}

/* Writes Rd; a write to the PC is ALUWritePC. */
static inline void a32_set_reg(ArmCpu *cpu, unsigned d, uint32_t v)
{
    if (d == 15) {
        a32_bx_write_pc(cpu, v);
    } else {
        cpu->r[d] = v;
    }
}

/* ---------------------------------------------------------------- flags */

static inline void a32_set_nz(ArmCpu *cpu, uint32_t result)
{
    cpu->nf = result;
    cpu->zf = result;
}

/*
 * ConditionPassed() (A8.3) without branches on the flags: bit NZCV of a
 * per-condition mask says whether the condition holds for those flags.
 */
extern const uint16_t a32_cond_masks[16];

static inline bool a32_cond_passed(const ArmCpu *cpu, unsigned cond)
{
    unsigned nzcv = ((cpu->nf >> 31) << 3) | ((cpu->zf == 0) << 2) |
                    (cpu->cf << 1) | (cpu->vf >> 31);
    return (a32_cond_masks[cond] >> nzcv) & 1;
}

/* AddWithCarry (A2.2.1), setting N, Z, C, V. */
static inline uint32_t a32_add_flags(ArmCpu *cpu, uint32_t a, uint32_t b,
                                     uint32_t carry_in)
{
    uint64_t wide = (uint64_t)a + b + carry_in;
    uint32_t r = (uint32_t)wide;
    cpu->cf = (uint32_t)(wide >> 32);
    cpu->vf = (a ^ r) & (b ^ r);
    a32_set_nz(cpu, r);
    return r;
}

/* ------------------------------------------------------------- shifter */

enum { SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR };

/* Shift by an immediate (A8.4.1 DecodeImmShift + Shift_C); ROR #0 = RRX. */
static inline uint32_t a32_shift_imm(const ArmCpu *cpu, uint32_t v,
                                     unsigned type, unsigned amount,
                                     uint32_t *carry)
{
    switch (type) {
    case SHIFT_LSL:
        if (amount == 0) {
            *carry = cpu->cf;
            return v;
        }
        *carry = (v >> (32 - amount)) & 1;
        return v << amount;
    case SHIFT_LSR:
        if (amount == 0) {
            *carry = v >> 31;
            return 0;
        }
        *carry = (v >> (amount - 1)) & 1;
        return v >> amount;
    case SHIFT_ASR:
        if (amount == 0) {
            *carry = v >> 31;
            return (uint32_t)((int32_t)v >> 31);
        }
        *carry = (v >> (amount - 1)) & 1;
        return (uint32_t)((int32_t)v >> amount);
    default:
        if (amount == 0) {
            *carry = v & 1;
            return (cpu->cf << 31) | (v >> 1);
        }
        *carry = (v >> (amount - 1)) & 1;
        return (v >> amount) | (v << (32 - amount));
    }
}

/* Shift by a register's bottom byte (A8.4.3 Shift_C). */
static inline uint32_t a32_shift_reg(const ArmCpu *cpu, uint32_t v,
                                     unsigned type, unsigned amount,
                                     uint32_t *carry)
{
    amount &= 0xff;
    if (amount == 0) {
        *carry = cpu->cf;
        return v;
    }
    switch (type) {
    case SHIFT_LSL:
        if (amount < 32) {
            *carry = (v >> (32 - amount)) & 1;
            return v << amount;
        }
        *carry = amount == 32 ? v & 1 : 0;
        return 0;
    case SHIFT_LSR:
        if (amount < 32) {
            *carry = (v >> (amount - 1)) & 1;
            return v >> amount;
        }
        *carry = amount == 32 ? v >> 31 : 0;
        return 0;
    case SHIFT_ASR:
        if (amount < 32) {
            *carry = (v >> (amount - 1)) & 1;
            return (uint32_t)((int32_t)v >> amount);
        }
        *carry = v >> 31;
        return (uint32_t)((int32_t)v >> 31);
    default:
        amount &= 31;
        if (amount == 0) {
            *carry = v >> 31;
            return v;
        }
        *carry = (v >> (amount - 1)) & 1;
        return (v >> amount) | (v << (32 - amount));
    }
}

/* -------------------------------------------------------------- memory */

/*
 * Loads and stores of 1, 2 or 4 bytes for the executing instruction, as
 * PL0 in User mode or when @unpriv (the T forms). On a failure the abort
 * is taken and false returned: the caller returns at once, changing
 * nothing more. The RAM case is inline; the rest (alignment faults,
 * devices, TLB fills, aborts) in a32_mem.c.
 */
bool a32_load_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                   uint32_t *val);
bool a32_store_slow(ArmCpu *cpu, uint32_t va, unsigned size, bool user,
                    uint32_t val);
/* Alignment fault unless @va is a multiple of @align (always checked). */
bool a32_check_align(ArmCpu *cpu, uint32_t va, unsigned align, bool is_write);

/* Host little-endian assumed, as everywhere the TLB hands out RAM. */
static inline uint32_t a32_host_load(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1:
        return *p;
    case 2: {
        uint16_t v;
        __builtin_memcpy(&v, p, 2);
        return v;
    }
    default: {
        uint32_t v;
        __builtin_memcpy(&v, p, 4);
        return v;
    }
    }
}

static inline void a32_host_store(uint8_t *p, unsigned size, uint32_t v)
{
    switch (size) {
    case 1:
        *p = (uint8_t)v;
        break;
    case 2: {
        uint16_t h = (uint16_t)v;
        __builtin_memcpy(p, &h, 2);
        break;
    }
    default:
        __builtin_memcpy(p, &v, 4);
        break;
    }
}

/* CPSR.E set: data is big-endian (A3.3.3); 8-bit accesses are unchanged. */
static inline uint32_t a32_data_order(const ArmCpu *cpu, uint32_t v,
                                      unsigned size)
{
    if (!(cpu->cpsr_ctl & CPSR_E) || size == 1) {
        return v;
    }
    return size == 2 ? __builtin_bswap16((uint16_t)v) : __builtin_bswap32(v);
}

/* Aligned accesses never fault on alignment; others ask SCTLR.A. */
static inline bool a32_load(ArmCpu *cpu, uint32_t va, unsigned size,
                            bool unpriv, uint32_t *val)
{
    bool user = unpriv || arm_is_user(cpu);
    uint8_t *host = arm_tlb_host_aligned(cpu, va, size, ARM_ACC_READ, user);
    uint32_t v;
    if (host) {
        v = a32_host_load(host, size);
    } else if (!a32_load_slow(cpu, va, size, user, &v)) {
        return false;
    }
    *val = a32_data_order(cpu, v, size);
    return true;
}

static inline bool a32_store(ArmCpu *cpu, uint32_t va, unsigned size,
                             bool unpriv, uint32_t val)
{
    bool user = unpriv || arm_is_user(cpu);
    uint8_t *host = arm_tlb_host_aligned(cpu, va, size, ARM_ACC_WRITE, user);
    val = a32_data_order(cpu, val, size);
    if (host) {
        a32_host_store(host, size, val);
    } else if (!a32_store_slow(cpu, va, size, user, val)) {
        return false;
    }
    /* Other CPUs' exclusive marks on the location go (A3.4.2). */
    arm_excl_store(cpu, va, size, user, host);
    return true;
}

#endif
