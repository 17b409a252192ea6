/*
 * A32 loads and stores: every addressing mode of LDR/STR (immediate,
 * register, scaled register; offset, pre-indexed, post-indexed; up and
 * down), byte/halfword/signed/doubleword forms, the unprivileged T forms
 * from SVC mode, LDM/STM in all four modes with and without writeback,
 * loads of the PC, the stored value of the PC, the user-bank STM^/LDM^
 * from SVC and FIQ mode, LDREX/STREX (word, byte, halfword, doubleword)
 * succeeding and failing, big-endian data after SETEND BE, and what
 * SWP/SWPB do on this CPU.
 * Addresses print as offsets from the base the instruction started with.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/guest.h"

static uint8_t buf[64] __attribute__((aligned(8)));
#define BASE ((uint32_t)(buf + 32))

static void fill(void)
{
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)(i * 0x25 + 0x10);
    }
}

/* Prints the words of buf that differ from the pattern, then refills. */
static void changes(void)
{
    uint8_t ref[64];
    for (int i = 0; i < 64; i++) {
        ref[i] = (uint8_t)(i * 0x25 + 0x10);
    }
    printf(" mem:");
    int any = 0;
    for (int i = 0; i < 64; i += 4) {
        if (memcmp(buf + i, ref + i, 4)) {
            uint32_t w;
            memcpy(&w, buf + i, 4);
            printf(" [%+d]=%08x", i - 32, (unsigned)w);
            any = 1;
        }
    }
    printf("%s\n", any ? "" : " unchanged");
    fill();
}

/* Prints an instruction template with its operands named: rt (and rt2)
 * the value, rn the base, rm the index. */
static void pretty(const char *insn)
{
    static const struct {
        const char *from, *to;
    } names[] = {
        { "%[v], %H[v]", "rt, rt2" }, { "%[d], %H[d]", "rt, rt2" },
        { "%[v]", "rt" }, { "%[w]", "rt" }, { "%[b]", "rn" }, { "%[i]", "rm" },
    };
    char out[64];
    int n = 0;
    while (*insn && n < 62) {
        int done = 0;
        for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
            size_t l = strlen(names[k].from);
            if (!strncmp(insn, names[k].from, l)) {
                for (const char *t = names[k].to; *t && n < 62; t++) {
                    out[n++] = *t;
                }
                insn += l;
                done = 1;
                break;
            }
        }
        if (!done) {
            out[n++] = *insn++;
        }
    }
    out[n] = '\0';
    printf("%-26s", out);
}

/* Loads: %[v] gets the value, %[b] is the base (in/out), %[i] an index. */
#define LD(fname, insn)                                                      \
    static void fname(uint32_t idx, uint32_t fin, uint32_t badj)             \
    {                                                                        \
        uint32_t v, b = BASE - badj;                                         \
        __asm__ volatile("msr APSR_nzcvq, %[f]\n\t" insn                     \
                         : [v] "=&r"(v), [b] "+&r"(b)                        \
                         : [i] "r"(idx), [f] "r"(fin)                        \
                         : "cc", "memory");                                  \
        pretty(insn);                                                        \
        printf(" rm=%08x -> %08x rn%+d\n", (unsigned)idx, (unsigned)v,        \
               (int)(b - (BASE - badj)));                                    \
    }

/* Stores of 0xa1b2c3d4 (STRD: 0x11223344 then 0x55667788). */
#define ST(fname, insn)                                                      \
    static void fname(uint32_t idx)                                          \
    {                                                                        \
        uint32_t b = BASE;                                                   \
        uint64_t v = 0x5566778811223344ull;                                  \
        uint32_t w = 0xa1b2c3d4;                                             \
        (void)v, (void)w;                                                    \
        __asm__ volatile(insn                                                \
                         : [b] "+&r"(b)                                      \
                         : [i] "r"(idx), [w] "r"(w), [d] "r"(v)              \
                         : "memory");                                        \
        pretty(insn);                                                        \
        printf(" rm=%08x -> rn%+d", (unsigned)idx, (int)(b - BASE));          \
        changes();                                                           \
    }

