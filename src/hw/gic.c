/*
 * ARM GICv2 distributor and CPU interfaces, after ARM IHI 0048B and QEMU
 * 7.2's hw/intc/arm_gic.c (revision 2, 8 priority bits), whose choices it
 * keeps where the spec leaves freedom: SGIs always enabled, byte-wise access
 * to every distributor register, GICD_TYPER.LSPI 0, QEMU's ID values. SPIs
 * follow the spec's 1-N model (one pending/active state, taken by the first
 * CPU that acknowledges; QEMU keeps one per target CPU). Not modelled: the
 * Virtualization Extensions (GICH/GICV), the bypass bits of GICC_CTLR,
 * GICD_NSACR, SPI lockdown (CFGSDISABLE), the GIC-400 PPISR/SPISR.
 */
#include <assert.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "gic.h"

/* GICD_CTLR and GICC_CTLR share the enable bit positions. */
#define CTLR_EN_GRP0 (1u << 0)
#define CTLR_EN_GRP1 (1u << 1)
/* GICC_CTLR, Secure (or only) copy */
#define GICC_ACK_CTL (1u << 2)
#define GICC_FIQ_EN (1u << 3)
#define GICC_CBPR (1u << 4)
#define GICC_EOIMODE (1u << 9)
#define GICC_EOIMODE_NS (1u << 10)
/* The bits that exist, without and with the Security Extensions (QEMU). */
#define GICC_CTLR_MASK 0x21fu
#define GICC_CTLR_S_MASK 0x61fu

/* The idle running priority (reads as 0xff in GICC_RPR). */
#define PRIO_IDLE 0x100u
/* Active priority registers: 128 preemption levels with a minimum BPR 0. */
#define GIC_NR_APRS 4
#define GIC_MIN_BPR 0
#define GIC_MIN_ABPR 1

/* QEMU's GICv2 identification registers, 0xfd0-0xffc (PIDR4-7, 0-3, CIDR). */
static const uint8_t gic_id_v2[12] = {
    0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};
#define GICD_IIDR 0x0000043bu
#define GICC_IIDR 0x0002043bu

/* The state of one interrupt as one CPU (SGI/PPI) or all CPUs (SPI) see it. */
typedef struct GicIrq {
    bool enabled;
    bool pending; /* latched: an edge, ISPENDR; SGIs use sgi_pending */
    bool active;
    bool level;   /* the input line */
    bool edge;    /* ICFGR: edge-triggered */
    bool group;   /* IGROUPR: Group 1 */
    uint8_t priority;
    uint8_t target; /* ITARGETSR, SPIs only */
} GicIrq;

typedef struct GicCpu {
    uint32_t ctlr;
    uint32_t pmr;
    uint32_t bpr;
    uint32_t abpr;              /* the Non-secure BPR */
    uint32_t apr[GIC_NR_APRS];  /* active priorities, Group 0 */
    uint32_t nsapr[GIC_NR_APRS]; /* active priorities, Group 1 */
    uint32_t running;           /* running priority, PRIO_IDLE if none */
    uint32_t current_pending;   /* best signallable ID, 1023 if none */
    IrqLine irq;
    IrqLine fiq;
} GicCpu;

struct Gic {
    char *name;
    unsigned num_cpu;
    unsigned num_irq;
    bool security_extn;
    bool reset_nonsecure;
    MemoryRegion *dist_mr;
    MemoryRegion *cpu_mr;
    FILE *log;
    unsigned log_count;
    uint32_t ctlr; /* GICD_CTLR, Secure copy */
    GicIrq priv[GIC_MAX_CPUS][GIC_INTERNAL];
    GicIrq *spi; /* num_irq - 32 */
    /* Per target CPU and SGI, the CPUs that sent it (GICD_SPENDSGIR). */
    uint8_t sgi_pending[GIC_MAX_CPUS][GIC_NR_SGIS];
    GicCpu cpu[GIC_MAX_CPUS];
};

/* ------------------------------------------------------------- helpers */

static void gic_log(Gic *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void gic_log(Gic *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, "guest error", s->name, fmt, ap);
    va_end(ap);
}

static GicIrq *gic_irq(Gic *s, unsigned irq, unsigned cpu)
{
    assert(irq < s->num_irq && cpu < s->num_cpu);
    return irq < GIC_INTERNAL ? &s->priv[cpu][irq]
                              : &s->spi[irq - GIC_INTERNAL];
}

static uint8_t gic_cpu_mask(const Gic *s)
{
    return (uint8_t)((1u << s->num_cpu) - 1);
}

/* A Non-secure access to a GIC with the Security Extensions. */
static bool gic_ns(const Gic *s, MemTxAttrs attrs)
{
    return s->security_extn && !attrs.secure;
}

/*
 * With the Security Extensions every distributor field of a Group 0
 * interrupt is RAZ/WI to Non-secure accesses (IHI 0048B, Distributor
 * register access and the Security Extensions).
 */
static bool gic_hidden(Gic *s, unsigned irq, unsigned cpu, MemTxAttrs attrs)
{
    return gic_ns(s, attrs) && !gic_irq(s, irq, cpu)->group;
}

static bool gic_test_pending(Gic *s, unsigned irq, unsigned cpu)
{
    if (irq < GIC_NR_SGIS) {
        return s->sgi_pending[cpu][irq] != 0;
    }
    const GicIrq *q = gic_irq(s, irq, cpu);
    /* A level-sensitive interrupt is pending while its line is high. */
    return q->pending || (!q->edge && q->level);
}

/*
 * The group priority: the priority with the bits below the binary point
 * cleared. Group 1 uses the Non-secure BPR (GICC_ABPR) unless CBPR is set.
 */
static uint32_t gic_group_priority(Gic *s, unsigned cpu, unsigned irq)
{
    const GicIrq *q = gic_irq(s, irq, cpu);
    const GicCpu *c = &s->cpu[cpu];
    uint32_t bpr;
    if (!(c->ctlr & GICC_CBPR) && q->group) {
        bpr = c->abpr - 1;
    } else {
        bpr = c->bpr;
    }
    return q->priority & (~0u << ((bpr & 7) + 1));
}

