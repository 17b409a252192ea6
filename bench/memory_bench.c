/*
 * Memory API benchmark: address lookups on large flat views, rendering a
 * tree of 10 000 regions, and RAM and MMIO accesses through an address
 * space with and without an observer. Prints figures; never fails on them.
 * Targets (issue 2): under 30 ns per lookup at 1 000 sections, under 50 ms
 * to render 10 000 regions. See docs/PERFORMANCE.md.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tzemu/memory.h"

/* Each figure is the best and the median of REPEATS runs of ~RUN_NS each. */
#define REPEATS 5
#define RUN_NS 200000000.0

/* Results go here so the compiler cannot drop the work. */
static volatile uint64_t sink;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct Stats {
    double best;
    double median;
} Stats;

static Stats stats_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return (Stats){ .best = v[0], .median = v[n / 2] };
}

static void die(const char *what, const MemError *err)
{
    fprintf(stderr, "memory_bench: %s: %s\n", what,
            err ? err->message : "failed");
    exit(1);
}

/* xorshift64*: reproducible pseudo-random numbers, no libc state. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* ------------------------------------------------------- the timing loop */

/*
 * A measured kernel runs @iters operations and returns a value that depends
 * on all of them.
 */
typedef uint64_t (*Kernel)(void *ctx, uint64_t iters);

/* An iteration count with which @k takes about RUN_NS. */
static uint64_t calibrate(Kernel k, void *ctx)
{
    uint64_t iters = 1000;
    for (;;) {
        double t0 = now_ns();
        sink += k(ctx, iters);
        double dt = now_ns() - t0;
        if (dt > RUN_NS / 10) {
            return (uint64_t)((double)iters * RUN_NS / dt);
        }
        iters *= 4;
    }
}

static double run_ns_per_op(Kernel k, void *ctx, uint64_t iters)
{
    double t0 = now_ns();
    sink += k(ctx, iters);
    return (now_ns() - t0) / (double)iters;
}

/* Times REPEATS runs of about RUN_NS each. */
static Stats measure_ns_per_op(Kernel k, void *ctx)
{
    uint64_t iters = calibrate(k, ctx);
    double per_op[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        per_op[r] = run_ns_per_op(k, ctx, iters);
    }
    return stats_of(per_op, REPEATS);
}

static void print_row(const char *label, Stats s, const char *unit)
{
    printf("  %-54s best %9.2f %-3s  median %9.2f %s\n", label, s.best, unit,
           s.median, unit);
}

/* ---------------------------------------------------------- trivial MMIO */

static MemTxResult dev_read(void *opaque, hwaddr addr, uint64_t *data,
                            unsigned size, MemTxAttrs attrs)
{
    (void)opaque;
    (void)size;
    (void)attrs;
    *data = addr ^ 0x5a5a5a5au;
    return MEMTX_OK;
}

