// args: -M virt,secure=on
/*
 * The Security Extensions on `virt,secure=on`: the reset state (Secure
 * SVC), MVBAR and a Monitor vector table, SMC into Monitor mode from
 * Secure SVC and System mode (LR, SPSR, masks) and UNDEFINED from User
 * mode, switching to the Non-secure world and back (SCR.NS), SCR.NS being
 * cleared by an exception taken from Monitor mode, the banked cp15
 * registers (each world's copy, and Monitor mode choosing one with
 * SCR.NS), the Secure-only registers from Non-secure state (SCR, SDER,
 * MVBAR UNDEFINED; NSACR read-only) and their writable bits, SCR.AW/FW
 * guarding Non-secure changes to CPSR.A/F, and isolation: Secure RAM, the
 * Secure UART and flash0 abort from the Non-secure world (Non-secure
 * DFSR/DFAR) and work from the Secure world, flash answering CFI commands.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define SECURE_RAM 0x0e000000u
#define SECURE_UART 0x09040000u
#define FLASH1 0x04000000u

static const char *world(void)
{
    /* SCR is UNDEFINED in the Non-secure world: ask the Monitor. */
    uint32_t scr = smc_call(SMC_NOP, 0, 0);
    exc_clear();
    return scr & SCR_NS ? "non-secure" : "secure";
}

static uint32_t smc_here(uint32_t x)
{
    uint32_t at;
    (void)x;
    __asm__ volatile("mov r0, #0\n\t"
                     "adr %[at], 1f\n"
                     "1:\tsmc #0"
                     : [at] "=&r"(at)
                     :
                     : "r0", "memory");
    return at;
}

static void test_smc(void)
{
    uint32_t at;
    printf("-- SMC\n");
    exc_clear();
    __asm__ volatile("cpsie aif\n\t"
                     "msr APSR_nzcvq, %[f]\n\t"
                     "mov r0, #0\n\t"
                     "adr %[at], 1f\n"
                     "1:\tsmc #5\n\t"
                     "cpsid aif"
                     : [at] "=&r"(at)
                     : [f] "r"(0x30000000u)
                     : "r0", "memory", "cc");
    exc_print("smc from svc, masks clear", at);
    at = run_in_mode(MODE_SYS, smc_here, 0);
    exc_print("smc from sys", at);
    at = run_in_mode(MODE_USR, smc_here, 0);
    exc_print("smc from usr", at);
    printf("SMC_SET_SCR 0x30 returns old %08x, then SCR %08x\n",
           (unsigned)smc_call(SMC_SET_SCR, 0x30, 0),
           (unsigned)MRC(0, 1, 1, 0));
    smc_call(SMC_SET_SCR, 0, 0);
    exc_clear();
}

/* In Monitor mode: SCR.NS=1, then an Undefined Instruction exception; the
 * handler runs in the Secure Undefined mode and SCR.NS is clear after. */
static uint32_t mon_udf_at;
static uint32_t mon_undef(uint32_t x)
{
    (void)x;
    uint32_t scr = MRC(0, 1, 1, 0);
    MCR(0, 1, 1, 0, scr | SCR_NS);
    exc_clear();
    __asm__ volatile("adr %0, 1f\n1:\tudf #9" : "=r"(mon_udf_at) : : "memory");
    uint32_t after = MRC(0, 1, 1, 0);
    MCR(0, 1, 1, 0, scr);
    return after;
}

static void test_monitor_exception(void)
{
    printf("-- exception from Monitor mode\n");
    uint32_t scr = smc_call(SMC_RUN, (uint32_t)mon_undef, 0);
    printf("SCR after: %08x\n", (unsigned)scr);
    exc_print("udf in monitor with SCR.NS=1", mon_udf_at);
    exc_clear();
}

/* Banked cp15 registers. */
typedef struct Reg {
    const char *name;
    uint32_t (*rd)(void);
    void (*wr)(uint32_t v);
    uint32_t s_val, ns_val;
} Reg;

#define REG(name, op1, crn, crm, op2)                                        \
    static uint32_t rd_##name(void)                                          \
    {                                                                        \
        return MRC(op1, crn, crm, op2);                                      \
    }                                                                        \
    static void wr_##name(uint32_t v)                                        \
    {                                                                        \
        MCR(op1, crn, crm, op2, v);                                          \
    }