static void gic_update(Gic *s)
{
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        GicCpu *c = &s->cpu[cpu];
        unsigned best = GIC_SPURIOUS;
        uint32_t best_prio = PRIO_IDLE;
        int irq_level = 0;
        int fiq_level = 0;
        for (unsigned irq = 0; irq < s->num_irq; irq++) {
            const GicIrq *q = gic_irq(s, irq, cpu);
            uint32_t grp = q->group ? CTLR_EN_GRP1 : CTLR_EN_GRP0;
            if (!q->enabled || q->active || !gic_test_pending(s, irq, cpu) ||
                (irq >= GIC_INTERNAL && !(q->target & (1u << cpu))) ||
                !(s->ctlr & grp) || !(c->ctlr & grp)) {
                continue;
            }
            if (q->priority < best_prio) {
                best_prio = q->priority;
                best = irq;
            }
        }
        c->current_pending = GIC_SPURIOUS;
        if (best != GIC_SPURIOUS && best_prio < c->pmr) {
            c->current_pending = best;
            if (gic_group_priority(s, cpu, best) < c->running) {
                if (!gic_irq(s, best, cpu)->group && (c->ctlr & GICC_FIQ_EN)) {
                    fiq_level = 1;
                } else {
                    irq_level = 1;
                }
            }
        }
        irq_set(&c->irq, irq_level);
        irq_set(&c->fiq, fiq_level);
    }
}

/* ------------------------------------------------- acknowledge and EOI */

/*
 * The highest priority pending interrupt as a read through the @ns view
 * sees it: a Non-secure read cannot see Group 0 (1023), a Secure one sees
 * Group 1 only with AckCtl (else 1022).
 */
static unsigned gic_pending_view(Gic *s, unsigned cpu, bool ns)
{
    unsigned irq = s->cpu[cpu].current_pending;
    if (irq >= s->num_irq) {
        return irq;
    }
    bool group = gic_irq(s, irq, cpu)->group;
    if (!group && ns) {
        return GIC_SPURIOUS;
    }
    if (group && !ns && !(s->cpu[cpu].ctlr & GICC_ACK_CTL)) {
        return GIC_SPURIOUS_GROUP1;
    }
    return irq;
}

/* The lowest-numbered CPU an SGI to @cpu is pending from. */
static unsigned gic_sgi_source(Gic *s, unsigned cpu, unsigned irq)
{
    return (unsigned)__builtin_ctz(s->sgi_pending[cpu][irq]);
}

static uint32_t gic_hppir(Gic *s, unsigned cpu, bool ns)
{
    unsigned irq = gic_pending_view(s, cpu, ns);
    if (irq < GIC_NR_SGIS) {
        return irq | (gic_sgi_source(s, cpu, irq) << 10);
    }
    return irq;
}

static uint32_t gic_acknowledge(Gic *s, unsigned cpu, bool ns)
{
    GicCpu *c = &s->cpu[cpu];
    unsigned irq = gic_pending_view(s, cpu, ns);
    if (irq >= s->num_irq) {
        return irq;
    }
    uint32_t prio = gic_group_priority(s, cpu, irq);
    if (prio >= c->running) {
        return GIC_SPURIOUS; /* pending, but cannot preempt */
    }
    GicIrq *q = gic_irq(s, irq, cpu);
    /* Mark the preemption level active (GICC_APR/NSAPR). */
    unsigned level = prio >> (GIC_MIN_BPR + 1);
    uint32_t *apr = q->group ? c->nsapr : c->apr;
    apr[level / 32] |= 1u << (level % 32);
    c->running = prio;
    q->active = true;

    uint32_t ret = irq;
    if (irq < GIC_NR_SGIS) {
        /* Each source of an SGI is acknowledged separately. */
        unsigned src = gic_sgi_source(s, cpu, irq);
        s->sgi_pending[cpu][irq] &= (uint8_t)~(1u << src);
        ret |= src << 10;
    } else {
        /* A level-sensitive one stays pending while its line is high. */
        q->pending = false;
    }
    gic_update(s);
    return ret;
}

static uint32_t gic_prio_from_apr(const GicCpu *c)
{
    for (unsigned i = 0; i < GIC_NR_APRS; i++) {
        uint32_t apr = c->apr[i] | c->nsapr[i];
        if (apr) {
            unsigned level = i * 32 + (unsigned)__builtin_ctz(apr);
            return level << (GIC_MIN_BPR + 1);
        }
    }
    return PRIO_IDLE;
}

/*
 * Priority drop: clear the highest active priority of @group. Software
 * must nest IAR reads and EOIR writes (IHI 0048B, Priority drop and
 * interrupt deactivation); if it does not,
 * the running priority goes wrong, which the spec calls UNPREDICTABLE.
 */
static void gic_drop_prio(Gic *s, unsigned cpu, bool group)
{
    GicCpu *c = &s->cpu[cpu];
    uint32_t *apr = group ? c->nsapr : c->apr;
    for (unsigned i = 0; i < GIC_NR_APRS; i++) {
        if (apr[i]) {
            apr[i] &= apr[i] - 1;
            break;
        }
    }
    c->running = gic_prio_from_apr(c);
}

static bool gic_eoi_split(const Gic *s, unsigned cpu, bool ns)
{
    return s->cpu[cpu].ctlr & (ns ? GICC_EOIMODE_NS : GICC_EOIMODE);
}

static void gic_eoi(Gic *s, unsigned cpu, uint32_t value, bool ns)
{
    unsigned irq = value & 0x3ff;
    /*
     * A spurious ID is ignored; so is one that does not exist, a case of
     * "not the last value read from GICC_IAR", UNPREDICTABLE (QEMU's choice).
     */
    if (irq >= s->num_irq || s->cpu[cpu].running == PRIO_IDLE) {
        return;
    }
    bool group = gic_irq(s, irq, cpu)->group;
    if (ns && !group) {
        return; /* Non-secure EOI of a Group 0 interrupt: ignored */
    }
    /* A Secure EOI of Group 1 without AckCtl is UNPREDICTABLE: done anyway. */
    gic_drop_prio(s, cpu, group);
    if (!gic_eoi_split(s, cpu, ns)) {
        gic_irq(s, irq, cpu)->active = false;
    }
    gic_update(s);
}