static MemTxResult dev_write(void *opaque, hwaddr addr, uint64_t data,
                             unsigned size, MemTxAttrs attrs)
{
    (void)opaque;
    (void)addr;
    (void)data;
    (void)size;
    (void)attrs;
    return MEMTX_OK;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static MemoryRegion *new_io(const char *name, uint64_t size)
{
    MemError err;
    MemoryRegion *mr = memory_region_new_io(name, size, &dev_ops, NULL, &err);
    if (!mr) {
        die("memory_region_new_io", &err);
    }
    return mr;
}

static MemoryRegion *new_container(const char *name, uint64_t size)
{
    MemError err;
    MemoryRegion *mr = memory_region_new_container(name, size, &err);
    if (!mr) {
        die("memory_region_new_container", &err);
    }
    return mr;
}

/* Maps @child in @parent and hands the creator's reference to the parent. */
static void add(MemoryRegion *parent, hwaddr offset, MemoryRegion *child,
                int priority)
{
    MemError err;
    if (memory_region_add_subregion_overlap(parent, offset, child, priority,
                                            &err) != MEM_OK) {
        die("memory_region_add_subregion_overlap", &err);
    }
    memory_region_unref(child);
}

/* Counts the sections of a view: a listener hears each one on registration. */
static size_t nr_sections;

static void count_section(MemoryListener *l, const MemoryRegionSection *s)
{
    (void)l;
    (void)s;
    nr_sections++;
}

static size_t count_sections(AddressSpace *as)
{
    MemoryListener l = { .region_add = count_section };
    nr_sections = 0;
    memory_listener_register(&l, as);
    memory_listener_unregister(&l);
    return nr_sections;
}

/* ------------------------------------------------------------ 1. lookups */

/*
 * N leaves of 4 KiB, one every 8 KiB (so every leaf is its own section and
 * a hole separates neighbours), grouped by 1 000 in containers: adding a
 * child costs time linear in its siblings, and the view is flat anyway.
 */
#define LEAF_SIZE 0x1000u
#define LEAF_STRIDE 0x2000u
#define LEAVES_PER_GROUP 1000u
#define NR_ADDRS (1u << 16)

typedef struct LookupCtx {
    AddressSpace *as;
    hwaddr *addrs;
} LookupCtx;

static MemoryRegion *build_flat_tree(size_t n)
{
    MemoryRegion *root = new_container("root", MEMORY_SIZE_2_64);
    memory_transaction_begin();
    size_t groups = (n + LEAVES_PER_GROUP - 1) / LEAVES_PER_GROUP;
    for (size_t g = 0; g < groups; g++) {
        MemoryRegion *c = new_container(
            "group", (uint64_t)LEAVES_PER_GROUP * LEAF_STRIDE);
        size_t first = g * LEAVES_PER_GROUP;
        for (size_t i = first; i < n && i < first + LEAVES_PER_GROUP; i++) {
            add(c, (hwaddr)(i - first) * LEAF_STRIDE, new_io("leaf", LEAF_SIZE),
                0);
        }
        add(root, (hwaddr)first * LEAF_STRIDE, c, 0);
    }
    memory_transaction_commit();
    return root;
}

/* Independent lookups: the CPU may overlap several (throughput). */
static uint64_t k_lookup(void *p, uint64_t iters)
{
    LookupCtx *c = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iters; i++) {
        hwaddr len = 4, xlat;
        MemoryRegionSection s;
        address_space_translate(c->as, c->addrs[i & (NR_ADDRS - 1)], &len,
                                false, MEMTXATTRS_UNSPECIFIED, &s, &xlat);
        acc += s.addr + xlat;
    }
    return acc;
}

/*
 * Dependent lookups: each address depends on the previous result (xlat is
 * below 4 KiB, so the added term is always 0), so one lookup must finish
 * before the next starts (latency).
 */
static uint64_t k_lookup_chain(void *p, uint64_t iters)
{
    LookupCtx *c = p;
    uint64_t acc = 0;
    hwaddr xlat = 0;
    for (uint64_t i = 0; i < iters; i++) {
        hwaddr len = 4;
        MemoryRegionSection s;
        hwaddr a = c->addrs[i & (NR_ADDRS - 1)] + (xlat >> 32);
        address_space_translate(c->as, a, &len, false,
                                MEMTXATTRS_UNSPECIFIED, &s, &xlat);
        acc += s.addr;
    }
    return acc;
}

static void bench_lookup(void)
{
    static const size_t sizes[] = { 10, 1000, 100000 };
    printf("\n1. Lookup: address_space_translate() on a flat view, "
           "random mapped addresses (ns/lookup)\n");
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        size_t n = sizes[k];
        double t0 = now_ns();
        MemoryRegion *root = build_flat_tree(n);
        AddressSpace as;
        address_space_init(&as, root, "lookup");
        double build_ms = (now_ns() - t0) / 1e6;
        size_t sections = count_sections(&as);

        LookupCtx c = { .as = &as, .addrs = malloc(NR_ADDRS * sizeof(hwaddr)) };
        if (!c.addrs) {
            die("malloc", NULL);
        }
        for (size_t i = 0; i < NR_ADDRS; i++) {
            uint64_t r = rng();
            c.addrs[i] = (r % n) * LEAF_STRIDE + ((r >> 40) % LEAF_SIZE & ~3u);
        }
        /* Every address must hit a leaf, or the figure would mean less. */
        for (size_t i = 0; i < NR_ADDRS; i++) {
            hwaddr len = 4, xlat;
            MemoryRegionSection s;
            if (address_space_translate(&as, c.addrs[i], &len, false,
                                        MEMTXATTRS_UNSPECIFIED, &s,
                                        &xlat) != MEMTX_OK) {
                die("lookup of a mapped address failed", NULL);
            }
        }
        printf("  N = %zu leaves: %zu sections in the view (built and "
               "rendered in %.1f ms)\n", n, sections, build_ms);
        char label[96];
        snprintf(label, sizeof(label), "N = %6zu, independent lookups", n);
        print_row(label, measure_ns_per_op(k_lookup, &c), "ns");
        snprintf(label, sizeof(label), "N = %6zu, dependent chain (latency)",
                 n);
        print_row(label, measure_ns_per_op(k_lookup_chain, &c), "ns");

        free(c.addrs);
        address_space_destroy(&as);
        memory_region_unref(root);
    }
}

