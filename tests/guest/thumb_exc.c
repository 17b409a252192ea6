/*
 * Thumb state and its exceptions (built as Thumb code): SVC, UDF (16- and
 * 32-bit), BKPT, SMC (UNDEFINED without the Security Extensions), data
 * aborts (unassigned address, alignment) and prefetch aborts (unassigned
 * target) with the Thumb link offsets and SPSR.T; an SVC inside an IT
 * block returning into it, a data abort inside one retried; a 32-bit
 * instruction straddling two pages; interworking both ways (BLX, BX, LDR
 * PC, POP, MOV PC which stays in Thumb state); RFE and SRS; CPS, MRS/MSR
 * and banked MRS; the exclusives with offsets and two registers;
 * exceptions taken to Thumb state with SCTLR.TE; semihosting by SVC 0xAB.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"
#include "lib/thumb.h"

#define UNASSIGNED 0x09100000u
#define RAM_END 0x48000000u /* -m 128M */
#define PSR_T (1u << 5)

static uint32_t buf[8] __attribute__((aligned(8)));
/* Two pages for code written at run time. */
static uint16_t code[4096] __attribute__((aligned(4096)));

/* Added to the return address by the next handler (then cleared). */
static volatile int32_t lr_fix;
static void fix_lr(ExcFrame *f)
{
    f->lr += (uint32_t)lr_fix;
    lr_fix = 0;
}

static void test_basic(void)
{
    printf("-- SVC, UDF, BKPT, aborts from Thumb\n");
    exc_print("svc #0x42", TRY("svc #0x42", 0, 0));
    exc_print("udf #7", TRY("udf #7", 0, 0));
    lr_fix = 2;
    exc_print("udf.w #0x1234", TRY("udf.w #0x1234", 0, 0));
    exc_print("bkpt #3", TRY("bkpt #3\n\tnop", 0, 0));
    /* No Security Extensions here: SMC is UNDEFINED, LR insn+2 again. */
    lr_fix = 2;
    exc_print("smc #0", TRY(".arch_extension sec\n\tsmc #0", 0, 0));
    exc_print("ldr (16-bit) unassigned",
              TRY("ldr r2, [r0]\n\tnop", UNASSIGNED, 0));
    exc_print("str.w unassigned", TRY("str.w r2, [r0, #8]", UNASSIGNED, 0));
    exc_print("ldrd unaligned", TRY("ldrd r2, r3, [r0]", (uint32_t)buf + 2, 0));
}

static void test_pabt(void)
{
    printf("-- prefetch aborts\n");
    branch_and_resume(UNASSIGNED | 1);
    exc_print("bx unassigned", 0);
    branch_and_resume(RAM_END | 1);
    exc_print("bx end of RAM", 0);
}

/* MOVW r0, #0x1234 across a page boundary, then BX LR. */
static void test_straddle(void)
{
    static const uint16_t insn[3] = { 0xf241, 0x2034, 0x4770 };
    uint16_t *at = &code[2048 - 1];
    for (int i = 0; i < 3; i++) {
        at[i] = insn[i];
    }
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    uint32_t (*fn)(void) = (uint32_t(*)(void))((uint32_t)at | 1);
    printf("-- across a page: movw at %03x returns %08x\n",
           (unsigned)((uint32_t)at & 0xfff), (unsigned)fn());
}

static void retry_aligned(ExcFrame *f)
{
    f->r[4] &= ~3u;
    f->lr -= 4;
}

static void test_it(void)
{
    printf("-- exceptions in IT blocks\n");
    uint32_t r1, at;
    __asm__ volatile("movs r1, #0\n\t"
                     "adr %[at], 1f\n\t"
                     "cmp r1, #0\n\t"
                     "itete eq\n"
                     "1:\tsvceq #0x11\n\t"
                     "movne r1, #1\n\t"
                     "addeq r1, r1, #2\n\t"
                     "movne r1, #3\n\t"
                     "mov %[r1], r1"
                     : [r1] "=r"(r1), [at] "=&r"(at)
                     :
                     : "r1", "memory", "cc");
    exc_print("svceq in itete", at);
    printf("r1 after the block: %u\n", (unsigned)r1);

    uint32_t r2, r3;
    exc_hook = retry_aligned;
    __asm__ volatile("mov r4, %[p]\n\t"
                     "movs r2, #0\n\t"
                     "adr %[at], 1f\n\t"
                     "cmp r2, #0\n\t"
                     "ite eq\n"
                     "1:\tldrdeq r2, r3, [r4]\n\t"
                     "movne r2, #7\n\t"
                     "mov %[r2], r2\n\t"
                     "mov %[r3], r3"
                     : [r2] "=r"(r2), [r3] "=r"(r3), [at] "=&r"(at)
                     : [p] "r"((uint32_t)buf + 2)
                     : "r2", "r3", "r4", "memory", "cc");
    exc_hook = fix_lr;
    exc_print("ldrdeq unaligned, retried", at);
    printf("loaded %08x %08x\n", (unsigned)r2, (unsigned)r3);
}

