/*
 * The remapping memory controller, tzemu's own device with no hardware
 * counterpart; docs/remap-mc.md is its specification. Translation is page
 * by page through the active environment's table; unmapped pages lead to a
 * fault responder that records the access, raises the interrupt and
 * answers a decode error (AXI DECERR). Not modelled: enforcing PTE.X (a
 * transaction does not say whether it fetches an instruction), recording
 * permission faults (a cached translation denies them without the device
 * seeing the access), timing.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "remap_mc.h"

#define PAGE_MASK (REMAP_MC_PAGE_SIZE - 1)
#define PTE_PPN_MASK (~0u << REMAP_MC_PTE_PPN_SHIFT)
/* Bits PAGE_ENTRY stores; [11:4] are reserved, read as zero. */
#define PTE_STORED (PTE_PPN_MASK | REMAP_MC_PTE_X | REMAP_MC_PTE_W |      \
                    REMAP_MC_PTE_R | REMAP_MC_PTE_V)
#define CTRL_WRITABLE (REMAP_MC_CTRL_EN | REMAP_MC_CTRL_IRQ_EN |           \
                       REMAP_MC_CTRL_AUTOINC)
#define STATUS_ALL (REMAP_MC_STATUS_FAULT | REMAP_MC_STATUS_OVERRUN |      \
                    REMAP_MC_STATUS_PROG_ERR)
/* The view when translation is off: the window passes straight through. */
#define VIEW_PASS_THROUGH (-1)

struct RemapMc {
    MemoryRegion *upstream;
    MemoryRegion *regs;
    MemoryRegion *fault;
    MemoryRegion *down_root;
    AddressSpace down_as;
    AddressSpace fault_as;
    bool spaces_up;
    IrqLine irq;
    FILE *log;
    unsigned log_count;
    uint32_t num_pages;
    /* REMAP_MC_NUM_ENVS tables of num_pages entries, one after another. */
    uint32_t *tables;
    uint32_t ctrl;
    uint32_t active;
    uint32_t env_sel;
    uint32_t page_idx;
    uint32_t status;
    uint32_t fault_addr;
    uint32_t fault_info;
};

/**
 * RemapMcReg - one register of the map (docs/remap-mc.md).
 * @read: NULL for a write-only register (a read is a guest error, 0).
 * @write: NULL for a read-only register (a write is a guest error).
 */
typedef struct RemapMcReg {
    const char *name;
    hwaddr addr;
    uint32_t (*read)(RemapMc *s);
    void (*write)(RemapMc *s, uint32_t value);
} RemapMcReg;

static void remap_mc_log(RemapMc *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void remap_mc_log(RemapMc *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, "guest error",
                   memory_region_name(s->upstream), fmt, ap);
    va_end(ap);
}

/* -------------------------------------------------------- translation */

/* Which table translates the window, or VIEW_PASS_THROUGH. */
static int remap_mc_view(const RemapMc *s)
{
    return s->ctrl & REMAP_MC_CTRL_EN ? (int)s->active : VIEW_PASS_THROUGH;
}

static uint32_t *remap_mc_pte(RemapMc *s, uint32_t env, uint32_t page)
{
    return &s->tables[(size_t)env * s->num_pages + page];
}

static IOMMUAccessFlags remap_mc_pte_perm(uint32_t pte)
{
    return (pte & REMAP_MC_PTE_R ? IOMMU_RO : IOMMU_NONE) |
           (pte & REMAP_MC_PTE_W ? IOMMU_WO : IOMMU_NONE);
}

/*
 * docs/remap-mc.md, "Translation". A page that the bus may not use at all
 * goes to the fault responder with full permission, so the responder sees
 * (and records) every such access; a page with one permission goes to RAM,
 * the other denied by the bus.
 */
static IOMMUTLBEntry remap_mc_translate(void *opaque, hwaddr addr,
                                        IOMMUAccessFlags flag, int iommu_idx)
{
    RemapMc *s = opaque;
    (void)flag; /* the full permissions are always reported */
    hwaddr iova = addr & ~PAGE_MASK;
    IOMMUTLBEntry e = { .target_as = &s->down_as, .iova = iova,
                        .translated_addr = iova, .addr_mask = PAGE_MASK,
                        .perm = IOMMU_RW };
    int view = remap_mc_view(s);
    if (view == VIEW_PASS_THROUGH) {
        return e;
    }
    uint32_t pte = *remap_mc_pte(s, (uint32_t)view,
                                 (uint32_t)(addr >> REMAP_MC_PAGE_SHIFT));
    IOMMUAccessFlags perm = iommu_idx == REMAP_MC_IDX_DEBUG
                                ? IOMMU_RW : remap_mc_pte_perm(pte);
    if (!(pte & REMAP_MC_PTE_V) || perm == IOMMU_NONE) {
        e.target_as = &s->fault_as;
        return e;
    }
    e.translated_addr = pte & PTE_PPN_MASK;
    e.perm = perm;
    return e;
}

