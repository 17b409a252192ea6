/*
 * The GICv2 driven through an address space with explicit Secure and
 * Non-secure attributes and requester IDs (the accessing CPU): identity and
 * reset values, enable/pend/acknowledge/EOI, level and edge inputs,
 * priorities, masking and preemption, SGIs between CPUs, Group 0 as FIQ,
 * the Non-secure register views, and access-size and bad-offset rules.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cpu/arm/cpu.h"
#include "../../src/hw/gic.h"
#include "testlib.h"

#define DIST 0x08000000ull
#define CPUIF 0x08010000ull
#define NR_IRQ 288
#define NR_SPI (NR_IRQ - 32)

enum {
    D_CTLR = 0x000, D_TYPER = 0x004, D_IIDR = 0x008, D_IGROUPR = 0x080,
    D_ISENABLER = 0x100, D_ICENABLER = 0x180, D_ISPENDR = 0x200,
    D_ICPENDR = 0x280, D_ISACTIVER = 0x300, D_ICACTIVER = 0x380,
    D_IPRIORITYR = 0x400, D_ITARGETSR = 0x800, D_ICFGR = 0xc00,
    D_SGIR = 0xf00, D_CPENDSGIR = 0xf10, D_SPENDSGIR = 0xf20,
};
enum {
    C_CTLR = 0x00, C_PMR = 0x04, C_BPR = 0x08, C_IAR = 0x0c, C_EOIR = 0x10,
    C_RPR = 0x14, C_HPPIR = 0x18, C_ABPR = 0x1c, C_AIAR = 0x20,
    C_AEOIR = 0x24, C_AHPPIR = 0x28, C_APR0 = 0xd0, C_NSAPR0 = 0xe0,
    C_IIDR = 0xfc, C_DIR = 0x1000,
};

/* The IRQ and FIQ inputs of one fake CPU (what arm_cpu_irq_input gets). */
typedef struct CpuPins {
    int level[2];
    unsigned calls;
} CpuPins;

static void pins_set(void *opaque, int n, int level)
{
    CpuPins *p = opaque;
    p->level[n] = level;
    p->calls++;
}

typedef struct Rig {
    TestSpace t;
    Gic *g;
    CpuPins pins[4];
    unsigned num_cpu;
    char *log;
    size_t log_len;
    FILE *log_file;
} Rig;

static void rig_init(Rig *r, unsigned num_cpu, bool security)
{
    memset(r, 0, sizeof(*r));
    testspace_init(&r->t);
    GicConfig cfg = { .num_cpu = num_cpu, .num_irq = NR_IRQ,
                      .security_extn = security };
    r->g = gic_new("gic", &cfg, NULL);
    r->num_cpu = num_cpu;
    r->log_file = open_memstream(&r->log, &r->log_len);
    gic_set_log(r->g, r->log_file);
    for (unsigned i = 0; i < num_cpu; i++) {
        gic_connect_cpu(r->g, i, irq_line(pins_set, &r->pins[i], ARM_CPU_IRQ),
                        irq_line(pins_set, &r->pins[i], ARM_CPU_FIQ));
    }
    CHECK_EQ(memory_region_add_subregion(r->t.root, DIST,
                                         gic_dist_region(r->g), NULL), MEM_OK);
    CHECK_EQ(memory_region_add_subregion(r->t.root, CPUIF,
                                         gic_cpu_region(r->g), NULL), MEM_OK);
}

static const char *rig_log(Rig *r)
{
    fflush(r->log_file);
    return r->log ? r->log : "";
}

static void rig_destroy(Rig *r)
{
    gic_free(r->g);
    testspace_destroy(&r->t);
    fclose(r->log_file);
    free(r->log);
}

/* Attributes of an access by CPU @cpu, Secure or not. */
static MemTxAttrs S(unsigned cpu)
{
    return (MemTxAttrs){ .secure = 1, .requester_id = cpu };
}

static MemTxAttrs NS(unsigned cpu)
{
    return (MemTxAttrs){ .requester_id = cpu };
}

static uint32_t rd(Rig *r, hwaddr a, MemTxAttrs at)
{
    MemTxResult res;
    uint32_t v = address_space_ldl_le(&r->t.as, a, at, &res);
    CHECK_EQ(res, MEMTX_OK);
    return v;
}

static void wr(Rig *r, hwaddr a, uint32_t v, MemTxAttrs at)
{
    MemTxResult res;
    address_space_stl_le(&r->t.as, a, v, at, &res);
    CHECK_EQ(res, MEMTX_OK);
}

#define DR(r, off, at) rd((r), DIST + (off), (at))
#define DW(r, off, v, at) wr((r), DIST + (off), (v), (at))
#define CR(r, off, at) rd((r), CPUIF + (off), (at))
#define CW(r, off, v, at) wr((r), CPUIF + (off), (v), (at))

static int irq_of(Rig *r, unsigned cpu)
{
    return r->pins[cpu].level[ARM_CPU_IRQ];
}

static int fiq_of(Rig *r, unsigned cpu)
{
    return r->pins[cpu].level[ARM_CPU_FIQ];
}

/* Bit @irq of the per-interrupt bitmap at @base, written as a word. */
static void set_bit_reg(Rig *r, hwaddr base, unsigned irq, MemTxAttrs at)
{
    DW(r, base + irq / 32 * 4, 1u << (irq % 32), at);
}

