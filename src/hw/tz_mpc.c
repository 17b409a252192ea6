/*
 * ARM CoreLink SIE-200 AHB5 TrustZone Memory Protection Controller, after
 * the SIE-200 TRM and the register summary of the SSE-200 TRM (Arm 101104,
 * 3.4.4, table 3-23), keeping the guest-visible choices of QEMU 7.2's
 * hw/misc/tz-mpc.c: CTRL resets to AUTOINC and INT_EN to 1, Non-secure
 * accesses see only the ID registers, INT_INFO1 holds the offset inside the
 * protected memory. The look-up table resets from the cfg_init_value input
 * the board chooses (QEMU's model: all Secure). Not modelled: data-interface
 * gating (CTRL[7:6] read as zero) and the "initialisation in progress" state
 * (BLK_CFG[31] reads 0).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "tz_mpc.h"

/* CTRL: the bits that are stored; the rest read as zero. */
#define CTRL_SEC_RESP (1u << 4)
#define CTRL_AUTOINC (1u << 8)
#define CTRL_SEC_LOCK (1u << 31)
#define CTRL_STORED (CTRL_SEC_RESP | CTRL_AUTOINC | CTRL_SEC_LOCK)
/* INT_STAT, INT_CLEAR, INT_EN, INT_SET: the one interrupt, bit 0. */
#define INT_IRQ 1u
/* INT_INFO2 fields. */
#define INFO2_HMASTER 0xffffu
#define INFO2_HNONSEC (1u << 16)
#define INFO2_CFG_NS (1u << 17)
/* The ID registers PIDR4-7, PIDR0-3, CIDR0-3 from here on. */
#define ID_BASE 0xfd0

/* Storage slots of the plain registers; S_NONE: no storage. */
enum {
    S_NONE = 0,
    S_CTRL,
    S_BLK_IDX,
    S_INT_STAT,
    S_INT_EN,
    S_INT_INFO1,
    S_INT_INFO2,
    S_COUNT,
};

struct TzMpc {
    char *name;
    MemoryRegion *regs_mr;
    MemoryRegion *upstream;
    MemoryRegion *blocked_mr;
    AddressSpace downstream_as;
    AddressSpace blocked_as;
    IrqLine irq;
    FILE *log;
    unsigned log_count;
    unsigned block_shift;
    uint64_t nr_blocks;
    /* Look-up-table words: bit n of word i is block 32 * i + n, 1 = NS. */
    uint64_t nr_words;
    uint32_t *lut;
    bool lut_init_ns;
    uint32_t regs[S_COUNT];
};

/**
 * TzMpcReg - one register of the frame.
 * @slot: its storage (S_NONE: @read, or @reset for an ID register).
 * @read: replaces the plain read; @full_word is true for a 32-bit access
 *   (the only kind with side effects) and false for a look without any.
 * @write: NULL for a read-only register; given the whole new word.
 * @wo: write-only: a read is a guest error and answers 0.
 * @merge: a byte or halfword write keeps the other bytes of the current
 *   value (QEMU's choice; other registers see zeros there).
 * @locked: ignores writes while CTRL.SEC_LOCK is set, until reset.
 */
typedef struct TzMpcReg {
    const char *name;
    hwaddr addr;
    int slot;
    uint32_t reset;
    uint32_t (*read)(TzMpc *s, bool full_word);
    void (*write)(TzMpc *s, uint32_t value, bool full_word);
    bool wo;
    bool merge;
    bool locked;
} TzMpcReg;

/* ------------------------------------------------------------- helpers */

static void tz_mpc_log(TzMpc *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tz_mpc_log(TzMpc *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, "guest error", s->name, fmt, ap);
    va_end(ap);
}

static void tz_mpc_irq_update(TzMpc *s)
{
    irq_set(&s->irq, (s->regs[S_INT_STAT] & s->regs[S_INT_EN]) != 0);
}

static bool tz_mpc_block_ns(const TzMpc *s, uint64_t block)
{
    return (s->lut[block / 32] >> (block % 32)) & 1;
}

/* A transfer without attributes (a loader's) counts as Secure, as in QEMU. */
static int tz_mpc_attrs_to_index(void *opaque, MemTxAttrs attrs)
{
    (void)opaque;
    return attrs.secure || attrs.unspecified ? TZ_MPC_IDX_S : TZ_MPC_IDX_NS;
}

