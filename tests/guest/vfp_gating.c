// args: -M virt,secure=on
/*
 * Who may use the VFP, against qemu-system-arm: CPACR cp10/cp11 (no
 * access, PL1 only, full, the reserved value), FPEXC.EN clear making every
 * VFP instruction UNDEFINED except VMRS/VMSR of FPSID, MVFR0/1 and FPEXC
 * (how an OS switches the unit lazily), the ID and FPEXC registers
 * UNDEFINED from User mode, NSACR.CP10 for the Non-secure world (CPACR's
 * fields read as zero and ignore writes there), the FPSCR's writable bits
 * and FPSCR.LEN/STRIDE making the vector-capable instructions UNDEFINED.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/vfp.h"

#define VADD "vadd.f32 s0, s1, s2"

/* The instructions tried in each setting, each alone (r0/r1 operands). */
static const char *const names[] = {
    "vadd", "vmrs fpscr", "vmsr fpscr", "vldr", "vmov r0, s0",
    "vmrs fpsid", "vmrs mvfr0", "vmrs mvfr1", "vmrs fpexc", "vmsr fpexc",
};

static uint32_t word __attribute__((aligned(8)));

/* Runs instruction @i, returning its address (r0 = @arg). */
static uint32_t try_one(unsigned i, uint32_t arg)
{
    switch (i) {
    case 0:
        return TRY(VADD, arg, 0);
    case 1:
        return TRY("vmrs r0, fpscr", arg, 0);
    case 2:
        return TRY("vmsr fpscr, r0", arg, 0);
    case 3:
        return TRY("vldr s0, [r1]", arg, (uint32_t)&word);
    case 4:
        return TRY("vmov r0, s0", arg, 0);
    case 5:
        return TRY("vmrs r0, fpsid", arg, 0);
    case 6:
        return TRY("vmrs r0, mvfr0", arg, 0);
    case 7:
        return TRY("vmrs r0, mvfr1", arg, 0);
    case 8:
        return TRY("vmrs r0, fpexc", arg, 0);
    default:
        return TRY("vmsr fpexc, r0", arg, 0);
    }
}

/* MVFR1 without its Advanced SIMD fields (qemu-system-arm has them). */
static uint32_t shown(unsigned i, uint32_t v)
{
    return i == 7 ? v & 0x0f0000ffu : v;
}

#define NR_TRIES (sizeof(names) / sizeof(names[0]))

/* What each try did: the exception taken (or none) and the value read. */
static uint32_t took[NR_TRIES], value[NR_TRIES];

/* Tries every instruction in the current mode, printing nothing (User
 * mode cannot use semihosting); @fpexc: what a VMSR of FPEXC writes. */
static uint32_t try_quiet(uint32_t fpexc)
{
    for (unsigned i = 0; i < NR_TRIES; i++) {
        exc_clear();
        try_one(i, i == 9 ? fpexc : 0);
        took[i] = exc_last.count ? exc_last.type : EXC_NONE;
        value[i] = exc_last.count ? 0 : shown(i, try_r0);
    }
    exc_clear();
    return 0;
}

static void report(void)
{
    for (unsigned i = 0; i < NR_TRIES; i++) {
        printf("  %-11s %s", names[i], took[i] == EXC_UND ? "UNDEFINED"
                                       : took[i] ? "other exception" : "ok");
        if (i >= 5 && i <= 8 && !took[i]) {
            printf(" %08x", (unsigned)value[i]);
        }
        printf("\n");
    }
}

static void try_all(uint32_t fpexc)
{
    try_quiet(fpexc);
    report();
}

static uint64_t user_stack[256];

static void try_user(const char *what, uint32_t fpexc)
{
    printf("%s, User mode:\n", what);
    /* A User-mode stack of its own (set from System mode, same bank). */
    __asm__ volatile("cps #0x1f\n\tmov sp, %0\n\tcps #0x13"
                     : : "r"(user_stack + 256) : "memory");
    run_in_mode(MODE_USR, try_quiet, fpexc);
    report();
}

static void setting(const char *what, uint32_t cpacr, uint32_t fpexc)
{
    MCR(0, 1, 0, 2, cpacr);
    printf("%s: CPACR %08x\n", what, (unsigned)MRC(0, 1, 0, 2));
    try_all(fpexc);
}

