/*
 * What IOMMU changes cost the CPU. A guest (bench/guest/iommubench.S)
 * reads a 64 MiB working set that sits behind a TZ-MPC (src/hw/tz_mpc.c:
 * 4 KiB blocks, all Secure at reset) and every N reads flips one block to
 * Non-secure and back through the MPC's registers: two changes, each of
 * which the MPC announces (UNMAP then MAP, both indexes). The guest runs
 * in Secure state with its MMU on (1 MiB sections), so a TLB fill walks a
 * table; the data it reads is the same in every case. Each N runs twice:
 * with the TLB's exact invalidation, and with a full TLB flush forced on
 * every announcement. Prints the time per read and the overhead over
 * never flipping. A measurement, never a pass/fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/cpu/arm/cpu.h"
#include "../src/cpu/arm/tlb.h"
#include "../src/hw/tz_mpc.h"

#define WS_BASE 0x40000000u
#define WS_SIZE (64u << 20)
#define BLOCK_BITS 12
#define NR_BLOCKS (WS_SIZE >> BLOCK_BITS)
#define CODE_BASE 0x10000000u
#define CODE_SIZE 0x10000u
#define CTRL_BASE 0x20000000u
/* The MPC's registers, in the controller's 1 MiB section. */
#define MPC_REGS (CTRL_BASE + 0x1000u)
/* A first-level translation table (16 KiB aligned) in the code RAM. */
#define TABLE_OFFSET 0x4000u
/* One sweep of the working set: 2048 reads per page the window slides. */
#define SWEEP_READS (NR_BLOCKS * 2048u)
#define RUNS 5

typedef struct Bench Bench;

/* A notifier that flushes the whole TLB, for the forced-flush runs. */
typedef struct FullFlush {
    IOMMUNotifier n;
    Bench *b;
} FullFlush;

struct Bench {
    MemoryRegion *root, *down;
    AddressSpace as;
    TzMpc *mpc;
    ArmCpu *cpu;
    FullFlush full;
    uint32_t sum;
};

static MemTxResult ctrl_read(void *opaque, hwaddr addr, uint64_t *data,
                             unsigned size, MemTxAttrs attrs)
{
    (void)opaque, (void)addr, (void)size, (void)attrs;
    *data = 0;
    return MEMTX_OK;
}

/* 4: the guest's sum, which ends the run. */
static MemTxResult ctrl_write(void *opaque, hwaddr addr, uint64_t data,
                              unsigned size, MemTxAttrs attrs)
{
    (void)size, (void)attrs;
    Bench *b = opaque;
    if (addr == 4) {
        b->sum = (uint32_t)data;
        arm_cpu_stop(b->cpu);
    }
    return MEMTX_OK;
}

static const MemoryRegionOps ctrl_ops = {
    .read = ctrl_read,
    .write = ctrl_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void full_flush_notify(IOMMUNotifier *n, IOMMUNotifierFlag type,
                              const IOMMUTLBEntry *entry)
{
    (void)type, (void)entry;
    arm_tlb_flush(((FullFlush *)n)->b->cpu->tlb);
}

static void must(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "iommu_bench: %s\n", what);
        exit(1);
    }
}

static void bench_init(Bench *b, const char *guest)
{
    memset(b, 0, sizeof(*b));
    MemError err;
    b->root = memory_region_new_container("root", MEMORY_SIZE_2_64, &err);
    b->down = memory_region_new_ram("working-set", WS_SIZE, &err);
    MemoryRegion *code = memory_region_new_ram("code", CODE_SIZE, &err);
    must(b->down != NULL, err.message);
    b->mpc = tz_mpc_new("mpc", b->down, TZ_MPC_DEFAULT_BLOCK_SIZE, false,
                        IRQ_LINE_NONE, &err);
    MemoryRegion *ctrl =
        memory_region_new_io("ctrl", 8, &ctrl_ops, b, &err);
    must(b->root && b->mpc && code && ctrl, err.message);
    must(memory_region_add_subregion(b->root, CODE_BASE, code, &err) ==
                 MEM_OK &&
             memory_region_add_subregion(b->root, CTRL_BASE, ctrl, &err) ==
                 MEM_OK &&
             memory_region_add_subregion(b->root, WS_BASE,
                                         tz_mpc_upstream(b->mpc), &err) ==
                 MEM_OK &&
             memory_region_add_subregion(b->root, MPC_REGS,
                                         tz_mpc_reg_region(b->mpc), &err) ==
                 MEM_OK,
         err.message);
    address_space_init(&b->as, b->root, "cpu");
    uint32_t *ws = memory_region_get_ram_ptr(b->down);
    for (uint32_t i = 0; i < WS_SIZE / 4; i++) {
        ws[i] = i * 2654435761u;
    }
    FILE *f = fopen(guest, "rb");
    must(f != NULL, "cannot open the guest binary");
    size_t n = fread(memory_region_get_ram_ptr(code), 1, CODE_SIZE, f);
    fclose(f);
    must(n > 0, "empty guest binary");
    /* Identity 1 MiB sections for the code, the controller and the
     * working set (ARM ARM B3.5.1): AP[1:0] = 0b11, section type. */
    uint32_t *table = (uint32_t *)((uint8_t *)memory_region_get_ram_ptr(code) +
                                   TABLE_OFFSET);
    table[CODE_BASE >> 20] = CODE_BASE | 0xc02;
    table[CTRL_BASE >> 20] = CTRL_BASE | 0xc02;
    for (uint32_t mb = 0; mb < WS_SIZE >> 20; mb++) {
        table[(WS_BASE >> 20) + mb] = (WS_BASE + (mb << 20)) | 0xc02;
    }
    b->cpu = arm_cpu_new(&b->as, NULL, true);
    b->full.b = b;
    b->full.n = (IOMMUNotifier){ .notify = full_flush_notify,
                                 .flags = IOMMU_NOTIFIER_UNMAP,
                                 .end = UINT64_MAX };
}