/* A32 code for the interworking tests. */
__asm__(".arm\n"
        ".type arm_add, %function\n"
        "arm_add:\n\t"
        "add r0, r0, r1\n\t"
        "bx lr\n"
        /* Calls the Thumb function r1 with r0, returns its result + 1. */
        ".type arm_call, %function\n"
        "arm_call:\n\t"
        "push {r4, lr}\n\t"
        "blx r1\n\t"
        "add r0, r0, #1\n\t"
        "pop {r4, pc}\n"
        /* Sets r0 to 0x55 and returns to lr by LDR PC. */
        "arm_ldr_pc:\n\t"
        "mov r0, #0x55\n\t"
        "str lr, [sp, #-4]!\n\t"
        "ldr pc, [sp], #4\n"
        ".thumb\n");
uint32_t arm_add(uint32_t a, uint32_t b);
uint32_t arm_call(uint32_t a, uint32_t (*fn)(uint32_t));
extern char arm_ldr_pc[];

static uint32_t thumb_double(uint32_t x)
{
    return 2 * x;
}

static void test_interworking(void)
{
    printf("-- interworking\n");
    printf("thumb -> arm (blx): %u\n", (unsigned)arm_add(40, 2));
    printf("arm -> thumb (blx reg) -> arm: %x\n",
           (unsigned)arm_call(5, thumb_double));
    uint32_t r0;
    __asm__ volatile("adr r3, 1f\n\t"
                     "orr r3, r3, #1\n\t"
                     "mov lr, r3\n\t"
                     "movw r2, #:lower16:arm_ldr_pc\n\t"
                     "movt r2, #:upper16:arm_ldr_pc\n\t"
                     "mov r0, #0xff\n\t"
                     "push {r2}\n\t"
                     "pop {pc}\n\t"
                     ".balign 4\n"
                     "1:\tmov %[r0], r0"
                     : [r0] "=r"(r0)
                     :
                     : "r0", "r2", "r3", "lr", "memory");
    printf("pop {pc} to A32, ldr pc back: r0 %x\n", (unsigned)r0);
    /* MOV PC in Thumb state is BranchWritePC: bit 0 clear stays Thumb
     * (the Thumb MOVS at the target would be another instruction in A32). */
    __asm__ volatile("adr r0, 1f\n\t"
                     "mov pc, r0\n\t"
                     "nop\n\t"
                     ".balign 4\n"
                     "1:\tmovs %[r0], #0x66\n\t"
                     "nop"
                     : [r0] "=l"(r0)
                     :
                     : "r0", "cc");
    printf("mov pc, even address: %x\n", (unsigned)r0);
}

static void test_psr(void)
{
    printf("-- PSR, CPS, RFE, SRS\n");
    uint32_t psr;
    __asm__ volatile("cpsid if\n\tmrs %0, cpsr\n\tcpsie f" : "=r"(psr));
    printf("cpsid if: aif=%x\n", (unsigned)(psr >> 6) & 7);
    __asm__ volatile("cps #0x1f\n\tmrs %0, cpsr\n\tcps #0x13" : "=r"(psr));
    printf("cps #sys: mode %s, T as MRS reads it %x\n", mode_name(psr),
           (unsigned)(psr & PSR_T));
    __asm__ volatile("mrs %0, cpsr\n\tbic %0, %0, #0x1f\n\t"
                     "orr %0, %0, #0x1b\n\tmsr cpsr_c, %0\n\t"
                     "mrs %0, cpsr\n\tcps #0x13"
                     : "=&r"(psr));
    printf("msr cpsr_c: mode %s\n", mode_name(psr));
    lr_fix = 2;
    exc_print("mrs banked r8_usr",
              TRY(".arch_extension virt\n\tmrs r0, r8_usr", 0, 0));
    uint32_t pc, want, spsr;
    __asm__ volatile("msr spsr_fsxc, %[v]\n\t"
                     "adr %[want], 1f\n\t"
                     "mov lr, %[want]\n\t"
                     "srsdb sp!, #0x13\n\t"
                     "ldr %[pc], [sp]\n\t"
                     "ldr %[spsr], [sp, #4]\n\t"
                     "add sp, sp, #8\n"
                     "1:"
                     : [pc] "=&r"(pc), [want] "=&r"(want), [spsr] "=&r"(spsr)
                     : [v] "r"(0x800001d3u)
                     : "lr", "memory");
    printf("srsdb: lr %s, spsr %08x\n", pc == want ? "saved" : "wrong",
           (unsigned)spsr);
    __asm__ volatile("mrs r1, cpsr\n\t"
                     "orr r1, r1, #0x20\n\t"
                     "adr r0, 1f\n\t"
                     "push {r0, r1}\n\t"
                     "rfeia sp!\n\t"
                     "udf #1\n\t"
                     ".balign 4\n"
                     "1:\tmrs %[p], cpsr"
                     : [p] "=r"(psr)
                     :
                     : "r0", "r1", "memory", "cc");
    printf("rfeia to Thumb: mode %s\n", mode_name(psr));
    exc_print("after rfe", 0);
}

