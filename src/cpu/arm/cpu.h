/*
 * An ARMv7-A CPU with the Security Extensions and LPAE (Cortex-A15
 * without the Virtualization Extensions): register file with per-mode
 * banking, CPSR, the cp15 state, the exclusive monitor, and the two address
 * spaces it reaches memory through (ARM ARM B1.3, B1.5).
 */
#ifndef TZEMU_CPU_ARM_CPU_H
#define TZEMU_CPU_ARM_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "../../hw/irq.h"
#include "tzemu/memory.h"

/*
 * The cp14 debug registers software programs (ARM ARM C11): what is
 * written reads back; breakpoints and watchpoints are held, not matched
 * (no debug events are generated).
 */
enum { ARM_DBG_NR_BRP = 6, ARM_DBG_NR_WRP = 4 };
typedef struct ArmDebugRegs {
    uint32_t dscr;
    uint32_t vcr;
    uint32_t osdlr;
    uint32_t oslk;
    uint32_t claim;
    uint32_t bvr[ARM_DBG_NR_BRP], bcr[ARM_DBG_NR_BRP];
    uint32_t wvr[ARM_DBG_NR_WRP], wcr[ARM_DBG_NR_WRP];
} ArmDebugRegs;

/*
 * What an empty TLB tag and a dropped fetch page hold: no page address,
 * nor any address masked to its page and its low alignment bits (the
 * TLB's aligned fast path, the fetch page's test), has bit 11 alone set.
 */
#define ARM_TLB_INVALID 0x800u

/* CPSR.M values (ARM ARM B1.3.1, Table B1-1). */
enum {
    ARM_MODE_USR = 0x10,
    ARM_MODE_FIQ = 0x11,
    ARM_MODE_IRQ = 0x12,
    ARM_MODE_SVC = 0x13,
    ARM_MODE_MON = 0x16,
    ARM_MODE_ABT = 0x17,
    ARM_MODE_HYP = 0x1a,
    ARM_MODE_UND = 0x1b,
    ARM_MODE_SYS = 0x1f,
};

/* CPSR bits other than the flags kept apart (ARM ARM B1.3.3). */
enum {
    CPSR_M = 0x1f,
    CPSR_T = 1u << 5,
    CPSR_F = 1u << 6,
    CPSR_I = 1u << 7,
    CPSR_A = 1u << 8,
    CPSR_E = 1u << 9,
    CPSR_IT_2_7 = 0xfc00,
    CPSR_GE = 0xf0000,
    CPSR_J = 1u << 24,
    CPSR_IT_0_1 = 3u << 25,
    CPSR_Q = 1u << 27,
    CPSR_NZCV = 0xfu << 28,
};

/* SCR bits (ARM ARM B4.1.129). */
enum {
    SCR_NS = 1u << 0,
    SCR_IRQ = 1u << 1,
    SCR_FIQ = 1u << 2,
    SCR_EA = 1u << 3,
    SCR_FW = 1u << 4,
    SCR_AW = 1u << 5,
    SCR_SIF = 1u << 9,
};

/* SCTLR bits used by the core (ARM ARM B4.1.130). */
enum {
    SCTLR_M = 1u << 0,
    SCTLR_A = 1u << 1,
    SCTLR_V = 1u << 13,
    SCTLR_WXN = 1u << 19,
    SCTLR_UWXN = 1u << 20,
    SCTLR_EE = 1u << 25,
    SCTLR_TRE = 1u << 28,
    SCTLR_AFE = 1u << 29,
    SCTLR_TE = 1u << 30,
};

/* TTBCR fields (ARM ARM B4.1.153): short-descriptor N, PD0, PD1; long-
 * descriptor T0SZ, EPD0, T1SZ, A1, EPD1; EAE selects the format. */
enum {
    TTBCR_N = 7u,
    TTBCR_PD0 = 1u << 4,
    TTBCR_PD1 = 1u << 5,
    TTBCR_EPD0 = 1u << 7,
    TTBCR_A1 = 1u << 22,
    TTBCR_EPD1 = 1u << 23,
    TTBCR_EAE = 1u << 31,
};

/* Address-space index of an access: which CPU link serves it. */
enum { ARM_AS_NS = 0, ARM_AS_S = 1 };