/* CPU time, so other work on a shared host counts less. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct Result {
    double ns_per_read;
    uint32_t sum;
    uint64_t fills;
} Result;

/* One run of @reads reads flipping every @n (0: never). */
static Result bench_run(Bench *b, uint32_t n, uint32_t reads, bool full)
{
    MemError err;
    if (full) {
        /* The CPU runs Secure: index 1 is the one its entries use. */
        b->full.n.iommu_idx = 1;
        must(memory_region_register_iommu_notifier(tz_mpc_upstream(b->mpc),
                                                   &b->full.n,
                                                   &err) == MEM_OK,
             err.message);
    }
    arm_cpu_reset(b->cpu, CODE_BASE);
    /* Secure state, MMU on through the table, domains as clients. */
    b->cpu->cp15.ttbr0[1] = CODE_BASE + TABLE_OFFSET;
    b->cpu->cp15.dacr[1] = 0x55555555;
    b->cpu->cp15.sctlr[1] |= SCTLR_M;
    arm_tlb_flush(b->cpu->tlb);
    b->cpu->r[0] = WS_BASE;
    b->cpu->r[2] = WS_SIZE - 1;
    b->cpu->r[6] = n;
    b->cpu->r[7] = CTRL_BASE;
    b->cpu->r[9] = reads;
    uint64_t fills = b->cpu->tlb->fills;
    double t0 = now();
    while (arm_cpu_run(b->cpu, 1u << 30) != ARM_EXIT_HALT) {
    }
    Result r = { (now() - t0) * 1e9 / reads, b->sum,
                 b->cpu->tlb->fills - fills };
    memory_region_unregister_iommu_notifier(&b->full.n);
    return r;
}

/* What runs: flip every @n reads (0: never), exact or forced flush; fewer
 * reads where each flip costs refills of the whole window. */
static const struct {
    uint32_t n;
    uint32_t reads;
    bool full;
} cases[] = {
    { 0, SWEEP_READS, false },
    { 10000, SWEEP_READS, false },
    { 10000, SWEEP_READS, true },
    { 100, SWEEP_READS / 16, false },
    { 100, SWEEP_READS / 16, true },
};
#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

int main(int argc, char **argv)
{
    static Bench b;
    bench_init(&b, argc > 1 ? argv[1] : "build/bench/iommubench.bin");
    /* Rounds of every case, so a busy host slows them alike; the best. */
    Result best[NR_CASES];
    for (int run = 0; run < RUNS; run++) {
        for (size_t i = 0; i < NR_CASES; i++) {
            Result r = bench_run(&b, cases[i].n, cases[i].reads,
                                 cases[i].full);
            if (run == 0 || r.ns_per_read < best[i].ns_per_read) {
                best[i] = r;
            }
        }
    }
    double never = best[0].ns_per_read;
    printf("iommu_bench: 64 MiB behind a TZ-MPC (4 KiB blocks), best of "
           "%d\n", RUNS);
    printf("  %-11s %-6s %9s %8s %9s %9s %8s\n", "flip every", "TLB",
           "reads", "ns/read", "vs never", "per flip", "fills");
    for (size_t i = 0; i < NR_CASES; i++) {
        const Result *r = &best[i];
        char every[16] = "never", per_flip[16] = "-";
        if (cases[i].n) {
            snprintf(every, sizeof(every), "%u", cases[i].n);
            /* What each flip added, in microseconds. */
            snprintf(per_flip, sizeof(per_flip), "%.2f us",
                     (r->ns_per_read - never) * cases[i].n / 1000);
        }
        printf("  %-11s %-6s %9u %8.2f %+8.1f%% %9s %8llu\n", every,
               cases[i].full ? "flush" : "exact", cases[i].reads,
               r->ns_per_read, (r->ns_per_read / never - 1) * 100, per_flip,
               (unsigned long long)r->fills);
        if (cases[i].reads == SWEEP_READS && r->sum != best[0].sum) {
            printf("  (the guest read other data: %08x, not %08x)\n",
                   r->sum, best[0].sum);
        }
    }
    return 0;
}
