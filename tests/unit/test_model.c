/*
 * A randomized model test of region semantics. Random region trees (nested
 * containers, RAM, MMIO, reservations, aliases of leaves, of containers and
 * of aliases; overlapping, with equal, negative and extreme priorities; some
 * disabled) are built through the memory API and mirrored in a plain
 * description the test owns. Every read through an address space is
 * compared with what a naive per-address resolver over that description
 * says, following QEMU's lookup rule (docs/devel/memory.rst):
 *
 *   visit a container's enabled children, highest priority first and, among
 *   equal priorities, the one added last first; skip those not covering the
 *   address; a leaf matches; a container is searched at (address - child
 *   offset); an alias searches its target at (address + alias offset),
 *   ignoring where the target itself sits in its own parent, and finds a
 *   hole past the target's end; a child that finds nothing lets the next
 *   sibling try. Nothing found: unassigned. Disabled regions and everything
 *   under them are invisible.
 *
 * Between batches of reads the topology mutates (enable, move, resize, alias
 * offset, remove and re-add, detach, attach, destroy), sometimes inside
 * (nested) transactions, where reads must keep seeing the view as it was at
 * the outermost begin. Additions that would make the region graph cyclic
 * must be refused with MEM_ERR_LOOP.
 *
 * The seed comes from TZEMU_SEED or the clock and is always printed; a
 * failure prints it again with the first mismatches, the model's tree and
 * the library's dumps, so `TZEMU_SEED=N build/tests/unit-tests model`
 * replays it.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../harness.h"
#include "tzemu/memory.h"

/* Regions live below this (mostly), so they collide often. */
#define WINDOW 0x10000ull
#define LEAF_MAX 0x4000ull
#define CONTAINER_MAX 0x8000ull
#define ALIAS_MAX 0x4000ull
#define MAX_NODES 72
#define MAX_SPANS 2048
#define MAX_MULTI 4096

#define NR_TREES 30
#define BATCHES 30
#define READS_PER_BATCH 400
#define MULTI_PER_BATCH 24
#define MIN_SINGLE_READS 100000

/* ------------------------------------------------------------------ rng */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rnd_below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static int rnd_range(int lo, int hi)
{
    return lo + (int)rnd_below((uint64_t)(hi - lo) + 1);
}

static bool chance(unsigned pct)
{
    return rnd_below(100) < pct;
}

/* Log-uniform in [1, max]: small sizes are as common as large ones. */
static uint64_t rnd_size(uint64_t max)
{
    unsigned bits = 0;
    while (bits < 63 && (1ull << (bits + 1)) <= max) {
        bits++;
    }
    uint64_t s = 1 + rnd_below(1ull << rnd_below(bits + 1));
    return s > max ? max : s;
}

/* Half log-uniform, half in the upper range: many edges, decent cover. */
static uint64_t rnd_region_size(uint64_t max)
{
    return chance(50) ? rnd_size(max) : max / 8 + rnd_below(max - max / 8) + 1;
}

static int rnd_prio(void)
{
    static const int extreme[] = { INT_MIN, INT_MAX, -1000, 1000 };
    unsigned r = (unsigned)rnd_below(100);
    if (r < 40) {
        return 0;
    }
    if (r < 92) {
        return rnd_range(-3, 3);
    }
    return extreme[rnd_below(4)];
}

/* The byte a leaf holds at @off: RAM is filled with it, MMIO returns it. */
static uint8_t val_byte(uint32_t id, uint64_t off)
{
    uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull ^
                 (off + 1) * 0xC2B2AE3D27D4EB4Full;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    return (uint8_t)x;
}

/* ---------------------------------------------------------------- model */

typedef enum Kind {
    K_CONTAINER,
    K_RAM,
    K_IO,
    K_RESERVED,
    K_ALIAS,
    /* An MMIO region after memory_region_destroy(): answers DECODE_ERROR. */
    K_DESTROYED,
} Kind;

static const char *const kind_names[] = { "container", "ram", "io",
                                          "reservation", "alias",
                                          "destroyed" };

typedef struct Node {
    Kind kind;
    /* The test's handle; NULL once given up (destroyed). */
    MemoryRegion *mr;
    char name[24];
    uint32_t id;
    /* size - 1; UINT64_MAX for 2^64. */
    uint64_t last;
    /* RAM: the size it was created with (it cannot grow beyond). */
    uint64_t ram_size;
    int parent;
    /* Offset in the parent (kept while unparented, as the library does). */
    uint64_t addr;
    int prio;
    /* When it was last added: the later, the stronger among equals. */
    uint64_t seq;
    bool enabled;
    int target;
    uint64_t alias_off;
    /* Children, strongest first: priority descending, then seq descending. */
    int kids[MAX_NODES];
    int nkids;
} Node;

typedef struct Model {
    Node n[MAX_NODES];
    int count;
    uint64_t seq;
} Model;

static bool fits(uint64_t base, uint64_t last)
{
    return base <= UINT64_MAX - last;
}

static bool stronger(const Node *a, const Node *b)
{
    return a->prio != b->prio ? a->prio > b->prio : a->seq > b->seq;
}

static void sort_kids(Model *m, int p)
{
    Node *pn = &m->n[p];
    for (int i = 1; i < pn->nkids; i++) {
        int k = pn->kids[i];
        int j = i;
        while (j > 0 && stronger(&m->n[k], &m->n[pn->kids[j - 1]])) {
            pn->kids[j] = pn->kids[j - 1];
            j--;
        }
        pn->kids[j] = k;
    }
}

static void model_attach(Model *m, int c, int p, uint64_t addr, int prio)
{
    Node *cn = &m->n[c];
    cn->parent = p;
    cn->addr = addr;
    cn->prio = prio;
    cn->seq = ++m->seq;
    m->n[p].kids[m->n[p].nkids++] = c;
    sort_kids(m, p);
}