static void gic_deactivate(Gic *s, unsigned cpu, uint32_t value, bool ns)
{
    unsigned irq = value & 0x3ff;
    if (irq >= s->num_irq) {
        return;
    }
    if (!gic_eoi_split(s, cpu, ns)) {
        gic_log(s, "GICC_DIR write with EOImode clear (ignored)");
        return;
    }
    if (ns && !gic_irq(s, irq, cpu)->group) {
        return;
    }
    gic_irq(s, irq, cpu)->active = false;
    gic_update(s);
}

/* ------------------------------------------------------ distributor */

/*
 * One register (or array of registers) of the distributor. Accesses are
 * taken a byte at a time, as QEMU does. For per-interrupt registers
 * (@bits per interrupt) the handlers get the first interrupt ID the byte
 * covers, else the byte's offset inside the row. @wo: write-only (reads
 * are guest errors); no @writeb: read-only.
 */
typedef struct DistReg {
    const char *name;
    hwaddr start;
    hwaddr end; /* exclusive */
    unsigned bits;
    bool wo;
    uint8_t (*readb)(Gic *s, unsigned cpu, unsigned n, MemTxAttrs attrs);
    void (*writeb)(Gic *s, unsigned cpu, unsigned n, uint8_t v,
                   MemTxAttrs attrs);
} DistReg;

static uint8_t dist_ctlr_read(Gic *s, unsigned cpu, unsigned n,
                              MemTxAttrs attrs)
{
    (void)cpu;
    if (n != 0) {
        return 0;
    }
    /* The Non-secure copy is an alias of EnableGrp1. */
    return gic_ns(s, attrs) ? (s->ctlr >> 1) & 1 : s->ctlr;
}

static void dist_ctlr_write(Gic *s, unsigned cpu, unsigned n, uint8_t v,
                            MemTxAttrs attrs)
{
    (void)cpu;
    if (n != 0) {
        return;
    }
    if (gic_ns(s, attrs)) {
        s->ctlr = (s->ctlr & ~CTLR_EN_GRP1) | ((v & 1u) << 1);
    } else {
        s->ctlr = v & (CTLR_EN_GRP0 | CTLR_EN_GRP1);
    }
}

static uint8_t dist_typer_read(Gic *s, unsigned cpu, unsigned n,
                               MemTxAttrs attrs)
{
    (void)cpu;
    (void)attrs;
    switch (n) {
    case 0: /* ITLinesNumber, CPUNumber */
        return (uint8_t)((s->num_irq / 32 - 1) | ((s->num_cpu - 1) << 5));
    case 1: /* SecurityExtn; LSPI 0 */
        return s->security_extn ? 1u << 2 : 0;
    default:
        return 0;
    }
}

static uint8_t dist_iidr_read(Gic *s, unsigned cpu, unsigned n,
                              MemTxAttrs attrs)
{
    (void)s;
    (void)cpu;
    (void)attrs;
    return (uint8_t)(GICD_IIDR >> (8 * n));
}

/* IGROUPR: Secure only; RAZ/WI to Non-secure accesses. */
static uint8_t dist_group_read(Gic *s, unsigned cpu, unsigned irq,
                               MemTxAttrs attrs)
{
    uint8_t v = 0;
    if (gic_ns(s, attrs)) {
        return 0;
    }
    for (unsigned i = 0; i < 8; i++) {
        v |= (uint8_t)(gic_irq(s, irq + i, cpu)->group << i);
    }
    return v;
}

static void dist_group_write(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                             MemTxAttrs attrs)
{
    if (gic_ns(s, attrs)) {
        return;
    }
    for (unsigned i = 0; i < 8; i++) {
        gic_irq(s, irq + i, cpu)->group = (v >> i) & 1;
    }
}

/* The bits of the byte for interrupts @irq..@irq+7 for which @test holds. */
static uint8_t dist_bits(Gic *s, unsigned cpu, unsigned irq, MemTxAttrs attrs,
                         bool (*test)(Gic *, unsigned, unsigned))
{
    uint8_t v = 0;
    for (unsigned i = 0; i < 8; i++) {
        if (!gic_hidden(s, irq + i, cpu, attrs) && test(s, irq + i, cpu)) {
            v |= (uint8_t)(1u << i);
        }
    }
    return v;
}

static bool test_enabled(Gic *s, unsigned irq, unsigned cpu)
{
    return gic_irq(s, irq, cpu)->enabled;
}

static bool test_active(Gic *s, unsigned irq, unsigned cpu)
{
    return gic_irq(s, irq, cpu)->active;
}

static uint8_t dist_enable_read(Gic *s, unsigned cpu, unsigned irq,
                                MemTxAttrs attrs)
{
    return dist_bits(s, cpu, irq, attrs, test_enabled);
}

static uint8_t dist_pending_read(Gic *s, unsigned cpu, unsigned irq,
                                 MemTxAttrs attrs)
{
    return dist_bits(s, cpu, irq, attrs, gic_test_pending);
}

static uint8_t dist_active_read(Gic *s, unsigned cpu, unsigned irq,
                                MemTxAttrs attrs)
{
    return dist_bits(s, cpu, irq, attrs, test_active);
}

/*
 * The interrupts @irq..@irq+7 a set/clear write of @v reaches: bit i set,
 * not hidden from this access, and (@sgi_ro) not an SGI.
 */
static bool dist_reaches(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                         unsigned i, MemTxAttrs attrs, bool sgi_ro)
{
    return ((v >> i) & 1) && !(sgi_ro && irq + i < GIC_NR_SGIS) &&
           !gic_hidden(s, irq + i, cpu, attrs);
}

/*
 * The set/clear-enable, -pending and -active registers: the flag at @flag
 * (an offsetof in GicIrq) of every interrupt a bit of @v reaches becomes
 * @value. @sgi_ro: SGIs are left alone (they are always enabled, as in
 * QEMU, and their pending state moves through GICD_[CS]PENDSGIR only).
 */