/* ---------------------------------------------------------- 2. rendering */

#define RENDER_REGIONS 10000u
#define RENDER_REPEATS 5
#define TOGGLE_REPEATS 10

typedef enum TreeShape {
    /* 10 000 leaves in one container. */
    SHAPE_WIDE,
    /* 100 containers, each with a background leaf at priority -1 under
     * its whole span and 98 small leaves on top: 10 000 regions. */
    SHAPE_NESTED,
} TreeShape;

typedef struct RenderResult {
    double add_ms;
    double commit_ms;
    double total_ms;
    double off_ms[TOGGLE_REPEATS];
    double on_ms[TOGGLE_REPEATS];
    size_t sections;
} RenderResult;

/*
 * Creates the 10 000 regions (not timed), then times adding them all in one
 * transaction on a root that an address space shows; the view is rendered
 * at the commit. Then times re-renders caused by disabling and re-enabling
 * one leaf.
 */
static void render_once(TreeShape shape, RenderResult *out)
{
    MemoryRegion **regs = malloc(RENDER_REGIONS * sizeof(*regs));
    hwaddr *offs = malloc(RENDER_REGIONS * sizeof(*offs));
    int *prio = malloc(RENDER_REGIONS * sizeof(*prio));
    /* parent[i]: index of the parent region, or -1 for the root. */
    long *parent = malloc(RENDER_REGIONS * sizeof(*parent));
    if (!regs || !offs || !prio || !parent) {
        die("malloc", NULL);
    }
    size_t n = 0;
    if (shape == SHAPE_WIDE) {
        regs[n] = new_container("wide", (uint64_t)RENDER_REGIONS * LEAF_STRIDE);
        offs[n] = 0x10000000;
        prio[n] = 0;
        parent[n++] = -1;
        while (n < RENDER_REGIONS) {
            regs[n] = new_io("leaf", LEAF_SIZE);
            offs[n] = (hwaddr)(n - 1) * LEAF_STRIDE;
            prio[n] = 0;
            parent[n++] = 0;
        }
    } else {
        const size_t per = 98;
        const uint64_t span = per * LEAF_STRIDE;
        for (size_t g = 0; n < RENDER_REGIONS; g++) {
            long c = (long)n;
            regs[n] = new_container("group", span);
            offs[n] = 0x10000000 + g * span;
            prio[n] = 0;
            parent[n++] = -1;
            regs[n] = new_io("background", span);
            offs[n] = 0;
            prio[n] = -1;
            parent[n++] = c;
            for (size_t i = 0; i < per && n < RENDER_REGIONS; i++) {
                regs[n] = new_io("leaf", LEAF_SIZE);
                offs[n] = i * LEAF_STRIDE;
                prio[n] = 0;
                parent[n++] = c;
            }
        }
    }

    MemoryRegion *root = new_container("root", MEMORY_SIZE_2_64);
    AddressSpace as;
    address_space_init(&as, root, "render");

    double t0 = now_ns();
    memory_transaction_begin();
    for (size_t i = 0; i < n; i++) {
        add(parent[i] < 0 ? root : regs[parent[i]], offs[i], regs[i], prio[i]);
    }
    double t1 = now_ns();
    memory_transaction_commit();
    double t2 = now_ns();
    out->add_ms = (t1 - t0) / 1e6;
    out->commit_ms = (t2 - t1) / 1e6;
    out->total_ms = (t2 - t0) / 1e6;
    out->sections = count_sections(&as);

    /* A small leaf in the middle of the map (in both shapes, index 5 002
     * is one: 5 000 and 5 001 are a container and its background). */
    MemoryRegion *victim = regs[n / 2 + 2];
    for (int r = 0; r < TOGGLE_REPEATS; r++) {
        double a = now_ns();
        memory_region_set_enabled(victim, false);
        double b = now_ns();
        memory_region_set_enabled(victim, true);
        double c = now_ns();
        out->off_ms[r] = (b - a) / 1e6;
        out->on_ms[r] = (c - b) / 1e6;
    }

    address_space_destroy(&as);
    memory_region_unref(root);
    free(regs);
    free(offs);
    free(prio);
    free(parent);
}