/* Doubleword loads into an even/odd register pair. */
#define LDD(fname, insn)                                                     \
    static void fname(uint32_t idx)                                          \
    {                                                                        \
        uint64_t v;                                                          \
        uint32_t b = BASE;                                                   \
        __asm__ volatile(insn                                                \
                         : [v] "=&r"(v), [b] "+&r"(b)                        \
                         : [i] "r"(idx)                                      \
                         : "memory");                                        \
        pretty(insn);                                                        \
        printf(" rm=%08x -> %08x %08x rn%+d\n", (unsigned)idx, (unsigned)v,   \
               (unsigned)(v >> 32), (int)(b - BASE));                        \
    }

LD(ld_imm, "ldr %[v], [%[b], #4]")
LD(ld_imm_neg, "ldr %[v], [%[b], #-8]")
LD(ld_imm_pre, "ldr %[v], [%[b], #12]!")
LD(ld_imm_pre_neg, "ldr %[v], [%[b], #-12]!")
LD(ld_imm_post, "ldr %[v], [%[b]], #8")
LD(ld_imm_post_neg, "ldr %[v], [%[b]], #-4")
LD(ld_reg, "ldr %[v], [%[b], %[i]]")
LD(ld_reg_neg, "ldr %[v], [%[b], -%[i]]")
LD(ld_reg_pre, "ldr %[v], [%[b], %[i]]!")
LD(ld_reg_post_neg, "ldr %[v], [%[b]], -%[i]")
LD(ld_lsl2, "ldr %[v], [%[b], %[i], lsl #2]")
LD(ld_lsl2_neg_pre, "ldr %[v], [%[b], -%[i], lsl #2]!")
LD(ld_lsr1, "ldr %[v], [%[b], %[i], lsr #1]")
LD(ld_asr1, "ldr %[v], [%[b], %[i], asr #1]")
LD(ld_asr32, "ldr %[v], [%[b], %[i], asr #32]")
LD(ldb_asr32, "ldrb %[v], [%[b], %[i], asr #32]")
LD(ld_lsr32, "ldr %[v], [%[b], %[i], lsr #32]")
LD(ld_ror8, "ldr %[v], [%[b], %[i], ror #8]")
LD(ld_rrx, "ldr %[v], [%[b], %[i], rrx]")
LD(ld_lsl3_post, "ldr %[v], [%[b]], %[i], lsl #3")
LD(ldb_imm, "ldrb %[v], [%[b], #5]")
LD(ldb_reg_neg_pre, "ldrb %[v], [%[b], -%[i]]!")
LD(ldb_post, "ldrb %[v], [%[b]], #-1")
LD(ldb_scaled, "ldrb %[v], [%[b], %[i], lsl #1]")
LD(ldh_imm, "ldrh %[v], [%[b], #6]")
LD(ldh_imm_neg_pre, "ldrh %[v], [%[b], #-10]!")
LD(ldh_reg, "ldrh %[v], [%[b], %[i]]")
LD(ldh_reg_post, "ldrh %[v], [%[b]], -%[i]")
LD(ldsh_imm, "ldrsh %[v], [%[b], #2]")
LD(ldsh_reg_neg, "ldrsh %[v], [%[b], -%[i]]")
LD(ldsh_post, "ldrsh %[v], [%[b]], #14")
LD(ldsb_imm, "ldrsb %[v], [%[b], #3]")
LD(ldsb_imm_neg, "ldrsb %[v], [%[b], #-3]")
LD(ldsb_reg_pre, "ldrsb %[v], [%[b], %[i]]!")
LD(ldt, "ldrt %[v], [%[b]], #4")
LD(ldt_neg_reg, "ldrt %[v], [%[b]], -%[i]")
LD(ldt_scaled, "ldrt %[v], [%[b]], %[i], lsl #2")
LD(ldbt, "ldrbt %[v], [%[b]], #1")
LD(ldht, "ldrht %[v], [%[b]], #-2")
LD(ldsbt, "ldrsbt %[v], [%[b]], %[i]")
LD(ldsht, "ldrsht %[v], [%[b]], #2")