static void dist_write_flags(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                             MemTxAttrs attrs, bool sgi_ro, size_t flag,
                             bool value)
{
    for (unsigned i = 0; i < 8; i++) {
        if (dist_reaches(s, cpu, irq, v, i, attrs, sgi_ro)) {
            *(bool *)((char *)gic_irq(s, irq + i, cpu) + flag) = value;
        }
    }
}

#define FLAG_WRITE(fn, field, sgi_ro, value)                                 \
    static void fn(Gic *s, unsigned cpu, unsigned irq, uint8_t v,          \
                   MemTxAttrs attrs)                                       \
    {                                                                      \
        dist_write_flags(s, cpu, irq, v, attrs, sgi_ro,                    \
                         offsetof(GicIrq, field), value);                  \
    }

FLAG_WRITE(dist_set_enable_write, enabled, true, true)
FLAG_WRITE(dist_clear_enable_write, enabled, true, false)
FLAG_WRITE(dist_set_pending_write, pending, true, true)
FLAG_WRITE(dist_clear_pending_write, pending, true, false)
FLAG_WRITE(dist_set_active_write, active, false, true)
FLAG_WRITE(dist_clear_active_write, active, false, false)

/*
 * IPRIORITYR. Non-secure accesses see Group 1 priorities shifted (IHI
 * 0048B, Non-secure view of priority values): a write stores
 * 0x80 | (v >> 1), a read returns (p << 1) & 0xff.
 */
static uint8_t dist_priority_read(Gic *s, unsigned cpu, unsigned irq,
                                  MemTxAttrs attrs)
{
    uint8_t p = gic_irq(s, irq, cpu)->priority;
    if (gic_ns(s, attrs)) {
        return gic_hidden(s, irq, cpu, attrs) ? 0 : (uint8_t)(p << 1);
    }
    return p;
}

static void dist_priority_write(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                                MemTxAttrs attrs)
{
    if (gic_ns(s, attrs)) {
        if (gic_hidden(s, irq, cpu, attrs)) {
            return;
        }
        v = 0x80 | (v >> 1);
    }
    gic_irq(s, irq, cpu)->priority = v;
}

/*
 * ITARGETSR: RAZ/WI on a uniprocessor GIC; for SGIs and PPIs read-only,
 * each byte the reading CPU's own bit.
 */
static uint8_t dist_target_read(Gic *s, unsigned cpu, unsigned irq,
                                MemTxAttrs attrs)
{
    if (s->num_cpu == 1 || gic_hidden(s, irq, cpu, attrs)) {
        return 0;
    }
    return irq < GIC_INTERNAL ? (uint8_t)(1u << cpu)
                              : gic_irq(s, irq, cpu)->target;
}

static void dist_target_write(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                              MemTxAttrs attrs)
{
    if (s->num_cpu == 1 || irq < GIC_INTERNAL ||
        gic_hidden(s, irq, cpu, attrs)) {
        return;
    }
    gic_irq(s, irq, cpu)->target = v & gic_cpu_mask(s);
}

/* ICFGR: bit 2i+1 of each byte is edge-triggered; SGIs are always edge. */
static uint8_t dist_config_read(Gic *s, unsigned cpu, unsigned irq,
                                MemTxAttrs attrs)
{
    uint8_t v = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (!gic_hidden(s, irq + i, cpu, attrs) &&
            gic_irq(s, irq + i, cpu)->edge) {
            v |= (uint8_t)(2u << (2 * i));
        }
    }
    return v;
}

static void dist_config_write(Gic *s, unsigned cpu, unsigned irq, uint8_t v,
                              MemTxAttrs attrs)
{
    for (unsigned i = 0; i < 4; i++) {
        if (irq + i >= GIC_NR_SGIS && !gic_hidden(s, irq + i, cpu, attrs)) {
            gic_irq(s, irq + i, cpu)->edge = (v >> (2 * i + 1)) & 1;
        }
    }
}

/* GICD_[CS]PENDSGIR: a byte per SGI, a bit per source CPU. */
static uint8_t dist_sgi_pending_read(Gic *s, unsigned cpu, unsigned n,
                                     MemTxAttrs attrs)
{
    return gic_hidden(s, n, cpu, attrs) ? 0 : s->sgi_pending[cpu][n];
}

static void dist_clear_sgi_pending_write(Gic *s, unsigned cpu, unsigned n,
                                         uint8_t v, MemTxAttrs attrs)
{
    if (!gic_hidden(s, n, cpu, attrs)) {
        s->sgi_pending[cpu][n] &= (uint8_t)~v;
    }
}

static void dist_set_sgi_pending_write(Gic *s, unsigned cpu, unsigned n,
                                       uint8_t v, MemTxAttrs attrs)
{
    if (!gic_hidden(s, n, cpu, attrs)) {
        s->sgi_pending[cpu][n] |= v & gic_cpu_mask(s);
    }
}

static uint8_t dist_id_read(Gic *s, unsigned cpu, unsigned n,
                            MemTxAttrs attrs)
{
    (void)s;
    (void)cpu;
    (void)attrs;
    return (n & 3) ? 0 : gic_id_v2[n >> 2];
}