/* Secure setup: distributor and every CPU interface on, PMR fully open. */
static void open_all(Rig *r)
{
    DW(r, D_CTLR, 3, S(0));
    for (unsigned c = 0; c < r->num_cpu; c++) {
        CW(r, C_CTLR, 3, S(c));
        CW(r, C_PMR, 0xff, S(c));
    }
}

/* SPI @irq enabled at @prio, targeting @targets, edge or level. */
static void setup_spi(Rig *r, unsigned irq, uint8_t prio, uint8_t targets,
                      bool edge)
{
    address_space_stb(&r->t.as, DIST + D_IPRIORITYR + irq, prio, S(0), NULL);
    address_space_stb(&r->t.as, DIST + D_ITARGETSR + irq, targets, S(0),
                      NULL);
    uint32_t cfg = DR(r, D_ICFGR + irq / 16 * 4, S(0));
    uint32_t bit = 2u << (2 * (irq % 16));
    DW(r, D_ICFGR + irq / 16 * 4, edge ? cfg | bit : cfg & ~bit, S(0));
    set_bit_reg(r, D_ISENABLER, irq, S(0));
}

static void spi(Rig *r, unsigned irq, int level)
{
    gic_irq_input(r->g, (int)irq - 32, level);
}

TEST(gic_identity_and_reset_values)
{
    Rig r;
    rig_init(&r, 2, true);
    /* ITLinesNumber 8 (288 IDs), CPUNumber 1, SecurityExtn, LSPI 0. */
    CHECK_EQ(DR(&r, D_TYPER, S(0)), 0x428);
    CHECK_EQ(DR(&r, D_TYPER, NS(1)), 0x428);
    CHECK_EQ(DR(&r, D_IIDR, S(0)), 0x43b);
    CHECK_EQ(CR(&r, C_IIDR, NS(0)), 0x2043b);
    static const uint8_t id[12] = { 0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0,
                                    0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 12; i++) {
        CHECK_EQ(DR(&r, 0xfd0 + 4 * i, NS(0)), id[i]);
    }
    CHECK_EQ(DR(&r, D_CTLR, S(0)), 0);
    CHECK_EQ(DR(&r, D_IGROUPR, S(0)), 0);
    /* SGIs: enabled, edge; everything else disabled, level, priority 0. */
    CHECK_EQ(DR(&r, D_ISENABLER, S(0)), 0xffff);
    CHECK_EQ(DR(&r, D_ISENABLER + 4, S(0)), 0);
    CHECK_EQ(DR(&r, D_ICFGR, S(0)), 0xaaaaaaaa);
    CHECK_EQ(DR(&r, D_ICFGR + 8, S(0)), 0);
    CHECK_EQ(DR(&r, D_IPRIORITYR + 40, S(0)), 0);
    CHECK_EQ(CR(&r, C_CTLR, S(0)), 0);
    CHECK_EQ(CR(&r, C_PMR, S(0)), 0);
    CHECK_EQ(CR(&r, C_BPR, S(0)), 0);
    CHECK_EQ(CR(&r, C_ABPR, S(0)), 1);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    CHECK_EQ(CR(&r, C_HPPIR, S(0)), 1023);
    CHECK_EQ(irq_of(&r, 0) | fiq_of(&r, 0) | irq_of(&r, 1) | fiq_of(&r, 1),
             0);
    CHECK_EQ(rig_log(&r)[0], '\0');
    rig_destroy(&r);

    /* secure=off: no SecurityExtn bit; one CPU. */
    rig_init(&r, 1, false);
    CHECK_EQ(DR(&r, D_TYPER, NS(0)), 0x008);
    rig_destroy(&r);

    /* Bad configurations are refused with a message. */
    MemError err;
    GicConfig bad = { .num_cpu = 9, .num_irq = 288 };
    CHECK(gic_new("gic", &bad, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    bad = (GicConfig){ .num_cpu = 1, .num_irq = 100 };
    CHECK(gic_new("gic", &bad, &err) == NULL);
    CHECK(strstr(err.message, "multiple of 32") != NULL);
}

TEST(gic_edge_spi_enable_pend_ack_eoi)
{
    Rig r;
    rig_init(&r, 2, true);
    setup_spi(&r, 40, 0x40, 0x1, true);
    spi(&r, 40, 1);
    /* Pending, but the distributor and interface are off. */
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 1u << 8);
    CHECK_EQ(irq_of(&r, 0), 0);
    open_all(&r);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(irq_of(&r, 1), 0); /* targets CPU 0 only */
    CHECK_EQ(fiq_of(&r, 0), 0); /* Group 0 without FIQEn: IRQ */
    CHECK_EQ(CR(&r, C_HPPIR, S(0)), 40);
    CHECK_EQ(CR(&r, C_IAR, S(1)), 1023);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x40);
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 1u << 8);
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    /* An edge while active: active and pending, signalled after EOI. */
    spi(&r, 40, 0);
    spi(&r, 40, 1);
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 1u << 8);
    CHECK_EQ(irq_of(&r, 0), 0);
    CW(&r, C_EOIR, 40, S(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 0);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    CW(&r, C_EOIR, 40, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    /* The edge latched: it stays pending after the line drops. */
    spi(&r, 40, 0);
    spi(&r, 40, 1);
    spi(&r, 40, 0);
    CHECK_EQ(irq_of(&r, 0), 1);
    DW(&r, D_ICPENDR + 4, 1u << 8, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    /* ISPENDR sets it by software; ICENABLER hides it. */
    DW(&r, D_ISPENDR + 4, 1u << 8, S(0));
    CHECK_EQ(irq_of(&r, 0), 1);
    DW(&r, D_ICENABLER + 4, 1u << 8, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(DR(&r, D_ISENABLER + 4, S(0)), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    /* Spurious and nonexistent IDs written to EOIR are ignored. */
    CW(&r, C_EOIR, 1023, S(0));
    CW(&r, C_EOIR, 500, S(0));
    CHECK_EQ(rig_log(&r)[0], '\0');
    rig_destroy(&r);
}

TEST(gic_level_spi_follows_its_line)
{
    Rig r;
    rig_init(&r, 1, false);
    open_all(&r);
    setup_spi(&r, 33, 0x10, 0xff, false);
    /* Uniprocessor: ITARGETSR is RAZ/WI, everything goes to CPU 0. */
    CHECK_EQ(DR(&r, D_ITARGETSR + 32, S(0)), 0);
    spi(&r, 33, 1);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 33);
    /* Still high: active and pending, not signalled until EOI. */
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 2);
    CHECK_EQ(irq_of(&r, 0), 0);
    CW(&r, C_EOIR, 33, S(0));
    CHECK_EQ(irq_of(&r, 0), 1);
    /* The device lowers its line: no longer pending. */
    spi(&r, 33, 0);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    /* ICPENDR cannot clear a level that is still asserted. */
    spi(&r, 33, 1);
    DW(&r, D_ICPENDR + 4, 2, S(0));
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 2);
    spi(&r, 33, 0);
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 0);
    /* Repeated levels are harmless. */
    spi(&r, 33, 0);
    CHECK_EQ(irq_of(&r, 0), 0);
    rig_destroy(&r);
}

