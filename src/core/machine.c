/*
 * Building and running a machine from the command line. Boot follows
 * qemu-system-arm's virt (../boards.md, 1.4): -bios goes into flash0 and the
 * CPU starts at the reset vector; an ELF -kernel is loaded at its physical
 * addresses and entered at its entry point in the reset state; any other
 * -kernel is a Linux image at RAM + 0x10000, entered through a boot stub,
 * with its initrd and device tree placed as QEMU places them (with -bios,
 * no stub: the firmware starts it). The device tree goes to the RAM base
 * for firmware (packed, below such a kernel) and beside an ELF that leaves
 * room; -device loader images come last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../boards/virt_fdt.h"
#include "dtb.h"
#include "loader.h"
#include "loader_linux.h"
#include "machine.h"
#include "text.h"

/* The largest -bios: flash0's size. */
#define BIOS_MAX (64u << 20)

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
    /* Secure firmware's console shares the first's terminal when it has
     * none of its own, its lines marked. */
    if (o->secure && o->bios && o->nr_serial < 2 && m->serial[0]) {
        CharDevError ce;
        m->serial[1] = chardev_new_prefixed(m->serial[0], "[secure] ", &ce);
        if (!m->serial[1]) {
            return text_fail(err, len, "secure console: %s", ce.message);
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

/* The device tree: the board's own or -dtb's, with the boot's fixups. */
static void *machine_dtb(Machine *m, const Options *o, const DtbBoot *boot,
                         char *err, size_t len)
{
    void *fdt;
    char msg[256];
    if (o->dtb) {
        size_t size;
        fdt = dtb_load_file(o->dtb, &size, msg, sizeof(msg));
        if (!fdt) {
            text_fail(err, len, "-dtb %s: %s", o->dtb, msg);
            return NULL;
        }
    } else {
        fdt = malloc(VIRT_FDT_SIZE);
        int rc = fdt ? virt_fdt_build(&m->board, boot->psci, fdt,
                                      VIRT_FDT_SIZE)
                     : -FDT_ERR_NOSPACE;
        rc = rc ? rc : memexpose_board_fdt(&m->memexpose, fdt);
        if (rc) {
            text_fail(err, len, "building the device tree: %s",
                      fdt_strerror(rc));
            free(fdt);
            return NULL;
        }
    }
    if (dtb_fixup(fdt, boot, msg, sizeof(msg)) < 0) {
        text_fail(err, len, "%s%s%s", o->dtb ? "-dtb " : "",
                  o->dtb ? o->dtb : "", msg);
        free(fdt);
        return NULL;
    }
    return fdt;
}

/*
 * Writes the device tree at @addr if it fits in the @room bytes there (as
 * QEMU, a tree that does not fit below an ELF image is left out), or with
 * -machine dumpdtb into that file instead. A @packed tree loses its free
 * space and must fit.
 */
static int place_dtb(Machine *m, const Options *o, const DtbBoot *boot,
                     hwaddr addr, uint64_t room, bool packed, char *err,
                     size_t len)
{
    void *fdt = machine_dtb(m, o, boot, err, len);
    if (!fdt) {
        return -1;
    }
    int rc = packed ? fdt_pack(fdt) : 0;
    uint64_t size = fdt_totalsize(fdt);
    hwaddr ram_end = VIRT_RAM_BASE + m->board.opt.ram_size;
    LoaderError le;
    if (rc) {
        rc = text_fail(err, len, "packing the device tree: %s",
                       fdt_strerror(rc));
    } else if (packed && size > room && !o->dumpdtb) {
        rc = text_fail(err, len, "the device tree (%llu bytes) does not fit "
                       "in the %llu bytes below the kernel",
                       (unsigned long long)size, (unsigned long long)room);
    } else if (o->dumpdtb) {
        rc = dtb_write_file(fdt, o->dumpdtb, err, len);
    } else if (size <= room && addr >= ram_end) {
        rc = text_fail(err, len, "no room for the device tree: its place "
                       "0x%llx is past the end of RAM",
                       (unsigned long long)addr);
    } else if (size <= room &&
               loader_raw_load_buffer(fdt, size, &m->board.as_ns, addr,
                                      ram_end - addr, false, &le) !=
                   LOADER_OK) {
        rc = text_fail(err, len, "device tree: %s", le.message);
    }
    free(fdt);
    return rc;
}

/* A Linux image at RAM + 0x10000 and its initrd, placed as QEMU places
 * them; *@size is the kernel's. */
static int load_linux_images(Machine *m, const Options *o, DtbBoot *boot,
                             uint64_t *size, char *err, size_t len)
{
    VirtMachine *b = &m->board;
    const hwaddr ram = VIRT_RAM_BASE, entry = ram + LINUX_KERNEL_OFFSET;
    LoaderError le;
    if (loader_linux_load_kernel(o->kernel, &b->as_ns, ram, b->opt.ram_size,
                                 size, &le) != LOADER_OK) {
        return text_fail(err, len, "-kernel %s: %s", o->kernel, le.message);
    }
    boot->initrd_start = loader_linux_initrd_addr(ram, b->opt.ram_size,
                                                  entry + *size);
    if (o->initrd &&
        loader_linux_load_initrd(o->initrd, &b->as_ns, boot->initrd_start,
                                 ram + b->opt.ram_size, &boot->initrd_size,
                                 &le) != LOADER_OK) {
        return text_fail(err, len, "-initrd %s: %s", o->initrd, le.message);
    }
    return 0;
}

/*
 * A Linux image for Secure firmware to start (-bios with a kernel that is
 * not an ELF): kernel and initrd as for a direct boot but no boot stub, and
 * the tree, packed, at the RAM base where firmware looks for it (QEMU's
 * place for firmware), below the kernel. tzemu's firmware moves it past
 * the initrd before entering the kernel (firmware/fdt.c).
 */
static int load_linux_for_firmware(Machine *m, const Options *o,
                                   DtbBoot *boot, char *err, size_t len)
{
    uint64_t size;
    if (load_linux_images(m, o, boot, &size, err, len) < 0) {
        return -1;
    }
    return place_dtb(m, o, boot, VIRT_RAM_BASE, LINUX_KERNEL_OFFSET, true,
                     err, len);
}

/* A Linux image, its initrd and device tree, and the boot stub. */
static int load_linux(Machine *m, const Options *o, DtbBoot *boot,
                      char *err, size_t len)
{
    VirtMachine *b = &m->board;
    const hwaddr ram = VIRT_RAM_BASE, entry = ram + LINUX_KERNEL_OFFSET;
    uint64_t size;
    LoaderError le;
    if (load_linux_images(m, o, boot, &size, err, len) < 0) {
        return -1;
    }
    hwaddr dtb = loader_linux_dtb_addr(boot->initrd_start, boot->initrd_size);
    if (place_dtb(m, o, boot, dtb, UINT64_MAX, false, err, len) < 0) {
        return -1;
    }
    if (loader_linux_write_stub(&b->as_ns, ram, entry, dtb, &le) !=
        LOADER_OK) {
        return text_fail(err, len, "boot stub: %s", le.message);
    }
    ArmCpu *cpu = b->cpu;
    arm_cpu_reset(cpu, (uint32_t)ram);
    m->semihosting.image_end = (uint32_t)(entry + size);
    if (cpu->has_security) {
        /* QEMU enters Linux in Non-secure SVC, with NS access to the FPU
         * (boards.md 1.4) ... */
        arm_cpu_enter_nonsecure(cpu);
        /* ... and the GIC as Secure firmware would leave it. */
        gic_set_reset_nonsecure(b->gic, true);
        gic_reset(b->gic);
    }
    return 0;
}

/*
 * The room for the device tree at the RAM base next to an ELF image (QEMU
 * puts it there unless the image covers the base, and only below it).
 */
static uint64_t elf_dtb_room(const LoaderElfInfo *info)
{
    if (info->low <= VIRT_RAM_BASE && info->high >= VIRT_RAM_BASE) {
        return 0;
    }
    return info->low > VIRT_RAM_BASE ? info->low - VIRT_RAM_BASE : UINT64_MAX;
}

static int load_boot_images(Machine *m, const Options *o, char *err,
                            size_t len)
{
    VirtMachine *b = &m->board;
    bool secure = b->opt.secure;
    /* Images go into the Secure view when there is one: it shows all. */
    AddressSpace *as = secure ? &b->as_s : &b->as_ns;
    /* The tree offers PSCI when tzemu serves it (see machine_init). */
    DtbBoot boot = { .ram_base = VIRT_RAM_BASE, .ram_size = b->opt.ram_size,
                     .bootargs = o->append, .psci = m->smp.psci_on };
    /* Firmware (or nothing) finds the tree at the RAM base. */
    uint64_t dtb_room = UINT64_MAX;
    LoaderError le;
    if (o->bios) {
        uint64_t size;
        if (loader_raw_load_file(o->bios, as, 0, BIOS_MAX, secure, &size,
                                 &le) != LOADER_OK) {
            return text_fail(err, len, "-bios %s: %s", o->bios, le.message);
        }
        arm_cpu_reset(b->cpu, 0);
        m->semihosting.image_end = (uint32_t)size;
    }
    if (o->kernel) {
        LoaderElfInfo info;
        LoaderErrCode rc = loader_elf_load_file(o->kernel, as, secure, &info,
                                                &le);
        if (rc == LOADER_ERR_NOT_ELF) {
            return o->bios ? load_linux_for_firmware(m, o, &boot, err, len)
                           : load_linux(m, o, &boot, err, len);
        }
        if (rc != LOADER_OK) {
            return text_fail(err, len, "-kernel %s: %s", o->kernel,
                             le.message);
        }
        if (!o->bios) {
            arm_cpu_reset(b->cpu, (uint32_t)info.entry & ~1u);
            /* Bit 0 of the entry point asks for Thumb state. */
            if (info.entry & 1) {
                b->cpu->cpsr_ctl |= CPSR_T;
            }
        }
        m->semihosting.image_end = (uint32_t)info.high + 1;
        dtb_room = elf_dtb_room(&info);
    }
    return place_dtb(m, o, &boot, VIRT_RAM_BASE, dtb_room, false, err, len);
}

/*
 * -device loader, after the other images: a raw file at its address
 * through the Non-secure view (secure=on: the Secure one), an ELF at its
 * physical addresses as an ELF -kernel is loaded.
 */
static int load_devices(Machine *m, const Options *o, char *err, size_t len)
{
    VirtMachine *b = &m->board;
    for (int i = 0; i < o->nr_loaders; i++) {
        const OptionsLoader *l = &o->loaders[i];
        LoaderError le;
        LoaderErrCode rc;
        if (l->secure && !b->opt.secure) {
            return text_fail(err, len, "-device loader,file=%s: secure=on "
                             "needs -M virt,secure=on", l->file);
        }
        if (l->has_addr) {
            rc = loader_raw_load_file(l->file, l->secure ? &b->as_s
                                                         : &b->as_ns,
                                      l->addr, 0, l->secure, NULL, &le);
        } else {
            LoaderElfInfo info;
            rc = loader_elf_load_file(l->file, b->opt.secure ? &b->as_s
                                                             : &b->as_ns,
                                      b->opt.secure, &info, &le);
        }
        if (rc != LOADER_OK) {
            return text_fail(err, len, "-device loader,file=%s: %s", l->file,
                             le.message);
        }
    }
    return 0;
}

static int load_images(Machine *m, const Options *o, char *err, size_t len)
{
    if (load_boot_images(m, o, err, len) < 0) {
        return -1;
    }
    return load_devices(m, o, err, len);
}

/* tzemu's system controller powers off and resets through the paths PSCI
 * takes when tzemu serves it. */
static void machine_power_off(void *opaque)
{
    Machine *m = opaque;
    m->smp.psci.ops->system_off(m->smp.psci.opaque);
}

static void machine_power_reset(void *opaque)
{
    Machine *m = opaque;
    m->smp.psci.ops->system_reset(m->smp.psci.opaque);
}

int machine_init(Machine *m, const Options *o, char *err, size_t len)
{
    memset(m, 0, sizeof(*m));
    if (log_open(&m->log, o->log_mask, o->log_file, err, len) < 0 ||
        open_serials(m, o, err, len) < 0) {
        machine_destroy(m);
        return -1;
    }
    /* The clock runs from here: the RTC reads it as it is built. */
    clock_start(&m->clock);
    if (o->icount_shift >= 0) {
        clock_set_icount(&m->clock, o->icount_shift);
    }
    m->opts = o;
    VirtOptions vo = { .secure = o->secure, .mpc = o->mpc, .remap = o->remap,
                       .firmware_psci = o->firmware_psci,
                       .ram_shared = o->memexpose.nr_devices > 0,
                       .power = { machine_power_off, machine_power_reset },
                       .power_opaque = m,
                       .ram_size = o->ram_size,
                       .nr_cpus = o->nr_cpus,
                       .serial = { m->serial[0], m->serial[1] },
                       .clock_ns = clock_now_ns, .clock_opaque = &m->clock };
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
    m->trace = trace_attach(&m->board, &m->log);
    /* QEMU serves PSCI unless Secure firmware is there to do it. */
    smp_init(&m->smp, &m->board, &m->clock, !(o->secure && o->bios));
    if (memexpose_board_init(&m->memexpose, &m->board, &o->memexpose, err,
                             len) < 0) {
        machine_destroy(m);
        return -1;
    }
    if (m->memexpose.nr_devs) {
        m->smp.idle = memexpose_board_idle;
        m->smp.idle_opaque = &m->memexpose;
    }
    if (load_images(m, o, err, len) < 0) {
        machine_destroy(m);
        return -1;
    }
    if (arm_is_secure(m->board.cpu)) {
        smp_stop_serving_hvc(&m->smp);
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

static void serve_host(void *opaque)
{
    Machine *m = opaque;
    poll_serials(m);
    memexpose_board_poll(&m->memexpose);
    pl031_update(m->board.rtc);
}

/*
 * PSCI SYSTEM_RESET, as QEMU without -no-reboot: devices and CPUs back to
 * their reset state, the images loaded again (RAM elsewhere is kept).
 */
static int machine_reset(Machine *m, char *err, size_t len)
{
    virt_reset(&m->board);
    smp_reset(&m->smp);
    return load_images(m, m->opts, err, len);
}

int machine_run(Machine *m)
{
    SmpStop why;
    char msg[512];
    while ((why = smp_run(&m->smp, serve_host, m)) == SMP_STOP_RESET &&
           !m->opts->no_reboot) {
        if (machine_reset(m, msg, sizeof(msg)) < 0) {
            fprintf(stderr, "tzemu: reset: %s\n", msg);
            return 1;
        }
    }
    poll_serials(m);
    if (m->semihosting_on && m->semihosting.exited) {
        return m->semihosting.exit_code;
    }
    switch (why) {
    case SMP_STOP_OFF:
    case SMP_STOP_RESET: /* with -no-reboot, as QEMU: a clean exit */
        return 0;
    case SMP_STOP_ALL_OFF:
        /* QEMU would wait forever: nothing can power a CPU on again. */
        fprintf(stderr, "tzemu: every CPU is powered off (PSCI CPU_OFF); "
                        "stopping\n");
        return 1;
    default:
        /* Stopped by an error already reported. */
        return 1;
    }
}

void machine_destroy(Machine *m)
{
    trace_detach(m->trace);
    m->trace = NULL;
    memexpose_board_free(&m->memexpose);
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