/* Register banks by mode; USR also serves SYS. */
typedef enum ArmBank {
    BANK_USR,
    BANK_FIQ,
    BANK_IRQ,
    BANK_SVC,
    BANK_ABT,
    BANK_UND,
    BANK_MON,
    ARM_NR_BANKS,
} ArmBank;

/*
 * cp15 state. Banked registers have two copies indexed by security:
 * [0] Non-secure, [1] Secure (ARM ARM B4.1.1 "Banked system control
 * registers"). Without the Security Extensions only [0] is used.
 */
typedef struct ArmCp15 {
    uint32_t sctlr[2];
    uint32_t csselr[2];
    uint32_t ttbr0[2];
    uint32_t ttbr1[2];
    /* TTBR0/TTBR1 [63:32] (64-bit form, LPAE: ASID in [55:48]). */
    uint32_t ttbr0_hi[2];
    uint32_t ttbr1_hi[2];
    uint32_t ttbcr[2];
    uint32_t dacr[2];
    uint32_t dfsr[2];
    uint32_t ifsr[2];
    uint32_t adfsr[2];
    uint32_t aifsr[2];
    uint32_t dfar[2];
    uint32_t ifar[2];
    uint32_t par[2];
    /* PAR [63:32]: the long-descriptor format's PA[39:32] and ATTR. */
    uint32_t par_hi[2];
    /* PRRR and NMRR; MAIR0 and MAIR1 when TTBCR.EAE is set. */
    uint32_t prrr[2];
    uint32_t nmrr[2];
    uint32_t amair0[2];
    uint32_t amair1[2];
    uint32_t vbar[2];
    uint32_t fcseidr[2];
    uint32_t contextidr[2];
    uint32_t tpidrurw[2];
    uint32_t tpidruro[2];
    uint32_t tpidrprw[2];
    /* ThumbEE configuration and handler base (cp14, not banked). */
    uint32_t teecr;
    uint32_t teehbr;
    uint32_t actlr;
    uint32_t cpacr;
    uint32_t scr;
    uint32_t sder;
    uint32_t nsacr;
    uint32_t mvbar;
    uint32_t cntfrq;
    uint32_t cntkctl;
} ArmCp15;

/*
 * The generic timer's timers (gtimer.c), numbered as QEMU's outputs: the
 * Non-secure physical timer (the only physical one without the Security
 * Extensions), the virtual timer, and the Secure physical timer (the
 * Secure copy of the banked CNTP_* registers).
 */
enum { ARM_GT_PHYS = 0, ARM_GT_VIRT = 1, ARM_GT_SEC = 2, ARM_GT_NR = 3 };

/* One timer: its compare value and CNTx_CTL's ENABLE and IMASK (ISTATUS
 * is computed from the count when read). */
typedef struct ArmGTimer {
    uint64_t cval;
    uint32_t ctl;
} ArmGTimer;

/*
 * The VFPv3-D32 extension registers and the VFP system registers the CPU
 * holds (ARM ARM A2.7, B6.1): D0-D31, with S0-S31 overlaying D0-D15 (the
 * host is little-endian, so s[2n] is the low half of d[n]).
 */
typedef struct ArmVfp {
    union {
        uint64_t d[32];
        uint32_t s[64];
    };
    uint32_t fpscr;
    uint32_t fpexc;
} ArmVfp;

typedef struct Cp15Registry Cp15Registry;
typedef struct ArmTlb ArmTlb;
typedef struct ArmDecodeCache ArmDecodeCache;

/* Why arm_cpu_run() returned. */
typedef enum ArmExit {
    ARM_EXIT_BUDGET,   /* ran the instructions it was given */
    ARM_EXIT_WFI,      /* waiting for an interrupt */
    ARM_EXIT_HALT,     /* the machine was asked to stop (semihosting exit) */
} ArmExit;

typedef struct ArmCpu ArmCpu;

/* Kinds of ArmCpuHooks.report. */
typedef enum ArmReport {
    ARM_REPORT_UNIMP,
    ARM_REPORT_GUEST_ERROR,
} ArmReport;

/*
 * What the CPU asks of its machine: semihosting, and telling about events
 * for logs and traces. Every hook may be NULL.
 */
