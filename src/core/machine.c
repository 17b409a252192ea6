/*
 * Building and running a machine from the command line. Boot follows
 * qemu-system-arm's virt (../boards.md, 1.4): -bios goes into flash0 and the
 * CPU starts at the reset vector; an ELF -kernel is loaded at its physical
 * addresses and entered at its entry point in the reset state; any other
 * -kernel is a Linux image at RAM + 0x10000, entered through a boot stub.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "machine.h"
#include "text.h"

#define LINUX_IMAGE_OFFSET 0x10000u
/* The largest -bios: flash0's size. */
#define BIOS_MAX (64u << 20)
/* How many instructions run between services of the host side. */
#define SLICE 100000u
/* The longest wait in WFI before the host side is served again. */
#define WFI_POLL_NS 10000000ull

static int open_serials(Machine *m, const Options *o, char *err, size_t len)
{
    for (int i = 0; i < 2; i++) {
        /* Like QEMU's default, the first UART is on stdio. */
        const char *spec = i < o->nr_serial ? o->serial[i]
                           : i == 0        ? "stdio" : NULL;
        if (!spec || strcmp(spec, "none") == 0) {
            continue;
        }
        CharDevError ce;
        m->serial[i] = chardev_new(spec, &ce);
        if (!m->serial[i]) {
            return text_fail(err, len, "-serial %s: %s", spec, ce.message);
        }
    }
    return 0;
}

/* The guest's command line for SYS_GET_CMDLINE, as QEMU builds it. */
static char *semihosting_cmdline(const Options *o)
{
    size_t n = 1;
    for (int i = 0; i < o->nr_semihosting_args; i++) {
        n += strlen(o->semihosting_args[i]) + 1;
    }
    if (!o->nr_semihosting_args) {
        n += (o->kernel ? strlen(o->kernel) : 0) +
             (o->append ? strlen(o->append) + 1 : 0);
    }
    char *s = calloc(1, n);
    if (!s) {
        return NULL;
    }
    if (o->nr_semihosting_args) {
        for (int i = 0; i < o->nr_semihosting_args; i++) {
            strcat(s, i ? " " : "");
            strcat(s, o->semihosting_args[i]);
        }
    } else if (o->kernel) {
        strcat(s, o->kernel);
        if (o->append) {
            strcat(s, " ");
            strcat(s, o->append);
        }
    }
    return s;
}

/* The 7-word stub QEMU writes at the start of RAM for a Linux image. */
static int load_linux(Machine *m, const Options *o, char *err, size_t len)
{
    VirtMachine *b = &m->board;
    uint32_t ram = VIRT_RAM_BASE;
    uint64_t size;
    LoaderError le;
    if (loader_raw_load_file(o->kernel, &b->as_ns, ram + LINUX_IMAGE_OFFSET,
                             b->opt.ram_size - LINUX_IMAGE_OFFSET, false,
                             &size, &le) != LOADER_OK) {
        return text_fail(err, len, "-kernel %s: %s", o->kernel, le.message);
    }
    /* Where the device tree goes: after the initrd slot (min(RAM/2,
     * 128 MiB) in). The tree itself comes with the device-tree support. */
    uint64_t initrd = b->opt.ram_size / 2 < (128u << 20)
                          ? b->opt.ram_size / 2 : (128u << 20);
    uint32_t stub[7] = {
        0xe3a00000, /* mov r0, #0 */
        0xe59f1004, /* ldr r1, [pc, #4] */
        0xe59f2004, /* ldr r2, [pc, #4] */
        0xe59ff004, /* ldr pc, [pc, #4] */
        0xffffffff, /* r1: no machine number, device tree only */
        (uint32_t)(ram + initrd),
        ram + LINUX_IMAGE_OFFSET,
    };
    if (loader_raw_load_buffer(stub, sizeof(stub), &b->as_ns, ram,
                               sizeof(stub), false, &le) != LOADER_OK) {
        return text_fail(err, len, "boot stub: %s", le.message);
    }
    ArmCpu *cpu = b->cpu;
    arm_cpu_reset(cpu, ram);
    m->semihosting.image_end = (uint32_t)(ram + LINUX_IMAGE_OFFSET + size);
    if (cpu->has_security) {
        /* QEMU enters Linux in Non-secure SVC, with NS access to the FPU
         * (boards.md 1.4). */
        cpu->cp15.scr |= SCR_NS;
        cpu->cp15.nsacr |= (1u << 10) | (1u << 11);
        /* ... and the GIC as Secure firmware would leave it. */
        gic_set_reset_nonsecure(b->gic, true);
        gic_reset(b->gic);
    }
    return 0;
}