REG(sctlr, 0, 1, 0, 0)
REG(ttbr0, 0, 2, 0, 0)
REG(ttbr1, 0, 2, 0, 1)
REG(ttbcr, 0, 2, 0, 2)
REG(dacr, 0, 3, 0, 0)
REG(dfsr, 0, 5, 0, 0)
REG(ifsr, 0, 5, 0, 1)
REG(dfar, 0, 6, 0, 0)
REG(ifar, 0, 6, 0, 2)
REG(par, 0, 7, 4, 0)
REG(prrr, 0, 10, 2, 0)
REG(nmrr, 0, 10, 2, 1)
REG(vbar, 0, 12, 0, 0)
REG(contextidr, 0, 13, 0, 1)
REG(tpidrurw, 0, 13, 0, 2)
REG(tpidruro, 0, 13, 0, 3)
REG(tpidrprw, 0, 13, 0, 4)
REG(csselr, 2, 0, 0, 0)

#define R(n, s, ns) { #n, rd_##n, wr_##n, s, ns }
static Reg regs[] = {
    /* SCTLR: Z (bit 11) in one world, I (bit 12) in the other. Not
     * FCSEIDR: QEMU 7.2 implements the FCSE on this CPU, which has the
     * Multiprocessing Extensions and so should not have it. */
    R(sctlr, 1u << 11, 1u << 12),
    R(ttbr0, 0x12344000, 0x56788000),
    R(ttbr1, 0x1234c000, 0x5678c000),
    R(ttbcr, 2, 5),
    R(dacr, 0x55555555, 0xffff0000),
    R(dfsr, 0x00000005, 0x00000808),
    R(ifsr, 0x0000000d, 0x00001008),
    R(dfar, 0xdfa00005, 0xdfa0000a),
    R(ifar, 0x1fa00005, 0x1fa0000a),
    R(par, 0x12345000, 0x87654000),
    R(prrr, 0xff0a81a8, 0x000a8aa4),
    R(nmrr, 0x40e040e0, 0x44e048e0),
    R(vbar, 0, 0), /* exc_vectors / exc_vectors2, set in main */
    R(contextidr, 0x00000142, 0x00000243),
    R(tpidrurw, 0xaaaa0001, 0xbbbb0001),
    R(tpidruro, 0xaaaa0002, 0xbbbb0002),
    R(tpidrprw, 0xaaaa0003, 0xbbbb0003),
    R(csselr, 2, 1),
};
#define NREGS ((int)(sizeof(regs) / sizeof(regs[0])))

static uint32_t reset_ns[NREGS], read_ns[NREGS], read_s[NREGS];
static uint32_t mon_ns[NREGS], mon_s[NREGS];
static uint32_t sctlr_s, sctlr_ns;

static uint32_t value(int i, int ns)
{
    if (i == 0) {
        return (ns ? sctlr_ns : sctlr_s) | (ns ? regs[i].ns_val : regs[i].s_val);
    }
    return ns ? regs[i].ns_val : regs[i].s_val;
}

/* Monitor mode reads every register with SCR.NS = ns. */
static uint32_t mon_read(uint32_t ns)
{
    uint32_t scr = MRC(0, 1, 1, 0);
    MCR(0, 1, 1, 0, ns ? scr | SCR_NS : scr & ~SCR_NS);
    for (int i = 0; i < NREGS; i++) {
        (ns ? mon_ns : mon_s)[i] = regs[i].rd();
    }
    MCR(0, 1, 1, 0, scr);
    return 0;
}

static void show_reg(const char *what, int i, uint32_t v)
{
    if (i == 12) {
        printf("  %-10s %-18s %s\n", regs[i].name, what,
               v == (uint32_t)exc_vectors    ? "exc_vectors"
               : v == (uint32_t)exc_vectors2 ? "exc_vectors2"
               : v == 0                      ? "0"
                                             : "other");
        return;
    }
    printf("  %-10s %-18s %08x\n", regs[i].name, what, (unsigned)v);
}