TEST(gic_priority_masking_and_order)
{
    Rig r;
    rig_init(&r, 1, false);
    open_all(&r);
    setup_spi(&r, 34, 0x80, 1, true);
    setup_spi(&r, 35, 0x20, 1, true);
    setup_spi(&r, 36, 0x20, 1, true);
    CW(&r, C_PMR, 0x20, S(0));
    spi(&r, 34, 1);
    spi(&r, 35, 1);
    spi(&r, 36, 1);
    /* PMR 0x20 masks priority 0x20 and lower. */
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(CR(&r, C_HPPIR, S(0)), 1023);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    CW(&r, C_PMR, 0x21, S(0));
    CHECK_EQ(irq_of(&r, 0), 1);
    /* Equal priorities: the lowest ID first. */
    CHECK_EQ(CR(&r, C_IAR, S(0)), 35);
    CW(&r, C_EOIR, 35, S(0));
    CHECK_EQ(CR(&r, C_IAR, S(0)), 36);
    CW(&r, C_EOIR, 36, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    CW(&r, C_PMR, 0xff, S(0));
    CHECK_EQ(CR(&r, C_IAR, S(0)), 34);
    CW(&r, C_EOIR, 34, S(0));
    /* The priority field holds 8 bits; byte access works. */
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 37, 0xa5, S(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 37, S(0),
                                NULL), 0xa5);
    CHECK_EQ(DR(&r, D_IPRIORITYR + 36, S(0)), 0xa520u); /* 36 is 0x20 */
    address_space_stw_le(&r.t.as, DIST + D_IPRIORITYR + 38, 0x1234, S(0),
                         NULL);
    CHECK_EQ(DR(&r, D_IPRIORITYR + 36, S(0)), 0x1234a520u);
    rig_destroy(&r);
}