static AddressSpace *tz_mpc_target(TzMpc *s, bool block_ns, int idx)
{
    bool pass = block_ns == (idx == TZ_MPC_IDX_NS);
    return pass ? &s->downstream_as : &s->blocked_as;
}

/*
 * Announces that blocks [first, first + count), all now @now_ns, changed:
 * in naturally aligned power-of-two chunks (what an IOMMUTLBEntry can
 * describe), each as UNMAP then MAP for both indexes.
 */
static void tz_mpc_notify_run(TzMpc *s, uint64_t first, uint64_t count,
                              bool now_ns)
{
    while (count) {
        unsigned order = 63 - (unsigned)__builtin_clzll(count);
        if (first && (unsigned)__builtin_ctzll(first) < order) {
            order = (unsigned)__builtin_ctzll(first);
        }
        hwaddr base = first << s->block_shift;
        hwaddr mask = ((hwaddr)1 << (order + s->block_shift)) - 1;
        for (int type = 0; type < 2; type++) {
            for (int idx = 0; idx < TZ_MPC_NUM_INDEXES; idx++) {
                bool map = type == 1;
                IOMMUTLBEntry e = {
                    .target_as = tz_mpc_target(s, map ? now_ns : !now_ns,
                                               idx),
                    .iova = base,
                    .translated_addr = base,
                    .addr_mask = mask,
                    .perm = map ? IOMMU_RW : IOMMU_NONE,
                };
                memory_region_notify_iommu(s->upstream, idx,
                                           map ? IOMMU_NOTIFIER_MAP
                                               : IOMMU_NOTIFIER_UNMAP,
                                           &e);
            }
        }
        first += 1ull << order;
        count -= 1ull << order;
    }
}

/* Announces the blocks whose bits are set in @mask of word @word. */
static void tz_mpc_notify_bits(TzMpc *s, uint64_t word, uint64_t mask,
                               bool now_ns)
{
    while (mask) {
        unsigned start = (unsigned)__builtin_ctzll(mask);
        unsigned len = (unsigned)__builtin_ctzll(~(mask >> start));
        tz_mpc_notify_run(s, word * 32 + start, len, now_ns);
        mask &= ~(((1ull << len) - 1) << start);
    }
}

/*
 * Stores LUT word @word and announces the blocks it changed. Bits past the
 * last block are kept (QEMU reads them back) but stand for no memory.
 */
static void tz_mpc_lut_store(TzMpc *s, uint64_t word, uint32_t value)
{
    uint64_t first = word * 32;
    uint64_t valid = s->nr_blocks - first >= 32
                         ? 0xffffffffull
                         : (1ull << (s->nr_blocks - first)) - 1;
    uint64_t changed = (s->lut[word] ^ value) & valid;
    s->lut[word] = value;
    tz_mpc_notify_bits(s, word, changed & value, true);
    tz_mpc_notify_bits(s, word, changed & ~(uint64_t)value, false);
}

/* SIE-200: a full-word BLK_LUT access moves BLK_IDX on when CTRL.AUTOINC. */
static void tz_mpc_autoinc(TzMpc *s, bool full_word)
{
    if (full_word && (s->regs[S_CTRL] & CTRL_AUTOINC)) {
        s->regs[S_BLK_IDX] = (s->regs[S_BLK_IDX] + 1) % s->nr_words;
    }
}

/* ------------------------------------------------------- register hooks */

static uint32_t tz_mpc_blk_max_read(TzMpc *s, bool full_word)
{
    (void)full_word;
    return (uint32_t)(s->nr_words - 1);
}

static uint32_t tz_mpc_blk_cfg_read(TzMpc *s, bool full_word)
{
    (void)full_word;
    return s->block_shift - 5;
}

static uint32_t tz_mpc_blk_lut_read(TzMpc *s, bool full_word)
{
    uint32_t v = s->lut[s->regs[S_BLK_IDX]];
    tz_mpc_autoinc(s, full_word);
    return v;
}

static void tz_mpc_ctrl_write(TzMpc *s, uint32_t value, bool full_word)
{
    (void)full_word;
    /* No translation depends on CTRL: the blocked target reads it live. */
    s->regs[S_CTRL] = value & CTRL_STORED;
}