static void model_detach(Model *m, int c)
{
    int p = m->n[c].parent;
    Node *pn = &m->n[p];
    int j = 0;
    for (int i = 0; i < pn->nkids; i++) {
        if (pn->kids[i] != c) {
            pn->kids[j++] = pn->kids[i];
        }
    }
    pn->nkids = j;
    m->n[c].parent = -1;
}

static bool reaches_walk(const Model *m, int from, int to, bool *seen)
{
    if (from == to) {
        return true;
    }
    if (seen[from]) {
        return false;
    }
    seen[from] = true;
    const Node *n = &m->n[from];
    if (n->kind == K_ALIAS && reaches_walk(m, n->target, to, seen)) {
        return true;
    }
    for (int i = 0; i < n->nkids; i++) {
        if (reaches_walk(m, n->kids[i], to, seen)) {
            return true;
        }
    }
    return false;
}

/* Whether @to is @from or lies under it through children and alias targets. */
static bool model_reaches(const Model *m, int from, int to)
{
    bool seen[MAX_NODES] = { false };
    return reaches_walk(m, from, to, seen);
}

/*
 * The naive resolver: the leaf serving offset @off of node @i (and the
 * offset inside it), or -1 for nothing.
 */
static int resolve(const Model *m, int i, uint64_t off, uint64_t *leaf_off,
                   int depth)
{
    const Node *n = &m->n[i];
    if (depth > 4 * MAX_NODES) {
        printf("model: resolver recursion too deep (a cycle in the model?)\n");
        abort();
    }
    if (!n->enabled || off > n->last) {
        return -1;
    }
    switch (n->kind) {
    case K_RAM:
    case K_IO:
    case K_RESERVED:
    case K_DESTROYED:
        *leaf_off = off;
        return i;
    case K_ALIAS:
        /* Where the target sits in its own parent does not matter. */
        return resolve(m, n->target, off + n->alias_off, leaf_off, depth + 1);
    case K_CONTAINER:
        for (int k = 0; k < n->nkids; k++) {
            const Node *c = &m->n[n->kids[k]];
            if (off < c->addr || off - c->addr > c->last) {
                continue;
            }
            int r = resolve(m, n->kids[k], off - c->addr, leaf_off,
                            depth + 1);
            if (r >= 0) {
                return r;
            }
        }
        return -1;
    }
    return -1;
}

/* What a 1-byte read at @addr of an address space rooted on @root gives. */
static MemTxResult expect_byte(const Model *m, int root, uint64_t addr,
                               uint8_t *out)
{
    uint64_t off = 0;
    int leaf = resolve(m, root, addr, &off, 0);
    if (leaf < 0 || (m->n[leaf].kind != K_RAM && m->n[leaf].kind != K_IO)) {
        *out = 0;
        return MEMTX_DECODE_ERROR;
    }
    *out = val_byte(m->n[leaf].id, off);
    return MEMTX_OK;
}

/* ---------------------------------------------------------------- world */

typedef struct IoDev {
    uint32_t id;
    const MemoryRegionOps *ops;
    bool destroyed;
} IoDev;

typedef struct Space {
    AddressSpace as;
    int root;
    bool live;
} Space;

#define NR_SPACES 3

typedef struct World {
    Model m;
    IoDev devs[MAX_NODES];
    Space sp[NR_SPACES];
    int tree;
    int batch;
    const char *phase;
    /* Where each space shows each region: reads cluster there. */
    struct {
        uint64_t base;
        uint64_t last;
        bool leaf;
    } spans[NR_SPACES][MAX_SPANS];
    size_t nspans[NR_SPACES];
} World;

static World W;
/* The view as of the outermost memory_transaction_begin(). */
static Model snap;
/* The description reads are being checked against (W.m or snap). */
static const Model *checked = &W.m;
static uint64_t seed;
static uint32_t id_counter;

/* TZEMU_MODEL_TRACE=1 prints every topology call (to shrink a failure). */
static bool trace;

static struct {
    uint64_t reads1;
    /* What the model expected of the 1-byte reads. */
    uint64_t hit_ram, hit_io, hit_res, hit_none;
    uint64_t reads_multi;
    uint64_t bytes_multi;
    uint64_t txn_reads;
    uint64_t mutations;
    uint64_t loops;
    uint64_t errors;
    unsigned mismatches;
} st;

static void dump_world(void);

