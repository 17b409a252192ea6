/*
 * VMSAv7 stage 1 translation table walks (ARM ARM B3.5 short descriptors,
 * B3.6 long descriptors, B3.7 permissions, B3.12 faults), in the order
 * qemu-system-arm 7.2 checks them (get_phys_addr_v6, get_phys_addr_lpae),
 * which decides the fault reported when several apply. As on QEMU, the
 * short format has no WXN/UWXN and TEX remap changes memory attributes
 * only; nothing here updates descriptors (no hardware access flag).
 */
#include "mmu.h"

#define PROT_RW (ARM_PROT_READ | ARM_PROT_WRITE)
#define PROT_RWX (PROT_RW | ARM_PROT_EXEC)

/*
 * One descriptor of @size (4 or 8) bytes at @addr, read in the regime's
 * endianness (SCTLR.EE) from the Secure or Non-secure physical space with
 * privileged attributes. A failed read is a synchronous external abort
 * on the walk at f->level, f->domain (set by the caller).
 */
static bool walk_read(ArmCpu *cpu, hwaddr addr, bool secure, bool be,
                      unsigned size, uint64_t *val, ArmFault *f)
{
    MemTxAttrs attrs = { .secure = secure, .requester_id = cpu->cpu_index };
    AddressSpace *as = cpu->as[secure ? ARM_AS_S : ARM_AS_NS];
    MemTxResult r;
    if (size == 4) {
        *val = be ? address_space_ldl_be(as, addr, attrs, &r)
                  : address_space_ldl_le(as, addr, attrs, &r);
    } else {
        *val = be ? address_space_ldq_be(as, addr, attrs, &r)
                  : address_space_ldq_le(as, addr, attrs, &r);
    }
    if (r != MEMTX_OK) {
        f->type = ARM_FAULT_WALK_EXTERNAL;
        f->ext = r;
        return false;
    }
    return true;
}

static bool fault(ArmFault *f, ArmFaultType type)
{
    f->type = type;
    return false;
}

/* AP[2:0] in a Client domain (B3.7.1, Table B3-8); 0b100 is reserved. */
static unsigned ap_prot(unsigned ap, bool user)
{
    switch (ap) {
    case 1:
        return user ? 0 : PROT_RW;
    case 2:
        return user ? ARM_PROT_READ : PROT_RW;
    case 3:
        return PROT_RW;
    case 5:
        return user ? 0 : ARM_PROT_READ;
    case 6:
    case 7:
        return ARM_PROT_READ;
    default:
        return 0;
    }
}

/* AP[2:1] of the simplified model (SCTLR.AFE, long descriptors). */
static unsigned simple_ap_prot(unsigned ap21, bool user)
{
    switch (ap21) {
    case 0:
        return user ? 0 : PROT_RW;
    case 1:
        return PROT_RW;
    case 2:
        return user ? 0 : ARM_PROT_READ;
    default:
        return ARM_PROT_READ;
    }
}

/*
 * The memory type of TEX:C:B (B3.8.2, Table B3-10), or with SCTLR.TRE the
 * PRRR region TRn for n = TEX[0]:C:B (B3.8.3; 0b11 is reserved).
 */
static ArmMemType short_mem_type(const ArmCpu *cpu, int bank, unsigned tex,
                                 unsigned cb)
{
    if (cpu->cp15.sctlr[bank] & SCTLR_TRE) {
        unsigned n = (tex & 1) << 2 | cb;
        switch ((cpu->cp15.prrr[bank] >> (2 * n)) & 3) {
        case 0:
            return ARM_MEM_STRONGLY_ORDERED;
        case 1:
            return ARM_MEM_DEVICE;
        default:
            return ARM_MEM_NORMAL;
        }
    }
    if (tex & 4) {
        return ARM_MEM_NORMAL;
    }
    switch ((tex & 3) << 2 | cb) {
    case 0:
        return ARM_MEM_STRONGLY_ORDERED;
    case 1:
    case 8:
        return ARM_MEM_DEVICE;
    default:
        return ARM_MEM_NORMAL;
    }
}

/* MAIR attribute byte to memory type (B4.1.104): 0b0000xxxx is Device
 * (0x00 Strongly-ordered), anything else Normal. */
static ArmMemType mair_mem_type(uint8_t attr)
{
    if (attr == 0) {
        return ARM_MEM_STRONGLY_ORDERED;
    }
    return (attr & 0xf0) ? ARM_MEM_NORMAL : ARM_MEM_DEVICE;
}

