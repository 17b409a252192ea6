/*
 * The translation table walker (mmu.c) over test RAM: short and long
 * descriptors, output addresses, permissions and fault status codes, the
 * Secure regime's walks and NS outputs (two address spaces whose RAM
 * differs, so the space a read went to shows in the value), and the TLB
 * honouring ASID changes and flushes by address inside a section.
 */
#include <string.h>

#include "../../src/cpu/arm/cp15.h"
#include "../../src/cpu/arm/mmu.h"
#include "testlib.h"

#define TABLE 0x4000u  /* short L1, 16 KiB */
#define L2 0x8000u
#define LTABLE 0x9000u /* long descriptors: L1, L2, L3 */
#define DATA 0x100000u

typedef struct Mmu {
    TestSpace ns, s;
    uint8_t *ns_ram, *s_ram;
    ArmCpu *cpu;
} Mmu;

/* Non-secure RAM reads 0x11 where nothing was written, Secure RAM 0x22;
 * the table area is zeroed, and tables are written to both unless said
 * otherwise. */
static void mmu_init(Mmu *m)
{
    testspace_init(&m->ns);
    testspace_init(&m->s);
    MemoryRegion *a = test_ram("ns-ram", 0x400000, 0x11);
    MemoryRegion *b = test_ram("s-ram", 0x400000, 0x22);
    m->ns_ram = memory_region_get_ram_ptr(a);
    m->s_ram = memory_region_get_ram_ptr(b);
    testspace_add(&m->ns, 0, a, 0);
    testspace_add(&m->s, 0, b, 0);
    /* The tables start out all faults. */
    memset(m->ns_ram + TABLE, 0, 0xd000 - TABLE);
    memset(m->s_ram + TABLE, 0, 0xd000 - TABLE);
    m->cpu = arm_cpu_new(&m->ns.as, &m->s.as, true);
    arm_cpu_reset(m->cpu, 0);
    for (int bank = 0; bank < 2; bank++) {
        m->cpu->cp15.ttbr0[bank] = TABLE;
        m->cpu->cp15.dacr[bank] = 0x55555555u;
        m->cpu->cp15.sctlr[bank] |= SCTLR_M;
    }
}

static void mmu_free(Mmu *m)
{
    arm_cpu_free(m->cpu);
    testspace_destroy(&m->ns);
    testspace_destroy(&m->s);
}

static void put32(Mmu *m, uint32_t pa, uint32_t v, bool ns, bool s)
{
    if (ns) {
        memcpy(m->ns_ram + pa, &v, 4);
    }
    if (s) {
        memcpy(m->s_ram + pa, &v, 4);
    }
}

static void put64(Mmu *m, uint32_t pa, uint64_t v)
{
    memcpy(m->ns_ram + pa, &v, 8);
    memcpy(m->s_ram + pa, &v, 8);
}

static void l1(Mmu *m, uint32_t va, uint32_t desc)
{
    put32(m, TABLE + (va >> 20) * 4, desc, true, true);
}

static uint32_t sect(uint32_t pa, unsigned ap, unsigned dom)
{
    return (pa & 0xfff00000u) | ((ap >> 2) & 1) << 15 | (ap & 3) << 10 |
           dom << 5 | 2;
}

static bool xlate(Mmu *m, uint32_t va, ArmAccess acc, bool secure, bool user,
                  ArmMmuResult *r, ArmFault *f)
{
    return arm_mmu_translate(m->cpu, va, acc, secure, user, r, f);
}