static const DistReg gic_dist_regs[] = {
    { .name = "GICD_CTLR", .start = 0x000, .end = 0x004,
      .readb = dist_ctlr_read, .writeb = dist_ctlr_write },
    { .name = "GICD_TYPER", .start = 0x004, .end = 0x008,
      .readb = dist_typer_read },
    { .name = "GICD_IIDR", .start = 0x008, .end = 0x00c,
      .readb = dist_iidr_read },
    { .name = "GICD_IGROUPR", .start = 0x080, .end = 0x100, .bits = 1,
      .readb = dist_group_read, .writeb = dist_group_write },
    { .name = "GICD_ISENABLER", .start = 0x100, .end = 0x180, .bits = 1,
      .readb = dist_enable_read, .writeb = dist_set_enable_write },
    { .name = "GICD_ICENABLER", .start = 0x180, .end = 0x200, .bits = 1,
      .readb = dist_enable_read, .writeb = dist_clear_enable_write },
    { .name = "GICD_ISPENDR", .start = 0x200, .end = 0x280, .bits = 1,
      .readb = dist_pending_read, .writeb = dist_set_pending_write },
    { .name = "GICD_ICPENDR", .start = 0x280, .end = 0x300, .bits = 1,
      .readb = dist_pending_read, .writeb = dist_clear_pending_write },
    { .name = "GICD_ISACTIVER", .start = 0x300, .end = 0x380, .bits = 1,
      .readb = dist_active_read, .writeb = dist_set_active_write },
    { .name = "GICD_ICACTIVER", .start = 0x380, .end = 0x400, .bits = 1,
      .readb = dist_active_read, .writeb = dist_clear_active_write },
    { .name = "GICD_IPRIORITYR", .start = 0x400, .end = 0x7fc, .bits = 8,
      .readb = dist_priority_read, .writeb = dist_priority_write },
    { .name = "GICD_ITARGETSR", .start = 0x800, .end = 0xbfc, .bits = 8,
      .readb = dist_target_read, .writeb = dist_target_write },
    { .name = "GICD_ICFGR", .start = 0xc00, .end = 0xd00, .bits = 2,
      .readb = dist_config_read, .writeb = dist_config_write },
    /* Word writes only: handled in gic_dist_write. */
    { .name = "GICD_SGIR", .start = 0xf00, .end = 0xf04, .wo = true },
    { .name = "GICD_CPENDSGIR", .start = 0xf10, .end = 0xf20,
      .readb = dist_sgi_pending_read, .writeb = dist_clear_sgi_pending_write },
    { .name = "GICD_SPENDSGIR", .start = 0xf20, .end = 0xf30,
      .readb = dist_sgi_pending_read, .writeb = dist_set_sgi_pending_write },
    { .name = "GICD_PIDR/CIDR", .start = 0xfd0, .end = 0x1000,
      .readb = dist_id_read },
};

#define GIC_NR_DIST_REGS (sizeof(gic_dist_regs) / sizeof(gic_dist_regs[0]))

/*
 * The row holding [@addr, @addr + @size), or NULL for an offset that is
 * reserved, or beyond the interrupts this GIC has (a guest error in QEMU).
 */
static const DistReg *gic_dist_find(Gic *s, hwaddr addr, unsigned size)
{
    for (size_t i = 0; i < GIC_NR_DIST_REGS; i++) {
        const DistReg *r = &gic_dist_regs[i];
        if (addr < r->start || addr + size > r->end) {
            continue;
        }
        if (r->bits && (addr + size - 1 - r->start) * 8 / r->bits >=
                           s->num_irq) {
            return NULL;
        }
        return r;
    }
    return NULL;
}

/* The CPU interface an access is for; false (and logged) if none. */
static bool gic_access_cpu(Gic *s, MemTxAttrs attrs, const char *what,
                           hwaddr addr, unsigned *cpu)
{
    if (attrs.requester_id >= s->num_cpu) {
        gic_log(s, "%s at 0x%03x from requester %u, which is not a CPU of "
                "this GIC", what, (unsigned)addr,
                (unsigned)attrs.requester_id);
        return false;
    }
    *cpu = attrs.requester_id;
    return true;
}

/*
 * GICD_SGIR: raise SGI @value[3:0] on the CPUs the target list filter
 * picks. With the Security Extensions an SGI is only forwarded to a target
 * where its group fits: Group 1 for a Non-secure write, for a Secure one
 * the group NSATT names (IHI 0048B, GICD_SGIR). QEMU ignores NSATT.
 */
static void gic_sgir_write(Gic *s, unsigned cpu, uint32_t value,
                           MemTxAttrs attrs)
{
    unsigned irq = value & 0xf;
    uint8_t mask;
    switch ((value >> 24) & 3) {
    case 0:
        mask = (uint8_t)(value >> 16);
        break;
    case 1:
        mask = (uint8_t)~(1u << cpu);
        break;
    case 2:
        mask = (uint8_t)(1u << cpu);
        break;
    default:
        gic_log(s, "GICD_SGIR target list filter 3 is reserved (treated as "
                "all CPUs, as QEMU)");
        mask = 0xff;
        break;
    }
    mask &= gic_cpu_mask(s);
    bool want_group1 = gic_ns(s, attrs) || (value & (1u << 15));
    for (unsigned t = 0; t < s->num_cpu; t++) {
        if (!(mask & (1u << t))) {
            continue;
        }
        if (s->security_extn &&
            gic_irq(s, irq, t)->group != want_group1) {
            continue;
        }
        s->sgi_pending[t][irq] |= (uint8_t)(1u << cpu);
    }
}

static MemTxResult gic_dist_read(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    Gic *s = opaque;
    unsigned cpu;
    *data = 0;
    if (!gic_access_cpu(s, attrs, "distributor read", addr, &cpu)) {
        return MEMTX_OK;
    }
    const DistReg *r = gic_dist_find(s, addr, size);
    if (!r) {
        gic_log(s, "distributor read of bad offset 0x%03x", (unsigned)addr);
        return MEMTX_OK;
    }
    if (r->wo) {
        gic_log(s, "read of write-only %s", r->name);
        return MEMTX_OK;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned n = (unsigned)(addr + i - r->start);
        if (r->bits) {
            n = n * 8 / r->bits;
        }
        v |= (uint64_t)r->readb(s, cpu, n, attrs) << (8 * i);
    }
    *data = v;
    return MEMTX_OK;
}

static MemTxResult gic_dist_write(void *opaque, hwaddr addr, uint64_t data,
                                  unsigned size, MemTxAttrs attrs)
{
    Gic *s = opaque;
    unsigned cpu;
    if (!gic_access_cpu(s, attrs, "distributor write", addr, &cpu)) {
        return MEMTX_OK;
    }
    const DistReg *r = gic_dist_find(s, addr, size);
    if (!r) {
        gic_log(s, "distributor write of 0x%x to bad offset 0x%03x",
                (unsigned)data, (unsigned)addr);
        return MEMTX_OK;
    }
    if (r->wo) {
        if (size != 4) {
            gic_log(s, "%d-byte write to %s (word only)", size, r->name);
            return MEMTX_OK;
        }
        gic_sgir_write(s, cpu, (uint32_t)data, attrs);
    } else if (!r->writeb) {
        gic_log(s, "write of 0x%x to read-only %s", (unsigned)data, r->name);
        return MEMTX_OK;
    } else {
        for (unsigned i = 0; i < size; i++) {
            unsigned n = (unsigned)(addr + i - r->start);
            if (r->bits) {
                n = n * 8 / r->bits;
            }
            r->writeb(s, cpu, n, (uint8_t)(data >> (8 * i)), attrs);
        }
    }
    gic_update(s);
    return MEMTX_OK;
}

