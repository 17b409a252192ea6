/*
 * The VMSAv7 stage 1 translation (ARM ARM B3): short descriptors (B3.5)
 * and, with TTBCR.EAE, long descriptors (B3.6, LPAE), for the Secure and
 * Non-secure PL1&0 regimes, as qemu-system-arm 7.2's cortex-a15 walks them
 * (target/arm/ptw.c). No Hyp regime, no stage 2, no hardware AF update;
 * memory attributes are computed for PAR only (nothing is cached).
 */
#ifndef TZEMU_CPU_ARM_MMU_H
#define TZEMU_CPU_ARM_MMU_H

#include "exception.h"
#include "tlb.h"

/* What a translation allows, for the privilege it was made for. */
enum {
    ARM_PROT_READ = 1u << ARM_ACC_READ,
    ARM_PROT_WRITE = 1u << ARM_ACC_WRITE,
    ARM_PROT_EXEC = 1u << ARM_ACC_FETCH,
};

/* Memory types (B3.8.2), from TEX:C:B, TEX remap or MAIR. */
typedef enum ArmMemType {
    ARM_MEM_STRONGLY_ORDERED,
    ARM_MEM_DEVICE,
    ARM_MEM_NORMAL,
} ArmMemType;

/*
 * ArmMmuResult - one translation.
 * @pa: the physical address of the input address (up to 40 bits).
 * @secure: the output is in the Secure physical address space.
 * @prot: ARM_PROT_* allowed to the privilege translated for.
 * @lg_page_size: log2 of the size of the mapping (12 to 30; 32 with the
 *   MMU off).
 * @mem_type: the memory type.
 * @attr: the MAIR-format attribute byte (long descriptors; with the MMU
 *   off, QEMU's 0x00), @sh: the SH field, as PAR reports them.
 * @lpae: translated with the long-descriptor format.
 */
typedef struct ArmMmuResult {
    hwaddr pa;
    bool secure;
    uint8_t prot;
    uint8_t lg_page_size;
    ArmMemType mem_type;
    uint8_t attr;
    uint8_t sh;
    bool lpae;
} ArmMmuResult;

/*
 * arm_mmu_translate - translate @va for an access @acc, in the Secure
 * PL1&0 regime if @secure (else the Non-secure one), as PL0 if @user.
 * Table walks read the regime's physical address space (Secure walks may
 * be sent Non-secure by NSTable) with privileged attributes. Returns true
 * and fills @res, or false and fills @f (f->va is left to the caller).
 * Alignment is not checked here.
 */
bool arm_mmu_translate(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                       bool user, ArmMmuResult *res, ArmFault *f);

/* The regime's translation uses the long-descriptor format (TTBCR.EAE). */
static inline bool arm_mmu_lpae(const ArmCpu *cpu, bool secure)
{
    return cpu->cp15.ttbcr[secure ? 1 : 0] & TTBCR_EAE;
}

/*
 * arm_mmu_ats - an ATS operation: translate @va and compute in *@par what
 * it leaves in PAR (B4.1.112): short format (PA[31:12] or a
 * supersection's PA[31:24] with SS, NS) or long format (LPAE bit 11,
 * PA[39:12], NS, SH, ATTR), or the fault in the same format; 64 bits, the
 * short format uses the low 32. An external abort on the walk is taken
 * as a Data Abort instead (as QEMU does): then false, PAR untouched.
 */
bool arm_mmu_ats(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                 bool user, uint64_t *par);

#endif