/* As QEMU: an index past BLK_MAX wraps rather than being refused. */
static void tz_mpc_blk_idx_write(TzMpc *s, uint32_t value, bool full_word)
{
    (void)full_word;
    s->regs[S_BLK_IDX] = value % s->nr_words;
}

static void tz_mpc_blk_lut_write(TzMpc *s, uint32_t value, bool full_word)
{
    tz_mpc_lut_store(s, s->regs[S_BLK_IDX], value);
    tz_mpc_autoinc(s, full_word);
}

static void tz_mpc_int_clear_write(TzMpc *s, uint32_t value, bool full_word)
{
    (void)full_word;
    if (value & INT_IRQ) {
        s->regs[S_INT_STAT] = 0;
        tz_mpc_irq_update(s);
    }
}

static void tz_mpc_int_en_write(TzMpc *s, uint32_t value, bool full_word)
{
    (void)full_word;
    s->regs[S_INT_EN] = value & INT_IRQ;
    tz_mpc_irq_update(s);
}

/* A test aid: sets the status without capturing INT_INFO1/2. */
static void tz_mpc_int_set_write(TzMpc *s, uint32_t value, bool full_word)
{
    (void)full_word;
    if (value & INT_IRQ) {
        s->regs[S_INT_STAT] = INT_IRQ;
        tz_mpc_irq_update(s);
    }
}

/* ---------------------------------------------------------- register map */

static const TzMpcReg tz_mpc_regs[] = {
    { .name = "CTRL", .addr = 0x000, .slot = S_CTRL, .reset = CTRL_AUTOINC,
      .write = tz_mpc_ctrl_write, .merge = true, .locked = true },
    { .name = "BLK_MAX", .addr = 0x010, .read = tz_mpc_blk_max_read },
    { .name = "BLK_CFG", .addr = 0x014, .read = tz_mpc_blk_cfg_read },
    { .name = "BLK_IDX", .addr = 0x018, .slot = S_BLK_IDX,
      .write = tz_mpc_blk_idx_write, .merge = true },
    { .name = "BLK_LUT", .addr = 0x01c, .read = tz_mpc_blk_lut_read,
      .write = tz_mpc_blk_lut_write, .merge = true, .locked = true },
    { .name = "INT_STAT", .addr = 0x020, .slot = S_INT_STAT },
    { .name = "INT_CLEAR", .addr = 0x024, .write = tz_mpc_int_clear_write,
      .wo = true },
    { .name = "INT_EN", .addr = 0x028, .slot = S_INT_EN, .reset = INT_IRQ,
      .write = tz_mpc_int_en_write, .locked = true },
    { .name = "INT_INFO1", .addr = 0x02c, .slot = S_INT_INFO1 },
    { .name = "INT_INFO2", .addr = 0x030, .slot = S_INT_INFO2 },
    { .name = "INT_SET", .addr = 0x034, .write = tz_mpc_int_set_write,
      .wo = true },
    /* The SIE-200 MPC's identity: PIDR0 0x60 names it (0x65 is SIE-300). */
    { .name = "PIDR4", .addr = 0xfd0, .reset = 0x04 },
    { .name = "PIDR5", .addr = 0xfd4, .reset = 0x00 },
    { .name = "PIDR6", .addr = 0xfd8, .reset = 0x00 },
    { .name = "PIDR7", .addr = 0xfdc, .reset = 0x00 },
    { .name = "PIDR0", .addr = 0xfe0, .reset = 0x60 },
    { .name = "PIDR1", .addr = 0xfe4, .reset = 0xb8 },
    { .name = "PIDR2", .addr = 0xfe8, .reset = 0x1b },
    { .name = "PIDR3", .addr = 0xfec, .reset = 0x00 },
    { .name = "CIDR0", .addr = 0xff0, .reset = 0x0d },
    { .name = "CIDR1", .addr = 0xff4, .reset = 0xf0 },
    { .name = "CIDR2", .addr = 0xff8, .reset = 0x05 },
    { .name = "CIDR3", .addr = 0xffc, .reset = 0xb1 },
};

#define TZ_MPC_NR_REGS (sizeof(tz_mpc_regs) / sizeof(tz_mpc_regs[0]))

