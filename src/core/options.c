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

/* Splits "a,b=c,..." in place; calls @fn(key, value or NULL) per item. */
typedef int (*ItemFn)(Options *o, char *key, char *value, char *err,
                      size_t len);

static int for_each_item(Options *o, const char *spec, ItemFn fn, char *err,
                         size_t len)
{
    char *copy = strdup(spec);
    if (!copy) {
        return text_fail(err, len, "out of memory");
    }
    int rc = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok && !rc;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq) {
            *eq = '\0';
        }
        rc = fn(o, tok, eq ? eq + 1 : NULL, err, len);
    }
    free(copy);
    return rc;
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

static int machine_item(Options *o, char *key, char *value, char *err,
                        size_t len)
{
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
    if (strcmp(key, "secure") != 0) {
        return text_fail(err, len, "machine property '%s' is not supported "
                    "(supported: secure=on|off)", key);
    }
    if (text_parse_bool(value, &o->secure) < 0) {
        return text_fail(err, len, "machine property secure takes on or off, not "
                    "'%s'", value);
    }
    return 0;
}

static int opt_machine(Options *o, const char *v, char *err, size_t len)
{
    return for_each_item(o, v, machine_item, err, len);
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

static int opt_semihosting(Options *o, const char *v, char *err, size_t len)
{
    (void)v, (void)err, (void)len;
    o->semihosting = true;
    return 0;
}

static int semihosting_item(Options *o, char *key, char *value, char *err,
                            size_t len)
{
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
    return for_each_item(o, v, semihosting_item, err, len);
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

static int log_item(Options *o, char *key, char *value, char *err, size_t len)
{
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
    return for_each_item(o, v, log_item, err, len);
}

static int opt_D(Options *o, const char *v, char *err, size_t len)
{
    (void)err, (void)len;
    o->log_file = v;
    return 0;
}

static int opt_device(Options *o, const char *v, char *err, size_t len)
{
    if (is_help(v)) {
        o->list_devices = true;
        return 0;
    }
    return text_fail(err, len, "-device '%s' is not supported (no user-creatable "
                "devices yet; -device help lists them)", v);
}

static int opt_chardev(Options *o, const char *v, char *err, size_t len)
{
    if (is_help(v)) {
        o->list_chardevs = true;
        return 0;
    }
    return text_fail(err, len, "-chardev '%s' is not supported yet (use -serial "
                "stdio|null|file:PATH|tcp:HOST:PORT[,server])", v);
}

typedef int (*OptFn)(Options *o, const char *v, char *err, size_t len);

typedef struct OptionDef {
    const char *name;
    const char *arg;
    OptFn fn;
    const char *help;
} OptionDef;

static const OptionDef option_defs[] = {
    { "M", "virt[,secure=on|off]", opt_machine, "board (repeated -M merge); "
      "'help' lists boards" },
    { "machine", "virt[,secure=on|off]", opt_machine, "the same as -M" },
    { "cpu", "cortex-a15", opt_cpu, "CPU model; 'help' lists them" },
    { "m", "SIZE", opt_m, "RAM size: MiB, or with K/M/G/T (default 128M)" },
    { "kernel", "FILE", opt_kernel, "ELF entered at its entry point, or a "
      "Linux image" },
    { "bios", "FILE", opt_bios, "firmware image in flash (Secure flash with "
      "secure=on)" },
    { "append", "CMDLINE", opt_append, "kernel command line" },
    { "semihosting", NULL, opt_semihosting, "enable ARM semihosting" },
    { "semihosting-config", "enable=on|off,target=native,arg=WORD",
      opt_semihosting_config, "semihosting settings" },
    { "serial", "stdio|null|file:PATH|tcp:HOST:PORT[,server]", opt_serial,
      "first: the UART; second: the Secure UART" },
    { "nographic", NULL, opt_ignored,
      "no graphics (tzemu never has any)" },
    { "display", "none", opt_display, "display backend (only none)" },
    { "d", "in_asm,int,exec,unimp,guest_errors,memtx", opt_d,
      "log these events" },
    { "D", "FILE", opt_D, "write the log to FILE instead of stderr" },
    { "device", "help", opt_device, "list devices" },
    { "chardev", "help", opt_chardev, "list character device backends" },
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

int options_parse(Options *o, int argc, char **argv, char *err, size_t len)
{
    *o = (Options){ .machine = "virt", .ram_size = OPTIONS_DEFAULT_RAM };
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
                        "-machine, -cpu, -m, -kernel, -bios, -append, "
                        "-semihosting, -semihosting-config, -serial, "
                        "-nographic, -display, -d, -D, -device help, "
                        "-chardev help, --help, --version)", a);
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
    return 0;
}

void options_free(Options *o)
{
    for (int i = 0; i < o->nr_semihosting_args; i++) {
        free((char *)o->semihosting_args[i]);
    }
    o->nr_semihosting_args = 0;
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
        fprintf(out, "No user-creatable devices.\n");
    }
    if (o->list_chardevs) {
        fprintf(out, "Available chardev backend types: \n"
                     "  file\n  null\n  socket\n  stdio\n");
    }
    return o->list_machines || o->list_cpus || o->list_devices ||
           o->list_chardevs;
}