static void bench_render(void)
{
    static const struct {
        TreeShape shape;
        const char *name;
    } shapes[] = {
        { SHAPE_WIDE, "wide: 10 000 leaves in one container" },
        { SHAPE_NESTED, "nested: 100 containers x (1 background at "
                        "priority -1 + 98 leaves)" },
    };
    printf("\n2. Rendering a tree of %u regions, address space attached "
           "(ms)\n", RENDER_REGIONS);
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
        double add[RENDER_REPEATS], commit[RENDER_REPEATS];
        double total[RENDER_REPEATS];
        double off[RENDER_REPEATS * TOGGLE_REPEATS];
        double on[RENDER_REPEATS * TOGGLE_REPEATS];
        size_t sections = 0;
        for (int r = 0; r < RENDER_REPEATS; r++) {
            RenderResult res;
            render_once(shapes[k].shape, &res);
            add[r] = res.add_ms;
            commit[r] = res.commit_ms;
            total[r] = res.total_ms;
            memcpy(&off[r * TOGGLE_REPEATS], res.off_ms, sizeof(res.off_ms));
            memcpy(&on[r * TOGGLE_REPEATS], res.on_ms, sizeof(res.on_ms));
            sections = res.sections;
        }
        printf("  %s; %zu sections in the view\n", shapes[k].name, sections);
        print_row("begin + 10 000 adds + commit (total)",
                  stats_of(total, RENDER_REPEATS), "ms");
        print_row("  of which: the adds, before commit",
                  stats_of(add, RENDER_REPEATS), "ms");
        print_row("  of which: commit (render the view)",
                  stats_of(commit, RENDER_REPEATS), "ms");
        print_row("re-render: memory_region_set_enabled(leaf, false)",
                  stats_of(off, RENDER_REPEATS * TOGGLE_REPEATS), "ms");
        print_row("re-render: memory_region_set_enabled(leaf, true)",
                  stats_of(on, RENDER_REPEATS * TOGGLE_REPEATS), "ms");
    }
}

/* ----------------------------------------------------------- 3. accesses */

/*
 * A small map in the shape of the virt board's: two flash banks, the GIC,
 * the UART, RTC, fw_cfg and GPIO, 32 virtio-mmio transports and 128 MiB of
 * RAM at 1 GiB.
 */
#define RAM_BASE 0x40000000ull
#define RAM_SIZE (128ull << 20)
#define UART_BASE 0x09000000ull
/* Accesses stay in the first 16 KiB of RAM: the API's cost, not DRAM's. */
#define RAM_WINDOW 0x4000u

typedef struct AccessCtx {
    AddressSpace *as;
    hwaddr *addrs;
} AccessCtx;

static MemoryRegion *build_small_map(void)
{
    MemError err;
    MemoryRegion *sys = new_container("system", MEMORY_SIZE_2_64);
    memory_transaction_begin();
    MemoryRegion *mr = memory_region_new_rom("flash0", 64 << 20, &err);
    if (!mr) {
        die("memory_region_new_rom", &err);
    }
    add(sys, 0x00000000, mr, 0);
    mr = memory_region_new_rom("flash1", 64 << 20, &err);
    if (!mr) {
        die("memory_region_new_rom", &err);
    }
    add(sys, 0x04000000, mr, 0);
    add(sys, 0x08000000, new_io("gic-dist", 0x10000), 0);
    add(sys, 0x08010000, new_io("gic-cpu", 0x10000), 0);
    add(sys, UART_BASE, new_io("uart", 0x1000), 0);
    add(sys, 0x09010000, new_io("rtc", 0x1000), 0);
    add(sys, 0x09020000, new_io("fw_cfg", 0x18), 0);
    add(sys, 0x09030000, new_io("gpio", 0x1000), 0);
    for (unsigned i = 0; i < 32; i++) {
        add(sys, 0x0a000000 + i * 0x200, new_io("virtio-mmio", 0x200), 0);
    }
    mr = memory_region_new_ram("ram", RAM_SIZE, &err);
    if (!mr) {
        die("memory_region_new_ram", &err);
    }
    add(sys, RAM_BASE, mr, 0);
    memory_transaction_commit();
    return sys;
}