TEST(gic_preemption_by_group_priority)
{
    Rig r;
    rig_init(&r, 1, false);
    open_all(&r);
    setup_spi(&r, 40, 0x7f, 1, true);
    setup_spi(&r, 41, 0x40, 1, true);
    setup_spi(&r, 42, 0x10, 1, true);
    /* BPR 5: group priority is bits [7:6]. */
    CW(&r, C_BPR, 5, S(0));
    spi(&r, 40, 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x40);
    /* 0x40 is a higher priority than 0x7f but the same group priority. */
    spi(&r, 41, 1);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(CR(&r, C_HPPIR, S(0)), 41);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    /* 0x10 is in a higher group: it preempts. */
    spi(&r, 42, 1);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 42);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x00);
    /* Active priorities: level 0 (0x00) and level 32 (0x40). */
    CHECK_EQ(CR(&r, C_APR0, S(0)), 1);
    CHECK_EQ(CR(&r, C_APR0 + 4, S(0)), 1);
    /* EOI of the nested one returns to the first's running priority. */
    CW(&r, C_EOIR, 42, S(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x40);
    CHECK_EQ(irq_of(&r, 0), 0);
    CW(&r, C_EOIR, 40, S(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 41);
    CW(&r, C_EOIR, 41, S(0));
    /* BPR 0: every priority its own group; 0x40 preempts 0x7f. */
    CW(&r, C_BPR, 0, S(0));
    spi(&r, 40, 0);
    spi(&r, 40, 1);
    spi(&r, 41, 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x7e);
    spi(&r, 41, 1);
    CHECK_EQ(irq_of(&r, 0), 1);
    rig_destroy(&r);
}

TEST(gic_sgis_between_cpus)
{
    Rig r;
    rig_init(&r, 4, false);
    open_all(&r);
    /* CPU 0 sends SGI 5 to CPUs 1 and 3 through the target list. */
    DW(&r, D_SGIR, (0u << 24) | (0x0au << 16) | 5, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(irq_of(&r, 1), 1);
    CHECK_EQ(irq_of(&r, 2), 0);
    CHECK_EQ(irq_of(&r, 3), 1);
    CHECK_EQ(DR(&r, D_SPENDSGIR + 4, S(1)), 0x0100); /* SGI 5 from CPU 0 */
    CHECK_EQ(DR(&r, D_ISPENDR, S(3)), 1u << 5);
    CHECK_EQ(DR(&r, D_ISPENDR, S(0)), 0);
    CHECK_EQ(CR(&r, C_HPPIR, S(1)), 5);
    CHECK_EQ(CR(&r, C_IAR, S(1)), 5); /* source CPU 0 in [12:10] */
    CW(&r, C_EOIR, 5, S(1));
    CHECK_EQ(irq_of(&r, 1), 0);
    /* CPU 2: everyone but itself. */
    DW(&r, D_SGIR, (1u << 24) | 7, S(2));
    CHECK_EQ(irq_of(&r, 2), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), (2u << 10) | 7);
    CW(&r, C_EOIR, (2u << 10) | 7, S(0));
    CHECK_EQ(CR(&r, C_IAR, S(1)), (2u << 10) | 7);
    /* CPU 3 has SGI 5 from 0 and 7 from 2: the lower ID first. */
    CHECK_EQ(CR(&r, C_IAR, S(3)), 5);
    CW(&r, C_EOIR, 5, S(3));
    CHECK_EQ(CR(&r, C_IAR, S(3)), (2u << 10) | 7);
    /* CPU 1 to itself only, while SGI 7 from CPU 2 is active there. */
    DW(&r, D_SGIR, (2u << 24) | 7, S(1));
    CHECK_EQ(irq_of(&r, 1), 0);
    CW(&r, C_EOIR, (2u << 10) | 7, S(1));
    CHECK_EQ(irq_of(&r, 1), 1);
    CHECK_EQ(CR(&r, C_IAR, S(1)), (1u << 10) | 7);
    CW(&r, C_EOIR, 7, S(1));
    /* Two sources of one SGI are acknowledged one at a time. */
    DW(&r, D_SGIR, (0x01u << 16) | 9, S(2));
    DW(&r, D_SGIR, (0x01u << 16) | 9, S(3));
    CHECK_EQ(DR(&r, D_SPENDSGIR + 8, S(0)), 0x0c00);
    CHECK_EQ(CR(&r, C_IAR, S(0)), (2u << 10) | 9);
    CW(&r, C_EOIR, 9, S(0));
    CHECK_EQ(CR(&r, C_IAR, S(0)), (3u << 10) | 9);
    CW(&r, C_EOIR, 9, S(0));
    CHECK_EQ(irq_of(&r, 0), 0);
    /* SPENDSGIR/CPENDSGIR set and clear per source. */
    address_space_stb(&r.t.as, DIST + D_SPENDSGIR + 1, 0xff, S(2), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_CPENDSGIR + 1, S(2), NULL),
             0x0f); /* only the four CPUs that exist */
    address_space_stb(&r.t.as, DIST + D_CPENDSGIR + 1, 0x0d, S(2), NULL);
    CHECK_EQ(CR(&r, C_IAR, S(2)), (1u << 10) | 1);
    CW(&r, C_EOIR, 1, S(2));
    CHECK_EQ(DR(&r, D_ISPENDR, S(2)), 0);
    /* ISPENDR/ICPENDR and ICENABLER do not touch SGIs. */
    DW(&r, D_ISPENDR, 0xffff, S(0));
    DW(&r, D_ICENABLER, 0xffff, S(0));
    CHECK_EQ(DR(&r, D_ISPENDR, S(0)), 0);
    CHECK_EQ(DR(&r, D_ISENABLER, S(0)) & 0xffff, 0xffff);
    CHECK_EQ(rig_log(&r)[0], '\0');
    rig_destroy(&r);
}