static int remap_mc_attrs_to_index(void *opaque, MemTxAttrs attrs)
{
    (void)opaque;
    return attrs.debug ? REMAP_MC_IDX_DEBUG : REMAP_MC_IDX_BUS;
}

static const IOMMUMemoryRegionOps remap_mc_iommu_ops = {
    .translate = remap_mc_translate,
    .attrs_to_index = remap_mc_attrs_to_index,
    .num_indexes = REMAP_MC_NUM_INDEXES,
};

/* Index @idx forgets window offsets [@iova, @iova + @mask]. */
static void remap_mc_unmap(RemapMc *s, int idx, hwaddr iova, hwaddr mask)
{
    IOMMUTLBEntry gone = { .iova = iova, .addr_mask = mask,
                           .perm = IOMMU_NONE };
    memory_region_notify_iommu(s->upstream, idx, IOMMU_NOTIFIER_UNMAP, &gone);
}

/*
 * A change of the whole view (the table in use, or pass-through) is one
 * UNMAP of the window per index: no single entry describes the new view,
 * so MAP listeners translate again.
 */
static void remap_mc_unmap_window(RemapMc *s)
{
    hwaddr last = ((hwaddr)s->num_pages << REMAP_MC_PAGE_SHIFT) - 1;
    for (int idx = 0; idx < REMAP_MC_NUM_INDEXES; idx++) {
        remap_mc_unmap(s, idx, 0, last);
    }
}

/* The fault interrupt: a recorded fault, while CTRL.IRQ_EN. */
static void remap_mc_irq_update(RemapMc *s)
{
    irq_set(&s->irq, (s->ctrl & REMAP_MC_CTRL_IRQ_EN) &&
                     (s->status & REMAP_MC_STATUS_FAULT));
}

/* Sets CTRL and ACTIVE_ENV together, announcing a change of the view. */
static void remap_mc_set_view(RemapMc *s, uint32_t ctrl, uint32_t active)
{
    int before = remap_mc_view(s);
    s->ctrl = ctrl;
    s->active = active;
    if (remap_mc_view(s) != before) {
        remap_mc_unmap_window(s);
    }
    remap_mc_irq_update(s);
}

static bool remap_mc_same(const IOMMUTLBEntry *a, const IOMMUTLBEntry *b)
{
    return a->target_as == b->target_as &&
           a->translated_addr == b->translated_addr && a->perm == b->perm;
}

/*
 * Stores one entry; where the table is in use, each index whose
 * translation of the page changed hears UNMAP then MAP of that page only.
 */
static void remap_mc_store_pte(RemapMc *s, uint32_t env, uint32_t page,
                               uint32_t pte)
{
    bool live = remap_mc_view(s) == (int)env;
    hwaddr addr = (hwaddr)page << REMAP_MC_PAGE_SHIFT;
    IOMMUTLBEntry old[REMAP_MC_NUM_INDEXES];
    for (int idx = 0; live && idx < REMAP_MC_NUM_INDEXES; idx++) {
        old[idx] = remap_mc_translate(s, addr, IOMMU_NONE, idx);
    }
    *remap_mc_pte(s, env, page) = pte;
    for (int idx = 0; live && idx < REMAP_MC_NUM_INDEXES; idx++) {
        IOMMUTLBEntry now = remap_mc_translate(s, addr, IOMMU_NONE, idx);
        if (remap_mc_same(&old[idx], &now)) {
            continue;
        }
        remap_mc_unmap(s, idx, addr, PAGE_MASK);
        memory_region_notify_iommu(s->upstream, idx, IOMMU_NOTIFIER_MAP,
                                   &now);
    }
}

/* ----------------------------------------------------- fault responder */

/*
 * docs/remap-mc.md, "Faults": the first fault is kept until STATUS.FAULT
 * is cleared; later ones only set OVERRUN. Debug accesses fail alike but
 * leave no trace.
 */