static void test_cpacr_fpexc(void)
{
    printf("-- reset\n");
    printf("CPACR %08x\n", (unsigned)MRC(0, 1, 0, 2));
    try_all(0);
    printf("-- CPACR and FPEXC\n");
    setting("full access, FPEXC.EN clear", 0xf00000, 0);
    setting("full access, EN set by VMSR", 0xf00000, 0xffffffff);
    printf("FPEXC %08x\n", (unsigned)fpexc_read());
    setting("PL1 only", 0x500000, FPEXC_EN);
    try_user("PL1 only", FPEXC_EN);
    MCR(0, 1, 0, 2, 0xf00000);
    try_user("full access", FPEXC_EN);
    setting("reserved 0b10", 0xa00000, FPEXC_EN);
    MCR(0, 1, 0, 2, 0xf00000);
    fpexc_write(FPEXC_EN);
}

static void test_fpscr(void)
{
    printf("-- FPSCR\n");
    fpscr_write(0xffffffff);
    printf("all ones: %08x\n", (unsigned)fpscr_read());
    fpscr_write(0);
    printf("zero: %08x\n", (unsigned)fpscr_read());
    /* Short vectors: LEN or STRIDE non-zero. */
    static const uint32_t vec[] = { 1u << 16, 1u << 20, 7u << 16 };
    for (unsigned k = 0; k < 3; k++) {
        fpscr_write(vec[k]);
        printf("FPSCR %08x\n", (unsigned)fpscr_read());
        exc_print("  vadd", TRY(VADD, 0, 0));
        exc_print("  vmla.f64", TRY("vmla.f64 d0, d1, d2", 0, 0));
        exc_print("  vfma", TRY("vfma.f32 s0, s1, s2", 0, 0));
        exc_print("  vmov reg", TRY("vmov.f32 s0, s1", 0, 0));
        exc_print("  vmov imm", TRY("vmov.f32 s0, #1.0", 0, 0));
        exc_print("  vabs", TRY("vabs.f64 d0, d1", 0, 0));
        exc_print("  vsqrt", TRY("vsqrt.f32 s0, s1", 0, 0));
        exc_print("  vcmp", TRY("vcmp.f32 s0, s1", 0, 0));
        exc_print("  vcvt", TRY("vcvt.f64.f32 d0, s1", 0, 0));
        exc_print("  vcvt int", TRY("vcvt.s32.f32 s0, s1", 0, 0));
        exc_print("  vmov core", TRY("vmov s0, r0", 0, 0));
        exc_print("  vldr", TRY("vldr s0, [r1]", 0, (uint32_t)&word));
    }
    fpscr_write(0);
}

/* Switches world through the Monitor; exceptions there are not shown. */
static void to_world(uint32_t cmd)
{
    smc_call(cmd, 0, 0);
    exc_install();
    exc_clear();
}

static void show_cpacr(const char *what)
{
    exc_clear();
    /* Only cp10/cp11: qemu-system-arm 7.2 reads the other bits as ones
     * when NSACR hides the fields (B4.1.40 keeps them). */
    uint32_t v = MRC(0, 1, 0, 2) & 0x00f00000u;
    printf("%s CPACR cp10/cp11 %08x", what, (unsigned)v);
    exc_print("", 0);
}

static void test_nonsecure(void)
{
    mon_install();
    printf("-- Non-secure, NSACR.CP10/CP11 clear\n");
    MCR(0, 1, 1, 2, 0);
    MCR(0, 1, 0, 2, 0xf00000);
    to_world(SMC_TO_NS);
    show_cpacr("NS");
    MCR(0, 1, 0, 2, 0xf00000);
    show_cpacr("NS after writing 00f00000,");
    try_all(FPEXC_EN);
    to_world(SMC_TO_S);
    printf("-- Non-secure, NSACR.CP10/CP11 set\n");
    MCR(0, 1, 1, 2, 0xc00);
    to_world(SMC_TO_NS);
    show_cpacr("NS");
    try_all(0);
    printf("NS, FPEXC.EN now clear:\n");
    try_all(FPEXC_EN);
    MCR(0, 1, 0, 2, 0x500000);
    show_cpacr("NS PL1 only:");
    try_user("NS PL1 only", FPEXC_EN);
    to_world(SMC_TO_S);
    show_cpacr("Secure");
}

int main(void)
{
    exc_install();
    test_cpacr_fpexc();
    test_fpscr();
    test_nonsecure();
    return 0;
}