static void test_exclusive(void)
{
    printf("-- exclusives\n");
    uint32_t v, st, lo, hi;
    buf[1] = 0x11111111;
    __asm__ volatile("ldrex %[v], [%[b], #4]\n\t"
                     "strex %[st], %[n], [%[b], #4]"
                     : [v] "=&r"(v), [st] "=&r"(st)
                     : [b] "r"(buf), [n] "r"(0x22222222u)
                     : "memory");
    printf("ldrex/strex #4: %08x status %u now %08x\n", (unsigned)v,
           (unsigned)st, (unsigned)buf[1]);
    buf[2] = 0x33333333;
    buf[3] = 0x44444444;
    __asm__ volatile("ldrexd %[lo], %[hi], [%[b]]\n\t"
                     "strexd %[st], %[hi], %[lo], [%[b]]"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [st] "=&r"(st)
                     : [b] "r"(&buf[2])
                     : "memory");
    printf("ldrexd/strexd swapped: status %u now %08x %08x\n", (unsigned)st,
           (unsigned)buf[2], (unsigned)buf[3]);
    __asm__ volatile("clrex\n\tstrexb %[st], %[n], [%[b]]"
                     : [st] "=&r"(st)
                     : [b] "r"(buf), [n] "r"(1u)
                     : "memory");
    printf("strexb after clrex: status %u\n", (unsigned)st);
}

/* A vector table of Thumb code for SCTLR.TE: each entry a 32-bit B. */
__asm__(".thumb\n"
        ".balign 32\n"
        "te_vectors:\n\t"
        "b.w .\n\t"
        "b.w te_handler\n\t"
        "b.w te_handler\n\t"
        "b.w .\n\t"
        "b.w .\n\t"
        "b.w .\n\t"
        "b.w .\n\t"
        "b.w .\n"
        /* Records CPSR, LR and SPSR, returns to LR (the next instruction
         * for SVC and for a 16-bit UDF). */
        ".thumb_func\n"
        "te_handler:\n\t"
        "push {r0, r1}\n\t"
        "ldr r0, =te_seen\n\t"
        "mrs r1, cpsr\n\t"
        "str r1, [r0]\n\t"
        "str lr, [r0, #4]\n\t"
        "mrs r1, spsr\n\t"
        "str r1, [r0, #8]\n\t"
        "pop {r0, r1}\n\t"
        "subs pc, lr, #0\n\t"
        ".ltorg\n"
        ".arm\n"
        ".type arm_svc, %function\n"
        "arm_svc:\n\t"
        "push {lr}\n\t"
        "svc #1\n\t"
        "pop {pc}\n"
        ".thumb\n");
extern char te_vectors[];
void arm_svc(void);
volatile uint32_t te_seen[3];

static void te_print(const char *what, uint32_t insn)
{
    printf("%s: handler cpsr mode %s T %x, lr=insn%+d, spsr %08x\n", what,
           mode_name(te_seen[0]), (unsigned)(te_seen[0] & PSR_T),
           (int)(te_seen[1] - insn), (unsigned)te_seen[2]);
}

static void test_te(void)
{
    printf("-- SCTLR.TE\n");
    MCR(0, 12, 0, 0, (uint32_t)te_vectors);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | (1u << 30));
    uint32_t at;
    __asm__ volatile("adr %[at], 1f\n"
                     "1:\tsvc #2"
                     : [at] "=r"(at)
                     :
                     : "lr", "memory");
    te_print("svc from Thumb", at);
    __asm__ volatile("adr %[at], 1f\n"
                     "1:\tudf #2"
                     : [at] "=r"(at)
                     :
                     : "lr", "memory");
    te_print("udf from Thumb", at);
    arm_svc();
    te_print("svc from A32", (uint32_t)arm_svc + 4);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~(1u << 30));
    exc_install();
}

/* Semihosting from Thumb state is SVC 0xAB: SYS_WRITE0. */
static void test_semihosting(void)
{
    static const char msg[] = "-- semihosting: SYS_WRITE0 from Thumb\n";
    register uint32_t r0 __asm__("r0") = 4;
    register const char *r1 __asm__("r1") = msg;
    __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory");
    exc_print("svc 0xab", 0);
}

int main(void)
{
    exc_install();
    exc_hook = fix_lr;
    printf("start: T %x\n", (unsigned)(cpsr_read() & PSR_T));
    test_basic();
    test_pabt();
    test_straddle();
    test_it();
    test_interworking();
    test_psr();
    test_exclusive();
    test_te();
    fflush(stdout);
    test_semihosting();
    printf("done\n");
    return 0;
}
