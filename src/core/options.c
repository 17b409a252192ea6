/*
 * Command-line parsing. Sizes take QEMU's suffixes (K, M, G, T; a bare
 * number is MiB for -m). Every rejection names what is supported.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "text.h"

static bool is_help(const char *v)
{
    return strcmp(v, "help") == 0 || strcmp(v, "?") == 0;
}

/* "-m 512", "-m 1G", "-m size=256M": MiB unless a suffix says otherwise. */
static int opt_m(Options *o, const char *v, char *err, size_t len)
{
    const char *s = strncmp(v, "size=", 5) == 0 ? v + 5 : v;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    unsigned shift = 20;
    bool ok = end != s && !errno && s[0] != '-';
    if (ok && *end) {
        const char *suffixes = "KMGT";
        const char *p = strchr(suffixes, *end & ~0x20);
        ok = p && !end[1];
        shift = p ? 10 * (unsigned)(p - suffixes + 1) : 0;
    }
    if (!ok || n == 0 || n > (UINT64_MAX >> shift)) {
        return text_fail(err, len, "bad RAM size '%s' (e.g. -m 512, -m 512M, -m 1G)",
                    v);
    }
    o->ram_size = (uint64_t)n << shift;
    return 0;
}

static int machine_item(void *target, char *key, char *value, char *err,
                        size_t len)
{
    Options *o = target;
    if (!value) {
        if (is_help(key)) {
            o->list_machines = true;
        } else if (strcmp(key, "virt") == 0) {
            o->machine = "virt";
        } else {
            return text_fail(err, len, "unsupported machine type '%s' (supported: "
                        "virt; use -machine help)", key);
        }
        return 0;
    }
    if (strcmp(key, "type") == 0) {
        return machine_item(o, value, NULL, err, len);
    }
    if (strcmp(key, "dumpdtb") == 0) {
        /* The item buffer is freed after parsing: keep a copy. */
        free((char *)o->dumpdtb);
        o->dumpdtb = strdup(value);
        return o->dumpdtb ? 0 : text_fail(err, len, "out of memory");
    }
    bool *flag = strcmp(key, "secure") == 0 ? &o->secure
                 : strcmp(key, "mpc") == 0  ? &o->mpc
                 : strcmp(key, "remap") == 0 ? &o->remap
                 : strcmp(key, "firmware-psci") == 0 ? &o->firmware_psci
                                            : NULL;
    if (!flag) {
        return text_fail(err, len, "machine property '%s' is not supported "
                    "(supported: secure=on|off, mpc=on|off, remap=on|off, "
                    "firmware-psci=on|off, dumpdtb=FILE)",
                    key);
    }
    if (text_parse_bool(value, flag) < 0) {
        return text_fail(err, len, "machine property %s takes on or off, not "
                    "'%s'", key, value);
    }
    return 0;
}

static int opt_machine(Options *o, const char *v, char *err, size_t len)
{
    return text_for_each_item(o, v, machine_item, err, len);
}

/* A whole decimal number in [@min, @max], or -1. */
static long parse_count(const char *s, long min, long max)
{
    errno = 0;
    char *end;
    long n = s && *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : -1;
    if (n < 0 || errno || *end || n < min || n > max) {
        return -1;
    }
    return n;
}

static int smp_item(void *target, char *key, char *value, char *err,
                    size_t len)
{
    Options *o = target;
    const char *count = value ? (strcmp(key, "cpus") == 0 ? value : NULL)
                              : key;
    if (!count) {
        return text_fail(err, len, "-smp property '%s' is not supported "
                         "(supported: -smp N, -smp cpus=N)", key);
    }
    long n = parse_count(count, 1, OPTIONS_MAX_CPUS);
    if (n < 0) {
        return text_fail(err, len, "-smp takes 1 to %d CPUs, not '%s' "
                         "(virt with a GICv2 has at most %d)", OPTIONS_MAX_CPUS,
                         count, OPTIONS_MAX_CPUS);
    }
    o->nr_cpus = (unsigned)n;
    return 0;
}

/* "-smp 2", "-smp cpus=2". */
static int opt_smp(Options *o, const char *v, char *err, size_t len)
{
    return text_for_each_item(o, v, smp_item, err, len);
}