static void test_banking(void)
{
    printf("-- banked cp15 registers\n");
    regs[12].s_val = (uint32_t)exc_vectors;
    regs[12].ns_val = (uint32_t)exc_vectors2;
    sctlr_s = MRC(0, 1, 0, 0);
    for (int i = 0; i < NREGS; i++) {
        regs[i].wr(value(i, 0));
    }
    smc_call(SMC_TO_NS, 0, 0);
    sctlr_ns = MRC(0, 1, 0, 0);
    for (int i = 0; i < NREGS; i++) {
        reset_ns[i] = regs[i].rd();
        regs[i].wr(value(i, 1));
        read_ns[i] = regs[i].rd();
    }
    smc_call(SMC_TO_S, 0, 0);
    for (int i = 0; i < NREGS; i++) {
        read_s[i] = regs[i].rd();
    }
    smc_call(SMC_RUN, (uint32_t)mon_read, 1);
    smc_call(SMC_RUN, (uint32_t)mon_read, 0);
    for (int i = 0; i < NREGS; i++) {
        show_reg("NS before writing", i, reset_ns[i]);
        show_reg("NS", i, read_ns[i]);
        show_reg("S", i, read_s[i]);
        printf("  %-10s %s%s%s\n", regs[i].name,
               read_s[i] != read_ns[i] ? "banked" : "same",
               mon_ns[i] == read_ns[i] ? ", mon NS=1 sees NS" : "",
               mon_s[i] == read_s[i] ? ", mon NS=0 sees S" : "");
    }
    /* Leave the fault registers and SCTLR as they were. */
    regs[0].wr(sctlr_s);
    exc_clear();
}

/* Secure-only registers from each world. */
static void test_secure_regs(void)
{
    printf("-- Secure-only registers\n");
    printf("secure: SCR %08x NSACR %08x SDER %08x MVBAR %s\n",
           (unsigned)MRC(0, 1, 1, 0), (unsigned)MRC(0, 1, 1, 2),
           (unsigned)MRC(0, 1, 1, 1),
           MRC(0, 12, 0, 1) == (uint32_t)mon_vectors ? "mon_vectors"
                                                     : "other");
    MCR(0, 1, 1, 2, 0xc00);
    printf("secure: NSACR := c00 -> %08x\n", (unsigned)MRC(0, 1, 1, 2));
    smc_call(SMC_TO_NS, 0, 0);
    printf("now %s %s\n", world(), mode_name(cpsr_read()));
    exc_print("NS mrc SCR", TRY("mrc p15, 0, r0, c1, c1, 0", 0, 0));
    exc_print("NS mcr SCR", TRY("mcr p15, 0, r0, c1, c1, 0", 0, 0));
    exc_print("NS mrc SDER", TRY("mrc p15, 0, r0, c1, c1, 1", 0, 0));
    exc_print("NS mrc MVBAR", TRY("mrc p15, 0, r0, c12, c0, 1", 0, 0));
    exc_print("NS mcr MVBAR", TRY("mcr p15, 0, r0, c12, c0, 1", 0, 0));
    uint32_t at = TRY("mrc p15, 0, r0, c1, c1, 2", 0x77, 0);
    exc_print("NS mrc NSACR", at);
    printf("NS NSACR reads %08x\n", (unsigned)try_r0);
    exc_print("NS mcr NSACR", TRY("mcr p15, 0, r0, c1, c1, 2", 0, 0));
    smc_call(SMC_TO_S, 0, 0);
    printf("NSACR still %08x\n", (unsigned)MRC(0, 1, 1, 2));
    MCR(0, 1, 1, 2, 0);
    exc_clear();
}

static uint32_t smc_user(uint32_t x)
{
    return smc_here(x);
}