TEST(gic_targets_and_ppis_are_per_cpu)
{
    Rig r;
    rig_init(&r, 2, false);
    open_all(&r);
    /* ITARGETSR0-7 read the accessing CPU's own bit, ignore writes. */
    CHECK_EQ(DR(&r, D_ITARGETSR, S(0)), 0x01010101);
    CHECK_EQ(DR(&r, D_ITARGETSR + 28, S(1)), 0x02020202);
    DW(&r, D_ITARGETSR + 28, 0x03030303, S(1));
    CHECK_EQ(DR(&r, D_ITARGETSR + 28, S(1)), 0x02020202);
    /* SPI targets keep only the CPUs that exist. */
    address_space_stb(&r.t.as, DIST + D_ITARGETSR + 50, 0xff, S(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_ITARGETSR + 50, S(1),
                                NULL), 0x03);
    /* The timer PPI 30 on CPU 1: banked enable, only CPU 1 sees it. */
    DW(&r, D_ISENABLER, 1u << 30, S(1));
    CHECK_EQ(DR(&r, D_ISENABLER, S(0)), 0xffff);
    CHECK_EQ(DR(&r, D_ISENABLER, S(1)), 0xffff | (1u << 30));
    IrqLine ppi = gic_ppi_line(r.g, 1, 30);
    irq_raise(&ppi);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(irq_of(&r, 1), 1);
    CHECK_EQ(DR(&r, D_ISPENDR, S(1)), 1u << 30);
    CHECK_EQ(DR(&r, D_ISPENDR, S(0)), 0);
    CHECK_EQ(CR(&r, C_IAR, S(1)), 30);
    irq_lower(&ppi);
    CW(&r, C_EOIR, 30, S(1));
    CHECK_EQ(irq_of(&r, 1), 0);
    /* Banked priorities. */
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 30, 0x50, S(1), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 30, S(0),
                                NULL), 0);
    /* An SPI targeting both CPUs (1-N): the first to acknowledge takes it. */
    setup_spi(&r, 60, 0x10, 0x3, true);
    IrqLine line = gic_spi_line(r.g, 60 - 32);
    irq_raise(&line);
    CHECK_EQ(irq_of(&r, 0) & irq_of(&r, 1), 1);
    CHECK_EQ(CR(&r, C_IAR, S(1)), 60);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1023);
    CW(&r, C_EOIR, 60, S(1));
    /* Retargeting a pending SPI moves it. */
    address_space_stb(&r.t.as, DIST + D_ITARGETSR + 60, 0x1, S(0), NULL);
    DW(&r, D_ISPENDR + 4, 1u << 28, S(0));
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(irq_of(&r, 1), 0);
    address_space_stb(&r.t.as, DIST + D_ITARGETSR + 60, 0x2, S(0), NULL);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(irq_of(&r, 1), 1);
    rig_destroy(&r);
}

TEST(gic_group0_is_fiq_with_fiqen)
{
    Rig r;
    rig_init(&r, 1, true);
    open_all(&r);
    setup_spi(&r, 40, 0x10, 1, true);
    setup_spi(&r, 41, 0x90, 1, true);
    set_bit_reg(&r, D_IGROUPR, 41, S(0));
    spi(&r, 40, 1);
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(fiq_of(&r, 0), 0);
    CW(&r, C_CTLR, 3 | (1u << 3), S(0)); /* FIQEn */
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(fiq_of(&r, 0), 1);
    /* Group 1 is always IRQ; the best one decides which line. */
    spi(&r, 41, 1);
    CHECK_EQ(fiq_of(&r, 0), 1);
    CHECK_EQ(irq_of(&r, 0), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    CHECK_EQ(fiq_of(&r, 0), 0);
    CHECK_EQ(irq_of(&r, 0), 0); /* 0x90 cannot preempt 0x10 */
    /* A Non-secure EOI of the Group 0 interrupt is ignored. */
    CW(&r, C_EOIR, 40, NS(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x10);
    CW(&r, C_EOIR, 40, S(0));
    CHECK_EQ(fiq_of(&r, 0), 0);
    CHECK_EQ(irq_of(&r, 0), 1);
    /* Disabling Group 1 in the distributor stops it being forwarded. */
    DW(&r, D_CTLR, 0, NS(0));
    CHECK_EQ(DR(&r, D_CTLR, S(0)), 1);
    CHECK_EQ(irq_of(&r, 0), 0);
    DW(&r, D_CTLR, 1, NS(0));
    CHECK_EQ(irq_of(&r, 0), 1);
    CHECK_EQ(CR(&r, C_IAR, NS(0)), 41);
    CW(&r, C_EOIR, 41, NS(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    rig_destroy(&r);
}

TEST(gic_nonsecure_distributor_view)
{
    Rig r;
    rig_init(&r, 1, true);
    /* GICD_CTLR: the Non-secure copy is EnableGrp1 alone. */
    DW(&r, D_CTLR, 3, NS(0));
    CHECK_EQ(DR(&r, D_CTLR, S(0)), 2);
    CHECK_EQ(DR(&r, D_CTLR, NS(0)), 1);
    DW(&r, D_CTLR, 1, S(0));
    CHECK_EQ(DR(&r, D_CTLR, NS(0)), 0);
    /* IGROUPR: RAZ/WI to Non-secure accesses. */
    DW(&r, D_IGROUPR + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_IGROUPR + 4, S(0)), 0);
    DW(&r, D_IGROUPR + 4, 0x0000ff00, S(0)); /* 40-47 Group 1 */
    CHECK_EQ(DR(&r, D_IGROUPR + 4, NS(0)), 0);
    CHECK_EQ(DR(&r, D_IGROUPR + 4, S(0)), 0x0000ff00);
    /* Group 0 fields are invisible and unchangeable from Non-secure. */
    DW(&r, D_ISENABLER + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISENABLER + 4, S(0)), 0x0000ff00);
    DW(&r, D_ISENABLER + 4, 0xffffffff, S(0));
    CHECK_EQ(DR(&r, D_ISENABLER + 4, NS(0)), 0x0000ff00);
    DW(&r, D_ICENABLER + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISENABLER + 4, S(0)), 0xffff00ff);
    DW(&r, D_ISPENDR + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 0x0000ff00);
    DW(&r, D_ISPENDR + 4, 0xffffffff, S(0));
    DW(&r, D_ICPENDR + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISPENDR + 4, S(0)), 0xffff00ff);
    CHECK_EQ(DR(&r, D_ISPENDR + 4, NS(0)), 0);
    DW(&r, D_ISACTIVER + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 0x0000ff00);
    DW(&r, D_ICACTIVER + 4, 0xffffffff, NS(0));
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 0);
    DW(&r, D_ICFGR + 8, 0xffffffff, NS(0)); /* 32-47 */
    CHECK_EQ(DR(&r, D_ICFGR + 8, S(0)), 0xaaaa0000);
    /* Priorities: Non-secure writes land in the lower half, shifted. */
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 40, 0x40, NS(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 40, S(0),
                                NULL), 0xa0);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 40, NS(0),
                                NULL), 0x40);
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 40, 0x10, S(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 40, NS(0),
                                NULL), 0x20);
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 32, 0x10, S(0), NULL);
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 32, 0xff, NS(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 32, S(0),
                                NULL), 0x10);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 32, NS(0),
                                NULL), 0);
    /* SGIs: Non-secure software can only raise Group 1 ones. */
    DW(&r, D_IGROUPR, 1u << 2, S(0)); /* SGI 2 Group 1 */
    DW(&r, D_SGIR, (2u << 24) | 1, NS(0));
    DW(&r, D_SGIR, (2u << 24) | 2, NS(0));
    CHECK_EQ(DR(&r, D_SPENDSGIR, S(0)), 0x00010000);
    /* A Secure write forwards the group NSATT names. */
    DW(&r, D_SGIR, (2u << 24) | 3, S(0));
    DW(&r, D_SGIR, (2u << 24) | (1u << 15) | 4, S(0));
    DW(&r, D_SGIR, (2u << 24) | (1u << 15) | 1, S(0));
    DW(&r, D_SGIR, (2u << 24) | 2, S(0));
    CHECK_EQ(DR(&r, D_SPENDSGIR, S(0)), 0x01010000);
    CHECK_EQ(DR(&r, D_SPENDSGIR, NS(0)), 0x00010000);
    DW(&r, D_CPENDSGIR, 0x01010101, NS(0));
    CHECK_EQ(DR(&r, D_SPENDSGIR, S(0)), 0x01000000);
    rig_destroy(&r);
}