static uint64_t k_read(void *p, uint64_t iters)
{
    AccessCtx *c = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iters; i++) {
        uint32_t v;
        address_space_read(c->as, c->addrs[i & (NR_ADDRS - 1)],
                           MEMTXATTRS_UNSPECIFIED, &v, 4);
        acc += v;
    }
    return acc;
}

static uint64_t k_ldl(void *p, uint64_t iters)
{
    AccessCtx *c = p;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iters; i++) {
        acc += address_space_ldl_le(c->as, c->addrs[i & (NR_ADDRS - 1)],
                                    MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return acc;
}

static uint64_t observed;

static void count_access(void *opaque, const MemTxEvent *ev)
{
    (void)opaque;
    (void)ev;
    observed++;
}

/*
 * Times @k without and with a counting observer, alternating the two so
 * that a noisy neighbour on the host weighs on both alike.
 */
static void compare_observer(AddressSpace *as, const char *what, Kernel k,
                             AccessCtx *c)
{
    uint64_t iters = calibrate(k, c);
    double off[REPEATS], on[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        address_space_set_observer(as, NULL, NULL);
        off[r] = run_ns_per_op(k, c, iters);
        address_space_set_observer(as, count_access, NULL);
        observed = 0;
        on[r] = run_ns_per_op(k, c, iters);
        if (observed != iters) {
            die("the observer missed accesses", NULL);
        }
    }
    address_space_set_observer(as, NULL, NULL);
    char label[96];
    snprintf(label, sizeof(label), "%s, no observer", what);
    print_row(label, stats_of(off, REPEATS), "ns");
    snprintf(label, sizeof(label), "%s, counting observer", what);
    print_row(label, stats_of(on, REPEATS), "ns");
}

static void bench_access(void)
{
    MemoryRegion *sys = build_small_map();
    AddressSpace as;
    address_space_init(&as, sys, "cpu-memory");
    size_t sections = count_sections(&as);

    AccessCtx ram = { .as = &as, .addrs = malloc(NR_ADDRS * sizeof(hwaddr)) };
    AccessCtx mmio = { .as = &as, .addrs = malloc(NR_ADDRS * sizeof(hwaddr)) };
    if (!ram.addrs || !mmio.addrs) {
        die("malloc", NULL);
    }
    for (size_t i = 0; i < NR_ADDRS; i++) {
        uint64_t r = rng();
        ram.addrs[i] = RAM_BASE + (r % RAM_WINDOW & ~3u);
        mmio.addrs[i] = UART_BASE + ((r >> 32) % 0x1000 & ~3u);
    }
    /* Give the RAM window content, through the API. */
    for (hwaddr a = 0; a < RAM_WINDOW; a += 4) {
        address_space_stl_le(&as, RAM_BASE + a, (uint32_t)rng(),
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }

    printf("\n3. 4-byte RAM read, virt-like map of %zu sections, random "
           "aligned addresses in a 16 KiB window (ns/access)\n", sections);
    compare_observer(&as, "address_space_read", k_read, &ram);
    compare_observer(&as, "address_space_ldl_le", k_ldl, &ram);

    printf("\n4. 4-byte MMIO read, trivial device callback, same map "
           "(ns/access)\n");
    print_row("address_space_ldl_le, no observer",
              measure_ns_per_op(k_ldl, &mmio), "ns");
    print_row("address_space_read, no observer",
              measure_ns_per_op(k_read, &mmio), "ns");

    free(ram.addrs);
    free(mmio.addrs);
    address_space_destroy(&as);
    memory_region_unref(sys);
}

/* ------------------------------------------------------------------ main */

static void print_machine(void)
{
    char model[256] = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof(line), f)) {
            if (strncmp(line, "model name", 10) == 0) {
                char *v = strchr(line, ':');
                if (v) {
                    v++;
                    v += strspn(v, " \t");
                    v[strcspn(v, "\n")] = '\0';
                    snprintf(model, sizeof(model), "%s", v);
                }
                break;
            }
        }
        fclose(f);
    }
    printf("memory_bench: CPU %s, %ld online CPUs; best and median of %d "
           "runs\n", model, sysconf(_SC_NPROCESSORS_ONLN), REPEATS);
}

int main(void)
{
    double t0 = now_ns();
    print_machine();
    bench_lookup();
    bench_render();
    bench_access();
    printf("\nmemory_bench: done in %.1f s\n", (now_ns() - t0) / 1e9);
    return 0;
}