static void tr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void tr(const char *fmt, ...)
{
    if (!trace) {
        return;
    }
    printf("  trace (tree %d, batch %d): ", W.tree, W.batch);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static void mismatch(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void mismatch(const char *fmt, ...)
{
    st.mismatches++;
    if (st.mismatches > 10) {
        return;
    }
    printf("  model: MISMATCH (seed %" PRIu64 ", tree %d, batch %d, %s): ",
           seed, W.tree, W.batch, W.phase);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (st.mismatches == 1) {
        dump_world();
    }
    fflush(stdout);
}

static const char *err_name(MemErrCode c)
{
    static const char *const names[] = { "MEM_OK", "MEM_ERR_INVAL",
                                         "MEM_ERR_RANGE", "MEM_ERR_BUSY",
                                         "MEM_ERR_NOENT", "MEM_ERR_LOOP",
                                         "MEM_ERR_NOMEM" };
    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

static void dump_node(const Model *m, int i, int depth)
{
    const Node *n = &m->n[i];
    printf("    %*s[%d] %s %s", 2 * depth, "", i, kind_names[n->kind],
           n->name);
    if (n->parent >= 0 || depth == 0) {
        printf(" @0x%" PRIx64, n->addr);
    }
    printf(" last 0x%" PRIx64 " prio %d seq %" PRIu64 " id %u%s", n->last,
           n->prio, n->seq, n->id, n->enabled ? "" : " DISABLED");
    if (n->kind == K_ALIAS) {
        printf(" -> [%d] %s +0x%" PRIx64, n->target, m->n[n->target].name,
               n->alias_off);
    }
    printf("\n");
    for (int k = 0; k < n->nkids; k++) {
        dump_node(m, n->kids[k], depth + 1);
    }
}

static void dump_world(void)
{
    const Model *m = checked;
    printf("  model tree%s (children strongest first):\n",
           m == &snap ? " as of the transaction's begin" : "");
    for (int i = 0; i < m->count; i++) {
        if (m->n[i].parent < 0) {
            dump_node(m, i, 0);
        }
    }
    for (int s = 0; s < NR_SPACES; s++) {
        if (W.sp[s].live) {
            printf("  space %d on [%d] %s\n", s, W.sp[s].root,
                   m->n[W.sp[s].root].name);
        }
    }
    AddressSpace *spaces[NR_SPACES];
    size_t n = 0;
    for (int s = 0; s < NR_SPACES; s++) {
        if (W.sp[s].live) {
            spaces[n++] = &W.sp[s].as;
        }
    }
    fflush(stdout);
    printf("  library tree:\n");
    memory_dump_tree(stdout, spaces, n);
    printf("  library flat view:\n");
    memory_dump_flat(stdout, spaces, n);
    fflush(stdout);
}

/* --------------------------------------------------------------- device */

static void dev_check_call(IoDev *d, hwaddr addr, unsigned size)
{
    unsigned imin = d->ops->impl.min_access_size ? d->ops->impl.min_access_size
                                                 : 1;
    unsigned imax = d->ops->impl.max_access_size ? d->ops->impl.max_access_size
                                                 : 4;
    if (d->destroyed) {
        mismatch("device %u called after memory_region_destroy", d->id);
    }
    if (size < imin || size > imax || (size & (size - 1)) ||
        (!d->ops->impl.unaligned && (addr & (size - 1)))) {
        mismatch("device %u called with size %u at 0x%" PRIx64
                 ", outside its impl rules [%u, %u]%s", d->id, size,
                 (uint64_t)addr, imin, imax,
                 d->ops->impl.unaligned ? "" : " aligned");
    }
}

static MemTxResult dev_read(void *opaque, hwaddr addr, uint64_t *data,
                            unsigned size, MemTxAttrs attrs)
{
    (void)attrs;
    IoDev *d = opaque;
    bool big = d->ops->endianness == DEVICE_BIG_ENDIAN;
    dev_check_call(d, addr, size);
    uint64_t v = 0;
    for (unsigned i = 0; i < size && i < 8; i++) {
        unsigned shift = 8 * (big ? size - 1 - i : i);
        v |= (uint64_t)val_byte(d->id, addr + i) << shift;
    }
    *data = v;
    return MEMTX_OK;
}

static MemTxResult dev_write(void *opaque, hwaddr addr, uint64_t data,
                             unsigned size, MemTxAttrs attrs)
{
    (void)data;
    (void)attrs;
    dev_check_call(opaque, addr, size);
    return MEMTX_OK;
}

/* Every variant accepts 1-byte accesses; they differ in how they split. */
static const MemoryRegionOps io_ops[] = {
    { .read = dev_read, .write = dev_write },
    { .read = dev_read, .write = dev_write,
      .endianness = DEVICE_BIG_ENDIAN,
      .impl = { .min_access_size = 1, .max_access_size = 8 } },
    { .read = dev_read, .write = dev_write,
      .endianness = DEVICE_LITTLE_ENDIAN,
      .valid = { .max_access_size = 4 },
      .impl = { .min_access_size = 2, .max_access_size = 2 } },
    { .read = dev_read, .write = dev_write,
      .endianness = DEVICE_BIG_ENDIAN,
      .valid = { .unaligned = true },
      .impl = { .min_access_size = 4, .max_access_size = 4 } },
    { .read = dev_read, .write = dev_write,
      .valid = { .min_access_size = 1, .max_access_size = 8,
                 .unaligned = true },
      .impl = { .min_access_size = 1, .max_access_size = 8,
                .unaligned = true } },
    { .read = dev_read, .write = dev_write,
      .endianness = DEVICE_BIG_ENDIAN,
      .valid = { .max_access_size = 1 },
      .impl = { .min_access_size = 8, .max_access_size = 8 } },
};

#define NR_IO_OPS (sizeof(io_ops) / sizeof(io_ops[0]))

/* ---------------------------------------------------- checked API calls */

static Node *N(int i)
{
    return &W.m.n[i];
}

static int new_node(Kind kind, uint64_t size, int target, uint64_t alias_off)
{
    if (W.m.count == MAX_NODES) {
        return -1;
    }
    int i = W.m.count++;
    Node *n = N(i);
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->parent = -1;
    n->target = -1;
    n->enabled = true;
    n->id = ++id_counter;
    n->last = size == MEMORY_SIZE_2_64 ? UINT64_MAX : size - 1;
    snprintf(n->name, sizeof(n->name), "%s%d",
             kind == K_CONTAINER ? "c" : kind == K_RAM ? "ram"
             : kind == K_IO ? "io" : kind == K_RESERVED ? "res" : "al", i);
    MemError err = { 0 };
    switch (kind) {
    case K_CONTAINER:
        n->mr = memory_region_new_container(n->name, size, &err);
        break;
    case K_RAM:
        n->mr = memory_region_new_ram(n->name, size, &err);
        n->ram_size = size;
        if (n->mr) {
            uint8_t *p = memory_region_get_ram_ptr(n->mr);
            CHECK(p != NULL);
            for (uint64_t off = 0; p && off < size; off++) {
                p[off] = val_byte(n->id, off);
            }
        }
        break;
    case K_IO:
        W.devs[i] = (IoDev){ .id = n->id,
                             .ops = &io_ops[rnd_below(NR_IO_OPS)] };
        n->mr = memory_region_new_io(n->name, size, W.devs[i].ops,
                                     &W.devs[i], &err);
        break;
    case K_RESERVED:
        n->mr = memory_region_new_reservation(n->name, size, &err);
        break;
    case K_ALIAS:
        n->target = target;
        n->alias_off = alias_off;
        n->mr = memory_region_new_alias(n->name, N(target)->mr, alias_off,
                                        size, &err);
        break;
    case K_DESTROYED:
        break;
    }
    if (n->mr) {
        tr("new %s size 0x%" PRIx64 " target %d offset 0x%" PRIx64, n->name,
           size, target, alias_off);
    } else {
        printf("model: creating %s (size 0x%" PRIx64 ") failed: %s (%s)\n",
               n->name, size, err_name(err.code), err.message);
        CHECK(n->mr != NULL);
        abort();
    }
    return i;
}

static MemErrCode expect_add(const Model *m, int c, int p, uint64_t addr)
{
    if (m->n[c].parent >= 0) {
        return MEM_ERR_BUSY;
    }
    if (m->n[p].kind == K_ALIAS || p == c) {
        return MEM_ERR_INVAL;
    }
    if (!fits(addr, m->n[c].last)) {
        return MEM_ERR_RANGE;
    }
    if (model_reaches(m, c, p)) {
        return MEM_ERR_LOOP;
    }
    return MEM_OK;
}

/* Adds @c under @p as the library should; the model follows what it did. */
static MemErrCode do_add(int c, int p, uint64_t addr, int prio)
{
    MemErrCode want = expect_add(&W.m, c, p, addr);
    /* An unexpected success is undone before anything renders it. */
    bool guard = want != MEM_OK;
    if (guard) {
        memory_transaction_begin();
    }
    tr("add %s under %s at 0x%" PRIx64 " prio %d (expect %s)", N(c)->name,
       N(p)->name, addr, prio, err_name(want));
    MemError err = { 0 };
    MemErrCode got = memory_region_add_subregion_overlap(N(p)->mr, addr,
                                                         N(c)->mr, prio, &err);
    if (got != want) {
        mismatch("add %s under %s at 0x%" PRIx64 " prio %d: got %s (%s), "
                 "expected %s", N(c)->name, N(p)->name, addr, prio,
                 err_name(got), err.message, err_name(want));
    }
    if (got == MEM_OK) {
        if (want == MEM_OK) {
            model_attach(&W.m, c, p, addr, prio);
        } else if (want != MEM_ERR_BUSY) {
            memory_region_del_subregion(N(p)->mr, N(c)->mr, NULL);
        }
    }
    if (guard) {
        memory_transaction_commit();
    }
    if (want == MEM_ERR_LOOP) {
        st.loops++;
    } else if (want != MEM_OK) {
        st.errors++;
    }
    return got == MEM_OK && want == MEM_OK ? MEM_OK : want;
}

static void do_del(int c, int p)
{
    MemErrCode want = N(c)->parent == p ? MEM_OK : MEM_ERR_NOENT;
    tr("del %s from %s (expect %s)", N(c)->name, N(p)->name, err_name(want));
    MemError err = { 0 };
    MemErrCode got = memory_region_del_subregion(N(p)->mr, N(c)->mr, &err);
    if (got != want) {
        mismatch("del %s from %s: got %s (%s), expected %s", N(c)->name,
                 N(p)->name, err_name(got), err.message, err_name(want));
    }
    if (want == MEM_OK) {
        model_detach(&W.m, c);
    } else {
        st.errors++;
    }
}

static void do_set_enabled(int i, bool enabled)
{
    tr("set_enabled %s %d", N(i)->name, enabled);
    memory_region_set_enabled(N(i)->mr, enabled);
    N(i)->enabled = enabled;
}

static void do_set_address(int i, uint64_t addr)
{
    Node *n = N(i);
    MemErrCode want = fits(addr, n->last) ? MEM_OK : MEM_ERR_RANGE;
    tr("set_address %s 0x%" PRIx64 " (expect %s)", n->name, addr,
       err_name(want));
    MemError err = { 0 };
    MemErrCode got = memory_region_set_address(n->mr, addr, &err);
    if (got != want) {
        mismatch("set_address %s 0x%" PRIx64 ": got %s (%s), expected %s",
                 n->name, addr, err_name(got), err.message, err_name(want));
    }
    if (want != MEM_OK) {
        st.errors++;
        return;
    }
    if (addr != n->addr) {
        n->addr = addr;
        /* A move re-adds, as QEMU's memory_region_readd_subregion(). */
        if (n->parent >= 0) {
            n->seq = ++W.m.seq;
            sort_kids(&W.m, n->parent);
        }
    }
}

static void do_set_alias_offset(int i, uint64_t off)
{
    Node *n = N(i);
    MemErrCode want = n->kind != K_ALIAS ? MEM_ERR_INVAL
                      : fits(off, n->last) ? MEM_OK
                                           : MEM_ERR_RANGE;
    tr("set_alias_offset %s 0x%" PRIx64 " (expect %s)", n->name, off,
       err_name(want));
    MemError err = { 0 };
    MemErrCode got = memory_region_set_alias_offset(n->mr, off, &err);
    if (got != want) {
        mismatch("set_alias_offset %s 0x%" PRIx64 ": got %s (%s), "
                 "expected %s", n->name, off, err_name(got), err.message,
                 err_name(want));
    }
    if (want == MEM_OK) {
        n->alias_off = off;
    } else {
        st.errors++;
    }
}

static void do_set_size(int i, uint64_t size)
{
    Node *n = N(i);
    uint64_t last = size == MEMORY_SIZE_2_64 ? UINT64_MAX : size - 1;
    MemErrCode want = MEM_OK;
    if (size == 0) {
        want = MEM_ERR_INVAL;
    } else if ((n->kind == K_RAM && last >= n->ram_size) ||
               !fits(n->addr, last) ||
               (n->kind == K_ALIAS && !fits(n->alias_off, last))) {
        want = MEM_ERR_RANGE;
    }
    tr("set_size %s 0x%" PRIx64 " (expect %s)", n->name, size,
       err_name(want));
    MemError err = { 0 };
    MemErrCode got = memory_region_set_size(n->mr, size, &err);
    if (got != want) {
        mismatch("set_size %s 0x%" PRIx64 ": got %s (%s), expected %s",
                 n->name, size, err_name(got), err.message, err_name(want));
    }
    if (want == MEM_OK) {
        n->last = last;
    } else {
        st.errors++;
    }
}

static void do_destroy(int i)
{
    Node *n = N(i);
    tr("destroy %s", n->name);
    memory_region_destroy(n->mr);
    W.devs[i].destroyed = true;
    if (n->parent >= 0) {
        model_detach(&W.m, i);
    }
    n->kind = K_DESTROYED;
    n->mr = NULL;
}

/* ------------------------------------------------------------- picking */

typedef bool (*NodePred)(int i);

/* A uniformly random node satisfying @pred, or -1. */
static int pick(NodePred pred)
{
    int chosen = -1, seen = 0;
    for (int i = 0; i < W.m.count; i++) {
        if (N(i)->mr && pred(i) && rnd_below((uint64_t)++seen) == 0) {
            chosen = i;
        }
    }
    return chosen;
}

static bool any_node(int i)
{
    (void)i;
    return true;
}

static bool non_root(int i)
{
    return i != 0;
}

static bool is_enabled(int i)
{
    return i != 0 && N(i)->enabled;
}

static bool is_disabled(int i)
{
    return !N(i)->enabled;
}

static bool is_container(int i)
{
    return N(i)->kind == K_CONTAINER;
}

static bool is_alias(int i)
{
    return N(i)->kind == K_ALIAS;
}

static bool is_io(int i)
{
    return N(i)->kind == K_IO;
}

/* An MMIO region some alias points at (it stays reachable if destroyed). */
static bool is_aliased_io(int i)
{
    for (int k = 0; k < W.m.count; k++) {
        if (N(k)->kind == K_ALIAS && N(k)->target == i) {
            return N(i)->kind == K_IO;
        }
    }
    return false;
}

static bool is_mapped(int i)
{
    return N(i)->parent >= 0;
}

static bool is_unmapped(int i)
{
    return i != 0 && N(i)->parent < 0;
}

static bool is_sub_root(int i)
{
    return i != 0 && (is_container(i) || is_alias(i));
}

static bool is_resizable(int i)
{
    return i != 0 && N(i)->last != UINT64_MAX;
}

/* A container to put something in: the root more often than the rest. */
static int pick_parent(void)
{
    return chance(50) ? 0 : pick(is_container);
}

/* An offset for @c in @p: inside @p mostly, sometimes hanging over its end. */
static uint64_t pick_offset(int c, int p)
{
    if (N(c)->last == UINT64_MAX) {
        return 0;
    }
    uint64_t span = N(p)->last < WINDOW ? N(p)->last + 1 : WINDOW;
    return rnd_below(span + span / 8 + 1);
}

static uint64_t pick_alias_offset(int target)
{
    uint64_t tl = N(target)->last < WINDOW ? N(target)->last : WINDOW;
    return chance(30) ? 0 : rnd_below(tl + 0x100);
}

/* ---------------------------------------------------------------- reads */

/*
 * Notes where everything under @i would sit in space @s if @i's offset 0
 * were at @base (shadowed, clipped and disabled parts included).
 */
static void collect_spans(int s, const Model *m, int i, uint64_t base,
                          int depth)
{
    const Node *n = &m->n[i];
    if (W.nspans[s] == MAX_SPANS || depth > 10) {
        return;
    }
    W.spans[s][W.nspans[s]].base = base;
    W.spans[s][W.nspans[s]].last = n->last;
    W.spans[s][W.nspans[s]].leaf = n->kind != K_CONTAINER &&
                                   n->kind != K_ALIAS;
    W.nspans[s]++;
    if (n->kind == K_ALIAS) {
        collect_spans(s, m, n->target, base - n->alias_off, depth + 1);
    }
    for (int k = 0; k < n->nkids; k++) {
        collect_spans(s, m, n->kids[k], base + m->n[n->kids[k]].addr,
                      depth + 1);
    }
}

static void refresh_spans(void)
{
    for (int s = 0; s < NR_SPACES; s++) {
        W.nspans[s] = 0;
        if (W.sp[s].live) {
            collect_spans(s, &W.m, W.sp[s].root, 0, 0);
        }
    }
}

/* An address to read in space @s: near an edge, in the window, or far. */
static uint64_t pick_addr(const Space *s)
{
    int si = (int)(s - W.sp);
    uint64_t last = W.m.n[s->root].last;
    uint64_t span = last < WINDOW ? last + 1 : WINDOW;
    unsigned r = (unsigned)rnd_below(100);
    if (r < 65 && W.nspans[si]) {
        size_t k = (size_t)rnd_below(W.nspans[si]);
        /* Inside: a leaf's, preferably (containers are mostly holes). */
        for (int tries = 0; r >= 35 && tries < 8 && !W.spans[si][k].leaf;
             tries++) {
            k = (size_t)rnd_below(W.nspans[si]);
        }
        uint64_t b = W.spans[si][k].base, l = W.spans[si][k].last;
        if (r < 35) {
            /* Around either edge. */
            return (chance(50) ? b : b + l + 1) + (uint64_t)rnd_range(-4, 4);
        }
        return b + (l == UINT64_MAX ? rnd() : rnd_below(l + 1));
    }
    if (r < 92) {
        return rnd_below(span + span / 8);
    }
    if (r < 96) {
        return UINT64_MAX - rnd_below(64);
    }
    return rnd();
}

static Space *pick_space(void)
{
    for (;;) {
        unsigned r = (unsigned)rnd_below(100);
        Space *s = &W.sp[r < 65 ? 0 : r < 90 ? 1 : 2];
        if (s->live) {
            return s;
        }
    }
}

static void check_read1(const Model *m, Space *s, uint64_t addr)
{
    uint8_t got = 0xa5;
    MemTxResult r = address_space_read(&s->as, addr, (MemTxAttrs){ 0 }, &got,
                                       1);
    uint8_t want;
    MemTxResult wr = expect_byte(m, s->root, addr, &want);
    if (m == &W.m) {
        uint64_t off;
        int leaf = resolve(m, s->root, addr, &off, 0);
        Kind k = leaf < 0 ? K_CONTAINER : m->n[leaf].kind;
        if (k == K_RAM) {
            st.hit_ram++;
        } else if (k == K_IO) {
            st.hit_io++;
        } else if (leaf >= 0) {
            st.hit_res++;
        } else {
            st.hit_none++;
        }
    }
    if (r != wr || got != want) {
        mismatch("read 1 byte at 0x%" PRIx64 " of space on %s: got 0x%02x "
                 "result %u, expected 0x%02x result %u", addr,
                 m->n[s->root].name, got, r, want, wr);
    }
}

static void check_read_multi(const Model *m, Space *s, uint64_t addr,
                             size_t len)
{
    static uint8_t got[MAX_MULTI];
    memset(got, 0xa5, len);
    MemTxResult r = address_space_read(&s->as, addr, (MemTxAttrs){ 0 }, got,
                                       len);
    MemTxResult wr = MEMTX_OK;
    size_t bad = len;
    uint8_t want_bad = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t want = 0;
        if (addr + i < addr) {
            /* Past 2^64 - 1. */
            wr |= MEMTX_DECODE_ERROR;
        } else {
            wr |= expect_byte(m, s->root, addr + i, &want);
        }
        if (got[i] != want && bad == len) {
            bad = i;
            want_bad = want;
        }
    }
    if (r != wr || bad != len) {
        mismatch("read %zu bytes at 0x%" PRIx64 " of space on %s: result %u, "
                 "expected %u; first wrong byte: %s +%zu got 0x%02x expected "
                 "0x%02x", len, addr, m->n[s->root].name, r, wr,
                 bad == len ? "none" : "at", bad == len ? 0 : bad,
                 bad == len ? 0 : got[bad], want_bad);
    }
    st.reads_multi++;
    st.bytes_multi += len;
}

static void read_batch(void)
{
    W.phase = "reads";
    refresh_spans();
    for (int k = 0; k < READS_PER_BATCH; k++) {
        Space *s = pick_space();
        check_read1(&W.m, s, pick_addr(s));
        st.reads1++;
    }
    W.phase = "multi-byte reads";
    for (int k = 0; k < MULTI_PER_BATCH; k++) {
        unsigned r = (unsigned)rnd_below(100);
        size_t len = r < 70 ? (size_t)rnd_range(2, 16)
                     : r < 96 ? (size_t)rnd_range(17, 300)
                              : (size_t)rnd_range(301, MAX_MULTI);
        Space *s = pick_space();
        uint64_t addr = pick_addr(s) - rnd_below(len);
        check_read_multi(&W.m, s, addr, len);
    }
    /* Reads running past 2^64 - 1. */
    for (int k = 0; k < 2; k++) {
        size_t len = (size_t)rnd_range(2, 24);
        check_read_multi(&W.m, pick_space(),
                         UINT64_MAX - rnd_below(len - 1), len);
    }
}

/* Reads inside a transaction: the view is the one before it began. */
static void txn_reads(void)
{
    const char *phase = W.phase;
    W.phase = "reads inside a transaction";
    checked = &snap;
    for (int k = 0; k < 24; k++) {
        Space *s = pick_space();
        check_read1(&snap, s, pick_addr(s));
        st.txn_reads++;
    }
    checked = &W.m;
    W.phase = phase;
}

/* ------------------------------------------------------------- topology */

/*
 * Tries to add an unmapped region under a container it reaches (through
 * children and alias targets): the library must refuse with MEM_ERR_LOOP.
 * With @fresh, first makes a new alias (or alias of alias) of a container
 * for it, the classic way to build such a loop.
 */
static void loop_probe(bool fresh)
{
    int x = -1;
    if (fresh && W.m.count + 2 <= MAX_NODES) {
        int c = pick(is_container);
        uint64_t size = rnd_region_size(ALIAS_MAX);
        x = new_node(K_ALIAS, size, c, pick_alias_offset(c));
        if (chance(50)) {
            x = new_node(K_ALIAS, rnd_region_size(ALIAS_MAX), x,
                         rnd_below(size + 0x10));
        }
    } else {
        x = pick(is_unmapped);
    }
    if (x < 0) {
        return;
    }
    int cands[MAX_NODES], nc = 0;
    for (int i = 0; i < W.m.count; i++) {
        if (i != x && N(i)->mr && N(i)->kind == K_CONTAINER &&
            model_reaches(&W.m, x, i)) {
            cands[nc++] = i;
        }
    }
    if (nc) {
        int p = cands[rnd_below((uint64_t)nc)];
        do_add(x, p, pick_offset(x, p), rnd_prio());
    }
}

/* Calls that must fail without changing anything. */
static void error_probe(void)
{
    int i;
    switch (rnd_below(5)) {
    case 0: /* BUSY: already has a parent. */
        if ((i = pick(is_mapped)) >= 0) {
            int p = pick_parent();
            do_add(i, p, pick_offset(i, p), rnd_prio());
        }
        break;
    case 1: /* INVAL: an alias cannot take subregions. */
        if ((i = pick(is_unmapped)) >= 0) {
            int a = pick(is_alias);
            if (a >= 0 && a != i) {
                do_add(i, a, 0, 0);
            }
        }
        break;
    case 2: /* NOENT: not that parent's child. */
        if ((i = pick(non_root)) >= 0) {
            int p = pick(is_container);
            if (p >= 0 && N(i)->parent != p) {
                do_del(i, p);
            }
        }
        break;
    case 3: /* INVAL: set_alias_offset on something else. */
        if ((i = pick(any_node)) >= 0 && N(i)->kind != K_ALIAS) {
            do_set_alias_offset(i, rnd_below(0x100));
        }
        break;
    case 4: /* RANGE: a region that would end past 2^64. */
        if ((i = pick(is_mapped)) >= 0) {
            do_set_address(i, UINT64_MAX - rnd_below(N(i)->last < 16
                                                     ? N(i)->last : 16));
        }
        break;
    }
}

static void mutate_one(bool in_txn)
{
    int i, p;
    unsigned r = (unsigned)rnd_below(100);
    st.mutations++;
    if (r < 10) {
        /* The root only now and then (mutate_batch turns it back on). */
        i = chance(97) ? pick(is_enabled) : 0;
        if (i >= 0) {
            do_set_enabled(i, false);
        }
    } else if (r < 20) {
        /* As many enables as disables keep most of the tree visible. */
        if ((i = pick(is_disabled)) >= 0) {
            do_set_enabled(i, true);
        }
    } else if (r < 38) {
        if ((i = pick(chance(90) ? is_mapped : is_unmapped)) >= 0) {
            p = N(i)->parent >= 0 ? N(i)->parent : pick_parent();
            do_set_address(i, pick_offset(i, p));
        }
    } else if (r < 48) {
        if ((i = pick(is_alias)) >= 0) {
            do_set_alias_offset(i, pick_alias_offset(N(i)->target));
        }
    } else if (r < 66) {
        /* Remove and re-add with a new priority (and maybe elsewhere). */
        if ((i = pick(is_mapped)) >= 0) {
            int old = N(i)->parent;
            uint64_t addr = N(i)->addr;
            do_del(i, old);
            p = chance(70) ? old : pick_parent();
            if (chance(50) || p != old) {
                addr = pick_offset(i, p);
            }
            do_add(i, p, addr, rnd_prio());
        }
    } else if (r < 73) {
        if ((i = pick(is_mapped)) >= 0) {
            do_del(i, N(i)->parent);
        }
    } else if (r < 85) {
        if ((i = pick(is_unmapped)) >= 0) {
            p = pick_parent();
            do_add(i, p, pick_offset(i, p), rnd_prio());
        }
    } else if (r < 92) {
        if ((i = pick(is_resizable)) >= 0) {
            uint64_t size;
            if (N(i)->kind == K_RAM) {
                /* Up to what it was made with, or just beyond. */
                size = chance(90) ? 1 + rnd_below(N(i)->ram_size)
                                  : N(i)->ram_size + 1 + rnd_below(64);
            } else {
                size = chance(3) ? 0 : rnd_region_size(CONTAINER_MAX);
            }
            do_set_size(i, size);
        }
    } else if (r < 95) {
        /* Destroy renders at once: never inside the snapshot's window. */
        if (!in_txn && (i = pick(chance(70) ? is_aliased_io : is_io)) >= 0) {
            do_destroy(i);
        }
    } else if (r < 97) {
        error_probe();
    } else {
        loop_probe(false);
    }
}

static void mutate_batch(void)
{
    int nmut = rnd_range(1, 6);
    bool txn = chance(35);
    bool nested = txn && chance(40);
    W.phase = txn ? "mutations in a transaction" : "mutations";
    if (txn) {
        snap = W.m;
        memory_transaction_begin();
    }
    if (!N(0)->enabled) {
        do_set_enabled(0, true);
    }
    for (int k = 0; k < nmut; k++) {
        if (nested && k == nmut / 2) {
            memory_transaction_begin();
        }
        mutate_one(txn);
        if (txn && chance(50)) {
            txn_reads();
        }
    }
    if (nested) {
        memory_transaction_commit();
        /* Still inside the outer transaction. */
        txn_reads();
    }
    if (txn) {
        memory_transaction_commit();
    }
}

/* --------------------------------------------------------------- trees */

static void space_init(int s, int root)
{
    char name[16];
    snprintf(name, sizeof(name), "as%d", s);
    address_space_init(&W.sp[s].as, N(root)->mr, name);
    W.sp[s].root = root;
    W.sp[s].live = true;
}

static void space_destroy(int s)
{
    address_space_destroy(&W.sp[s].as);
    W.sp[s].live = false;
}

static void build_tree(void)
{
    W.phase = "build";
    new_node(K_CONTAINER, MEMORY_SIZE_2_64, -1, 0);
    bool early_space = chance(50);
    if (early_space) {
        space_init(0, 0);
    }
    int n = rnd_range(15, 52);
    for (int k = 0; k < n; k++) {
        unsigned r = (unsigned)rnd_below(100);
        if (r < 20) {
            new_node(K_CONTAINER,
                     chance(4) ? MEMORY_SIZE_2_64
                               : rnd_region_size(CONTAINER_MAX), -1, 0);
        } else if (r < 44) {
            new_node(K_RAM, rnd_region_size(LEAF_MAX), -1, 0);
        } else if (r < 64) {
            new_node(K_IO, rnd_region_size(LEAF_MAX), -1, 0);
        } else if (r < 74) {
            new_node(K_RESERVED, rnd_region_size(LEAF_MAX), -1, 0);
        } else {
            /* A window into anything made so far: leaf, container, alias. */
            int t = chance(3) ? 0 : pick(non_root);
            if (t < 0) {
                continue;
            }
            if (chance(3)) {
                new_node(K_ALIAS, MEMORY_SIZE_2_64, t, 0);
            } else {
                new_node(K_ALIAS, rnd_region_size(ALIAS_MAX), t,
                         pick_alias_offset(t));
            }
        }
    }

    /* An alias window that would end past 2^64 cannot be made. */
    MemError err = { 0 };
    MemoryRegion *bad = memory_region_new_alias("bad", N(0)->mr, 1,
                                                MEMORY_SIZE_2_64, &err);
    CHECK(bad == NULL);
    CHECK_EQ(err.code, MEM_ERR_RANGE);

    /* Map most of them, in random order, under random containers. */
    int order[MAX_NODES], nr = 0;
    for (int i = 1; i < W.m.count; i++) {
        order[nr++] = i;
    }
    for (int k = nr - 1; k > 0; k--) {
        int j = (int)rnd_below((uint64_t)k + 1);
        int t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < nr; k++) {
        if (chance(85)) {
            int p = pick_parent();
            do_add(order[k], p, pick_offset(order[k], p), rnd_prio());
        }
    }
    for (int i = 1; i < W.m.count; i++) {
        if (chance(8)) {
            do_set_enabled(i, false);
        }
    }
    /* Something at the very top of the space, ending at 2^64 - 1. */
    if (chance(60)) {
        int top = new_node(chance(50) ? K_RAM : K_IO, rnd_size(0x40), -1, 0);
        do_add(top, 0, UINT64_MAX - N(top)->last, rnd_prio());
    }
    for (int k = 0; k < 3; k++) {
        loop_probe(true);
    }
    if (!early_space) {
        space_init(0, 0);
    }
    /* A second space on a subtree: the one of a few that shows most. */
    int sub = -1, best = -1;
    for (int k = 0; k < 4; k++) {
        int c = pick(is_sub_root);
        int shown = 0;
        for (int a = 0; c >= 0 && a < 256; a++) {
            uint64_t off;
            shown += resolve(&W.m, c, rnd_below(WINDOW), &off, 0) >= 0;
        }
        if (c >= 0 && shown > best) {
            sub = c;
            best = shown;
        }
    }
    if (sub >= 0) {
        space_init(1, sub);
    }
}

static void teardown(void)
{
    W.phase = "teardown";
    for (int s = 0; s < NR_SPACES; s++) {
        if (W.sp[s].live) {
            space_destroy(s);
        }
    }
    for (int i = W.m.count - 1; i >= 0; i--) {
        Node *n = N(i);
        if (!n->mr) {
            continue;
        }
        if (n->kind == K_IO) {
            memory_region_destroy(n->mr);
            W.devs[i].destroyed = true;
        } else {
            memory_region_unref(n->mr);
        }
        n->mr = NULL;
    }
}

static void run_tree(int tree)
{
    memset(&W, 0, sizeof(W));
    W.tree = tree;
    build_tree();
    int shared_from = rnd_range(0, BATCHES - 1);
    int shared_to = rnd_range(shared_from, BATCHES);
    for (W.batch = 0; W.batch < BATCHES; W.batch++) {
        if (W.batch > 0) {
            mutate_batch();
        }
        /* A second space on the root shares its view for a while. */
        if (W.batch == shared_from) {
            space_init(2, 0);
        }
        if (W.batch == shared_to && W.sp[2].live) {
            space_destroy(2);
        }
        read_batch();
    }
    teardown();
}

static uint64_t get_seed(void)
{
    const char *env = getenv("TZEMU_SEED");
    if (env && *env) {
        return strtoull(env, NULL, 0);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec * 1000000007ull) ^ (uint64_t)ts.tv_nsec ^
           ((uint64_t)getpid() << 32);
}

TEST(model_random_region_trees)
{
    seed = get_seed();
    trace = getenv("TZEMU_MODEL_TRACE") != NULL;
    rng_state = seed;
    memset(&st, 0, sizeof(st));
    printf("model: seed %" PRIu64 "\n", seed);
    fflush(stdout);

    for (int t = 0; t < NR_TREES; t++) {
        run_tree(t);
    }

    printf("model: %d trees, %" PRIu64 " 1-byte reads (RAM %" PRIu64
           ", MMIO %" PRIu64 ", reservation %" PRIu64 ", unassigned %" PRIu64
           "), %" PRIu64
           " multi-byte reads (%" PRIu64 " bytes), %" PRIu64
           " reads inside transactions, %" PRIu64 " mutations, %" PRIu64
           " loops refused, %" PRIu64 " other errors checked\n",
           NR_TREES, st.reads1, st.hit_ram, st.hit_io, st.hit_res,
           st.hit_none, st.reads_multi, st.bytes_multi, st.txn_reads,
           st.mutations, st.loops, st.errors);
    CHECK(st.reads1 >= MIN_SINGLE_READS);
    CHECK(st.loops > 0);
    CHECK_EQ(st.mismatches, 0);
    if (st.mismatches) {
        printf("model: FAILED with seed %" PRIu64 " (%u mismatches); rerun "
               "with TZEMU_SEED=%" PRIu64 "\n", seed, st.mismatches, seed);
    }
}
