/*
 * cp15 registers of the Security Extensions (ARM ARM B1.5, B4.1.129 SCR,
 * B4.1.135 SDER, B4.1.112 NSACR, B4.1.107 MVBAR): Secure-only except NSACR,
 * which Non-secure PL1 may read.
 */
#include <stddef.h>

#include "cp15.h"
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

const Cp15Reg cp15_security_regs[] = {
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
