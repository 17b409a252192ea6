/*
 * The VFP decoder and execution functions on a CPU with no program:
 * instructions decoded from their A32 words and run from ArmInsn alone
 * (the raw word wiped, as the T32 decoder leaves a different one there),
 * the identification registers without Advanced SIMD, Advanced SIMD
 * encodings refused, and the CPACR/NSACR/FPEXC gates (ARM ARM DDI 0406C
 * B1.11.1, B4.1.40, B4.1.111, B6.1).
 */
#include "../../src/cpu/arm/vfp.h"
#include "../../src/cpu/arm/vfp_exec.h"
#include "cpu_rig.h"

/* Decodes @word and runs it at 0x1000 (PC reads 0x1008); false if the
 * word is no VFP instruction. */
static bool run(ArmCpu *cpu, uint32_t word)
{
    ArmInsn in = { 0 };
    if (!arm_vfp_decode(word, &in)) {
        return false;
    }
    in.raw = 0;
    cpu->r[15] = 0x1008;
    cpu->next_pc = 0x1004;
    in.fn(cpu, &in);
    return true;
}

static ArmCpu *vfp_cpu(Rig *r, bool has_security)
{
    ArmCpu *cpu = rig_new(r, has_security);
    cpu->cp15.cpacr = 0x00f00000;
    cpu->cp15.nsacr = 0xc00;
    cpu->vfp.fpexc = FPEXC_EN;
    return cpu;
}

TEST(vfp_executes_from_decoded_fields_alone)
{
    Rig r;
    ArmCpu *cpu = vfp_cpu(&r, false);
    cpu->vfp.d[17] = 0x3ff0000000000000;  /* 1.0 */
    cpu->vfp.d[31] = 0x4000000000000000;  /* 2.0 */
    CHECK(run(cpu, 0xee710baf));          /* vadd.f64 d16, d17, d31 */
    CHECK_EQ(cpu->vfp.d[16], 0x4008000000000000);
    cpu->vfp.s[1] = 0x40400000;           /* 3.0 */
    cpu->vfp.s[30] = 0xc0000000;          /* -2.0 */
    CHECK(run(cpu, 0xee60fa8f));          /* vmul.f32 s31, s1, s30 */
    CHECK_EQ(cpu->vfp.s[31], 0xc0c00000);
    cpu->r[3] = 0xcafef00d;
    CHECK(run(cpu, 0xee213b90));          /* vmov.32 d17[1], r3 */
    CHECK_EQ(cpu->vfp.d[17], 0xcafef00d00000000);
    cpu->vfp.d[5] = 0xc004000000000000;   /* -2.5 */
    CHECK(run(cpu, 0xeebe5b66));          /* vcvt.s16.f64 d5, d5, #3 */
    CHECK_EQ(cpu->vfp.d[5], (uint64_t)-20);
    CHECK(run(cpu, 0xeebf0a08));          /* vmov.f32 s0, #-1.5 */
    CHECK_EQ(cpu->vfp.s[0], 0xbfc00000);
    cpu->vfp.fpscr = 0x60000000;
    CHECK(run(cpu, 0xeef1fa10));          /* vmrs APSR_nzcv, fpscr */
    CHECK_EQ(arm_cpsr_read(cpu) >> 28, 0x6);
    CHECK(run(cpu, 0xeef64a10));          /* vmrs r4, mvfr1 */
    CHECK_EQ(cpu->r[4], VFP_MVFR1);
    rig_free(&r);
}

TEST(vfp_identification_without_advanced_simd)
{
    /* MVFR1: FPHP, FPDNaN, FPFtZ; the SIMD fields [23:8] zero. */
    CHECK_EQ(VFP_MVFR1 & 0x00ffff00u, 0);
    CHECK_EQ(VFP_MVFR1, 0x01000011);
    /* MVFR0: 32 double registers, single and double, divide, sqrt,
     * rounding modes; no short vectors, no traps. */
    CHECK_EQ(VFP_MVFR0, 0x10110222);
    CHECK_EQ(VFP_FPSID, 0x410430f0);
    ArmInsn in = { 0 };
    /* vmov.s8 r0, d0[5] and vdup.32 d0, r0 are Advanced SIMD. */
    CHECK(!arm_vfp_decode(0xee700b30, &in));
    CHECK(!arm_vfp_decode(0xee800b10, &in));
    /* vcvt.f64.f16 is ARMv8. */
    CHECK(!arm_vfp_decode(0xeeb20b60, &in));
    CHECK(in.fn == NULL);
}

TEST(vfp_gates_cpacr_nsacr_fpexc)
{
    Rig r;
    ArmCpu *cpu = vfp_cpu(&r, true);
    cpu->vfp.fpexc = 0;
    CHECK(run(cpu, 0xee710baf));
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    rig_enter(cpu, ARM_MODE_SVC, false);
    CHECK(run(cpu, 0xeef64a10));          /* MVFR1 with FPEXC.EN clear */
    CHECK_EQ(arm_mode(cpu), ARM_MODE_SVC);
    cpu->vfp.fpexc = FPEXC_EN;
    /* Non-secure with NSACR.CP10 clear: UNDEFINED. */
    cpu->cp15.nsacr = 0;
    rig_enter(cpu, ARM_MODE_SVC, true);
    CHECK(run(cpu, 0xeef64a10));
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    /* CPACR PL1 only: User mode is refused, even FPSCR. */
    cpu->cp15.nsacr = 0xc00;
    cpu->cp15.cpacr = 0x00500000;
    rig_enter(cpu, ARM_MODE_USR, false);
    CHECK(run(cpu, 0xeef14a10));          /* vmrs r4, fpscr */
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    /* Full access: User mode may use FPSCR, not MVFR1. */
    cpu->cp15.cpacr = 0x00f00000;
    rig_enter(cpu, ARM_MODE_USR, false);
    CHECK(run(cpu, 0xeef14a10));
    CHECK_EQ(arm_mode(cpu), ARM_MODE_USR);
    CHECK(run(cpu, 0xeef64a10));
    CHECK_EQ(arm_mode(cpu), ARM_MODE_UND);
    rig_free(&r);
}