static int icount_item(void *target, char *key, char *value, char *err,
                       size_t len)
{
    Options *o = target;
    const char *shift = value ? (strcmp(key, "shift") == 0 ? value : NULL)
                              : key;
    if (value && strcmp(key, "sleep") == 0) {
        /* Idle time always jumps to the next deadline (QEMU's sleep=off):
         * sleeping in host time would make runs differ. */
        if (strcmp(value, "off") != 0) {
            return text_fail(err, len, "-icount sleep=%s is not supported "
                             "(tzemu's -icount always runs as sleep=off)",
                             value);
        }
        return 0;
    }
    if (!shift) {
        return text_fail(err, len, "-icount property '%s' is not supported "
                         "(supported: shift=N, sleep=off)", key);
    }
    if (strcmp(shift, "auto") == 0) {
        return text_fail(err, len, "-icount shift=auto is not supported "
                         "(give a fixed shift=0..%d)", OPTIONS_MAX_ICOUNT_SHIFT);
    }
    long n = parse_count(shift, 0, OPTIONS_MAX_ICOUNT_SHIFT);
    if (n < 0) {
        return text_fail(err, len, "-icount shift must be 0 to %d, not '%s'",
                         OPTIONS_MAX_ICOUNT_SHIFT, shift);
    }
    o->icount_shift = (int)n;
    return 0;
}

/* "-icount N", "-icount shift=N[,sleep=off]": one instruction is 2^N ns. */
static int opt_icount(Options *o, const char *v, char *err, size_t len)
{
    o->icount_shift = -1;
    if (text_for_each_item(o, v, icount_item, err, len) < 0) {
        return -1;
    }
    if (o->icount_shift < 0) {
        return text_fail(err, len, "-icount needs a shift (e.g. -icount "
                         "shift=3)");
    }
    return 0;
}

static int opt_cpu(Options *o, const char *v, char *err, size_t len)
{
    if (is_help(v)) {
        o->list_cpus = true;
        return 0;
    }
    if (strcmp(v, "cortex-a15") != 0) {
        return text_fail(err, len, "unsupported CPU '%s' (supported: cortex-a15)",
                    v);
    }
    return 0;
}

static int opt_kernel(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->kernel = v;
    return 0;
}

static int opt_bios(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->bios = v;
    return 0;
}

static int opt_append(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->append = v;
    return 0;
}

static int opt_initrd(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->initrd = v;
    return 0;
}

static int opt_dtb(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->dtb = v;
    return 0;
}

static int opt_semihosting(Options *o, const char *v, char *err, size_t len)
{
    (void)v, (void)err, (void)len;
    o->semihosting = true;
    return 0;
}

static int opt_no_reboot(Options *o, const char *v, char *err, size_t len)
{
    (void)v, (void)err, (void)len;
    o->no_reboot = true;
    return 0;
}

static int semihosting_item(void *target, char *key, char *value,
                            char *err, size_t len)
{
    Options *o = target;
    bool on = true;
    if (strcmp(key, "enable") == 0) {
        if (value && text_parse_bool(value, &on) < 0) {
            return text_fail(err, len, "semihosting-config enable takes on or off");
        }
        o->semihosting = on;
    } else if (strcmp(key, "target") == 0) {
        if (!value || (strcmp(value, "native") && strcmp(value, "auto"))) {
            return text_fail(err, len, "semihosting-config target '%s' is not "
                        "supported (supported: native, auto)",
                        value ? value : "");
        }
    } else if (strcmp(key, "arg") == 0 && value) {
        if (o->nr_semihosting_args == OPTIONS_MAX_ARGS) {
            return text_fail(err, len, "at most %d semihosting-config arg= words",
                        OPTIONS_MAX_ARGS);
        }
        /* The item buffer is freed after parsing: keep a copy. */
        o->semihosting_args[o->nr_semihosting_args++] = strdup(value);
    } else if (strcmp(key, "userspace") == 0) {
        if (!value || text_parse_bool(value, &on) < 0) {
            return text_fail(err, len, "semihosting-config userspace takes on or "
                        "off");
        }
        o->semihosting_userspace = on;
    } else {
        return text_fail(err, len, "semihosting-config '%s' is not supported "
                    "(supported: enable, target, arg, userspace)", key);
    }
    return 0;
}