static const TzMpcReg *tz_mpc_find(hwaddr addr)
{
    for (size_t i = 0; i < TZ_MPC_NR_REGS; i++) {
        if (tz_mpc_regs[i].addr == addr) {
            return &tz_mpc_regs[i];
        }
    }
    return NULL;
}

static uint32_t tz_mpc_reg_value(TzMpc *s, const TzMpcReg *r, bool full_word)
{
    if (r->read) {
        return r->read(s, full_word);
    }
    return r->slot != S_NONE ? s->regs[r->slot] : r->reset;
}

/*
 * QEMU: every register below the ID block is Secure-only; a Non-secure
 * access reads as zero and ignores writes. The TRM leaves this to the
 * system (the frame is normally decoded in Secure space only).
 */
static bool tz_mpc_refuses(TzMpc *s, hwaddr word, MemTxAttrs attrs,
                           const char *what)
{
    if (attrs.secure || word >= ID_BASE) {
        return false;
    }
    tz_mpc_log(s, "Non-secure %s at 0x%03x", what, (unsigned)word);
    return true;
}

/* ------------------------------------------------------------ bus side */

static MemTxResult tz_mpc_reg_read(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs)
{
    TzMpc *s = opaque;
    hwaddr word = addr & ~3ull;
    const TzMpcReg *r = tz_mpc_find(word);
    uint32_t v = 0;
    *data = 0;
    if (tz_mpc_refuses(s, word, attrs, "read")) {
        return MEMTX_OK;
    }
    if (!r) {
        tz_mpc_log(s, "read of bad offset 0x%03x", (unsigned)word);
    } else if (r->wo) {
        tz_mpc_log(s, "read of write-only %s", r->name);
    } else {
        v = tz_mpc_reg_value(s, r, size == 4);
    }
    /* A narrow read takes its bytes out of the word. */
    *data = (v >> ((addr & 3) * 8)) & (size == 4 ? ~0u : (1u << size * 8) - 1);
    return MEMTX_OK;
}

static MemTxResult tz_mpc_reg_write(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs)
{
    TzMpc *s = opaque;
    hwaddr word = addr & ~3ull;
    const TzMpcReg *r = tz_mpc_find(word);
    uint32_t v = (uint32_t)data;
    if (tz_mpc_refuses(s, word, attrs, "write")) {
        return MEMTX_OK;
    }
    if (!r) {
        tz_mpc_log(s, "write of 0x%x to bad offset 0x%03x", v,
                   (unsigned)addr);
        return MEMTX_OK;
    }
    if (!r->write) {
        tz_mpc_log(s, "write of 0x%x to read-only %s", v, r->name);
        return MEMTX_OK;
    }
    if (r->locked && (s->regs[S_CTRL] & CTRL_SEC_LOCK)) {
        tz_mpc_log(s, "write of 0x%x to %s under CTRL.SEC_LOCK", v, r->name);
        return MEMTX_OK;
    }
    if (size != 4) {
        unsigned shift = (unsigned)(addr & 3) * 8;
        uint32_t lanes = ((1u << size * 8) - 1) << shift;
        uint32_t old = r->merge ? tz_mpc_reg_value(s, r, false) : 0;
        v = (old & ~lanes) | ((v << shift) & lanes);
    }
    r->write(s, v, size == 4);
    return MEMTX_OK;
}