TEST(mmu_short_sections_supersections_and_pages)
{
    Mmu m;
    mmu_init(&m);
    l1(&m, 0x80000000u, sect(DATA, 3, 0));
    for (unsigned i = 0; i < 16; i++) {
        l1(&m, 0x81000000u + (i << 20),
           0x12000000u | 1u << 18 | 0x5u << 20 | 3u << 10 | 2);
    }
    l1(&m, 0x82000000u, L2 | 3u << 5 | 1);
    put32(&m, L2 + 0 * 4, 0x00123000u | 3u << 4 | 2, true, true);
    for (unsigned i = 0x10; i < 0x20; i++) {
        put32(&m, L2 + i * 4, 0x00340000u | 3u << 4 | 1, true, true);
    }
    ArmMmuResult r;
    ArmFault f;
    CHECK(xlate(&m, 0x80012345u, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(r.pa, DATA + 0x12345);
    CHECK_EQ(r.lg_page_size, 20);
    CHECK_EQ(r.prot, ARM_PROT_READ | ARM_PROT_WRITE | ARM_PROT_EXEC);
    /* Supersection: PA[35:32] from bits [23:20]. */
    CHECK(xlate(&m, 0x81abcdefu, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(r.pa, 0x512abcdefull);
    CHECK_EQ(r.lg_page_size, 24);
    CHECK(xlate(&m, 0x82000abcu, ARM_ACC_WRITE, false, true, &r, &f));
    CHECK_EQ(r.pa, 0x00123abcu);
    CHECK(xlate(&m, 0x8201fabcu, ARM_ACC_FETCH, false, true, &r, &f));
    CHECK_EQ(r.pa, 0x0034fabcu);
    CHECK_EQ(r.lg_page_size, 16);
    mmu_free(&m);
}

TEST(mmu_short_fault_status_codes)
{
    Mmu m;
    mmu_init(&m);
    l1(&m, 0x82000000u, L2 | 3u << 5 | 1);   /* page table, domain 3 */
    l1(&m, 0x84000000u, sect(DATA, 3, 1));   /* domain 1 */
    l1(&m, 0x84100000u, 0x3ff000u | 1u << 5 | 1);
    l1(&m, 0x86000000u, sect(DATA, 2, 0));   /* PL0 read-only */
    l1(&m, 0x87000000u, sect(DATA, 3, 0) | 1u << 4);
    l1(&m, 0x88000000u, 0x03f00000u | 3u << 10 | 2); /* unassigned PA */
    l1(&m, 0x89000000u, 0x03fffc00u | 2u << 5 | 1);  /* L2 past the RAM */
    m.cpu->cp15.dacr[0] = 0x55555551u;       /* domain 1: no access */
    struct {
        uint32_t va;
        ArmAccess acc;
        bool user;
        uint32_t fsr;
    } rows[] = {
        { 0x83000000u, ARM_ACC_READ, false, 0x005 },
        { 0x82002000u, ARM_ACC_READ, false, 0x037 },
        { 0x84000000u, ARM_ACC_READ, false, 0x019 },
        { 0x84100000u, ARM_ACC_READ, false, 0x01b },
        { 0x86000000u, ARM_ACC_WRITE, true, 0x00d },
        { 0x87000000u, ARM_ACC_FETCH, false, 0x00d },
        { 0x8a000000u, ARM_ACC_READ, false, 0x005 },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        ArmMmuResult r;
        ArmFault f;
        CHECK(!xlate(&m, rows[i].va, rows[i].acc, false, rows[i].user, &r,
                     &f));
        CHECK_EQ(arm_fault_short_fsr(&f), rows[i].fsr);
    }
    ArmMmuResult r;
    ArmFault f;
    /* An unassigned PA is no walk fault: the access itself aborts. */
    CHECK(xlate(&m, 0x88000000u, ARM_ACC_READ, false, false, &r, &f));
    /* TTBR0 beyond the RAM: external abort on the L1 walk (decode error,
     * ExT 0); an L2 table beyond it, on the L2 walk with the domain. */
    m.cpu->cp15.ttbr0[0] = 0x7fffc000u;
    CHECK(!xlate(&m, 0x80000000u, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_short_fsr(&f), 0x00c);
    CHECK_EQ(arm_fault_long_fsr(&f), 0x215);
    m.cpu->cp15.ttbr0[0] = TABLE;
    put32(&m, TABLE + 0x890 * 4, 0x7ffffc00u | 2u << 5 | 1, true, true);
    CHECK(!xlate(&m, 0x89000000u, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_short_fsr(&f), 0x02e);
    /* SCTLR.AFE: AP[0] clear is an Access flag fault. */
    m.cpu->cp15.sctlr[0] |= SCTLR_AFE;
    CHECK(!xlate(&m, 0x86000000u, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_short_fsr(&f), 0x003);
    mmu_free(&m);
}

TEST(mmu_secure_walks_and_ns_outputs)
{
    Mmu m;
    mmu_init(&m);
    /* Tables only in Secure RAM: a Non-secure walk finds 0x11111111. */
    put32(&m, TABLE + 0x800 * 4, sect(DATA, 3, 0), false, true);
    put32(&m, TABLE + 0x801 * 4, sect(DATA, 3, 0) | 1u << 19, false, true);
    put32(&m, TABLE + 0x802 * 4, L2 | 1u << 3 | 1, false, true);
    put32(&m, L2, DATA | 3u << 4 | 2, false, true);
    ArmMmuResult r;
    ArmFault f;
    CHECK(xlate(&m, 0x80000010u, ARM_ACC_READ, true, false, &r, &f));
    CHECK(r.secure);
    CHECK(xlate(&m, 0x80100010u, ARM_ACC_READ, true, false, &r, &f));
    CHECK(!r.secure);
    CHECK(xlate(&m, 0x80200010u, ARM_ACC_READ, true, false, &r, &f));
    CHECK(!r.secure);
    CHECK_EQ(r.pa, DATA + 0x10);
    /* The Non-secure walk reads Non-secure RAM, where the entry is 0. */
    CHECK(!xlate(&m, 0x80000010u, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_short_fsr(&f), 0x005);
    /* Non-secure regime: NS bits make no difference, output NS. */
    l1(&m, 0x80300000u, sect(DATA, 3, 0));
    CHECK(xlate(&m, 0x80300010u, ARM_ACC_READ, false, false, &r, &f));
    CHECK(!r.secure);
    /* Through the TLB: the access goes to the output space. */
    m.cpu->cp15.sctlr[1] |= SCTLR_M;
    put32(&m, DATA + 0x10, 0xaaaaaaaau, true, false);
    put32(&m, DATA + 0x10, 0x55555555u, false, true);
    uint8_t buf[4];
    ArmFault tf;
    CHECK(arm_tlb_access(m.cpu, 0x80000010u, 4, ARM_ACC_READ, false, buf,
                         &tf));
    CHECK_EQ(buf[0], 0x55);
    CHECK(arm_tlb_access(m.cpu, 0x80100010u, 4, ARM_ACC_READ, false, buf,
                         &tf));
    CHECK_EQ(buf[0], 0xaa);
    mmu_free(&m);
}

#define LD_BLOCK(pa) ((uint64_t)(pa) | 1ull << 10 | 1ull << 6 | 1)

TEST(mmu_long_descriptors)
{
    Mmu m;
    mmu_init(&m);
    ArmCp15 *c = &m.cpu->cp15;
    c->ttbcr[0] = c->ttbcr[1] = TTBCR_EAE;
    c->ttbr0[0] = c->ttbr0[1] = LTABLE;
    c->prrr[0] = 0x0000ff44u;      /* MAIR0: attr 1 = 0xff */
    put64(&m, LTABLE + 2 * 8, (LTABLE + 0x1000) | 3);
    put64(&m, LTABLE + 3 * 8, (LTABLE + 0x3000) | 1ull << 63 | 3);
    put64(&m, LTABLE + 0x1000, LD_BLOCK(0x200000) | 1u << 2 | 3u << 8);
    put64(&m, LTABLE + 0x1000 + 8, (LTABLE + 0x2000) | 3);
    put64(&m, LTABLE + 0x2000, (DATA | 1ull << 10 | 1ull << 6 | 3));
    put64(&m, LTABLE + 0x2000 + 8, (DATA | 1ull << 6 | 3)); /* AF clear */
    put64(&m, LTABLE + 0x2000 + 16, (DATA | 1ull << 10 | 3ull << 6 | 3));
    put64(&m, LTABLE + 0x3000, LD_BLOCK(0x200000));
    ArmMmuResult r;
    ArmFault f;
    CHECK(xlate(&m, 0x80012345u, ARM_ACC_READ, false, true, &r, &f));
    CHECK_EQ(r.pa, 0x212345u);
    CHECK_EQ(r.lg_page_size, 21);
    CHECK_EQ(r.attr, 0xff);
    CHECK_EQ(r.sh, 3);
    CHECK(xlate(&m, 0x80200abcu, ARM_ACC_WRITE, false, true, &r, &f));
    CHECK_EQ(r.pa, DATA + 0xabc);
    CHECK(!xlate(&m, 0x80201abcu, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_long_fsr(&f), 0x20b);
    CHECK(!xlate(&m, 0x80202abcu, ARM_ACC_WRITE, false, false, &r, &f));
    CHECK_EQ(arm_fault_long_fsr(&f), 0x20f);
    CHECK(!xlate(&m, 0x80203abcu, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_long_fsr(&f), 0x207);
    CHECK(!xlate(&m, 0x00000abcu, ARM_ACC_READ, false, false, &r, &f));
    CHECK_EQ(arm_fault_long_fsr(&f), 0x205);
    /* NSTable from a Secure walk: Non-secure output. */
    CHECK(xlate(&m, 0xc0000abcu, ARM_ACC_READ, true, false, &r, &f));
    CHECK(!r.secure);
    CHECK(xlate(&m, 0x80000abcu, ARM_ACC_READ, true, false, &r, &f));
    CHECK(r.secure);
    /* PAR, long format: LPAE bit, PA, NS, SH, ATTR. */
    uint64_t par;
    CHECK(arm_mmu_ats(m.cpu, 0x80012345u, ARM_ACC_READ, false, false, &par));
    CHECK_EQ(par, 0xff00000000212b80ull);
    mmu_free(&m);
}

static void mcr(ArmCpu *cpu, unsigned crn, unsigned crm, unsigned opc2,
                uint32_t v)
{
    CHECK(cp15_access(cpu, CP15_KEY(0, crn, crm, opc2), false, &v));
}

static uint8_t tlb_read8(Mmu *m, uint32_t va)
{
    uint8_t buf[1] = { 0 };
    ArmFault f;
    CHECK(arm_tlb_access(m->cpu, va, 1, ARM_ACC_READ, false, buf, &f));
    return buf[0];
}

/* An nG entry of one ASID never serves another, and a flush by an address
 * anywhere in a section drops the section's cached pages. */
TEST(mmu_tlb_asid_changes_and_flush_by_address)
{
    Mmu m;
    mmu_init(&m);
    m.s_ram[DATA + 0x5000] = 0xa1;
    m.s_ram[DATA * 2 + 0x5000] = 0xb2;
    mcr(m.cpu, 13, 0, 1, 1);
    l1(&m, 0x80000000u, sect(DATA, 3, 0) | 1u << 17);
    CHECK_EQ(tlb_read8(&m, 0x80005000u), 0xa1);
    CHECK(arm_tlb_host(m.cpu, 0x80005000u, 1, ARM_ACC_READ, false) != NULL);
    l1(&m, 0x80000000u, sect(DATA * 2, 3, 0) | 1u << 17);
    mcr(m.cpu, 13, 0, 1, 2);
    CHECK(arm_tlb_host(m.cpu, 0x80005000u, 1, ARM_ACC_READ, false) == NULL);
    CHECK_EQ(tlb_read8(&m, 0x80005000u), 0xb2);
    l1(&m, 0x80000000u, sect(DATA, 3, 0));
    mcr(m.cpu, 8, 7, 3, 0x800ff000u);  /* TLBIMVAA, another page */
    CHECK_EQ(tlb_read8(&m, 0x80005000u), 0xa1);
    /* Writing the same CONTEXTIDR keeps the TLB. */
    mcr(m.cpu, 13, 0, 1, 2);
    CHECK(arm_tlb_host(m.cpu, 0x80005000u, 1, ARM_ACC_READ, false) != NULL);
    mmu_free(&m);
}