/*
 * Short-descriptor walk (B3.5). The domain is checked right after the
 * level 1 lookup, before the level 2 table is read; the Secure regime
 * reads both levels from the Secure space and a section's NS bit (the L1
 * table descriptor's for pages) sends the output Non-secure.
 */
static bool walk_short(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                       bool user, ArmMmuResult *res, ArmFault *f)
{
    int bank = secure ? 1 : 0;
    const ArmCp15 *c = &cpu->cp15;
    uint32_t sctlr = c->sctlr[bank];
    uint32_t ttbcr = c->ttbcr[bank];
    bool be = sctlr & SCTLR_EE;
    unsigned n = ttbcr & TTBCR_N;
    uint32_t table;
    f->level = 1;
    if (va & ~(0xffffffffu >> n)) {
        if (ttbcr & TTBCR_PD1) {
            return fault(f, ARM_FAULT_TRANSLATION);
        }
        table = c->ttbr1[bank] & 0xffffc000u;
    } else {
        if (ttbcr & TTBCR_PD0) {
            return fault(f, ARM_FAULT_TRANSLATION);
        }
        table = c->ttbr0[bank] & ~(0x3fffu >> n);
    }
    table |= (va >> 18) & 0x3ffc;
    uint64_t d;
    if (!walk_read(cpu, table, secure, be, 4, &d, f)) {
        return false;
    }
    uint32_t desc = (uint32_t)d;
    unsigned type = desc & 3;
    /* The Cortex-A15 has PXN, so 0b11 is a section with PXN set. */
    if (type == 0) {
        return fault(f, ARM_FAULT_TRANSLATION);
    }
    bool supersection = type != 1 && (desc & (1u << 18));
    f->domain = supersection ? 0 : (desc >> 5) & 0xf;
    f->level = type == 1 ? 2 : 1;
    unsigned dom = (c->dacr[bank] >> (2 * f->domain)) & 3;
    /* 0b10 is reserved: a Domain fault, as on QEMU. */
    if (dom == 0 || dom == 2) {
        return fault(f, ARM_FAULT_DOMAIN);
    }
    hwaddr pa;
    unsigned ap, tex, lg;
    bool xn, pxn, ns;
    if (type != 1) {
        if (supersection) {
            pa = (desc & 0xff000000u) | (va & 0x00ffffffu) |
                 (hwaddr)((desc >> 20) & 0xf) << 32 |
                 (hwaddr)((desc >> 5) & 0xf) << 36;
            lg = 24;
        } else {
            pa = (desc & 0xfff00000u) | (va & 0x000fffffu);
            lg = 20;
        }
        ap = ((desc >> 10) & 3) | ((desc >> 13) & 4);
        tex = (desc >> 12) & 7;
        xn = desc & (1u << 4);
        pxn = desc & 1;
        ns = desc & (1u << 19);
    } else {
        pxn = desc & (1u << 2);
        ns = desc & (1u << 3);
        table = (desc & 0xfffffc00u) | ((va >> 10) & 0x3fc);
        if (!walk_read(cpu, table, secure, be, 4, &d, f)) {
            return false;
        }
        desc = (uint32_t)d;
        ap = ((desc >> 4) & 3) | ((desc >> 7) & 4);
        switch (desc & 3) {
        case 0:
            return fault(f, ARM_FAULT_TRANSLATION);
        case 1:
            pa = (desc & 0xffff0000u) | (va & 0xffff);
            tex = (desc >> 12) & 7;
            xn = desc & (1u << 15);
            lg = 16;
            break;
        default:
            pa = (desc & 0xfffff000u) | (va & 0xfff);
            tex = (desc >> 6) & 7;
            xn = desc & 1;
            lg = 12;
            break;
        }
    }
    unsigned prot;
    if (dom == 3) {
        /* Manager: no permission checks, not even XN (as QEMU). */
        prot = PROT_RWX;
    } else {
        xn = xn || (pxn && !user);
        if (xn && acc == ARM_ACC_FETCH) {
            return fault(f, ARM_FAULT_PERMISSION);
        }
        if (sctlr & SCTLR_AFE) {
            if (!(ap & 1)) {
                return fault(f, ARM_FAULT_ACCESS_FLAG);
            }
            prot = simple_ap_prot(ap >> 1, user);
        } else {
            prot = ap_prot(ap, user);
        }
        if (prot && !xn) {
            prot |= ARM_PROT_EXEC;
        }
        if (!(prot & (1u << acc))) {
            return fault(f, ARM_FAULT_PERMISSION);
        }
    }
    *res = (ArmMmuResult){
        .pa = pa,
        .secure = secure && !ns,
        .prot = (uint8_t)prot,
        .lg_page_size = (uint8_t)lg,
        .mem_type = short_mem_type(cpu, bank, tex, (desc >> 2) & 3),
    };
    return true;
}

