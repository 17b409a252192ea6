/*
 * cp15 registers of the Security Extensions (ARM ARM B1.5, B4.1.129 SCR,
 * B4.1.135 SDER, B4.1.112 NSACR, B4.1.107 MVBAR): Secure-only except NSACR,
 * which Non-secure PL1 may read.
 */
#include <stddef.h>

#include "cp15.h"
#include "mmu.h"
#include "tlb.h"

#define F(x) ((uint16_t)offsetof(ArmCpu, cp15.x))
#define S_PL1 CP_SECURE_ONLY(CP_PL1_RW)

/* Changing SCR.NS changes what the TLB's entries were filled for. */
static void scr_write(ArmCpu *cpu, const Cp15Reg *r, int bank, uint32_t val)
{
    (void)bank;
    cpu->cp15.scr = val & r->wmask;
    arm_tlb_flush(cpu->tlb);
}

/* As in cp15_v7.c, translating in the Non-secure PL1&0 regime at PL1
 * (ATS12NSOP*) or PL0 (ATS12NSOU*); no stage 2 without Virtualization. */
static void ats_ns_write(ArmCpu *cpu, const Cp15Reg *r, int bank,
                         uint32_t va)
{
    ArmAccess acc = (r->opc2 & 1) ? ARM_ACC_WRITE : ARM_ACC_READ;
    uint64_t par;
    if (!arm_mmu_ats(cpu, va, acc, false, r->opc2 & 2, &par)) {
        return;
    }
    cpu->cp15.par[bank] = (uint32_t)par;
    cpu->cp15.par_hi[bank] = (uint32_t)(par >> 32);
}

#define ATS_NS(nm, o2)                                                     \
    { .name = nm, .crn = 7, .crm = 8, .opc2 = o2,                         \
      .access = CP_SECURE_ONLY(CP_PL1_W), .flags = CP_BANKED,             \
      .field = CP_NO_FIELD, .write = ats_ns_write }

const Cp15Reg cp15_security_regs[] = {
    ATS_NS("ATS12NSOPR", 4),
    ATS_NS("ATS12NSOPW", 5),
    ATS_NS("ATS12NSOUR", 6),
    ATS_NS("ATS12NSOUW", 7),
    /* Without the Virtualization Extensions SCD and HCE are RES0, as on
     * QEMU's cortex-a15 with virtualization=off. */
    { .name = "SCR", .crn = 1, .crm = 1, .access = S_PL1, .field = F(scr),
      .wmask = 0x27f, .write = scr_write },
    { .name = "SDER", .crn = 1, .crm = 1, .opc2 = 1, .access = S_PL1,
      .field = F(sder), .wmask = 0x3 },
    { .name = "NSACR", .crn = 1, .crm = 1, .opc2 = 2,
      .access = CP_NS_S(CP_PL1_R, CP_PL1_RW), .field = F(nsacr),
      .wmask = 0xffffffff },
    { .name = "MVBAR", .crn = 12, .opc2 = 1, .access = S_PL1,
      .field = F(mvbar), .wmask = 0xffffffe0 },
};
const size_t cp15_security_nr =
    sizeof(cp15_security_regs) / sizeof(cp15_security_regs[0]);
