/*
 * The cp15 register framework: registers are data (encoding, name, access
 * rights per security state and privilege, banking, reset value, storage or
 * hooks), registered from per-feature tables into an O(1) lookup. The same
 * definition decides UNDEFINED at execution, so access checks cannot drift
 * from the registers (ARM ARM B3.17, B4.1).
 */
#ifndef TZEMU_CPU_ARM_CP15_H
#define TZEMU_CPU_ARM_CP15_H

#include <stddef.h>

#include "cpu.h"

/* Access rights: bits for Non-secure in [3:0], for Secure in [7:4]. */
enum {
    CP_PL0_R = 1,
    CP_PL0_W = 2,
    CP_PL1_R = 4,
    CP_PL1_W = 8,
};
#define CP_PL0_RW (CP_PL0_R | CP_PL0_W)
#define CP_PL1_RW (CP_PL1_R | CP_PL1_W)
/* The same rights in both security states. */
#define CP_BOTH(bits) ((uint8_t)((bits) | ((bits) << 4)))
/* Rights in the Non-secure and in the Secure state. */
#define CP_NS_S(ns, s) ((uint8_t)((ns) | ((s) << 4)))
#define CP_SECURE_ONLY(bits) CP_NS_S(0, bits)

/* Two copies, selected as B4.1.1 says. */
#define CP_BANKED 1
/* A 64-bit register, reached with MCRR/MRRC at (opc1, CRm). */
#define CP_64BIT 2
/* A coprocessor 14 (debug) register rather than a cp15 one. */
#define CP_CP14 4

/*
 * A register without storage reads its reset value and ignores writes (the
 * rights still decide what is UNDEFINED): ID registers, RAZ/WI registers,
 * and maintenance operations that have nothing to maintain here.
 */
#define CP_NO_FIELD 0xffff

typedef struct Cp15Reg Cp15Reg;

/*
 * Cp15Reg - one register (or operation) at (opc1, CRn, CRm, opc2).
 * @field: offsetof(ArmCpu, ...) of the storage; for CP_BANKED the
 *   Non-secure copy, the Secure copy following it (uint32_t[2]).
 * @wmask: the writable bits of a stored register (others keep their value).
 * @access_check: an extra run-time check (e.g. NSACR); false = UNDEFINED.
 * @read/@write: hooks replacing plain storage; @bank is 0 (NS) or 1 (S).
 */
struct Cp15Reg {
    const char *name;
    uint8_t opc1, crn, crm, opc2;
    uint8_t access;
    uint8_t flags;
    uint16_t field;
    uint32_t reset;
    uint32_t wmask;
    bool (*access_check)(ArmCpu *cpu, const Cp15Reg *r, bool is_read);
    uint32_t (*read)(ArmCpu *cpu, const Cp15Reg *r, int bank);
    void (*write)(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val);
    /* CP_64BIT registers have these instead of read/write. */
    uint64_t (*read64)(ArmCpu *cpu, const Cp15Reg *r, int bank);
    void (*write64)(ArmCpu *cpu, const Cp15Reg *r, int bank, uint64_t val);
};

/*
 * A field of opc1, CRm or opc2 that matches any value (QEMU's CP_ANY): the
 * definition fills every encoding it covers that no exact one holds.
 */
#define CP_ANY 0xff

#define CP15_KEY(opc1, crn, crm, opc2)                                      \
    (((unsigned)(opc1) << 11) | ((unsigned)(crn) << 7) |                    \
     ((unsigned)(crm) << 3) | (unsigned)(opc2))
/* The keys of 32-bit registers are below this. */
#define CP15_NR_KEYS32 (1u << 14)
/* 64-bit registers have keys of their own above the 32-bit ones. */
#define CP15_KEY64(opc1, crm)                                               \
    ((1u << 14) | ((unsigned)(opc1) << 4) | (unsigned)(crm))
/* cp14 registers have the keys of their encodings with this bit set. */
#define CP_KEY_CP14 (1u << 15)
#define CP15_NR_KEYS (1u << 16)

/* The key an MCR/MRC (or, with @crn unused, MCRR/MRRC) of coprocessor
 * @cp (14 or 15) reaches; decoders of both instruction sets use these. */
static inline unsigned cp_key(unsigned cp, unsigned opc1, unsigned crn,
                              unsigned crm, unsigned opc2)
{
    return CP15_KEY(opc1, crn, crm, opc2) | (cp == 14 ? CP_KEY_CP14 : 0);
}

static inline unsigned cp_key64(unsigned cp, unsigned opc1, unsigned crm)
{
    return CP15_KEY64(opc1, crm) | (cp == 14 ? CP_KEY_CP14 : 0);
}

struct Cp15Registry {
    const Cp15Reg *by_key[CP15_NR_KEYS];
};

/* The Cortex-A15's registers, with or without the Security Extensions. */
const Cp15Registry *cp15_registry_a15(bool has_security);
/*
 * Adds @n definitions; a second exact definition of one encoding is a bug.
 * Register wildcard tables last: they only fill what is left.
 */
void cp15_register(Cp15Registry *reg, const Cp15Reg *defs, size_t n);
void cp15_reset(ArmCpu *cpu);

/*
 * An MRC (@is_read) or MCR of @key from the CPU's current mode and
 * security state. Returns false when the access is UNDEFINED.
 */
bool cp15_access(ArmCpu *cpu, unsigned key, bool is_read, uint32_t *val);
/* The same for an MRRC/MCRR of a 64-bit register (@key from CP15_KEY64). */
bool cp15_access64(ArmCpu *cpu, unsigned key, bool is_read, uint64_t *val);

/* The per-feature tables registered by cp15_registry_a15(). */
extern const Cp15Reg cp15_v7_regs[];
extern const size_t cp15_v7_nr;
extern const Cp15Reg cp15_security_regs[];
extern const size_t cp15_security_nr;
extern const Cp15Reg cp15_a15_regs[];
extern const size_t cp15_a15_nr;
extern const Cp15Reg cp15_gtimer_regs[];
extern const size_t cp15_gtimer_nr;
extern const Cp15Reg cp14_debug_regs[];
extern const size_t cp14_debug_nr;
extern const Cp15Reg cp14_thumbee_regs[];
extern const size_t cp14_thumbee_nr;
/* The A15's reserved and implementation-defined spaces (wildcards). */
extern const Cp15Reg cp15_a15_spaces[];
extern const size_t cp15_a15_spaces_nr;

#endif