static int load_images(Machine *m, const Options *o, char *err, size_t len)
{
    VirtMachine *b = &m->board;
    bool secure = b->opt.secure;
    /* Images go into the Secure view when there is one: it shows all. */
    AddressSpace *as = secure ? &b->as_s : &b->as_ns;
    LoaderError le;
    if (o->bios) {
        uint64_t size;
        if (loader_raw_load_file(o->bios, as, 0, BIOS_MAX, secure, &size,
                                 &le) != LOADER_OK) {
            return text_fail(err, len, "-bios %s: %s", o->bios, le.message);
        }
        arm_cpu_reset(b->cpu, 0);
        m->semihosting.image_end = (uint32_t)size;
        if (!o->kernel) {
            return 0;
        }
    }
    if (!o->kernel) {
        return 0;
    }
    LoaderElfInfo info;
    LoaderErrCode rc = loader_elf_load_file(o->kernel, as, secure, &info, &le);
    if (rc == LOADER_ERR_NOT_ELF) {
        return o->bios ? 0 : load_linux(m, o, err, len);
    }
    if (rc != LOADER_OK) {
        return text_fail(err, len, "-kernel %s: %s", o->kernel, le.message);
    }
    if (!o->bios) {
        arm_cpu_reset(b->cpu, (uint32_t)info.entry & ~1u);
        /* Bit 0 of the entry point asks for Thumb state. */
        if (info.entry & 1) {
            b->cpu->cpsr_ctl |= CPSR_T;
        }
    }
    m->semihosting.image_end = (uint32_t)info.high + 1;
    return 0;
}

int machine_init(Machine *m, const Options *o, char *err, size_t len)
{
    memset(m, 0, sizeof(*m));
    if (log_open(&m->log, o->log_mask, o->log_file, err, len) < 0 ||
        open_serials(m, o, err, len) < 0) {
        machine_destroy(m);
        return -1;
    }
    VirtOptions vo = { .secure = o->secure, .ram_size = o->ram_size,
                       .serial = { m->serial[0], m->serial[1] } };
    MemError me = { 0 };
    if (virt_init(&m->board, &vo, &me) != MEM_OK) {
        machine_destroy(m);
        return text_fail(err, len, "%s", me.message);
    }
    if (o->semihosting) {
        char *cmdline = semihosting_cmdline(o);
        semihosting_init(&m->semihosting, cmdline, VIRT_RAM_BASE,
                         (uint32_t)(o->ram_size > 0xffffffffu - VIRT_RAM_BASE
                                        ? 0xffffffffu - VIRT_RAM_BASE
                                        : o->ram_size));
        free(cmdline);
        m->semihosting.userspace = o->semihosting_userspace;
        m->semihosting_on = true;
        m->board.cpu->hooks.semihost = semihosting_call;
        m->board.cpu->hooks.semihost_opaque = &m->semihosting;
    }
    clock_start(&m->clock);
    m->board.cpu->clock_ns = clock_now_ns;
    m->board.cpu->clock_opaque = &m->clock;
    m->trace = trace_attach(&m->board, &m->log);
    if (load_images(m, o, err, len) < 0) {
        machine_destroy(m);
        return -1;
    }
    return 0;
}

static void poll_serials(Machine *m)
{
    for (int i = 0; i < 2; i++) {
        if (m->serial[i]) {
            chardev_poll(m->serial[i]);
        }
    }
}

int machine_run(Machine *m)
{
    ArmCpu *cpu = m->board.cpu;
    for (;;) {
        ArmExit e = arm_cpu_run(cpu, SLICE);
        poll_serials(m);
        if (e == ARM_EXIT_HALT) {
            break;
        }
        /* Time passed: timers whose moment came raise their outputs. */
        arm_gtimer_update(cpu);
        if (e == ARM_EXIT_WFI && cpu->halted) {
            /* Wait without spinning until the next timer deadline, serving
             * the host side (the UARTs' input) every WFI_POLL_NS. */
            clock_sleep_until(&m->clock, arm_gtimer_deadline_ns(cpu),
                              WFI_POLL_NS);
            arm_gtimer_update(cpu);
        }
    }
    poll_serials(m);
    if (m->semihosting_on && m->semihosting.exited) {
        return m->semihosting.exit_code;
    }
    return cpu->stop && !m->semihosting.exited ? 1 : 0;
}

void machine_destroy(Machine *m)
{
    trace_detach(m->trace);
    m->trace = NULL;
    if (m->board.system) {
        virt_destroy(&m->board);
    }
    if (m->semihosting_on) {
        semihosting_destroy(&m->semihosting);
    }
    for (int i = 0; i < 2; i++) {
        chardev_close(m->serial[i]);
        m->serial[i] = NULL;
    }
    log_close(&m->log);
}