ST(st_imm, "str %[w], [%[b], #4]")
ST(st_imm_pre_neg, "str %[w], [%[b], #-16]!")
ST(st_post, "str %[w], [%[b]], #12")
ST(st_reg_neg, "str %[w], [%[b], -%[i]]")
ST(st_scaled_pre, "str %[w], [%[b], %[i], lsl #2]!")
ST(stb_imm, "strb %[w], [%[b], #3]")
ST(stb_post_reg, "strb %[w], [%[b]], -%[i]")
ST(sth_imm_neg, "strh %[w], [%[b], #-2]")
ST(sth_reg_pre, "strh %[w], [%[b], %[i]]!")
ST(sth_post, "strh %[w], [%[b]], #6")
ST(std_imm, "strd %[d], %H[d], [%[b], #8]")
ST(std_imm_pre_neg, "strd %[d], %H[d], [%[b], #-16]!")
ST(std_reg_post, "strd %[d], %H[d], [%[b]], %[i]")
ST(std_reg_neg, "strd %[d], %H[d], [%[b], -%[i]]")
ST(stt, "strt %[w], [%[b]], #4")
ST(stbt, "strbt %[w], [%[b]], -%[i]")
ST(stht, "strht %[w], [%[b]], #2")

LDD(ldd_imm, "ldrd %[v], %H[v], [%[b], #8]")
LDD(ldd_imm_neg_pre, "ldrd %[v], %H[v], [%[b], #-24]!")
LDD(ldd_post, "ldrd %[v], %H[v], [%[b]], #-8")
LDD(ldd_reg, "ldrd %[v], %H[v], [%[b], %[i]]")
LDD(ldd_reg_neg_post, "ldrd %[v], %H[v], [%[b]], -%[i]")

static void test_single(void)
{
    printf("-- LDR/STR addressing\n");
    ld_imm(0, 0, 0);
    ld_imm_neg(0, 0, 0);
    ld_imm_pre(0, 0, 0);
    ld_imm_pre_neg(0, 0, 0);
    ld_imm_post(0, 0, 0);
    ld_imm_post_neg(0, 0, 0);
    ld_reg(8, 0, 0);
    ld_reg(0xfffffff8, 0, 0);
    ld_reg_neg(4, 0, 0);
    ld_reg_pre(0xfffffffc, 0, 0);
    ld_reg_post_neg(12, 0, 0);
    ld_lsl2(3, 0, 0);
    ld_lsl2_neg_pre(2, 0, 0);
    ld_lsr1(0x18, 0, 0);
    ld_asr1(0xfffffff0, 0, 0);
    ldb_asr32(0x80000000, 0, 0);
    ld_asr32(0x7fffffff, 0, 0);
    ld_lsr32(0xffffffff, 0, 0);
    ld_ror8(0x00000c00, 0, 0);
    ld_rrx(0x10, 0, 0);
    ld_rrx(0x10, 1u << 29, 0x80000000);
    ld_lsl3_post(1, 0, 0);
    ldb_imm(0, 0, 0);
    ldb_reg_neg_pre(7, 0, 0);
    ldb_post(0, 0, 0);
    ldb_scaled(9, 0, 0);
    ldh_imm(0, 0, 0);
    ldh_imm_neg_pre(0, 0, 0);
    ldh_reg(0xfffffffe, 0, 0);
    ldh_reg_post(4, 0, 0);
    ldsh_imm(0, 0, 0);
    ldsh_reg_neg(6, 0, 0);
    ldsh_post(0, 0, 0);
    ldsb_imm(0, 0, 0);
    ldsb_imm_neg(0, 0, 0);
    ldsb_reg_pre(9, 0, 0);
    ldd_imm(0);
    ldd_imm_neg_pre(0);
    ldd_post(0);
    ldd_reg(0xfffffff8);
    ldd_reg(16);
    ldd_reg_neg_post(8);
    st_imm(0);
    st_imm_pre_neg(0);
    st_post(0);
    st_reg_neg(8);
    st_scaled_pre(3);
    stb_imm(0);
    stb_post_reg(5);
    sth_imm_neg(0);
    sth_reg_pre(0xfffffffa);
    sth_post(0);
    std_imm(0);
    std_imm_pre_neg(0);
    std_reg_post(0xfffffff8);
    std_reg_neg(24);
    printf("-- unprivileged (T) forms from SVC, MMU off\n");
    ldt(0, 0, 0);
    ldt_neg_reg(8, 0, 0);
    ldt_scaled(2, 0, 0);
    ldbt(0, 0, 0);
    ldht(0, 0, 0);
    ldsbt(0xfffffffd, 0, 0);
    ldsht(0, 0, 0);
    stt(0);
    stbt(3);
    stht(0);
}