static void test_isolation(void)
{
    uint32_t at;
    printf("-- isolation\n");
    /* Secure world: everything answers. */
    volatile uint32_t *sram = (volatile uint32_t *)SECURE_RAM;
    sram[0] = 0x5ec0e000;
    sram[1] = 0x5ec0e004;
    printf("S secure RAM: %08x %08x\n", (unsigned)sram[0], (unsigned)sram[1]);
    volatile uint32_t *uart = (volatile uint32_t *)SECURE_UART;
    printf("S secure UART: FR %08x, PeriphID0 %02x, CellID %02x%02x%02x%02x\n",
           (unsigned)uart[0x18 / 4], (unsigned)uart[0xfe0 / 4],
           (unsigned)uart[0xffc / 4], (unsigned)uart[0xff8 / 4],
           (unsigned)uart[0xff4 / 4], (unsigned)uart[0xff0 / 4]);
    uart[0x24 / 4] = 0x10;
    printf("S secure UART: IBRD := 10 -> %08x\n", (unsigned)uart[0x24 / 4]);
    exc_print("S secure accesses", 0);
    at = TRY("ldr r0, [r0]", 0, 0);
    exc_print("S ldr flash0", at);
    printf("S flash0 word 0: %08x\n", (unsigned)try_r0);
    /* Flash is a CFI device: 0x90 reads its identifiers, 0xff goes back
     * to reading the array. */
    exc_print("S str flash0 read-id command",
              TRY("str r1, [r0]", 0, 0x00900090));
    at = TRY("ldr r0, [r0]", 0, 0);
    printf("S flash0 word 0 in read-id mode: %08x\n", (unsigned)try_r0);
    exc_print("S str flash0 read-array command",
              TRY("str r1, [r0]", 0, 0x00ff00ff));
    at = TRY("ldr r0, [r0]", 0, 0);
    printf("S flash0 word 0: %08x\n", (unsigned)try_r0);
    at = TRY("ldr r0, [r0]", FLASH1, 0);
    exc_print("S ldr flash1", at);
    printf("S flash1 word 0: %08x\n", (unsigned)try_r0);
    uint32_t dfsr_s = MRC(0, 5, 0, 0), dfar_s = MRC(0, 6, 0, 0);

    smc_call(SMC_TO_NS, 0, 0);
    printf("now %s\n", world());
    exc_print("NS ldr secure RAM", TRY("ldr r2, [r0]", SECURE_RAM, 0));
    exc_print("NS str secure RAM", TRY("str r2, [r0, #4]", SECURE_RAM, 0));
    exc_print("NS ldrb secure RAM end",
              TRY("ldrb r2, [r0]", SECURE_RAM + 0xffffff, 0));
    exc_print("NS ldr secure UART FR", TRY("ldr r2, [r0, #0x18]", SECURE_UART, 0));
    exc_print("NS str secure UART", TRY("str r2, [r0, #0x24]", SECURE_UART, 0));
    exc_print("NS ldr flash0", TRY("ldr r2, [r0]", 0, 0));
    exc_print("NS ldm flash0", TRY("ldmia r0, {r2, r3}", 0x100, 0));
    /* Every other way of reaching Secure RAM aborts too: exclusives, the
     * doubleword and swap forms, a store-multiple, and instruction fetch
     * (a prefetch abort: the handler resumes after the branch). */
    exc_print("NS ldrex secure RAM", TRY("ldrex r2, [r0]", SECURE_RAM, 0));
    exc_print("NS strex secure RAM",
              TRY("strex r2, r1, [r0]", SECURE_RAM, 0x5ec0e0ff));
    exc_print("NS ldrd secure RAM", TRY("ldrd r2, r3, [r0]", SECURE_RAM, 0));
    exc_print("NS strd secure RAM", TRY("strd r2, r3, [r0]", SECURE_RAM, 0));
    exc_print("NS stm secure RAM", TRY("stmia r0, {r1, r2}", SECURE_RAM, 0));
    exc_print("NS ldrex secure UART",
              TRY("ldrex r2, [r0]", SECURE_UART + 0x18, 0));
    exc_print("NS fetch from secure RAM",
              TRY("adr r2, 2f\n\tstr r2, [r1]\n\tblx r0\n2:", SECURE_RAM,
                  (uint32_t)&exc_resume));
    exc_print("NS str flash0", TRY("str r2, [r0, #8]", 0, 0));
    at = TRY("ldr r0, [r0]", FLASH1, 0);
    exc_print("NS ldr flash1", at);
    printf("NS flash1 word 0: %08x\n", (unsigned)try_r0);
    printf("NS DFSR %08x DFAR %08x\n", (unsigned)MRC(0, 5, 0, 0),
           (unsigned)MRC(0, 6, 0, 0));
    at = run_in_mode(MODE_USR, smc_user, 0);
    exc_print("NS smc from usr", at);
    at = smc_here(0);
    exc_print("NS smc from svc", at);
    smc_call(SMC_TO_S, 0, 0);
    printf("now %s, Secure DFSR/DFAR %s\n", world(),
           MRC(0, 5, 0, 0) == dfsr_s && MRC(0, 6, 0, 0) == dfar_s
               ? "unchanged"
               : "changed");
    printf("S secure RAM still: %08x %08x\n", (unsigned)sram[0],
           (unsigned)sram[1]);
    exc_clear();
}