static int opt_semihosting_config(Options *o, const char *v, char *err,
                                  size_t len)
{
    return text_for_each_item(o, v, semihosting_item, err, len);
}

static int opt_serial(Options *o, const char *v, char *err, size_t len)
{
    if (o->nr_serial == OPTIONS_MAX_SERIAL) {
        return text_fail(err, len, "at most %d -serial options (the Non-secure "
                    "UART, then the Secure one)", OPTIONS_MAX_SERIAL);
    }
    o->serial[o->nr_serial++] = v;
    return 0;
}

static int opt_ignored(Options *o, const char *v, char *err, size_t len)
{
    (void)o, (void)v, (void)err, (void)len;
    return 0;
}

static int opt_display(Options *o, const char *v, char *err, size_t len)
{
    (void)o;
    if (strcmp(v, "none") != 0) {
        return text_fail(err, len, "display '%s' is not supported (supported: "
                    "none; tzemu has no graphics)", v);
    }
    return 0;
}

static const struct {
    const char *name;
    unsigned bit;
} log_names[] = {
    { "int", LOG_INT },
    { "unimp", LOG_UNIMP },
    { "guest_errors", LOG_GUEST_ERRORS },
    { "memtx", LOG_MEMTX },
    { "in_asm", LOG_IN_ASM },
    { "exec", LOG_EXEC },
};

static int log_item(void *target, char *key, char *value, char *err,
                    size_t len)
{
    Options *o = target;
    for (size_t i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++) {
        if (!value && strcmp(key, log_names[i].name) == 0) {
            o->log_mask |= log_names[i].bit;
            return 0;
        }
    }
    return text_fail(err, len, "log item '%s' is not supported (supported: "
                "in_asm, int, exec, unimp, guest_errors, memtx)", key);
}

static int opt_d(Options *o, const char *v, char *err, size_t len)
{
    return text_for_each_item(o, v, log_item, err, len);
}

static int opt_D(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->log_file = v;
    return 0;
}

static int loader_item(void *target, char *key, char *value, char *err,
                       size_t len)
{
    Options *o = target;
    OptionsLoader *l = &o->loaders[o->nr_loaders - 1];
    if (strcmp(key, "loader") == 0 && !value) {
        return 0;
    }
    if (strcmp(key, "file") == 0 && value && *value) {
        free((char *)l->file);
        /* The item buffer is freed after parsing: keep a copy. */
        l->file = strdup(value);
        return l->file ? 0 : text_fail(err, len, "out of memory");
    }
    if (strcmp(key, "addr") == 0 && value) {
        errno = 0;
        char *end;
        unsigned long long a = strtoull(value, &end, 0);
        if (end == value || *end || errno || value[0] == '-' ||
            a > UINT32_MAX) {
            return text_fail(err, len, "-device loader: addr '%s' is not a "
                             "32-bit address (e.g. addr=0x40000000)", value);
        }
        l->addr = a;
        l->has_addr = true;
        return 0;
    }
    if (strcmp(key, "secure") == 0 && value) {
        if (text_parse_bool(value, &l->secure) < 0) {
            return text_fail(err, len, "-device loader: secure takes on or "
                             "off, not '%s'", value);
        }
        return 0;
    }
    return text_fail(err, len, "-device loader: '%s' is not supported "
                     "(supported: file=FILE, addr=ADDR, secure=on|off)", key);
}

/* "-device loader,file=F[,addr=A][,secure=on]"; "-device help". */
static int opt_device(Options *o, const char *v, char *err, size_t len)
{
    if (is_help(v)) {
        o->list_devices = true;
        return 0;
    }
    if (memexpose_opts_is_device(v)) {
        return memexpose_opts_device(&o->memexpose, v, err, len);
    }
    if (strcmp(v, "loader") != 0 && strncmp(v, "loader,", 7) != 0) {
        return text_fail(err, len, "-device '%s' is not supported "
                         "(supported: loader, memexpose; -device help lists "
                         "them)", v);
    }
    if (o->nr_loaders == OPTIONS_MAX_LOADERS) {
        return text_fail(err, len, "at most %d -device loader options",
                         OPTIONS_MAX_LOADERS);
    }
    /* Counted at once, so options_free() frees the file of a bad one. */
    OptionsLoader *l = &o->loaders[o->nr_loaders++];
    if (text_for_each_item(o, v, loader_item, err, len) < 0) {
        return -1;
    }
    if (!l->file) {
        return text_fail(err, len, "-device loader needs file=FILE");
    }
    if (l->secure && !l->has_addr) {
        return text_fail(err, len, "-device loader: secure=on needs addr= "
                         "(an ELF goes where its headers say)");
    }
    return 0;
}