TEST(gic_nonsecure_cpu_interface_view)
{
    Rig r;
    rig_init(&r, 1, true);
    DW(&r, D_CTLR, 3, S(0));
    /* GICC_CTLR: Non-secure copy is EnableGrp1 at 0, EOImodeNS at 9. */
    CW(&r, C_CTLR, 0x7ff, NS(0));
    CHECK_EQ(CR(&r, C_CTLR, S(0)), 0x402);
    CHECK_EQ(CR(&r, C_CTLR, NS(0)), 0x201);
    CW(&r, C_CTLR, 0xffffffff, S(0));
    CHECK_EQ(CR(&r, C_CTLR, S(0)), 0x61f);
    CW(&r, C_CTLR, 0x1d, S(0)); /* Grp0, AckCtl, FIQEn, CBPR */
    CHECK_EQ(CR(&r, C_CTLR, NS(0)), 0);
    /* PMR: Non-secure writes ignored while it is in the Secure half. */
    CW(&r, C_PMR, 0xf0, NS(0));
    CHECK_EQ(CR(&r, C_PMR, S(0)), 0);
    CW(&r, C_PMR, 0x80, S(0));
    CHECK_EQ(CR(&r, C_PMR, NS(0)), 0);
    CW(&r, C_PMR, 0xf0, NS(0));
    CHECK_EQ(CR(&r, C_PMR, S(0)), 0xf8);
    CHECK_EQ(CR(&r, C_PMR, NS(0)), 0xf0);
    CW(&r, C_PMR, 0x40, S(0));
    CHECK_EQ(CR(&r, C_PMR, NS(0)), 0);
    CW(&r, C_PMR, 0xff, S(0));
    /* BPR: with CBPR the Non-secure copy reads Secure + 1, ignores writes. */
    CW(&r, C_BPR, 2, S(0));
    CHECK_EQ(CR(&r, C_BPR, NS(0)), 3);
    CW(&r, C_BPR, 6, NS(0));
    CHECK_EQ(CR(&r, C_ABPR, S(0)), 1);
    CW(&r, C_CTLR, 0x01, S(0)); /* Grp0 only, CBPR off */
    CW(&r, C_BPR, 0, NS(0));
    CHECK_EQ(CR(&r, C_BPR, NS(0)), 1); /* minimum 1 */
    CW(&r, C_BPR, 6, NS(0));
    CHECK_EQ(CR(&r, C_ABPR, S(0)), 6);
    CHECK_EQ(CR(&r, C_BPR, S(0)), 2);
    CHECK_EQ(CR(&r, C_ABPR, NS(0)), 0); /* Secure only */
    CW(&r, C_ABPR, 3, NS(0));
    CHECK_EQ(CR(&r, C_ABPR, S(0)), 6);
    CW(&r, C_ABPR, 3, S(0));
    CHECK_EQ(CR(&r, C_BPR, NS(0)), 3);

    /* Acknowledge: a Group 1 interrupt pending above a Group 0 one. */
    CW(&r, C_CTLR, 0x03, S(0));
    setup_spi(&r, 50, 0x90, 1, true);
    set_bit_reg(&r, D_IGROUPR, 50, S(0));
    setup_spi(&r, 51, 0xc0, 1, true);
    spi(&r, 50, 1);
    spi(&r, 51, 1);
    CHECK_EQ(CR(&r, C_HPPIR, S(0)), 1022);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 1022); /* Secure, no AckCtl */
    CHECK_EQ(CR(&r, C_AHPPIR, S(0)), 50);
    CHECK_EQ(CR(&r, C_HPPIR, NS(0)), 50);
    CHECK_EQ(CR(&r, C_AIAR, NS(0)), 0); /* Secure only */
    CHECK_EQ(CR(&r, C_IAR, NS(0)), 50);
    /* Running priority: Non-secure view shifted. */
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x90);
    CHECK_EQ(CR(&r, C_RPR, NS(0)), 0x20);
    CHECK_EQ(CR(&r, C_APR0, NS(0)), 1u << (0x90 / 2 - 64));
    CHECK_EQ(CR(&r, C_NSAPR0 + 8, S(0)), 1u << (0x90 / 2 - 64));
    CHECK_EQ(CR(&r, C_NSAPR0 + 8, NS(0)), 0);
    CW(&r, C_EOIR, 50, NS(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    /* Group 0 is hidden from Non-secure reads: spurious. */
    CHECK_EQ(CR(&r, C_HPPIR, NS(0)), 1023);
    CHECK_EQ(CR(&r, C_IAR, NS(0)), 1023);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 51);
    CW(&r, C_EOIR, 51, S(0));
    /* Through the aliases, Secure software handles Group 1. */
    spi(&r, 50, 0);
    spi(&r, 50, 1);
    CHECK_EQ(CR(&r, C_AIAR, S(0)), 50);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x90);
    CW(&r, C_AEOIR, 50, S(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    /* With AckCtl a Secure IAR read takes Group 1 too. */
    spi(&r, 50, 0);
    spi(&r, 50, 1);
    CW(&r, C_CTLR, 0x07, S(0));
    CHECK_EQ(CR(&r, C_IAR, S(0)), 50);
    CW(&r, C_EOIR, 50, S(0));
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    rig_destroy(&r);
}

TEST(gic_without_security_all_accesses_are_secure)
{
    Rig r;
    rig_init(&r, 1, false);
    /* Groups exist (GICv2) and every access sees the Secure view. */
    DW(&r, D_CTLR, 3, NS(0));
    CHECK_EQ(DR(&r, D_CTLR, NS(0)), 3);
    DW(&r, D_IGROUPR + 4, 0xf, NS(0));
    CHECK_EQ(DR(&r, D_IGROUPR + 4, NS(0)), 0xf);
    address_space_stb(&r.t.as, DIST + D_IPRIORITYR + 40, 0x40, NS(0), NULL);
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_IPRIORITYR + 40, S(0),
                                NULL), 0x40);
    CW(&r, C_CTLR, 0xffffffff, NS(0));
    CHECK_EQ(CR(&r, C_CTLR, NS(0)), 0x21f); /* no EOImodeNS */
    CW(&r, C_PMR, 0x30, NS(0));
    CHECK_EQ(CR(&r, C_PMR, NS(0)), 0x30);
    /* NSATT is ignored, as in QEMU. */
    DW(&r, D_SGIR, (2u << 24) | (1u << 15) | 1, NS(0));
    CHECK_EQ(DR(&r, D_SPENDSGIR, NS(0)), 0x0100);
    rig_destroy(&r);
}