/*
 * Stage 1 permissions from AP[2:1], XN and PXN (QEMU's get_S1prot for an
 * AArch32 PL1&0 regime): no execution where the privilege cannot read,
 * PXN and UWXN for PL1, WXN for writable pages, SCR.SIF for Secure
 * execution from Non-secure memory.
 */
static unsigned s1_prot(const ArmCpu *cpu, bool secure, bool user,
                        unsigned ap, bool ns, bool xn, bool pxn)
{
    uint32_t sctlr = cpu->cp15.sctlr[secure ? 1 : 0];
    unsigned user_rw = simple_ap_prot(ap, true);
    unsigned prot_rw = user ? user_rw : simple_ap_prot(ap, false);
    if (ns && secure && (cpu->cp15.scr & SCR_SIF)) {
        return prot_rw;
    }
    if (user) {
        xn = xn || !(user_rw & ARM_PROT_READ);
    } else {
        xn = xn || !(prot_rw & ARM_PROT_READ) || pxn ||
             ((sctlr & SCTLR_UWXN) && (user_rw & ARM_PROT_WRITE));
    }
    if (xn || ((sctlr & SCTLR_WXN) && (prot_rw & ARM_PROT_WRITE))) {
        return prot_rw;
    }
    return prot_rw | ARM_PROT_EXEC;
}

#define MASK64(n) ((n) >= 64 ? ~0ull : (1ull << (n)) - 1)

/*
 * Long-descriptor walk (B3.6) with the 4 KiB granule: TTBR0 or TTBR1 by
 * T0SZ/T1SZ, starting at level 1 or 2, table attributes (PXNTable,
 * XNTable, APTable, NSTable) gathered on the way down, 40-bit output.
 */
static bool walk_long(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                      bool user, ArmMmuResult *res, ArmFault *f)
{
    int bank = secure ? 1 : 0;
    const ArmCp15 *c = &cpu->cp15;
    uint32_t ttbcr = c->ttbcr[bank];
    bool be = c->sctlr[bank] & SCTLR_EE;
    unsigned t0sz = ttbcr & 7, t1sz = (ttbcr >> 16) & 7;
    bool select = t1sz == 0 ? va > (0xffffffffu >> t0sz)
                            : va >= ~(0xffffffffu >> t1sz);
    unsigned tsz = select ? t1sz : t0sz;
    bool epd = ttbcr & (select ? TTBCR_EPD1 : TTBCR_EPD0);
    unsigned inputsize = 32 - tsz;
    f->level = 1;
    /* Between the two regions: a level 1 Translation fault. */
    if (inputsize < 32 &&
        (va >> inputsize) != (select ? 0xffffffffu >> inputsize : 0)) {
        return fault(f, ARM_FAULT_TRANSLATION);
    }
    if (epd) {
        return fault(f, ARM_FAULT_TRANSLATION);
    }
    uint64_t ttbr = select ? (uint64_t)c->ttbr1_hi[bank] << 32 | c->ttbr1[bank]
                           : (uint64_t)c->ttbr0_hi[bank] << 32 | c->ttbr0[bank];
    const unsigned stride = 9;
    unsigned level = 4 - (inputsize - 4) / stride;
    uint64_t grain_mask = MASK64(stride + 3);
    uint64_t index_mask = MASK64(inputsize - stride * (4 - level));
    uint64_t addr = (ttbr & MASK64(48)) & ~index_mask;
    uint64_t out_mask = MASK64(40) & ~grain_mask;
    /* [0] PXNTable [1] XNTable [2] APTable[0] [3] APTable[1] [4] NSTable;
     * a Non-secure walk starts (and stays) Non-secure. */
    unsigned table_attrs = secure ? 0 : 1u << 4;
    uint64_t desc;
    for (;;) {
        addr |= ((uint64_t)va >> (stride * (4 - level))) & index_mask;
        addr &= ~7ull;
        f->level = (uint8_t)level;
        if (!walk_read(cpu, addr, !(table_attrs & (1u << 4)), be, 8, &desc,
                       f)) {
            return false;
        }
        if (!(desc & 1) || (!(desc & 2) && level == 3)) {
            return fault(f, ARM_FAULT_TRANSLATION);
        }
        addr = desc & out_mask;
        if (level == 3 || !(desc & 2)) {
            break;
        }
        table_attrs |= (unsigned)(desc >> 59) & 0x1f;
        level++;
        index_mask = grain_mask;
    }
    unsigned lg = stride * (4 - level) + 3;
    uint64_t page_mask = MASK64(lg);
    addr = (addr & ~page_mask) | (va & page_mask);
    if (!(desc & (1u << 10))) {
        return fault(f, ARM_FAULT_ACCESS_FLAG);
    }
    unsigned ap = (desc >> 6) & 3;
    /* APTable[0] forces PL1 only (clears AP[1]); APTable[1] read-only. */
    if (table_attrs & 4) {
        ap &= ~1u;
    }
    if (table_attrs & 8) {
        ap |= 2;
    }
    bool ns = (desc & (1u << 5)) || (table_attrs & (1u << 4));
    bool xn = (desc >> 54) & 1 || (table_attrs & 2);
    bool pxn = (desc >> 53) & 1 || (table_attrs & 1);
    unsigned prot = s1_prot(cpu, secure, user, ap, ns, xn, pxn);
    if (!(prot & (1u << acc))) {
        return fault(f, ARM_FAULT_PERMISSION);
    }
    unsigned idx = (desc >> 2) & 7;
    uint64_t mair = (uint64_t)c->nmrr[bank] << 32 | c->prrr[bank];
    uint8_t attr = (uint8_t)(mair >> (8 * idx));
    *res = (ArmMmuResult){
        .pa = addr,
        .secure = secure && !ns,
        .prot = (uint8_t)prot,
        .lg_page_size = (uint8_t)lg,
        .mem_type = mair_mem_type(attr),
        .attr = attr,
        .sh = (desc >> 8) & 3,
        .lpae = true,
    };
    return true;
}

