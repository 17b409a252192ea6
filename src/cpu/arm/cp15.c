/*
 * The cp15 framework: registration, reset, and the one access path that
 * applies every definition's rights, banking and storage.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "cp15.h"

/* Every key a wildcard definition covers that is still free gets it. */
static void register_wildcard(Cp15Registry *reg, const Cp15Reg *d)
{
    for (unsigned opc1 = 0; opc1 < 8; opc1++) {
        for (unsigned crm = 0; crm < 16; crm++) {
            for (unsigned opc2 = 0; opc2 < 8; opc2++) {
                unsigned key = CP15_KEY(opc1, d->crn, crm, opc2) |
                               ((d->flags & CP_CP14) ? CP_KEY_CP14 : 0);
                if ((d->opc1 == CP_ANY || d->opc1 == opc1) &&
                    (d->crm == CP_ANY || d->crm == crm) &&
                    (d->opc2 == CP_ANY || d->opc2 == opc2) &&
                    !reg->by_key[key]) {
                    reg->by_key[key] = d;
                }
            }
        }
    }
}

void cp15_register(Cp15Registry *reg, const Cp15Reg *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Cp15Reg *d = &defs[i];
        if (d->opc1 == CP_ANY || d->crm == CP_ANY || d->opc2 == CP_ANY) {
            register_wildcard(reg, d);
            continue;
        }
        unsigned key = ((d->flags & CP_64BIT)
                            ? CP15_KEY64(d->opc1, d->crm)
                            : CP15_KEY(d->opc1, d->crn, d->crm, d->opc2)) |
                       ((d->flags & CP_CP14) ? CP_KEY_CP14 : 0);
        if (reg->by_key[key]) {
            fprintf(stderr, "cp15: %s and %s share an encoding\n",
                    reg->by_key[key]->name, d->name);
            abort();
        }
        reg->by_key[key] = d;
    }
}

static Cp15Registry *build(bool has_security)
{
    Cp15Registry *reg = calloc(1, sizeof(*reg));
    assert(reg != NULL);
    cp15_register(reg, cp15_v7_regs, cp15_v7_nr);
    cp15_register(reg, cp15_a15_regs, cp15_a15_nr);
    cp15_register(reg, cp15_gtimer_regs, cp15_gtimer_nr);
    cp15_register(reg, cp14_debug_regs, cp14_debug_nr);
    cp15_register(reg, cp14_thumbee_regs, cp14_thumbee_nr);
    if (has_security) {
        cp15_register(reg, cp15_security_regs, cp15_security_nr);
    }
    cp15_register(reg, cp15_a15_spaces, cp15_a15_spaces_nr);
    return reg;
}

/* Built once per variant; immutable after, shared by every CPU. */
const Cp15Registry *cp15_registry_a15(bool has_security)
{
    static Cp15Registry *variants[2];
    if (!variants[has_security]) {
        variants[has_security] = build(has_security);
    }
    return variants[has_security];
}

static uint32_t *storage(ArmCpu *cpu, const Cp15Reg *r, int bank)
{
    uint32_t *base = (uint32_t *)((char *)cpu + r->field);
    return (r->flags & CP_BANKED) ? base + bank : base;
}

void cp15_reset(ArmCpu *cpu)
{
    const Cp15Registry *reg = cpu->cp15_regs;
    for (unsigned k = 0; k < CP15_NR_KEYS; k++) {
        const Cp15Reg *r = reg->by_key[k];
        if (!r || r->field == CP_NO_FIELD) {
            continue;
        }
        *storage(cpu, r, 0) = r->reset;
        if (r->flags & CP_BANKED) {
            *storage(cpu, r, 1) = r->reset;
        }
    }
}

/*
 * Which copy of a banked register an MRC/MCR reaches (B4.1.1): Secure
 * state uses the Secure copy, except that Monitor mode follows SCR.NS.
 */
static int access_bank(const ArmCpu *cpu)
{
    if (!cpu->has_security) {
        return 0;
    }
    if (arm_mode(cpu) == ARM_MODE_MON) {
        return (cpu->cp15.scr & SCR_NS) ? 0 : 1;
    }
    return arm_is_secure(cpu) ? 1 : 0;
}

/* The register at @key if the current state may access it so, else NULL;
 * *@bank is the copy a banked register's access reaches. */
static const Cp15Reg *accessible(ArmCpu *cpu, unsigned key, bool is_read,
                                 int *bank)
{
    const Cp15Reg *r = cpu->cp15_regs->by_key[key];
    if (!r) {
        return NULL;
    }
    unsigned rights = arm_is_secure(cpu) ? r->access >> 4 : r->access & 0xf;
    bool pl1 = !arm_is_user(cpu);
    unsigned need = is_read ? (pl1 ? CP_PL1_R : CP_PL0_R)
                            : (pl1 ? CP_PL1_W : CP_PL0_W);
    if (!(rights & need) ||
        (r->access_check && !r->access_check(cpu, r, is_read))) {
        return NULL;
    }
    *bank = (r->flags & CP_BANKED) ? access_bank(cpu) : 0;
    return r;
}

bool cp15_access64(ArmCpu *cpu, unsigned key, bool is_read, uint64_t *val)
{
    int bank;
    const Cp15Reg *r = accessible(cpu, key, is_read, &bank);
    if (!r) {
        return false;
    }
    if (is_read) {
        *val = r->read64(cpu, r, bank);
    } else {
        r->write64(cpu, r, bank, *val);
    }
    return true;
}

bool cp15_access(ArmCpu *cpu, unsigned key, bool is_read, uint32_t *val)
{
    int bank;
    const Cp15Reg *r = accessible(cpu, key, is_read, &bank);
    if (!r) {
        return false;
    }
    if (is_read) {
        if (r->read) {
            *val = r->read(cpu, r, bank);
        } else if (r->field != CP_NO_FIELD) {
            *val = *storage(cpu, r, bank);
        } else {
            *val = r->reset;
        }
        return true;
    }
    if (r->write) {
        r->write(cpu, r, bank, *val);
    } else if (r->field != CP_NO_FIELD) {
        uint32_t *p = storage(cpu, r, bank);
        *p = (*p & ~r->wmask) | (*val & r->wmask);
    }
    return true;
}