TEST(gic_eoimode_split_and_dir)
{
    Rig r;
    rig_init(&r, 1, false);
    open_all(&r);
    setup_spi(&r, 45, 0x20, 1, true);
    /* DIR without EOImode is UNPREDICTABLE: ignored and logged. */
    CW(&r, C_DIR, 45, S(0));
    CHECK(strstr(rig_log(&r), "GICC_DIR write with EOImode clear") != NULL);
    CW(&r, C_CTLR, 3 | (1u << 9), S(0));
    spi(&r, 45, 1);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 45);
    CW(&r, C_EOIR, 45, S(0));
    /* Priority dropped, still active until DIR. */
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0xff);
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 1u << 13);
    spi(&r, 45, 0);
    spi(&r, 45, 1);
    CHECK_EQ(irq_of(&r, 0), 0);
    CW(&r, C_DIR, 45, S(0));
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 0);
    CHECK_EQ(irq_of(&r, 0), 1);
    rig_destroy(&r);
}

TEST(gic_reset_nonsecure_as_firmware_would)
{
    Rig r;
    rig_init(&r, 2, true);
    gic_set_reset_nonsecure(r.g, true);
    gic_reset(r.g);
    CHECK_EQ(DR(&r, D_IGROUPR, S(1)), 0xffffffff);
    CHECK_EQ(DR(&r, D_IGROUPR + 32, S(0)), 0xffffffff);
    CHECK_EQ(DR(&r, D_IPRIORITYR + 40, S(0)), 0x80808080);
    CHECK_EQ(DR(&r, D_IPRIORITYR + 40, NS(0)), 0);
    CHECK_EQ(CR(&r, C_PMR, S(1)), 0x80);
    /* So a Non-secure kernel can program the PMR. */
    CW(&r, C_PMR, 0xf0, NS(1));
    CHECK_EQ(CR(&r, C_PMR, NS(1)), 0xf0);
    /* And take an interrupt without any Secure help. */
    DW(&r, D_CTLR, 1, NS(0));
    CW(&r, C_CTLR, 1, NS(1));
    setup_spi(&r, 70, 0x00, 2, false);
    spi(&r, 70, 1);
    CHECK_EQ(irq_of(&r, 1), 1);
    CHECK_EQ(CR(&r, C_IAR, NS(1)), 70);
    rig_destroy(&r);
}