static MemTxResult remap_mc_fault(RemapMc *s, hwaddr addr, bool is_write,
                                  MemTxAttrs attrs)
{
    if (attrs.debug) {
        return MEMTX_DECODE_ERROR;
    }
    if (s->status & REMAP_MC_STATUS_FAULT) {
        s->status |= REMAP_MC_STATUS_OVERRUN;
    } else {
        s->status |= REMAP_MC_STATUS_FAULT;
        s->fault_addr = (uint32_t)addr;
        s->fault_info = (is_write ? REMAP_MC_FINFO_WRITE : 0) |
                        (attrs.secure ? 0 : REMAP_MC_FINFO_NS) |
                        (attrs.user ? REMAP_MC_FINFO_USER : 0) |
                        s->active << REMAP_MC_FINFO_ENV_SHIFT |
                        (uint32_t)attrs.requester_id
                            << REMAP_MC_FINFO_REQ_SHIFT;
    }
    remap_mc_irq_update(s);
    return MEMTX_DECODE_ERROR;
}

static MemTxResult remap_mc_fault_read(void *opaque, hwaddr addr,
                                       uint64_t *data, unsigned size,
                                       MemTxAttrs attrs)
{
    (void)size;
    *data = 0;
    return remap_mc_fault(opaque, addr, false, attrs);
}

static MemTxResult remap_mc_fault_write(void *opaque, hwaddr addr,
                                        uint64_t data, unsigned size,
                                        MemTxAttrs attrs)
{
    (void)data, (void)size;
    return remap_mc_fault(opaque, addr, true, attrs);
}