static int opt_chardev(Options *o, const char *v, char *err, size_t len)
{
    if (is_help(v)) {
        o->list_chardevs = true;
        return 0;
    }
    return memexpose_opts_chardev(&o->memexpose, v, err, len);
}

typedef int (*OptFn)(Options *o, const char *v, char *err, size_t len);

typedef struct OptionDef {
    const char *name;
    const char *arg;
    OptFn fn;
    const char *help;
} OptionDef;

static const OptionDef option_defs[] = {
    { "M", "virt[,secure=on|off][,mpc=on|off][,remap=on|off][,firmware-psci=on|off][,dumpdtb=FILE]", opt_machine, "board "
      "(repeated -M merge); 'help' lists boards; dumpdtb writes the device "
      "tree and exits" },
    { "machine", "virt[,secure=on|off][,mpc=on|off][,remap=on|off][,firmware-psci=on|off][,dumpdtb=FILE]", opt_machine,
      "the same as -M" },
    { "cpu", "cortex-a15", opt_cpu, "CPU model; 'help' lists them" },
    { "m", "SIZE", opt_m, "RAM size: MiB, or with K/M/G/T (default 128M)" },
    { "smp", "[cpus=]N", opt_smp, "number of CPUs, 1 to 8 (default 1)" },
    { "icount", "[shift=]N[,sleep=off]", opt_icount, "time from instructions "
      "executed: one is 2^N ns; runs repeat exactly" },
    { "kernel", "FILE", opt_kernel, "ELF entered at its entry point, or a "
      "Linux image" },
    { "bios", "FILE", opt_bios, "firmware image in flash (Secure flash with "
      "secure=on)" },
    { "append", "CMDLINE", opt_append, "kernel command line" },
    { "initrd", "FILE", opt_initrd, "initial RAM disk for a Linux -kernel" },
    { "dtb", "FILE", opt_dtb, "device tree blob to use instead of the "
      "board's" },
    { "semihosting", NULL, opt_semihosting, "enable ARM semihosting" },
    { "semihosting-config", "enable=on|off,target=native,arg=WORD",
      opt_semihosting_config, "semihosting settings" },
    { "serial", "stdio|null|file:PATH|tcp:HOST:PORT[,server]", opt_serial,
      "first: the UART; second: the Secure UART" },
    { "no-reboot", NULL, opt_no_reboot,
      "exit when the guest asks for a reset" },
    { "nographic", NULL, opt_ignored,
      "no graphics (tzemu never has any)" },
    { "display", "none", opt_display, "display backend (only none)" },
    { "d", "in_asm,int,exec,unimp,guest_errors,memtx", opt_d,
      "log these events" },
    { "D", "FILE", opt_D, "write the log to FILE instead of stderr" },
    { "device", "loader,file=FILE[,addr=ADDR][,secure=on]", opt_device,
      "load FILE at ADDR (raw, Non-secure or Secure) or as an ELF; also "
      "memexpose,...; 'help' lists devices and properties" },
    { "chardev", "socket,id=ID,path=PATH[,server=on|off][,wait=on|off]",
      opt_chardev, "a UNIX socket for -device memexpose; 'help' lists "
      "backends" },
};

#define NR_OPTIONS (sizeof(option_defs) / sizeof(option_defs[0]))

static const OptionDef *find_option(const char *a)
{
    /* QEMU accepts -opt and --opt alike. */
    const char *name = a + (a[1] == '-' ? 2 : 1);
    for (size_t i = 0; i < NR_OPTIONS; i++) {
        if (strcmp(option_defs[i].name, name) == 0) {
            return &option_defs[i];
        }
    }
    return NULL;
}