/* Which bits of the Secure-only registers are writable. */
static uint32_t mon_scr_mask(uint32_t x)
{
    uint32_t scr = MRC(0, 1, 1, 0);
    MCR(0, 1, 1, 0, x);
    uint32_t v = MRC(0, 1, 1, 0);
    MCR(0, 1, 1, 0, scr);
    return v;
}

static void test_masks(void)
{
    printf("-- writable bits\n");
    /* Only bits the ARMv7 SCR, NSACR and SDER define: QEMU and the ARM
     * ARM part ways on some reserved ones (SCR.TWI/TWE, SDER[31:2]). */
    printf("SCR := 000003fe -> %08x\n",
           (unsigned)smc_call(SMC_RUN, (uint32_t)mon_scr_mask, 0x3fe));
    uint32_t old = MRC(0, 1, 1, 2);
    MCR(0, 1, 1, 2, 0x0000cc00);
    printf("NSACR := 0000cc00 -> %08x\n", (unsigned)MRC(0, 1, 1, 2));
    MCR(0, 1, 1, 2, old);
    old = MRC(0, 1, 1, 1);
    MCR(0, 1, 1, 1, 3);
    printf("SDER := 00000003 -> %08x\n", (unsigned)MRC(0, 1, 1, 1));
    MCR(0, 1, 1, 1, old);
    old = MRC(0, 12, 0, 1);
    MCR(0, 12, 0, 1, old | 0x1f);
    printf("MVBAR := mon_vectors|1f -> low bits %02x\n",
           (unsigned)MRC(0, 12, 0, 1) & 0x1f);
    MCR(0, 12, 0, 1, old);
    exc_clear();
}

/* Without the Virtualization Extensions, Non-secure software may change
 * CPSR.A only when SCR.AW is set and CPSR.F only when SCR.FW is set. */
static uint32_t ns_mask_changes(void)
{
    uint32_t a, b, c;
    __asm__ volatile("mrs %[a], cpsr\n\t"
                     "cpsie af\n\t"
                     "mrs %[b], cpsr\n\t"
                     "cpsid af\n\t"
                     "msr cpsr_c, #0x13\n\t" /* svc, I F clear */
                     "mrs %[c], cpsr\n\t"
                     "msr cpsr_c, #0xd3\n\t"
                     "cpsid a"
                     : [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c)
                     :
                     : "memory");
    return ((a >> 6) & 7) << 8 | ((b >> 6) & 7) << 4 | ((c >> 6) & 7);
}

static void test_ns_masks(void)
{
    printf("-- Non-secure CPSR.A/F changes (SCR.AW, SCR.FW)\n");
    for (uint32_t bits = 0; bits < 4; bits++) {
        smc_call(SMC_SET_SCR, SCR_NS | bits << 4, 0);
        uint32_t r = ns_mask_changes();
        smc_call(SMC_SET_SCR, 0, 0);
        printf("FW=%u AW=%u: aif %x, after cpsie af %x, after msr cpsr_c "
               "0x13 %x\n",
               (unsigned)bits & 1, (unsigned)bits >> 1,
               (unsigned)(r >> 8) & 7, (unsigned)(r >> 4) & 7,
               (unsigned)r & 7);
        /* Back to A, I, F set, in the Secure world where all may change. */
        __asm__ volatile("cpsid aif");
    }
    exc_clear();
}

int main(void)
{
    uint32_t cpsr = cpsr_read();
    printf("start: %s aif=%x SCR %08x NSACR %08x VBAR %08x MVBAR %08x\n",
           mode_name(cpsr), (unsigned)(cpsr >> 6) & 7,
           (unsigned)MRC(0, 1, 1, 0), (unsigned)MRC(0, 1, 1, 2),
           (unsigned)MRC(0, 12, 0, 0), (unsigned)MRC(0, 12, 0, 1));
    printf("ID_PFR1 %08x ID_DFR0 %08x\n", (unsigned)MRC(0, 0, 1, 1),
           (unsigned)MRC(0, 0, 1, 2));
    exc_install();
    mon_install();
    printf("world: %s\n", world());
    test_smc();
    test_monitor_exception();
    test_banking();
    test_secure_regs();
    test_masks();
    test_ns_masks();
    test_isolation();
    printf("end: %s %s\n", world(), mode_name(cpsr_read()));
    return 0;
}