typedef struct ArmCpuHooks {
    /* A semihosting call (r0 op, r1 argument); returns false if disabled. */
    bool (*semihost)(ArmCpu *cpu, void *opaque);
    void *semihost_opaque;
    /* An exception was taken: its name, the link it left, the vector. */
    void (*exception)(ArmCpu *cpu, const char *name, uint32_t lr,
                      uint32_t vector, void *opaque);
    /* Before each instruction while cpu->trace_insns; @decoded: the word
     * was just decoded (first seen). */
    void (*insn)(ArmCpu *cpu, uint32_t pc, uint32_t word, bool decoded,
                 void *opaque);
    /* Something unimplemented, or a guest error, worth a log line. */
    void (*report)(ArmCpu *cpu, ArmReport kind, const char *msg,
                   void *opaque);
    /* What the event hooks (all but semihost and hvc) get. */
    void *opaque;
    /*
     * An HVC from PL1 (imm16 its immediate), which the machine serves as
     * firmware would (PSCI); returns false to leave it UNDEFINED, as it is
     * on a CPU without the Virtualization Extensions.
     */
    bool (*hvc)(ArmCpu *cpu, uint32_t imm16, void *opaque);
    void *hvc_opaque;
} ArmCpuHooks;

/* The most CPUs one cluster (and the GICv2) has. */
#define ARM_MAX_CPUS 8

/*
 * What the CPUs of one cluster share (cluster.c): the global exclusive
 * monitor and the event signal SEV sends. @excl_marked has bit i set while
 * CPU i holds an exclusive mark.
 */
typedef struct ArmCluster {
    ArmCpu *cpus[ARM_MAX_CPUS];
    unsigned nr_cpus;
    uint32_t excl_marked;
} ArmCluster;

struct ArmCpu {
    /*
     * r[15] holds the address of the executing instruction + 8 while an
     * instruction runs (the value A32 reads as PC) and next_pc where it
     * goes next; between instructions r[15] is the next PC.
     */
    uint32_t r[16];
    uint32_t next_pc;
    /*
     * Why the A32 loop must look beyond the next instruction (ARM_FLOW_*),
     * one 16-bit word it tests after each instruction. Always changed
     * with 16-bit operations (arm_set_next_pc, arm_request_exit): a
     * narrower store would not forward to that load and stall it.
     */
    uint16_t flow;
    /* Flags as QEMU keeps them: N = nf[31], Z = (zf == 0), C = cf, V = vf[31]. */
    uint32_t nf, zf, cf, vf;
    uint32_t qf;
    uint32_t ge;
    /* The rest of CPSR: M, T, F, I, A, E, IT, J. */
    uint32_t cpsr_ctl;
    uint32_t spsr;

    uint32_t bank_r13[ARM_NR_BANKS];
    uint32_t bank_r14[ARM_NR_BANKS];
    uint32_t bank_spsr[ARM_NR_BANKS];
    uint32_t usr_r8_12[5];
    uint32_t fiq_r8_12[5];

    /* Local exclusive monitor: the address marked, or UINT64_MAX. */
    uint64_t excl_addr;
    uint64_t excl_val;
    unsigned excl_size;
    /* The marked location as the global monitor knows it (cluster.c). */
    uint64_t excl_key;
    /* Another CPU of the cluster holds a mark: stores must be checked. */
    bool excl_watch;
    /* The cluster this CPU belongs to (NULL: a CPU on its own). */
    ArmCluster *cluster;
    /* The Event Register (B1.8.13), and halted in WFE rather than WFI. */
    bool event;
    bool in_wfe;

    bool has_security;
    /* Affinity level 0 in MPIDR: the CPU's number in its cluster. */
    unsigned cpu_index;
    /* How many CPUs the cluster has (L2CTLR). */
    unsigned nr_cpus;
    /* The private peripheral base the board reports in CBAR. */
    uint32_t cbar;
    ArmCp15 cp15;
    ArmDebugRegs dbg;
    ArmVfp vfp;
    const Cp15Registry *cp15_regs;