/* Whole accesses, so one access is one fault whatever its size. */
static const MemoryRegionOps remap_mc_fault_ops = {
    .read = remap_mc_fault_read,
    .write = remap_mc_fault_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

/* ----------------------------------------------------------- registers */

/*
 * Whether @value is below @limit; if not, the write to @reg is refused:
 * STATUS.PROG_ERR, and nothing else changes.
 */
static bool remap_mc_in_range(RemapMc *s, const char *reg, uint32_t value,
                              uint64_t limit)
{
    if (value < limit) {
        return true;
    }
    s->status |= REMAP_MC_STATUS_PROG_ERR;
    remap_mc_log(s, "%s = 0x%x out of range, ignored", reg, value);
    return false;
}

static uint32_t remap_mc_id_read(RemapMc *s)
{
    (void)s;
    return REMAP_MC_ID_VALUE;
}

static uint32_t remap_mc_config_read(RemapMc *s)
{
    (void)s;
    return REMAP_MC_NUM_ENVS | REMAP_MC_PAGE_SHIFT << 8;
}

static uint32_t remap_mc_num_pages_read(RemapMc *s)
{
    return s->num_pages;
}

static uint32_t remap_mc_ctrl_read(RemapMc *s)
{
    return s->ctrl;
}

static void remap_mc_ctrl_write(RemapMc *s, uint32_t value)
{
    remap_mc_set_view(s, value & CTRL_WRITABLE, s->active);
}

static uint32_t remap_mc_active_read(RemapMc *s)
{
    return s->active;
}

static void remap_mc_active_write(RemapMc *s, uint32_t value)
{
    if (remap_mc_in_range(s, "ACTIVE_ENV", value, REMAP_MC_NUM_ENVS)) {
        remap_mc_set_view(s, s->ctrl, value);
    }
}

static uint32_t remap_mc_env_sel_read(RemapMc *s)
{
    return s->env_sel;
}

static void remap_mc_env_sel_write(RemapMc *s, uint32_t value)
{
    if (remap_mc_in_range(s, "ENV_SEL", value, REMAP_MC_NUM_ENVS)) {
        s->env_sel = value;
    }
}

static uint32_t remap_mc_page_idx_read(RemapMc *s)
{
    return s->page_idx;
}

static void remap_mc_page_idx_write(RemapMc *s, uint32_t value)
{
    if (remap_mc_in_range(s, "PAGE_IDX", value, s->num_pages)) {
        s->page_idx = value;
    }
}

/* With CTRL.AUTOINC, every PAGE_ENTRY access moves to the next page,
 * wrapping after the last one. */
static void remap_mc_autoinc(RemapMc *s)
{
    if (s->ctrl & REMAP_MC_CTRL_AUTOINC) {
        s->page_idx = (s->page_idx + 1) % s->num_pages;
    }
}

static uint32_t remap_mc_page_entry_read(RemapMc *s)
{
    uint32_t pte = *remap_mc_pte(s, s->env_sel, s->page_idx);
    remap_mc_autoinc(s);
    return pte;
}

/* A valid entry must name a page that exists below; an invalid one may
 * hold anything. */
static void remap_mc_page_entry_write(RemapMc *s, uint32_t value)
{
    uint64_t end = (uint64_t)s->num_pages << REMAP_MC_PTE_PPN_SHIFT;
    if (!(value & REMAP_MC_PTE_V) ||
        remap_mc_in_range(s, "PAGE_ENTRY", value, end)) {
        remap_mc_store_pte(s, s->env_sel, s->page_idx, value & PTE_STORED);
    }
    remap_mc_autoinc(s);
}

static void remap_mc_env_clear_write(RemapMc *s, uint32_t value)
{
    if (!remap_mc_in_range(s, "ENV_CLEAR", value, REMAP_MC_NUM_ENVS)) {
        return;
    }
    memset(remap_mc_pte(s, value, 0), 0, s->num_pages * sizeof(uint32_t));
    if (remap_mc_view(s) == (int)value) {
        remap_mc_unmap_window(s);
    }
}

static uint32_t remap_mc_status_read(RemapMc *s)
{
    return s->status;
}

static void remap_mc_status_write(RemapMc *s, uint32_t value)
{
    s->status &= ~(value & STATUS_ALL);
    remap_mc_irq_update(s);
}

static uint32_t remap_mc_fault_addr_read(RemapMc *s)
{
    return s->fault_addr;
}

static uint32_t remap_mc_fault_info_read(RemapMc *s)
{
    return s->fault_info;
}

static const RemapMcReg remap_mc_reg_map[] = {
    { "ID", REMAP_MC_ID, remap_mc_id_read, NULL },
    { "CONFIG", REMAP_MC_CONFIG, remap_mc_config_read, NULL },
    { "NUM_PAGES", REMAP_MC_NUM_PAGES, remap_mc_num_pages_read, NULL },
    { "CTRL", REMAP_MC_CTRL, remap_mc_ctrl_read, remap_mc_ctrl_write },
    { "ACTIVE_ENV", REMAP_MC_ACTIVE_ENV, remap_mc_active_read,
      remap_mc_active_write },
    { "ENV_SEL", REMAP_MC_ENV_SEL, remap_mc_env_sel_read,
      remap_mc_env_sel_write },
    { "PAGE_IDX", REMAP_MC_PAGE_IDX, remap_mc_page_idx_read,
      remap_mc_page_idx_write },
    { "PAGE_ENTRY", REMAP_MC_PAGE_ENTRY, remap_mc_page_entry_read,
      remap_mc_page_entry_write },
    { "ENV_CLEAR", REMAP_MC_ENV_CLEAR, NULL, remap_mc_env_clear_write },
    { "STATUS", REMAP_MC_STATUS, remap_mc_status_read,
      remap_mc_status_write },
    { "FAULT_ADDR", REMAP_MC_FAULT_ADDR, remap_mc_fault_addr_read, NULL },
    { "FAULT_INFO", REMAP_MC_FAULT_INFO, remap_mc_fault_info_read, NULL },
};

static const RemapMcReg *remap_mc_find(hwaddr addr)
{
    for (size_t i = 0;
         i < sizeof(remap_mc_reg_map) / sizeof(remap_mc_reg_map[0]); i++) {
        if (remap_mc_reg_map[i].addr == addr) {
            return &remap_mc_reg_map[i];
        }
    }
    return NULL;
}

/*
 * The block is meant to be mapped in the Secure address space only; a
 * Non-secure access that reaches it anyway is refused with a bus error
 * (AXI SLVERR) and changes nothing.
 */
static bool remap_mc_secure_ok(RemapMc *s, hwaddr addr, bool is_write,
                               MemTxAttrs attrs)
{
    if (!attrs.secure) {
        remap_mc_log(s, "Non-secure %s of 0x%03x refused",
                     is_write ? "write" : "read", (unsigned)addr);
    }
    return attrs.secure;
}

static MemTxResult remap_mc_reg_read(void *opaque, hwaddr addr,
                                     uint64_t *data, unsigned size,
                                     MemTxAttrs attrs)
{
    RemapMc *s = opaque;
    (void)size; /* always 4 */
    *data = 0;
    if (!remap_mc_secure_ok(s, addr, false, attrs)) {
        return MEMTX_ERROR;
    }
    const RemapMcReg *r = remap_mc_find(addr);
    if (r && r->read) {
        *data = r->read(s);
    } else if (r) {
        remap_mc_log(s, "read of write-only %s", r->name);
    } else {
        remap_mc_log(s, "read of bad offset 0x%03x", (unsigned)addr);
    }
    return MEMTX_OK;
}

static MemTxResult remap_mc_reg_write(void *opaque, hwaddr addr,
                                      uint64_t data, unsigned size,
                                      MemTxAttrs attrs)
{
    RemapMc *s = opaque;
    (void)size;
    if (!remap_mc_secure_ok(s, addr, true, attrs)) {
        return MEMTX_ERROR;
    }
    const RemapMcReg *r = remap_mc_find(addr);
    if (r && r->write) {
        r->write(s, (uint32_t)data);
    } else if (r) {
        remap_mc_log(s, "write of 0x%x to read-only %s", (unsigned)data,
                     r->name);
    } else {
        remap_mc_log(s, "write of 0x%x to bad offset 0x%03x", (unsigned)data,
                     (unsigned)addr);
    }
    return MEMTX_OK;
}

/* 32-bit registers: other sizes are refused by the bus (MEMTX_ERROR). */
static const MemoryRegionOps remap_mc_reg_ops = {
    .read = remap_mc_reg_read,
    .write = remap_mc_reg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ----------------------------------------------------------- lifetime */

void remap_mc_reset(RemapMc *s)
{
    memset(s->tables, 0,
           (size_t)REMAP_MC_NUM_ENVS * s->num_pages * sizeof(uint32_t));
    s->env_sel = 0;
    s->page_idx = 0;
    s->status = 0;
    s->fault_addr = 0;
    s->fault_info = 0;
    remap_mc_set_view(s, 0, 0);
}

/* Releases whatever part of the device exists (also after a failed new). */
static void remap_mc_release(RemapMc *s)
{
    if (s->upstream) {
        memory_region_destroy(s->upstream);
    }
    if (s->spaces_up) {
        address_space_destroy(&s->down_as);
        address_space_destroy(&s->fault_as);
    }
    if (s->regs) {
        memory_region_destroy(s->regs);
    }
    if (s->fault) {
        memory_region_destroy(s->fault);
    }
    if (s->down_root) {
        memory_region_unref(s->down_root);
    }
    free(s->tables);
    free(s);
}

/* "@name@suffix" in @buf (cut to fit). */
static const char *remap_mc_subname(char *buf, size_t len, const char *name,
                                    const char *suffix)
{
    snprintf(buf, len, "%s%s", name, suffix);
    return buf;
}

RemapMc *remap_mc_new(const char *name, MemoryRegion *downstream,
                      IrqLine irq, MemError *err)
{
    uint64_t size = memory_region_size(downstream);
    if (size % REMAP_MC_PAGE_SIZE || size > REMAP_MC_MAX_SIZE) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "%s: downstream '%s' must be a multiple of 4 KiB "
                         "and at most 4 GiB", name,
                         memory_region_name(downstream));
        return NULL;
    }
    RemapMc *s = calloc(1, sizeof(*s));
    uint32_t pages = (uint32_t)(size >> REMAP_MC_PAGE_SHIFT);
    uint32_t *tables = calloc((size_t)REMAP_MC_NUM_ENVS * pages,
                              sizeof(uint32_t));
    if (!s || !tables) {
        free(s);
        free(tables);
        memory_error_set(err, MEM_ERR_NOMEM, "%s: out of host memory", name);
        return NULL;
    }
    *s = (RemapMc){ .irq = irq, .log = stderr, .num_pages = pages,
                    .tables = tables };
    char down[128], fault[128], regs[128];
    remap_mc_subname(down, sizeof(down), name, ".downstream");
    remap_mc_subname(fault, sizeof(fault), name, ".fault");
    remap_mc_subname(regs, sizeof(regs), name, ".regs");
    s->down_root = memory_region_new_container(down, size, err);
    if (!s->down_root ||
        memory_region_add_subregion(s->down_root, 0, downstream, err) ||
        !(s->fault = memory_region_new_io(fault, size, &remap_mc_fault_ops,
                                          s, err)) ||
        !(s->regs = memory_region_new_io(regs, REMAP_MC_REGS_SIZE,
                                         &remap_mc_reg_ops, s, err)) ||
        !(s->upstream = memory_region_new_iommu(name, size,
                                                &remap_mc_iommu_ops, s,
                                                err))) {
        remap_mc_release(s);
        return NULL;
    }
    address_space_init(&s->down_as, s->down_root, down);
    address_space_init(&s->fault_as, s->fault, fault);
    s->spaces_up = true;
    return s;
}

MemoryRegion *remap_mc_upstream(RemapMc *s)
{
    return s->upstream;
}

MemoryRegion *remap_mc_regs(RemapMc *s)
{
    return s->regs;
}

AddressSpace *remap_mc_downstream_as(RemapMc *s)
{
    return &s->down_as;
}

AddressSpace *remap_mc_fault_as(RemapMc *s)
{
    return &s->fault_as;
}

void remap_mc_set_log(RemapMc *s, FILE *log)
{
    s->log = log;
}

void remap_mc_free(RemapMc *s)
{
    if (s) {
        remap_mc_release(s);
    }
}
