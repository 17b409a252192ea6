/*
 * VFP transfers against qemu-system-arm: every VMOV form (immediate,
 * register, core to and from a single, two singles, a double and a 32-bit
 * scalar), VMRS APSR_nzcv, VLDR/VSTR (offsets both ways, literal),
 * VLDM/VSTM increment-after and decrement-before with and without
 * writeback, FLDMX/FSTMX, VPUSH/VPOP, big-endian data (CPSR.E), the
 * alignment fault of an unaligned VLDR/VSTM, and conditional execution.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/vfp.h"

static uint32_t mem[64] __attribute__((aligned(8)));

/* D0-D7 to known words. */
static void fill_regs(void)
{
    static const uint32_t init[16] = {
        0x10000000, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
        0x55555555, 0x66666666, 0x77777777, 0x88888888, 0x99999999,
        0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc, 0xdddddddd, 0xeeeeeeee,
        0xffffffff,
    };
    __asm__ volatile("vldmia %0, {d0-d7}" : : "r"(init) : "memory", "d0",
                     "d1", "d2", "d3", "d4", "d5", "d6", "d7");
    for (int i = 0; i < 64; i++) {
        mem[i] = 0xa0000000u + (uint32_t)i;
    }
}

/* Prints D0-D7 and the memory words that changed. */
static void show(const char *what)
{
    uint32_t r[16];
    __asm__ volatile("vstmia %0, {d0-d7}" : : "r"(r) : "memory");
    printf("%s:", what);
    for (int i = 0; i < 16; i++) {
        printf(" %08x", (unsigned)r[i]);
    }
    printf("\n ");
    for (int i = 0; i < 64; i++) {
        if (mem[i] != 0xa0000000u + (uint32_t)i) {
            printf(" [%d]=%08x", i, (unsigned)mem[i]);
        }
    }
    printf("\n");
}

static void test_vmov(void)
{
    printf("-- VMOV\n");
    uint32_t a, b;
    fill_regs();
    __asm__ volatile("vmov.f32 s0, #1.0\n\tvmov.f32 s1, #-0.125\n\t"
                     "vmov.f64 d1, #31.0\n\tvmov.f64 d2, #-0.1875\n\t"
                     "vmov.f32 s6, s3\n\tvmov.f64 d4, d1"
                     : : : "d0", "d1", "d2", "d3", "d4");
    show("imm, reg");
    fill_regs();
    __asm__ volatile("vmov s3, %2\n\tvmov %0, s5\n\tvmov d3, %2, %3\n\t"
                     "vmov %1, s15"
                     : "=&r"(a), "=&r"(b)
                     : "r"(0x12345678u), "r"(0x9abcdef0u)
                     : "d1", "d2", "d3", "d7");
    show("core/single, core pair to double");
    printf(" s5=%08x s15=%08x\n", (unsigned)a, (unsigned)b);
    fill_regs();
    __asm__ volatile("vmov %0, %1, d5\n\t"
                     "vmov s8, s9, %0, %1\n\t"
                     "vmov %0, %1, s2, s3\n\t"
                     "vmov.32 d6[1], %0\n\t"
                     "vmov.32 d6[0], %1\n\t"
                     "vmov.32 %0, d0[1]\n\t"
                     "vmov d16, %0, %1\n\t"
                     "vmov.32 d31[1], %1\n\t"
                     "vmov.32 %1, d16[1]"
                     : "+r"(a), "+r"(b)
                     :
                     : "d4", "d6", "d16", "d31");
    show("pairs and scalars");
    printf(" r=%08x %08x\n", (unsigned)a, (unsigned)b);
    uint32_t d31hi;
    __asm__ volatile("vmov.32 %0, d31[1]" : "=r"(d31hi));
    printf(" d31[1]=%08x\n", (unsigned)d31hi);
    /* VMRS APSR_nzcv and a conditional VFP instruction. */
    uint32_t psr;
    __asm__ volatile("vmov.f32 s0, #1.0\n\tvmov.f32 s1, #2.0\n\t"
                     "vcmp.f32 s0, s1\n\tvmrs APSR_nzcv, fpscr\n\t"
                     "vmovlt.f32 s2, s1\n\tvmovge.f32 s3, s1\n\t"
                     "mrs %0, apsr"
                     : "=r"(psr) : : "d0", "d1", "cc");
    printf(" apsr %08x\n", (unsigned)(psr & 0xf0000000u));
    show("after compare");
}

static void test_ldst(void)
{
    printf("-- VLDR/VSTR/VLDM/VSTM\n");
    uint32_t *p = &mem[16], *q;
    fill_regs();
    __asm__ volatile("vldr s0, [%0, #8]\n\tvldr d1, [%0, #-16]\n\t"
                     "vstr s3, [%0, #4]\n\tvstr d2, [%0, #-8]"
                     : : "r"(p) : "memory", "d0", "d1");
    show("vldr/vstr");
    fill_regs();
    __asm__ volatile("vldr d3, 1f\n\tb 2f\n\t.balign 8\n"
                     "1:\t.word 0x01234567, 0x89abcdef\n2:"
                     : : : "d3");
    show("vldr literal");
    fill_regs();
    q = p;
    __asm__ volatile("vstmia %0!, {s1-s4}\n\tvldmia %0, {d0-d1}"
                     : "+r"(q) : : "memory", "d0", "d1");
    show("vstmia! s1-s4, vldmia d0-d1");
    printf(" base %+d\n", (int)(q - p));
    fill_regs();
    q = p;
    __asm__ volatile("vstmdb %0!, {d5-d7}\n\tvldmdb %0!, {s0-s2}"
                     : "+r"(q) : : "memory", "d0", "d1");
    show("vstmdb! d5-d7, vldmdb! s0-s2");
    printf(" base %+d\n", (int)(q - p));
    fill_regs();
    q = p;
    __asm__ volatile("vstmia %0, {d2}\n\tfldmiax %0!, {d4-d5}\n\t"
                     "fstmdbx %0!, {d0}"
                     : "+r"(q) : : "memory", "d4", "d5");
    show("fldmiax!/fstmdbx!");
    printf(" base %+d\n", (int)(q - p));
    fill_regs();
    __asm__ volatile("vpush {d1-d3}\n\tvpush {s0}\n\tvpop {s15}\n\t"
                     "vpop {d5-d7}"
                     : : : "memory", "d5", "d6", "d7");
    show("vpush/vpop");
    /* Big-endian data: each word swapped, a double's words swapped. */
    fill_regs();
    __asm__ volatile("setend be\n\tvstr d1, [%0]\n\tvstr s1, [%0, #8]\n\t"
                     "vldr d4, [%0, #16]\n\tvldmia %0, {s12-s13}\n\t"
                     "setend le"
                     : : "r"(p) : "memory", "d4", "d6");
    show("big-endian");
}

static void test_align(void)
{
    printf("-- alignment\n");
    fill_regs();
    uint32_t base = (uint32_t)&mem[8] + 2;
    exc_far_base = (uint32_t)mem;
    exc_print("vldr unaligned", TRY("vldr s0, [r0]", base, 0));
    exc_print("vstmia unaligned", TRY("vstmia r0!, {d0-d1}", base, 0));
    printf(" r0 %+d\n", (int)(try_r0 - base));
    exc_print("vldr aligned", TRY("vldr d0, [r0]", base - 2, 0));
    exc_far_base = 0;
}

int main(void)
{
    exc_install();
    vfp_enable();
    test_vmov();
    test_ldst();
    test_align();
    return 0;
}