/* APB: byte, halfword and word accesses, handled here to merge them. */
static const MemoryRegionOps tz_mpc_reg_ops = {
    .read = tz_mpc_reg_read,
    .write = tz_mpc_reg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/*
 * A blocked transfer (SIE-200 "security violation"): the first one while
 * INT_STAT is clear is captured in INT_INFO1/2 and raises the interrupt;
 * later ones are only answered. HNONSEC is the security the transfer was
 * judged by (a transfer without attributes counts as Secure). A debug
 * transfer is judged and recorded like any other: AHB5 carries no debug
 * signal, a debugger's access is an ordinary transfer (QEMU agrees).
 */
static MemTxResult tz_mpc_block(TzMpc *s, hwaddr addr, MemTxAttrs attrs)
{
    if (!s->regs[S_INT_STAT]) {
        int idx = tz_mpc_attrs_to_index(s, attrs);
        bool cfg_ns = tz_mpc_block_ns(s, addr >> s->block_shift);
        s->regs[S_INT_INFO1] = (uint32_t)addr;
        s->regs[S_INT_INFO2] = (attrs.requester_id & INFO2_HMASTER) |
                               (idx == TZ_MPC_IDX_NS ? INFO2_HNONSEC : 0) |
                               (cfg_ns ? INFO2_CFG_NS : 0);
        s->regs[S_INT_STAT] = INT_IRQ;
        tz_mpc_irq_update(s);
    }
    /* CTRL.CFG_SEC_RESP: 0 = RAZ/WI with an OKAY response, 1 = bus error. */
    return (s->regs[S_CTRL] & CTRL_SEC_RESP) ? MEMTX_ERROR : MEMTX_OK;
}

static MemTxResult tz_mpc_blocked_read(void *opaque, hwaddr addr,
                                       uint64_t *data, unsigned size,
                                       MemTxAttrs attrs)
{
    (void)size;
    *data = 0;
    return tz_mpc_block(opaque, addr, attrs);
}

static MemTxResult tz_mpc_blocked_write(void *opaque, hwaddr addr,
                                        uint64_t data, unsigned size,
                                        MemTxAttrs attrs)
{
    (void)data, (void)size;
    return tz_mpc_block(opaque, addr, attrs);
}

/*
 * What a blocked transfer reaches instead of the memory: any size the
 * memory itself takes, unaligned too (the CPU's unaligned accesses to
 * Normal memory, ARM ARM A3.2.1, must not turn into alignment errors here).
 */
static const MemoryRegionOps tz_mpc_blocked_ops = {
    .read = tz_mpc_blocked_read,
    .write = tz_mpc_blocked_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

/* ------------------------------------------------------------- IOMMU side */

/*
 * SIE-200: a block whose LUT bit is 1 (Non-secure) passes only Non-secure
 * transfers, a block whose bit is 0 only Secure ones. Nothing else counts:
 * the MPC does not look at privilege (HPROT) or read/write.
 */
static IOMMUTLBEntry tz_mpc_translate(void *opaque, hwaddr addr,
                                      IOMMUAccessFlags flag, int iommu_idx)
{
    TzMpc *s = opaque;
    (void)flag;
    hwaddr mask = ((hwaddr)1 << s->block_shift) - 1;
    bool block_ns = tz_mpc_block_ns(s, addr >> s->block_shift);
    return (IOMMUTLBEntry){ .target_as = tz_mpc_target(s, block_ns,
                                                       iommu_idx),
                            .iova = addr & ~mask,
                            .translated_addr = addr & ~mask,
                            .addr_mask = mask,
                            .perm = IOMMU_RW };
}

static const IOMMUMemoryRegionOps tz_mpc_iommu_ops = {
    .translate = tz_mpc_translate,
    .attrs_to_index = tz_mpc_attrs_to_index,
    .num_indexes = TZ_MPC_NUM_INDEXES,
};

/* ------------------------------------------------------------ lifetime */

void tz_mpc_reset(TzMpc *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    for (size_t i = 0; i < TZ_MPC_NR_REGS; i++) {
        if (tz_mpc_regs[i].slot != S_NONE) {
            s->regs[tz_mpc_regs[i].slot] = tz_mpc_regs[i].reset;
        }
    }
    uint32_t init = s->lut_init_ns ? ~0u : 0;
    for (uint64_t w = 0; w < s->nr_words; w++) {
        tz_mpc_lut_store(s, w, init);
    }
    tz_mpc_irq_update(s);
}

static char *tz_mpc_name(const char *base, const char *suffix)
{
    size_t n = strlen(base) + strlen(suffix) + 1;
    char *p = malloc(n);
    if (p) {
        snprintf(p, n, "%s%s", base, suffix);
    }
    return p;
}

static MemErrCode tz_mpc_check(const char *name, uint64_t size,
                               uint32_t block_size, MemError *err)
{
    if (block_size < TZ_MPC_MIN_BLOCK_SIZE ||
        block_size > TZ_MPC_MAX_BLOCK_SIZE ||
        (block_size & (block_size - 1))) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "TZ-MPC '%s': block size %u is not a power of two "
                         "from %u to %u", name, block_size,
                         TZ_MPC_MIN_BLOCK_SIZE, TZ_MPC_MAX_BLOCK_SIZE);
        return MEM_ERR_INVAL;
    }
    /* UINT64_MAX stands for 2^64: never a multiple either. */
    if (size == MEMORY_SIZE_2_64 || size % block_size) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "TZ-MPC '%s': memory size 0x%llx is not a multiple "
                         "of the block size %u", name,
                         (unsigned long long)size, block_size);
        return MEM_ERR_INVAL;
    }
    /* BLK_IDX and BLK_MAX are 32 bits wide. */
    if ((size / block_size + 31) / 32 > 1ull << 32) {
        memory_error_set(err, MEM_ERR_RANGE,
                         "TZ-MPC '%s': 0x%llx bytes in %u-byte blocks need "
                         "more than 2^32 look-up-table words", name,
                         (unsigned long long)size, block_size);
        return MEM_ERR_RANGE;
    }
    return MEM_OK;
}