/* The PC as a base, as a loaded value, as a stored value. */
static void test_pc(void)
{
    uint32_t v, insn, skipped = 0;
    static uint32_t lit __attribute__((used)) = 0x600dc0de;
    printf("-- PC\n");
    __asm__ volatile("adr %[a], 1f\n"
                     "1: str pc, [%[m]]\n"
                     : [a] "=&r"(insn)
                     : [m] "r"(buf)
                     : "memory");
    memcpy(&v, buf, 4);
    printf("str pc stores insn%+d\n", (int)(v - insn));
    fill();
    __asm__ volatile("adr %[a], 1f\n"
                     "1: stmia %[m], {%[a], pc}\n"
                     : [a] "=&r"(insn)
                     : [m] "r"(buf)
                     : "memory");
    memcpy(&v, buf + 4, 4);
    printf("stm {..,pc} stores insn%+d\n", (int)(v - insn));
    fill();
    __asm__ volatile("adr %[a], 1f\n"
                     "str %[a], [%[m], #4]\n"
                     "mov %[s], #0\n"
                     "ldmia %[m], {%[v], pc}\n"
                     "mov %[s], #1\n"
                     "1:\n"
                     : [a] "=&r"(insn), [v] "=&r"(v), [s] "+&r"(skipped)
                     : [m] "r"(buf)
                     : "memory");
    printf("ldm {..,pc}: r=%08x, next instruction %s\n", (unsigned)v,
           skipped ? "executed" : "skipped");
    fill();
    skipped = 0;
    __asm__ volatile("adr %[a], 1f\n"
                     "str %[a], [%[m], #8]\n"
                     "mov %[v], %[m]\n"
                     "ldr pc, [%[v], #8]!\n"
                     "mov %[s], #1\n"
                     "1:\n"
                     : [a] "=&r"(insn), [v] "=&r"(v), [s] "+&r"(skipped)
                     : [m] "r"(buf)
                     : "memory");
    printf("ldr pc, [rn, #8]!: base+%d, next instruction %s\n",
           (int)(v - (uint32_t)buf), skipped ? "executed" : "skipped");
    fill();
    __asm__ volatile("ldr %[v], 1f\n"
                     "b 2f\n"
                     "1: .word 0xfeedface\n"
                     "2:\n"
                     : [v] "=r"(v));
    printf("ldr literal: %08x\n", (unsigned)v);
}

/* LDM/STM: r4-r7 through memory. */
#define LDM(fname, insn)                                                     \
    static void fname(void)                                                  \
    {                                                                        \
        uint32_t out[4], b = BASE;                                           \
        __asm__ volatile("mov r4, #0\n\tmov r5, #0\n\tmov r6, #0\n\t"        \
                         "mov r7, #0\n\t" insn "\n\tstm %[o], {r4-r7}"       \
                         : [b] "+&r"(b)                                      \
                         : [o] "r"(out)                                      \
                         : "r4", "r5", "r6", "r7", "memory");                \
        pretty(insn);                                                        \
        printf(" -> %08x %08x %08x %08x rn%+d\n",                            \
               (unsigned)out[0], (unsigned)out[1], (unsigned)out[2],         \
               (unsigned)out[3], (int)(b - BASE));                           \
    }

#define STM(fname, insn)                                                     \
    static void fname(void)                                                  \
    {                                                                        \
        static const uint32_t in[4] = { 0x44444444, 0x55555555, 0x66666666,  \
                                        0x77777777 };                        \
        uint32_t b = BASE;                                                   \
        __asm__ volatile("ldm %[i], {r4-r7}\n\t" insn                        \
                         : [b] "+&r"(b)                                      \
                         : [i] "r"(in)                                       \
                         : "r4", "r5", "r6", "r7", "memory");                \
        pretty(insn);                                                        \
        printf(" -> rn%+d", (int)(b - BASE));                                \
        changes();                                                           \
    }

