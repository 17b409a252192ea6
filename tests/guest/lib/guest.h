/*
 * Helpers shared by the guest tests: cp15 and PSR access, an exception
 * vector table (lib/vectors.S) whose handlers record what was taken and
 * return past the faulting instruction (lib/exc.c), mode switches, and a
 * Monitor vector table with a small SMC protocol for the secure tests.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#define MRC(op1, crn, crm, op2)                                              \
    ({                                                                     \
        uint32_t v_;                                                       \
        __asm__ volatile("mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 \
                         : "=r"(v_));                                      \
        v_;                                                                \
    })

#define MCR(op1, crn, crm, op2, v)                                           \
    __asm__ volatile("mcr p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 \
                     "\n\tisb"                                             \
                     :                                                     \
                     : "r"((uint32_t)(v))                                  \
                     : "memory")

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_MON 0x16
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define MODE_SYS 0x1f

#define SCTLR_A (1u << 1)
#define SCTLR_V (1u << 13)
#define SCR_NS 1u

static inline uint32_t cpsr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

static inline uint32_t spsr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, spsr" : "=r"(v));
    return v;
}

/* Exception kinds recorded by the handlers (Monitor ones have bit 4). */
enum {
    EXC_NONE = 0,
    EXC_UND = 1,
    EXC_SVC = 2,
    EXC_PABT = 3,
    EXC_DABT = 4,
    EXC_IRQ = 6,
    EXC_FIQ = 7,
    EXC_MON_SMC = 0x12,
    EXC_MON_PABT = 0x13,
    EXC_MON_DABT = 0x14,
    EXC_MON_IRQ = 0x16,
    EXC_MON_FIQ = 0x17,
};

/* What the handler's assembly pushes: r0-r12 and LR are those of the
 * interrupted code (LR is the mode's banked one); lr is where the handler
 * returns, spsr what it restores. A hook may change any of them. */
typedef struct ExcFrame {
    uint32_t type;
    uint32_t spsr;
    uint32_t r[13];
    uint32_t lr;
} ExcFrame;

typedef struct ExcRecord {
    uint32_t count;   /* exceptions taken since exc_clear() */
    uint32_t type;    /* EXC_* */
    uint32_t cpsr;    /* in the handler */
    uint32_t lr;      /* the banked LR on entry */
    uint32_t spsr;
    uint32_t dfsr, dfar, ifsr, ifar;
    uint32_t scr;     /* Monitor exceptions only */
    uint32_t imm;     /* SVC: the comment field */
} ExcRecord;

extern volatile ExcRecord exc_last;
/* If non-zero, the next handler returns there instead of past the
 * faulting instruction (then it is cleared). */
extern volatile uint32_t exc_resume;
/* Called last by every handler, if set. */
extern void (*volatile exc_hook)(ExcFrame *f);

extern char exc_vectors[];
extern char exc_vectors2[]; /* same handlers, another address */
extern char mon_vectors[];

/* Points this world's VBAR at exc_vectors and clears SCTLR.V. */
void exc_install(void);
void exc_clear(void);
/* Prints "what: none" or the last exception, LR as an offset from @insn
 * (the faulting instruction's address) when insn is non-zero. Clears. */
void exc_print(const char *what, uint32_t insn);
/* If non-zero, exc_print shows DFAR as an offset from it. */
extern uint32_t exc_far_base;
const char *mode_name(uint32_t mode);
/* "NZCVQ" letters, '-' for clear bits. */
const char *flags_str(uint32_t psr);

/* Runs the instruction(s) @insn with r0 = a, r1 = b (r2-r5 are scratch)
 * and returns the address of the first one; r0 afterwards is left in
 * try_r0. Meant for instructions that may raise an exception. */
extern uint32_t try_r0;
#define TRY(insn, a, b)                                                      \
    ({                                                                       \
        uint32_t at_;                                                        \
        register uint32_t r0_ __asm__("r0") = (a);                           \
        register uint32_t r1_ __asm__("r1") = (b);                           \
        __asm__ volatile("adr %[at], 1f\n1:\t" insn                          \
                         : [at] "=&r"(at_), "+r"(r0_), "+r"(r1_)             \
                         :                                                   \
                         : "r2", "r3", "r4", "r5", "memory", "cc");          \
        try_r0 = r0_;                                                        \
        at_;                                                                 \
    })

/* SVC with this comment field returns to SVC mode (used to leave User
 * mode and other modes); it is not recorded. */
#define SVC_TO_SVC 0xf0
/* Runs fn(arg) in @mode (User, System, Abort, Undefined, ...) with that
 * mode's stack, then comes back to SVC mode; returns fn's value. Only
 * callable from SVC mode. */
uint32_t run_in_mode(uint32_t mode, uint32_t (*fn)(uint32_t), uint32_t arg);

/* The Monitor's SMC protocol (r0 = command, r1 = argument, result in r0):
 * see mon_smc_dispatch in lib/exc.c. */
enum {
    SMC_NOP = 0,     /* returns SCR */
    SMC_TO_NS = 1,   /* SCR.NS = 1: return to the caller's mode, Non-secure */
    SMC_TO_S = 2,    /* SCR.NS = 0 */
    SMC_SET_SCR = 3, /* SCR = r1 */
    SMC_RUN = 4,     /* returns r1(r2), run in Monitor mode */
};
/* Sets MVBAR to mon_vectors and gives Monitor mode a stack. */
void mon_install(void);
uint32_t smc_call(uint32_t cmd, uint32_t a1, uint32_t a2);

#endif