static const MemoryRegionOps gic_dist_ops = {
    .read = gic_dist_read,
    .write = gic_dist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---------------------------------------------------- CPU interface */

static uint32_t cpu_ctlr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    uint32_t v = s->cpu[cpu].ctlr;
    if (gic_ns(s, attrs)) {
        /* The Non-secure copy: EnableGrp1 at bit 0, EOImodeNS at bit 9. */
        v = (v & (CTLR_EN_GRP1 | GICC_EOIMODE_NS)) >> 1;
    }
    return v;
}

static void cpu_ctlr_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    GicCpu *c = &s->cpu[cpu];
    if (gic_ns(s, attrs)) {
        uint32_t mask = CTLR_EN_GRP1 | GICC_EOIMODE_NS;
        c->ctlr = (c->ctlr & ~mask) | ((v << 1) & mask);
    } else {
        c->ctlr = v & (s->security_extn ? GICC_CTLR_S_MASK : GICC_CTLR_MASK);
    }
}

/*
 * GICC_PMR. Non-secure view, shifted as priority values are: while the
 * mask is in the upper half, reads give (pmr << 1) and writes store
 * 0x80 | (v >> 1); while it is in the lower (Secure) half, reads are zero
 * and writes ignored.
 */
static uint32_t cpu_pmr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    uint32_t pmr = s->cpu[cpu].pmr;
    if (gic_ns(s, attrs)) {
        return (pmr & 0x80) ? (pmr << 1) & 0xff : 0;
    }
    return pmr;
}

static void cpu_pmr_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    GicCpu *c = &s->cpu[cpu];
    v &= 0xff;
    if (gic_ns(s, attrs)) {
        if (!(c->pmr & 0x80)) {
            return;
        }
        v = 0x80 | (v >> 1);
    }
    c->pmr = v;
}

/* GICC_BPR: banked; the Non-secure copy is GICC_ABPR's storage. */
static uint32_t cpu_bpr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    const GicCpu *c = &s->cpu[cpu];
    if (gic_ns(s, attrs)) {
        if (c->ctlr & GICC_CBPR) {
            return c->bpr + 1 < 7 ? c->bpr + 1 : 7;
        }
        return c->abpr;
    }
    return c->bpr;
}

static void cpu_bpr_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    GicCpu *c = &s->cpu[cpu];
    v &= 7;
    if (gic_ns(s, attrs)) {
        if (!(c->ctlr & GICC_CBPR)) { /* with CBPR the NS copy is WI */
            c->abpr = v > GIC_MIN_ABPR ? v : GIC_MIN_ABPR;
        }
    } else {
        c->bpr = v > GIC_MIN_BPR ? v : GIC_MIN_BPR;
    }
}

static uint32_t cpu_iar_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    return gic_acknowledge(s, cpu, gic_ns(s, attrs));
}

static void cpu_eoir_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    gic_eoi(s, cpu, v, gic_ns(s, attrs));
}

static uint32_t cpu_rpr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    uint32_t rp = s->cpu[cpu].running;
    if (rp == PRIO_IDLE) {
        return 0xff;
    }
    if (gic_ns(s, attrs)) {
        return (rp & 0x80) ? (rp << 1) & 0xff : 0;
    }
    return rp;
}

static uint32_t cpu_hppir_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    return gic_hppir(s, cpu, gic_ns(s, attrs));
}

/*
 * GICC_ABPR and the aliased Group 1 registers AIAR/AEOIR/AHPPIR: Secure
 * only (RAZ/WI to Non-secure accesses); they act as the Non-secure copies
 * of BPR, IAR, EOIR and HPPIR. QEMU 7.2 leaves the aliases unimplemented.
 */
static uint32_t cpu_abpr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    return gic_ns(s, attrs) ? 0 : s->cpu[cpu].abpr;
}

static void cpu_abpr_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    if (!gic_ns(s, attrs)) {
        v &= 7;
        s->cpu[cpu].abpr = v > GIC_MIN_ABPR ? v : GIC_MIN_ABPR;
    }
}

static uint32_t cpu_aiar_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    return gic_ns(s, attrs) ? 0 : gic_acknowledge(s, cpu, true);
}

static void cpu_aeoir_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    if (!gic_ns(s, attrs)) {
        gic_eoi(s, cpu, v, true);
    }
}

static uint32_t cpu_ahppir_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    return gic_ns(s, attrs) ? 0 : gic_hppir(s, cpu, true);
}

/*
 * GICC_APRn/NSAPRn: one bit per preemption level (128 with BPR 0). The
 * Non-secure view of APRn is the upper half of NSAPR (levels 64-127, the
 * priorities 0x80-0xff Non-secure software can have), as in QEMU.
 */
static uint32_t *cpu_apr_slot(Gic *s, unsigned cpu, unsigned n,
                              MemTxAttrs attrs)
{
    GicCpu *c = &s->cpu[cpu];
    if (gic_ns(s, attrs)) {
        return n < 2 ? &c->nsapr[n + 2] : NULL;
    }
    return &c->apr[n];
}