LDM(ldmia, "ldmia %[b], {r4-r7}")
LDM(ldmia_wb, "ldmia %[b]!, {r4-r7}")
LDM(ldmib, "ldmib %[b], {r4, r6}")
LDM(ldmib_wb, "ldmib %[b]!, {r4-r7}")
LDM(ldmda, "ldmda %[b], {r4-r7}")
LDM(ldmda_wb, "ldmda %[b]!, {r5, r7}")
LDM(ldmdb, "ldmdb %[b], {r4-r7}")
LDM(ldmdb_wb, "ldmdb %[b]!, {r4-r7}")
LDM(ldm_one_wb, "ldmia %[b]!, {r6}")
STM(stmia, "stmia %[b], {r4-r7}")
STM(stmia_wb, "stmia %[b]!, {r4-r7}")
STM(stmib_wb, "stmib %[b]!, {r4, r6}")
STM(stmda, "stmda %[b], {r4-r7}")
STM(stmda_wb, "stmda %[b]!, {r4-r7}")
STM(stmdb_wb, "stmdb %[b]!, {r4-r7}")
STM(stmdb_one, "stmdb %[b], {r7}")

static void test_multiple(void)
{
    uint32_t out[2];
    printf("-- LDM/STM\n");
    ldmia();
    ldmia_wb();
    ldmib();
    ldmib_wb();
    ldmda();
    ldmda_wb();
    ldmdb();
    ldmdb_wb();
    ldm_one_wb();
    stmia();
    stmia_wb();
    stmib_wb();
    stmda();
    stmda_wb();
    stmdb_wb();
    stmdb_one();
    /* The base in the list of an LDM without writeback is loaded. */
    __asm__ volatile("mov r4, %[b]\n\t"
                     "ldmia r4, {r4, r5}\n\t"
                     "stm %[o], {r4, r5}"
                     :
                     : [b] "r"(BASE), [o] "r"(out)
                     : "r4", "r5", "memory");
    printf("ldmia r4, {r4, r5} -> %08x %08x\n", (unsigned)out[0],
           (unsigned)out[1]);
    /* The base as the lowest register of an STM with writeback: stored
     * as it was. */
    __asm__ volatile("mov r4, %[b]\n\t"
                     "mov r5, #0x55\n\t"
                     "stmia r4!, {r4, r5}\n\t"
                     "str r4, [%[o]]"
                     :
                     : [b] "r"(BASE), [o] "r"(out)
                     : "r4", "r5", "memory");
    printf("stmia r4!, {r4, r5} -> r4=base%+d", (int)(out[0] - BASE));
    memcpy(out, buf + 32, 4);
    printf(" stored r4=base%+d\n", (int)(out[0] - BASE));
    fill();
}

/* STM^/LDM^ from SVC: the User-mode SP and LR (set and read in System
 * mode); from FIQ: the User-mode R8 rather than R8_fiq. */
static void test_user_bank(void)
{
    uint32_t out[8] = { 0 };
    static const uint32_t in[2] = { 0x5a5a0001, 0x5a5a0002 };
    printf("-- user bank (STM^/LDM^)\n");
    __asm__ volatile(
        "mrs r8, cpsr\n\t"
        "cps #0x1f\n\t"
        "mov r4, sp\n\t"
        "mov r5, lr\n\t"
        "ldr sp, =0x11110000\n\t"
        "ldr lr, =0x22220000\n\t"
        "msr cpsr_c, r8\n\t"
        "mov r6, sp\n\t"
        "stmia %[o], {sp, lr}^\n\t"
        "nop\n\t"
        "ldmia %[i], {sp, lr}^\n\t"
        "nop\n\t"
        "str sp, [%[o], #8]\n\t"
        "cps #0x1f\n\t"
        "str sp, [%[o], #12]\n\t"
        "str lr, [%[o], #16]\n\t"
        "mov sp, r4\n\t"
        "mov lr, r5\n\t"
        "msr cpsr_c, r8\n\t"
        "sub r6, sp, r6\n\t"
        "str r6, [%[o], #20]\n\t"
        :
        : [o] "r"(out), [i] "r"(in)
        : "r4", "r5", "r6", "r8", "memory");
    printf("stm^ from svc: sp_usr=%08x lr_usr=%08x\n", (unsigned)out[0],
           (unsigned)out[1]);
    printf("ldm^ from svc: sp_usr=%08x lr_usr=%08x, sp_svc %s\n",
           (unsigned)out[3], (unsigned)out[4],
           out[2] != 0x5a5a0001 && out[5] == 0 ? "kept" : "changed");
    /* Operands in r0-r7: r8-r14 are banked in FIQ mode. */
    register uint32_t *po __asm__("r0") = out;
    register const uint32_t *pi __asm__("r1") = in + 1;
    __asm__ volatile(
        "mrs r4, cpsr\n\t"
        "ldr r8, =0x88880000\n\t"
        "cps #0x11\n\t"
        "mov r6, r8\n\t"
        "ldr r8, =0xf1f10000\n\t"
        "stmia %[o], {r8}^\n\t"
        "nop\n\t"
        "str r8, [%[o], #4]\n\t"
        "ldr r8, =0xf1f10001\n\t"
        "ldmia %[i], {r8}^\n\t"
        "nop\n\t"
        "str r8, [%[o], #8]\n\t"
        "mov r8, r6\n\t"
        "msr cpsr_c, r4\n\t"
        "str r8, [%[o], #12]\n\t"
        :
        : [o] "r"(po), [i] "r"(pi)
        : "r4", "r6", "r8", "memory");
    printf("fiq: stm {r8}^ stored %08x, r8_fiq=%08x; ldm {r8}^: r8_fiq=%08x "
           "r8_usr=%08x\n",
           (unsigned)out[0], (unsigned)out[1], (unsigned)out[2],
           (unsigned)out[3]);
}