bool arm_mmu_translate(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                       bool user, ArmMmuResult *res, ArmFault *f)
{
    int bank = secure ? 1 : 0;
    uint32_t sctlr = cpu->cp15.sctlr[bank];
    *f = (ArmFault){ .type = ARM_FAULT_NONE };
    if (!(sctlr & SCTLR_M)) {
        /* Flat: data Strongly-ordered, fetches Normal (B3.2.1); the
         * attributes PAR shows are QEMU's for a disabled stage 1. */
        bool fetch = acc == ARM_ACC_FETCH;
        *res = (ArmMmuResult){
            .pa = va,
            .secure = secure,
            .prot = PROT_RWX,
            .lg_page_size = ARM_PAGE_BITS,
            .mem_type = fetch ? ARM_MEM_NORMAL : ARM_MEM_STRONGLY_ORDERED,
            .attr = fetch ? ((sctlr & (1u << 12)) ? 0xee : 0x44) : 0x00,
            .sh = fetch ? 2 : 0,
            .lpae = arm_mmu_lpae(cpu, secure),
        };
        return true;
    }
    if (arm_mmu_lpae(cpu, secure)) {
        return walk_long(cpu, va, acc, secure, user, res, f);
    }
    return walk_short(cpu, va, acc, secure, user, res, f);
}

#define PAR_F (1u << 0)
#define PAR_SS (1u << 1)
#define PAR_NS (1u << 9)
#define PAR_LPAE (1u << 11)

bool arm_mmu_ats(ArmCpu *cpu, uint32_t va, ArmAccess acc, bool secure,
                 bool user, uint64_t *par)
{
    ArmMmuResult r;
    ArmFault f;
    bool ok = arm_mmu_translate(cpu, va, acc, secure, user, &r, &f);
    bool lpae = arm_mmu_lpae(cpu, secure);
    if (!ok && f.type == ARM_FAULT_WALK_EXTERNAL) {
        arm_abort_status(cpu, va, lpae ? arm_fault_long_fsr(&f)
                                       : arm_fault_short_fsr(&f));
        return false;
    }
    if (lpae) {
        *par = PAR_LPAE;
        if (!ok) {
            *par |= PAR_F | (arm_fault_long_fsr(&f) & 0x3f) << 1;
            return true;
        }
        *par |= r.pa & 0xfffffff000ull;
        *par |= r.secure ? 0 : PAR_NS;
        *par |= (uint64_t)r.attr << 56 | (uint64_t)r.sh << 7;
        return true;
    }
    if (!ok) {
        /* FS[4:0] in [5:1], ExT in [6] (B4.1.112, as QEMU). */
        uint32_t fsr = arm_fault_short_fsr(&f);
        *par = ((fsr & (1u << 10)) >> 5) | ((fsr & (1u << 12)) >> 6) |
               ((fsr & 0xf) << 1) | PAR_F;
        return true;
    }
    *par = r.lg_page_size == 24 ? ((uint32_t)r.pa & 0xff000000u) | PAR_SS
                                : (uint32_t)r.pa & 0xfffff000u;
    *par |= r.secure ? 0 : PAR_NS;
    return true;
}