    AddressSpace *as[2];
    ArmTlb *tlb;
    /*
     * The page instructions come from: its virtual address and host
     * memory, so sequential fetches skip the TLB. Dropped (fetch_page =
     * ARM_TLB_INVALID) on every TLB flush and mode change.
     */
    uint32_t fetch_page;
    uint8_t *fetch_host;
    /*
     * The MMU index (tlb.h) of the current security state and privilege,
     * kept with the fetch page: whatever changes either drops the fetch
     * page, which sets this again, so loads and stores look up their
     * TLB row without deriving it from CPSR.M and SCR.NS each time.
     */
    uint8_t regime_idx;
    /* That index's row of TLB entries. */
    const struct ArmTlbEntry *tlb_row;
    ArmDecodeCache *dcache;
    ArmCpuHooks hooks;

    bool halted;
    bool stop;
    /* The levels of the IRQ and FIQ inputs (arm_cpu_irq_input). */
    bool irq_line;
    bool fiq_line;
    uint64_t insns;
    /*
     * With count_insns, how many instructions the current arm_cpu_run has
     * completed before the executing one, kept up to date for a clock
     * that counts instructions (-icount).
     */
    bool count_insns;
    uint64_t run_insns;
    /* Call hooks.insn before every instruction. */
    bool trace_insns;
    /* Keep RAM out of the TLB, so every access reaches the address
     * spaces (and their observers). */
    bool no_fast_path;

    /*
     * The generic timer. @clock_ns: the machine's time in nanoseconds
     * since it started (NULL: time stands still at 0); the counter runs at
     * CNTFRQ's reset value, 62.5 MHz. @gt_irq: each timer's output
     * (ENABLE && !IMASK && ISTATUS), wired by the board to its PPI.
     */
    uint64_t (*clock_ns)(void *opaque);
    void *clock_opaque;
    ArmGTimer gt[ARM_GT_NR];
    IrqLine gt_irq[ARM_GT_NR];
    bool gt_level[ARM_GT_NR];
};

/*
 * ArmCpu.flow: BRANCHED, next_pc holds where execution goes instead of
 * the next instruction (the A32 loop keeps sequential PCs in a register
 * and reads next_pc only then); EXIT, the run of instructions in one page
 * must end (the fetch page dropped, a stop, WFI, an unmasked interrupt).
 */
enum { ARM_FLOW_BRANCHED = 1, ARM_FLOW_EXIT = 2 };

/* Execution goes to @pc after this instruction. */
static inline void arm_set_next_pc(ArmCpu *cpu, uint32_t pc)
{
    cpu->next_pc = pc;
    cpu->flow |= ARM_FLOW_BRANCHED;
}

/* Ends the current run of instructions after this one. */
static inline void arm_request_exit(ArmCpu *cpu)
{
    cpu->flow |= ARM_FLOW_EXIT;
}

static inline bool arm_exit_requested(const ArmCpu *cpu)
{
    return cpu->flow & ARM_FLOW_EXIT;
}

/* The CPU's interrupt inputs, in the shape of an IRQ line handler. */
enum { ARM_CPU_IRQ = 0, ARM_CPU_FIQ = 1 };

/**
 * arm_cpu_irq_input - set input @n (ARM_CPU_IRQ or ARM_CPU_FIQ) of the CPU
 * at @opaque to @level. An asserted input is taken at the next instruction
 * boundary unless CPSR.I or CPSR.F masks it, and wakes the CPU from WFI
 * even when masked (B1.8.13).
 */
void arm_cpu_irq_input(void *opaque, int n, int level);

/* WFI (B1.8.13): sleep until an interrupt is pending; one already
 * pending, masked or not, ends it at once. */
static inline void arm_cpu_wait_for_interrupt(ArmCpu *cpu)
{
    cpu->halted = !cpu->irq_line && !cpu->fiq_line;
    cpu->in_wfe = false;
    arm_request_exit(cpu);
}

/**
 * arm_hvc - the HVC instruction (A32 and T32 alike) with immediate @imm16:
 * UNDEFINED in User mode and, unless hooks.hvc serves it, everywhere (no
 * Virtualization Extensions, B1.7).
 */
void arm_hvc(ArmCpu *cpu, uint32_t imm16);

/* Asks the CPU to stop at the next instruction boundary (machine exit). */
static inline void arm_cpu_stop(ArmCpu *cpu)
{
    cpu->stop = true;
    arm_request_exit(cpu);
}