#define DEFINE_APR(n)                                                      \
    static uint32_t cpu_apr##n##_read(Gic *s, unsigned cpu,                \
                                      MemTxAttrs attrs)                    \
    {                                                                      \
        uint32_t *p = cpu_apr_slot(s, cpu, n, attrs);                      \
        return p ? *p : 0;                                                 \
    }                                                                      \
    static void cpu_apr##n##_write(Gic *s, unsigned cpu, uint32_t v,       \
                                   MemTxAttrs attrs)                       \
    {                                                                      \
        uint32_t *p = cpu_apr_slot(s, cpu, n, attrs);                      \
        if (p) {                                                           \
            *p = v;                                                        \
            s->cpu[cpu].running = gic_prio_from_apr(&s->cpu[cpu]);         \
        }                                                                  \
    }                                                                      \
    static uint32_t cpu_nsapr##n##_read(Gic *s, unsigned cpu,              \
                                        MemTxAttrs attrs)                  \
    {                                                                      \
        return gic_ns(s, attrs) ? 0 : s->cpu[cpu].nsapr[n];                \
    }                                                                      \
    static void cpu_nsapr##n##_write(Gic *s, unsigned cpu, uint32_t v,     \
                                     MemTxAttrs attrs)                     \
    {                                                                      \
        if (!gic_ns(s, attrs)) {                                           \
            s->cpu[cpu].nsapr[n] = v;                                      \
            s->cpu[cpu].running = gic_prio_from_apr(&s->cpu[cpu]);         \
        }                                                                  \
    }

DEFINE_APR(0)
DEFINE_APR(1)
DEFINE_APR(2)
DEFINE_APR(3)

static uint32_t cpu_iidr_read(Gic *s, unsigned cpu, MemTxAttrs attrs)
{
    (void)s;
    (void)cpu;
    (void)attrs;
    return GICC_IIDR;
}

static void cpu_dir_write(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs)
{
    gic_deactivate(s, cpu, v, gic_ns(s, attrs));
}

/* One CPU interface register: no @read is write-only, no @write read-only. */
typedef struct CpuReg {
    const char *name;
    hwaddr addr;
    uint32_t (*read)(Gic *s, unsigned cpu, MemTxAttrs attrs);
    void (*write)(Gic *s, unsigned cpu, uint32_t v, MemTxAttrs attrs);
} CpuReg;