/* Exclusives. */
static void test_exclusive(void)
{
    static volatile uint32_t w __attribute__((aligned(8)));
    static volatile uint64_t d;
    uint32_t v, s, s2;
    printf("-- exclusives\n");
    w = 0x1000;
    __asm__ volatile("ldrex %[v], [%[a]]\n\t"
                     "add %[v], %[v], #1\n\t"
                     "strex %[s], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s)
                     : [a] "r"(&w)
                     : "memory");
    printf("ldrex/strex: status %u, mem %08x\n", (unsigned)s, (unsigned)w);
    __asm__ volatile("ldrex %[v], [%[a]]\n\t"
                     "add %[v], %[v], #1\n\t"
                     "clrex\n\t"
                     "strex %[s], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s)
                     : [a] "r"(&w)
                     : "memory");
    printf("ldrex/clrex/strex: status %u, mem %08x\n", (unsigned)s,
           (unsigned)w);
    __asm__ volatile("ldrex %[v], [%[a]]\n\t"
                     "add %[v], %[v], #1\n\t"
                     "strex %[s], %[v], [%[a]]\n\t"
                     "add %[v], %[v], #1\n\t"
                     "strex %[s2], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s), [s2] "=&r"(s2)
                     : [a] "r"(&w)
                     : "memory");
    printf("strex twice: status %u then %u, mem %08x\n", (unsigned)s,
           (unsigned)s2, (unsigned)w);
    __asm__ volatile("clrex\n\t"
                     "strex %[s], %[a], [%[a]]"
                     : [s] "=&r"(s)
                     : [a] "r"(&w)
                     : "memory");
    printf("strex without ldrex: status %u, mem %08x\n", (unsigned)s,
           (unsigned)w);
    w = 0x11223344;
    __asm__ volatile("ldrexb %[v], [%[a]]\n\t"
                     "add %[v], %[v], #0x80\n\t"
                     "strexb %[s], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s)
                     : [a] "r"((volatile uint8_t *)&w + 1)
                     : "memory");
    printf("ldrexb/strexb: status %u, mem %08x\n", (unsigned)s, (unsigned)w);
    __asm__ volatile("ldrexh %[v], [%[a]]\n\t"
                     "add %[v], %[v], #0x10000\n\t"
                     "add %[v], %[v], #1\n\t"
                     "strexh %[s], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s)
                     : [a] "r"((volatile uint8_t *)&w + 2)
                     : "memory");
    printf("ldrexh/strexh: status %u, loaded %08x, mem %08x\n", (unsigned)s,
           (unsigned)v - 0x10001, (unsigned)w);
    __asm__ volatile("ldrexh %[v], [%[a]]\n\t"
                     "clrex\n\t"
                     "strexh %[s], %[v], [%[a]]"
                     : [v] "=&r"(v), [s] "=&r"(s)
                     : [a] "r"(&w)
                     : "memory");
    printf("ldrexh/clrex/strexh: status %u\n", (unsigned)s);
    d = 0x8877665544332211ull;
    uint64_t dv;
    __asm__ volatile("ldrexd %[v], %H[v], [%[a]]\n\t"
                     "adds %[v], %[v], #0x100\n\t"
                     "adc %H[v], %H[v], #0\n\t"
                     "strexd %[s], %[v], %H[v], [%[a]]"
                     : [v] "=&r"(dv), [s] "=&r"(s)
                     : [a] "r"(&d)
                     : "memory", "cc");
    printf("ldrexd/strexd: status %u, mem %08x %08x\n", (unsigned)s,
           (unsigned)d, (unsigned)(d >> 32));
    __asm__ volatile("ldrexd %[v], %H[v], [%[a]]\n\t"
                     "clrex\n\t"
                     "strexd %[s], %[v], %H[v], [%[a]]"
                     : [v] "=&r"(dv), [s] "=&r"(s)
                     : [a] "r"(&d)
                     : "memory");
    printf("ldrexd/clrex/strexd: status %u\n", (unsigned)s);
}