TEST(gic_access_sizes_and_bad_offsets)
{
    Rig r;
    rig_init(&r, 2, true);
    open_all(&r);
    setup_spi(&r, 40, 0x10, 1, true);
    spi(&r, 40, 1);
    /* Byte and halfword accesses to bitmap registers work (QEMU). */
    CHECK_EQ(address_space_ldub(&r.t.as, DIST + D_ISPENDR + 5, S(0), NULL),
             1);
    CHECK_EQ(address_space_lduw_le(&r.t.as, DIST + D_ISENABLER + 4, S(0),
                                   NULL), 0x100);
    CHECK_EQ(rig_log(&r)[0], '\0');
    /* The CPU interface is word-only: a byte read of IAR acknowledges
     * nothing. */
    CHECK_EQ(address_space_ldub(&r.t.as, CPUIF + C_IAR, S(0), NULL), 0);
    CHECK(strstr(rig_log(&r), "1-byte read of GICC_IAR (word only)") !=
          NULL);
    CHECK_EQ(DR(&r, D_ISACTIVER + 4, S(0)), 0);
    CHECK_EQ(CR(&r, C_IAR, S(0)), 40);
    address_space_stw_le(&r.t.as, CPUIF + C_EOIR, 40, S(0), NULL);
    CHECK_EQ(CR(&r, C_RPR, S(0)), 0x10);
    CW(&r, C_EOIR, 40, S(0));
    /* SGIR takes word writes only, and is write-only. */
    address_space_stb(&r.t.as, DIST + D_SGIR, 1, S(0), NULL);
    CHECK_EQ(DR(&r, D_SPENDSGIR, S(0)), 0);
    CHECK(strstr(rig_log(&r), "1-byte write to GICD_SGIR (word only)") !=
          NULL);
    CHECK_EQ(DR(&r, D_SGIR, S(0)), 0);
    CHECK(strstr(rig_log(&r), "read of write-only GICD_SGIR") != NULL);
    /* Read-only registers. */
    DW(&r, D_TYPER, 0, S(0));
    CHECK_EQ(DR(&r, D_TYPER, S(0)), 0x428);
    CHECK(strstr(rig_log(&r), "write of 0x0 to read-only GICD_TYPER") !=
          NULL);
    CW(&r, C_RPR, 0, S(0));
    CHECK(strstr(rig_log(&r), "read-only GICC_RPR") != NULL);
    CHECK_EQ(CR(&r, C_EOIR, S(0)), 0);
    CHECK(strstr(rig_log(&r), "read of write-only GICC_EOIR") != NULL);
    rig_destroy(&r);

    rig_init(&r, 2, true);
    /* Reserved offsets and registers beyond the 288 interrupts: RAZ/WI. */
    static const hwaddr bad[] = {
        0x00c, 0x07c, D_ISENABLER + 36, D_IPRIORITYR + NR_IRQ,
        D_ITARGETSR + NR_IRQ, D_ICFGR + NR_IRQ / 4, 0xd00, 0xe00, 0xf04,
        0xf30, 0xfcc,
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_EQ(DR(&r, bad[i], S(0)), 0);
        DW(&r, bad[i], 0xffffffff, S(0));
    }
    CHECK(strstr(rig_log(&r), "distributor read of bad offset 0x00c") !=
          NULL);
    CHECK(strstr(rig_log(&r), "tzemu: guest error: gic: further messages "
                              "suppressed") != NULL);
    rig_destroy(&r);

    rig_init(&r, 2, true);
    CHECK_EQ(CR(&r, 0x30, S(0)), 0);
    CW(&r, 0x1004, 1, S(0));
    CHECK(strstr(rig_log(&r), "CPU interface read of bad offset 0x030") !=
          NULL);
    CHECK(strstr(rig_log(&r), "CPU interface write of 0x1 to bad offset "
                              "0x1004") != NULL);
    /* A requester that is not one of the GIC's CPUs: RAZ/WI. */
    CW(&r, C_PMR, 0xff, S(2));
    CHECK_EQ(CR(&r, C_PMR, S(2)), 0);
    CHECK_EQ(CR(&r, C_PMR, S(0)), 0);
    CHECK(strstr(rig_log(&r), "from requester 2, which is not a CPU") !=
          NULL);
    /* Unaligned and 8-byte accesses fail on the bus. */
    MemTxResult res;
    address_space_ldl_le(&r.t.as, DIST + 2, S(0), &res);
    CHECK(res != MEMTX_OK);
    address_space_ldq_le(&r.t.as, DIST, S(0), &res);
    CHECK(res != MEMTX_OK);
    rig_destroy(&r);
}