/**
 * arm_gtimer_update - drive each generic timer output to its level at the
 * current time. The CPU does it itself when a timer register changes; the
 * machine does it as time passes (between runs, after waiting).
 */
void arm_gtimer_update(ArmCpu *cpu);

/**
 * arm_gtimer_deadline_ns - the earliest time (on the clock_ns scale) at
 * which an output that is low now will rise, or UINT64_MAX when none will
 * without a register write.
 */
uint64_t arm_gtimer_deadline_ns(const ArmCpu *cpu);

/* Tells the machine through hooks.report (printf-style). */
void arm_report(ArmCpu *cpu, ArmReport kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * arm_cpu_new - a Cortex-A15 core. @ns serves Non-secure accesses; @s
 * Secure ones (NULL: the board wired only `memory`, which then serves both).
 * @has_security: the Security Extensions (without them the CPU is always
 * Non-secure and SMC is UNDEFINED).
 */
ArmCpu *arm_cpu_new(AddressSpace *ns, AddressSpace *s, bool has_security);
void arm_cpu_free(ArmCpu *cpu);
/** arm_cpu_reset - the architected reset: Secure SVC (or SVC), A/I/F set. */
void arm_cpu_reset(ArmCpu *cpu, uint32_t pc);
/*
 * Leaves a CPU with the Security Extensions as boot firmware does for a
 * Non-secure OS (QEMU's emulated firmware, boards.md 1.4): SCR.NS set,
 * NSACR.CP10/CP11 giving the Non-secure world the FPU. Nothing when the
 * CPU has no Security Extensions.
 */
void arm_cpu_enter_nonsecure(ArmCpu *cpu);
/** arm_cpu_run - execute up to @budget instructions. */
ArmExit arm_cpu_run(ArmCpu *cpu, uint64_t budget);

/**
 * arm_cpu_memory_rw - read or write guest memory as the CPU's current mode
 * and security state would (used by semihosting): the address space and
 * attributes it would use, no abort taken.
 */
MemTxResult arm_cpu_memory_rw(ArmCpu *cpu, uint32_t va, void *buf,
                              uint32_t len, bool is_write);

/* State queries and changes shared by the execution files. */
uint32_t arm_cpsr_read(const ArmCpu *cpu);
/* Writes the bits of @mask; a mode change switches register banks. */
void arm_cpsr_write(ArmCpu *cpu, uint32_t val, uint32_t mask);
void arm_switch_mode(ArmCpu *cpu, unsigned new_mode);
bool arm_mode_valid(const ArmCpu *cpu, unsigned mode);
static inline unsigned arm_mode(const ArmCpu *cpu)
{
    return cpu->cpsr_ctl & CPSR_M;
}
/* Secure iff in Monitor mode or SCR.NS is clear (ARM ARM B1.5.1). */
static inline bool arm_is_secure(const ArmCpu *cpu)
{
    return cpu->has_security &&
           (arm_mode(cpu) == ARM_MODE_MON || !(cpu->cp15.scr & SCR_NS));
}
static inline bool arm_is_user(const ArmCpu *cpu)
{
    return arm_mode(cpu) == ARM_MODE_USR;
}
/* The cp15 bank the current state uses for translation and exceptions. */
static inline int arm_bank(const ArmCpu *cpu)
{
    return arm_is_secure(cpu) ? 1 : 0;
}

/* The MMU index of the current state: bit 1 Secure, bit 0 User. */
static inline unsigned arm_regime_idx_of_state(const ArmCpu *cpu)
{
    return (arm_is_secure(cpu) ? 2u : 0u) | (arm_is_user(cpu) ? 1u : 0u);
}

/*
 * Forgets the fetch page (mapping, privilege or security changed) and
 * takes the current MMU index and TLB row afresh (tlb.c).
 */
void arm_cpu_drop_fetch_page(ArmCpu *cpu);
ArmBank arm_bank_of_mode(unsigned mode);
/*
 * Reads/writes register @reg (0-14, or 16 for the SPSR) of @mode's bank
 * whatever the current mode (MRS/MSR banked forms, LDM/STM user bank).
 */
uint32_t arm_banked_reg_read(ArmCpu *cpu, unsigned mode, unsigned reg);
void arm_banked_reg_write(ArmCpu *cpu, unsigned mode, unsigned reg,
                          uint32_t val);

#endif
