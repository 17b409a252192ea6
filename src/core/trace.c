/* The -d hooks behind trace.h. */
#include <capstone/capstone.h>
#include <stdlib.h>

#include "options.h"
#include "trace.h"

struct Trace {
    VirtMachine *board;
    Log *log;
    /* Disassemblers for A32 and for Thumb. */
    csh capstone;
    csh capstone_thumb;
    bool have_capstone;
};

static void on_exception(ArmCpu *cpu, const char *name, uint32_t lr,
                         uint32_t vector, void *opaque)
{
    Trace *t = opaque;
    log_printf(t->log, LOG_INT,
               "Taking exception [%s] on CPU %u: to mode 0x%02x (%s), "
               "LR 0x%08x, vector 0x%08x, SPSR 0x%08x\n", name,
               cpu->cpu_index, arm_mode(cpu),
               arm_is_secure(cpu) ? "Secure" : "Non-secure", lr, vector,
               cpu->spsr);
}

static void on_insn(ArmCpu *cpu, uint32_t pc, uint32_t word, bool decoded,
                    void *opaque)
{
    Trace *t = opaque;
    if (log_on(t->log, LOG_EXEC)) {
        log_printf(t->log, LOG_EXEC, "Trace %u: 0x%08x %08x [%s mode 0x%02x]\n",
                   cpu->cpu_index, pc, word,
                   arm_is_secure(cpu) ? "S" : "NS", arm_mode(cpu));
    }
    if (!decoded || !log_on(t->log, LOG_IN_ASM)) {
        return;
    }
    /* Thumb: a 16-bit instruction is its halfword (word < 0x10000), a
     * 32-bit one hw1:hw2, each halfword little-endian in memory. */
    bool thumb = cpu->cpsr_ctl & CPSR_T;
    uint32_t hw1 = word > 0xffff ? word >> 16 : word;
    uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8),
                         (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    if (thumb) {
        bytes[0] = (uint8_t)hw1;
        bytes[1] = (uint8_t)(hw1 >> 8);
        bytes[2] = (uint8_t)word;
        bytes[3] = (uint8_t)(word >> 8);
    }
    size_t len = thumb && word <= 0xffff ? 2 : 4;
    cs_insn *insn = NULL;
    size_t n = t->have_capstone
                   ? cs_disasm(thumb ? t->capstone_thumb : t->capstone, bytes,
                               len, pc, 1, &insn)
                   : 0;
    char hex[16];
    if (!thumb) {
        snprintf(hex, sizeof(hex), "%08x", word);
    } else if (len == 2) {
        snprintf(hex, sizeof(hex), "%04x     ", word);
    } else {
        snprintf(hex, sizeof(hex), "%04x %04x", hw1, word & 0xffff);
    }
    log_printf(t->log, LOG_IN_ASM, "IN:\n0x%08x:  %s  %s %s\n\n", pc, hex,
               n ? insn->mnemonic : thumb ? ".inst" : ".word",
               n ? insn->op_str : "");
    if (n) {
        cs_free(insn, n);
    }
}

static void on_report(ArmCpu *cpu, ArmReport kind, const char *msg,
                      void *opaque)
{
    (void)cpu;
    Trace *t = opaque;
    unsigned cat = kind == ARM_REPORT_UNIMP ? LOG_UNIMP : LOG_GUEST_ERRORS;
    log_printf(t->log, cat, "%s\n", msg);
}

static void on_memtx(void *opaque, const MemTxEvent *ev)
{
    Trace *t = opaque;
    log_printf(t->log, LOG_MEMTX,
               "memtx: %s %-3s %-4s%s %s 0x%08llx size %llu value 0x%llx: %s\n",
               ev->as->name, ev->attrs.secure ? "S" : "NS",
               ev->attrs.user ? "user" : "priv",
               ev->attrs.debug ? " debug" : "", ev->is_write ? "W" : "R",
               (unsigned long long)ev->addr, (unsigned long long)ev->size,
               (unsigned long long)(ev->size <= 8 ? memtx_event_value(ev)
                                                  : 0),
               memtx_result_name(ev->result));
}

Trace *trace_attach(VirtMachine *board, Log *log)
{
    /* Device messages follow -d unimp / guest_errors, as on QEMU. */
    FILE *dev_log = log_on(log, LOG_UNIMP | LOG_GUEST_ERRORS) ? log->out
                                                               : NULL;
    for (int i = 0; i < 2; i++) {
        pflash_set_log(board->flash[i], dev_log);
    }
    gic_set_log(board->gic, dev_log);
    pl011_set_log(board->uart, dev_log);
    pl031_set_log(board->rtc, dev_log);
    if (board->mpc) {
        tz_mpc_set_log(board->mpc, dev_log);
    }
    if (board->remap) {
        remap_mc_set_log(board->remap, dev_log);
    }
    if (board->secure_uart) {
        pl011_set_log(board->secure_uart, dev_log);
    }
    if (!log->mask) {
        return NULL;
    }
    Trace *t = calloc(1, sizeof(*t));
    if (!t) {
        return NULL;
    }
    t->board = board;
    t->log = log;
    ArmCpu *cpu = board->cpu;
    cpu->hooks.exception = on_exception;
    cpu->hooks.report = on_report;
    cpu->hooks.opaque = t;
    if (log_on(log, LOG_IN_ASM | LOG_EXEC)) {
        t->have_capstone =
            cs_open(CS_ARCH_ARM, CS_MODE_ARM, &t->capstone) == CS_ERR_OK;
        if (t->have_capstone &&
            cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &t->capstone_thumb) !=
                CS_ERR_OK) {
            cs_close(&t->capstone);
            t->have_capstone = false;
        }
        cpu->hooks.insn = on_insn;
        cpu->trace_insns = true;
    }
    if (log_on(log, LOG_MEMTX)) {
        /* Every access must reach the address spaces to be seen. */
        cpu->no_fast_path = true;
        address_space_set_observer(&board->as_ns, on_memtx, t);
        address_space_set_observer(&board->as_s, on_memtx, t);
    }
    return t;
}

void trace_detach(Trace *t)
{
    if (!t) {
        return;
    }
    address_space_set_observer(&t->board->as_ns, NULL, NULL);
    address_space_set_observer(&t->board->as_s, NULL, NULL);
    if (t->have_capstone) {
        cs_close(&t->capstone);
        cs_close(&t->capstone_thumb);
    }
    free(t);
}