/* SWP/SWPB (encoded by hand: the assembler deprecates them). */
static void test_swp(void)
{
    static volatile uint32_t m;
    uint32_t old, insn;
    printf("-- SWP/SWPB (SCTLR.SW=%u)\n", (unsigned)(MRC(0, 1, 0, 0) >> 10) & 1);
    m = 0xcafef00d;
    exc_clear();
    __asm__ volatile("mov r6, %[a]\n\t"
                     "ldr r5, =0x12345678\n\t"
                     "mov r4, #0\n\t"
                     "adr %[i], 1f\n"
                     "1: .inst 0xe1064095\n\t" /* swp r4, r5, [r6] */
                     "mov %[o], r4"
                     : [o] "=r"(old), [i] "=&r"(insn)
                     : [a] "r"(&m)
                     : "r4", "r5", "r6", "memory");
    printf("swp: old %08x, mem %08x\n", (unsigned)old, (unsigned)m);
    exc_print("swp", insn);
    __asm__ volatile("mov r6, %[a]\n\t"
                     "ldr r5, =0x12345678\n\t"
                     "mov r4, #0\n\t"
                     "adr %[i], 1f\n"
                     "1: .inst 0xe1464095\n\t" /* swpb r4, r5, [r6] */
                     "mov %[o], r4"
                     : [o] "=r"(old), [i] "=&r"(insn)
                     : [a] "r"(&m)
                     : "r4", "r5", "r6", "memory");
    printf("swpb: old %08x, mem %08x\n", (unsigned)old, (unsigned)m);
    exc_print("swpb", insn);
}

/* SETEND BE: data accesses big-endian (instruction fetches are not). */
static void test_setend(void)
{
    static volatile uint32_t w = 0x11223344;
    uint32_t lw, lh, cpsr, at;
    printf("-- SETEND\n");
    exc_clear();
    __asm__ volatile("adr %[at], 1f\n"
                     "1:\tsetend be\n\t"
                     "ldr %[lw], [%[p]]\n\t"
                     "ldrh %[lh], [%[p], #2]\n\t"
                     "mrs %[c], cpsr\n\t"
                     "str %[v], [%[p]]\n\t"
                     "setend le"
                     : [lw] "=&r"(lw), [lh] "=&r"(lh), [c] "=&r"(cpsr),
                       [at] "=&r"(at)
                     : [p] "r"(&w), [v] "r"(0xa1b2c3d4u)
                     : "memory");
    printf("be: ldr %08x, ldrh +2 %04x, E=%u; str a1b2c3d4 -> le %08x\n",
           (unsigned)lw, (unsigned)lh, (unsigned)(cpsr >> 9) & 1,
           (unsigned)w);
    printf("le again: E=%u\n", (unsigned)(cpsr_read() >> 9) & 1);
    exc_print("setend", at);
}

int main(void)
{
    exc_install();
    fill();
    test_single();
    test_pc();
    test_multiple();
    test_user_bank();
    test_exclusive();
    test_setend();
    test_swp();
    return 0;
}