#define APR_ROWS(n)                                                        \
    { .name = "GICC_APR" #n, .addr = 0xd0 + 4 * (n),                       \
      .read = cpu_apr##n##_read, .write = cpu_apr##n##_write },            \
    { .name = "GICC_NSAPR" #n, .addr = 0xe0 + 4 * (n),                     \
      .read = cpu_nsapr##n##_read, .write = cpu_nsapr##n##_write }

static const CpuReg gic_cpu_regs[] = {
    { .name = "GICC_CTLR", .addr = 0x00,
      .read = cpu_ctlr_read, .write = cpu_ctlr_write },
    { .name = "GICC_PMR", .addr = 0x04,
      .read = cpu_pmr_read, .write = cpu_pmr_write },
    { .name = "GICC_BPR", .addr = 0x08,
      .read = cpu_bpr_read, .write = cpu_bpr_write },
    { .name = "GICC_IAR", .addr = 0x0c, .read = cpu_iar_read },
    { .name = "GICC_EOIR", .addr = 0x10, .write = cpu_eoir_write },
    { .name = "GICC_RPR", .addr = 0x14, .read = cpu_rpr_read },
    { .name = "GICC_HPPIR", .addr = 0x18, .read = cpu_hppir_read },
    { .name = "GICC_ABPR", .addr = 0x1c,
      .read = cpu_abpr_read, .write = cpu_abpr_write },
    { .name = "GICC_AIAR", .addr = 0x20, .read = cpu_aiar_read },
    { .name = "GICC_AEOIR", .addr = 0x24, .write = cpu_aeoir_write },
    { .name = "GICC_AHPPIR", .addr = 0x28, .read = cpu_ahppir_read },
    APR_ROWS(0), APR_ROWS(1), APR_ROWS(2), APR_ROWS(3),
    { .name = "GICC_IIDR", .addr = 0xfc, .read = cpu_iidr_read },
    { .name = "GICC_DIR", .addr = 0x1000, .write = cpu_dir_write },
};

#define GIC_NR_CPU_REGS (sizeof(gic_cpu_regs) / sizeof(gic_cpu_regs[0]))

static const CpuReg *gic_cpu_find(hwaddr addr)
{
    for (size_t i = 0; i < GIC_NR_CPU_REGS; i++) {
        if (gic_cpu_regs[i].addr == addr) {
            return &gic_cpu_regs[i];
        }
    }
    return NULL;
}

/*
 * The CPU interface is word-accessible only (IHI 0048B, CPU
 * interface register map): any other
 * size is a guest error, read-as-zero/write-ignored, so a stray byte read
 * never acknowledges an interrupt.
 */
static MemTxResult gic_cpu_read(void *opaque, hwaddr addr, uint64_t *data,
                                unsigned size, MemTxAttrs attrs)
{
    Gic *s = opaque;
    unsigned cpu;
    *data = 0;
    if (!gic_access_cpu(s, attrs, "CPU interface read", addr, &cpu)) {
        return MEMTX_OK;
    }
    const CpuReg *r = gic_cpu_find(addr);
    if (!r) {
        gic_log(s, "CPU interface read of bad offset 0x%03x", (unsigned)addr);
    } else if (size != 4) {
        gic_log(s, "%u-byte read of %s (word only)", size, r->name);
    } else if (!r->read) {
        gic_log(s, "read of write-only %s", r->name);
    } else {
        *data = r->read(s, cpu, attrs);
    }
    return MEMTX_OK;
}

static MemTxResult gic_cpu_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size, MemTxAttrs attrs)
{
    Gic *s = opaque;
    unsigned cpu;
    uint32_t v = (uint32_t)data;
    if (!gic_access_cpu(s, attrs, "CPU interface write", addr, &cpu)) {
        return MEMTX_OK;
    }
    const CpuReg *r = gic_cpu_find(addr);
    if (!r) {
        gic_log(s, "CPU interface write of 0x%x to bad offset 0x%03x", v,
                (unsigned)addr);
    } else if (size != 4) {
        gic_log(s, "%u-byte write of 0x%x to %s (word only)", size, v,
                r->name);
    } else if (!r->write) {
        gic_log(s, "write of 0x%x to read-only %s", v, r->name);
    } else {
        r->write(s, cpu, v, attrs);
        gic_update(s);
    }
    return MEMTX_OK;
}

static const MemoryRegionOps gic_cpu_ops = {
    .read = gic_cpu_read,
    .write = gic_cpu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ------------------------------------------------------------ inputs */

void gic_irq_input(void *opaque, int n, int level)
{
    Gic *s = opaque;
    int nr_spi = (int)s->num_irq - GIC_INTERNAL;
    unsigned cpu;
    unsigned irq;
    assert(n >= 0 && n < nr_spi + GIC_INTERNAL * (int)s->num_cpu);
    if (n < nr_spi) {
        cpu = 0; /* any bank: SPI state is shared */
        irq = (unsigned)n + GIC_INTERNAL;
    } else {
        cpu = (unsigned)(n - nr_spi) / GIC_INTERNAL;
        irq = (unsigned)(n - nr_spi) % GIC_INTERNAL;
        assert(irq >= GIC_NR_SGIS && "gic: SGIs have no input line");
    }
    GicIrq *q = gic_irq(s, irq, cpu);
    bool high = level != 0;
    if (high == q->level) {
        return;
    }
    q->level = high;
    if (high && q->edge) {
        q->pending = true;
    }
    gic_update(s);
}

IrqLine gic_spi_line(Gic *s, unsigned spi)
{
    assert(spi < s->num_irq - GIC_INTERNAL);
    return irq_line(gic_irq_input, s, (int)spi);
}

IrqLine gic_ppi_line(Gic *s, unsigned cpu, unsigned id)
{
    assert(cpu < s->num_cpu && id >= GIC_NR_SGIS && id < GIC_INTERNAL);
    return irq_line(gic_irq_input, s,
                    (int)(s->num_irq - GIC_INTERNAL + cpu * GIC_INTERNAL +
                          id));
}

/* ------------------------------------------------------------ lifetime */

void gic_reset(Gic *s)
{
    bool ns_boot = s->security_extn && s->reset_nonsecure;
    uint8_t prio = ns_boot ? 0x80 : 0;
    s->ctlr = 0;
    memset(s->priv, 0, sizeof(s->priv));
    memset(s->sgi_pending, 0, sizeof(s->sgi_pending));
    memset(s->spi, 0, (s->num_irq - GIC_INTERNAL) * sizeof(*s->spi));
    for (unsigned irq = 0; irq < s->num_irq; irq++) {
        for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
            GicIrq *q = gic_irq(s, irq, cpu);
            q->priority = prio;
            q->group = ns_boot;
            if (irq < GIC_NR_SGIS) {
                q->enabled = true;
                q->edge = true;
            }
            /* A uniprocessor GIC's interrupts all target its one CPU. */
            q->target = s->num_cpu == 1 ? 1 : 0;
        }
    }
    for (unsigned cpu = 0; cpu < s->num_cpu; cpu++) {
        GicCpu *c = &s->cpu[cpu];
        c->ctlr = 0;
        c->pmr = prio;
        c->bpr = GIC_MIN_BPR;
        c->abpr = GIC_MIN_ABPR;
        memset(c->apr, 0, sizeof(c->apr));
        memset(c->nsapr, 0, sizeof(c->nsapr));
        c->running = PRIO_IDLE;
        c->current_pending = GIC_SPURIOUS;
    }
    gic_update(s);
}

Gic *gic_new(const char *name, const GicConfig *cfg, MemError *err)
{
    if (cfg->num_cpu < 1 || cfg->num_cpu > GIC_MAX_CPUS) {
        memory_error_set(err, MEM_ERR_INVAL, "%s: %u CPUs (the GIC has 1 to "
                         "%d CPU interfaces)", name, cfg->num_cpu,
                         GIC_MAX_CPUS);
        return NULL;
    }
    if (cfg->num_irq < GIC_INTERNAL || cfg->num_irq > GIC_MAX_IRQS ||
        cfg->num_irq % 32) {
        memory_error_set(err, MEM_ERR_INVAL, "%s: %u interrupts (must be a "
                         "multiple of 32 from 32 to %d)", name, cfg->num_irq,
                         GIC_MAX_IRQS);
        return NULL;
    }
    Gic *s = calloc(1, sizeof(*s));
    if (s) {
        s->name = strdup(name);
        s->spi = calloc(cfg->num_irq - GIC_INTERNAL + 1, sizeof(*s->spi));
    }
    if (!s || !s->name || !s->spi) {
        if (s) {
            free(s->name);
            free(s->spi);
            free(s);
        }
        memory_error_set(err, MEM_ERR_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    s->num_cpu = cfg->num_cpu;
    s->num_irq = cfg->num_irq;
    s->security_extn = cfg->security_extn;
    s->log = stderr;
    MemError e;
    s->dist_mr = memory_region_new_io("gic_dist", GIC_DIST_SIZE, &gic_dist_ops,
                                      s, &e);
    s->cpu_mr = memory_region_new_io("gic_cpu", GIC_CPU_SIZE, &gic_cpu_ops, s,
                                     &e);
    /* The ops and sizes are constants: a failure is a bug here. */
    assert(s->dist_mr && s->cpu_mr && "gic: region creation failed");
    gic_reset(s);
    return s;
}

MemoryRegion *gic_dist_region(Gic *s)
{
    return s->dist_mr;
}

MemoryRegion *gic_cpu_region(Gic *s)
{
    return s->cpu_mr;
}

void gic_connect_cpu(Gic *s, unsigned cpu, IrqLine irq, IrqLine fiq)
{
    assert(cpu < s->num_cpu);
    s->cpu[cpu].irq = irq;
    s->cpu[cpu].fiq = fiq;
    gic_update(s);
}

void gic_set_reset_nonsecure(Gic *s, bool on)
{
    s->reset_nonsecure = on;
}

void gic_set_log(Gic *s, FILE *log)
{
    s->log = log;
}

void gic_free(Gic *s)
{
    if (!s) {
        return;
    }
    memory_region_destroy(s->dist_mr);
    memory_region_destroy(s->cpu_mr);
    free(s->spi);
    free(s->name);
    free(s);
}