/* What only a kernel (or firmware) reads needs one, as on QEMU; -dtb with
 * nothing to run would be silently unused. */
static int check_boot_files(const Options *o, char *err, size_t len)
{
    if (!o->kernel && o->initrd) {
        return text_fail(err, len, "-initrd only allowed with -kernel option");
    }
    if (!o->kernel && o->append) {
        return text_fail(err, len, "-append only allowed with -kernel option");
    }
    if (!o->kernel && !o->bios && o->nr_loaders) {
        return text_fail(err, len, "-device loader needs -kernel or -bios: "
                         "nothing would run what it loads");
    }
    if (o->firmware_psci && !o->bios) {
        return text_fail(err, len, "firmware-psci=on needs -bios: the "
                         "firmware serves PSCI");
    }
    if (!o->kernel && !o->bios && o->dtb) {
        return text_fail(err, len, "-dtb needs -kernel or -bios: nothing "
                         "would read the device tree");
    }
    return 0;
}

int options_parse(Options *o, int argc, char **argv, char *err, size_t len)
{
    *o = (Options){ .machine = "virt", .ram_size = OPTIONS_DEFAULT_RAM,
                    .nr_cpus = 1, .icount_shift = -1 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "-help")) {
            o->help = true;
            continue;
        }
        if (!strcmp(a, "--version") || !strcmp(a, "-version")) {
            o->version = true;
            continue;
        }
        const OptionDef *def = a[0] == '-' ? find_option(a) : NULL;
        if (!def) {
            return text_fail(err, len, "unknown option '%s' (supported: -M, "
                        "-machine, -cpu, -m, -smp, -icount, -kernel, -bios, "
                        "-append, "
                        "-initrd, -dtb, "
                        "-semihosting, -semihosting-config, -serial, "
                        "-nographic, -display, -d, -D, -device loader|memexpose|help, "
                        "-chardev socket|help, --help, --version)", a);
        }
        const char *v = NULL;
        if (def->arg) {
            if (i + 1 == argc) {
                return text_fail(err, len, "option '%s' needs an argument (%s)", a,
                            def->arg);
            }
            v = argv[++i];
        }
        if (def->fn(o, v, err, len) < 0) {
            return -1;
        }
    }
    if (check_boot_files(o, err, len) < 0) {
        return -1;
    }
    return memexpose_opts_check(&o->memexpose, o->secure,
                                o->kernel || o->bios, err, len);
}

void options_free(Options *o)
{
    for (int i = 0; i < o->nr_semihosting_args; i++) {
        free((char *)o->semihosting_args[i]);
    }
    o->nr_semihosting_args = 0;
    free((char *)o->dumpdtb);
    o->dumpdtb = NULL;
    for (int i = 0; i < o->nr_loaders; i++) {
        free((char *)o->loaders[i].file);
    }
    o->nr_loaders = 0;
}

void options_usage(FILE *out)
{
    fprintf(out, "usage: tzemu [options]\n");
    for (size_t i = 0; i < NR_OPTIONS; i++) {
        char left[64];
        snprintf(left, sizeof(left), "-%s%s%s", option_defs[i].name,
                 option_defs[i].arg ? " " : "",
                 option_defs[i].arg ? option_defs[i].arg : "");
        fprintf(out, "  %-40s %s\n", left, option_defs[i].help);
    }
    fprintf(out, "  %-40s %s\n", "--version, --help", "");
}

bool options_print_listings(const Options *o, FILE *out)
{
    if (o->list_machines) {
        fprintf(out, "Supported machines are:\n"
                     "virt                 tzemu ARM Virtual Machine\n");
    }
    if (o->list_cpus) {
        fprintf(out, "Available CPUs:\n  cortex-a15\n");
    }
    if (o->list_devices) {
        fprintf(out, "Misc devices:\n"
                     "name \"loader\", desc \"Generic Loader\"\n");
        memexpose_opts_list(out);
    }
    if (o->list_chardevs) {
        fprintf(out, "Available chardev backend types: \n"
                     "  file\n  null\n  socket\n  stdio\n");
    }
    return o->list_machines || o->list_cpus || o->list_devices ||
           o->list_chardevs;
}