TzMpc *tz_mpc_new(const char *name, MemoryRegion *downstream,
                  uint32_t block_size, bool lut_init_ns, IrqLine irq,
                  MemError *err)
{
    uint64_t size = memory_region_size(downstream);
    if (tz_mpc_check(name, size, block_size, err) != MEM_OK) {
        return NULL;
    }
    TzMpc *s = calloc(1, sizeof(*s));
    uint64_t nr_blocks = size / block_size;
    uint64_t nr_words = (nr_blocks + 31) / 32;
    char *up_name = tz_mpc_name(name, "-upstream");
    char *blocked_name = tz_mpc_name(name, "-blocked-io");
    char *down_name = tz_mpc_name(name, "-downstream");
    if (s) {
        s->name = strdup(name);
        s->lut = calloc(nr_words, sizeof(*s->lut));
    }
    if (!s || !s->name || !s->lut || !up_name || !blocked_name ||
        !down_name) {
        memory_error_set(err, MEM_ERR_NOMEM,
                         "TZ-MPC '%s': out of host memory", name);
        goto fail;
    }
    s->regs_mr = memory_region_new_io(name, TZ_MPC_REG_SIZE, &tz_mpc_reg_ops,
                                      s, err);
    s->upstream = memory_region_new_iommu(up_name, size, &tz_mpc_iommu_ops,
                                          s, err);
    s->blocked_mr = memory_region_new_io(blocked_name, size,
                                         &tz_mpc_blocked_ops, s, err);
    if (!s->regs_mr || !s->upstream || !s->blocked_mr) {
        goto fail;
    }
    address_space_init(&s->downstream_as, downstream, down_name);
    address_space_init(&s->blocked_as, s->blocked_mr, blocked_name);
    s->irq = irq;
    s->log = stderr;
    s->block_shift = (unsigned)__builtin_ctz(block_size);
    s->nr_blocks = nr_blocks;
    s->nr_words = nr_words;
    s->lut_init_ns = lut_init_ns;
    tz_mpc_reset(s);
    free(up_name);
    free(blocked_name);
    free(down_name);
    return s;

fail:
    if (s) {
        if (s->regs_mr) {
            memory_region_destroy(s->regs_mr);
        }
        if (s->upstream) {
            memory_region_destroy(s->upstream);
        }
        if (s->blocked_mr) {
            memory_region_destroy(s->blocked_mr);
        }
        free(s->lut);
        free(s->name);
        free(s);
    }
    free(up_name);
    free(blocked_name);
    free(down_name);
    return NULL;
}

MemoryRegion *tz_mpc_reg_region(TzMpc *s)
{
    return s->regs_mr;
}

MemoryRegion *tz_mpc_upstream(TzMpc *s)
{
    return s->upstream;
}

uint32_t tz_mpc_block_size(const TzMpc *s)
{
    return 1u << s->block_shift;
}

void tz_mpc_set_log(TzMpc *s, FILE *log)
{
    s->log = log;
}

void tz_mpc_free(TzMpc *s)
{
    if (!s) {
        return;
    }
    memory_region_destroy(s->upstream);
    memory_region_destroy(s->regs_mr);
    memory_region_destroy(s->blocked_mr);
    address_space_destroy(&s->blocked_as);
    address_space_destroy(&s->downstream_as);
    free(s->lut);
    free(s->name);
    free(s);
}
