/*
 * Command-line parsing. Sizes take QEMU's suffixes (K, M, G, T; a bare
 * number is MiB for -m). Every rejection names what is supported.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(v, yes[i]) == 0 || strcmp(v, no[i]) == 0) {
            *out = strcmp(v, yes[i]) == 0;
            return 0;
        }
    }
    return -1;
}

/* "-m 512", "-m 1G", "-m size=256M": MiB unless a suffix says otherwise. */
static int parse_ram_size(const char *v, uint64_t *out)
{
    if (strncmp(v, "size=", 5) == 0) {
        v += 5;
    }
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || errno || v[0] == '-') {
        return -1;
    }
    unsigned shift = 20;
    if (*end) {
        const char *suffixes = "KMGT";
        const char *s = strchr(suffixes, *end & ~0x20);
        if (!s || end[1]) {
            return -1;
        }
        shift = 10 * (unsigned)(s - suffixes + 1);
    }
    if (n > (UINT64_MAX >> shift)) {
        return -1;
    }
    *out = (uint64_t)n << shift;
    return 0;
}

static int parse_machine(Options *o, char *spec, char *err, size_t len)
{
    for (char *save = NULL, *tok = strtok_r(spec, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            if (strcmp(tok, "help") == 0 || strcmp(tok, "?") == 0) {
                o->list_machines = true;
            } else if (strcmp(tok, "virt") == 0) {
                o->machine = "virt";
            } else {
                return fail(err, len, "unsupported machine type '%s' "
                            "(supported: virt; use -machine help)", tok);
            }
            continue;
        }
        *eq = '\0';
        if (strcmp(tok, "secure") != 0) {
            return fail(err, len, "machine property '%s' is not supported "
                        "(supported: secure=on|off)", tok);
        }
        if (parse_bool(eq + 1, &o->secure) < 0) {
            return fail(err, len, "machine property secure takes on or off, "
                        "not '%s'", eq + 1);
        }
    }
    return 0;
}

int options_parse(Options *o, int argc, char **argv, char *err, size_t len)
{
    *o = (Options){ .machine = "virt", .ram_size = OPTIONS_DEFAULT_RAM };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 ||
            strcmp(a, "-help") == 0) {
            o->help = true;
            continue;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-version") == 0) {
            o->version = true;
            continue;
        }
        bool machine = strcmp(a, "-M") == 0 || strcmp(a, "-machine") == 0;
        if (!machine && strcmp(a, "-m") != 0) {
            return fail(err, len, "unknown option '%s' (supported: -M/-machine, "
                        "-m, --help, --version)", a);
        }
        if (i + 1 == argc) {
            return fail(err, len, "option '%s' needs an argument", a);
        }
        char *v = argv[++i];
        if (machine) {
            char *copy = strdup(v);
            int rc = copy ? parse_machine(o, copy, err, len) : -1;
            free(copy);
            if (rc < 0) {
                return rc;
            }
        } else if (parse_ram_size(v, &o->ram_size) < 0 || o->ram_size == 0) {
            return fail(err, len, "bad RAM size '%s' (e.g. -m 512, -m 512M, "
                        "-m 1G)", v);
        }
    }
    return 0;
}

void options_usage(FILE *out)
{
    fprintf(out,
            "usage: tzemu [options]\n"
            "  -M, -machine virt[,secure=on|off]  board (repeated options "
            "merge); 'help' lists boards\n"
            "  -m SIZE                            RAM size (MiB, or with "
            "K/M/G/T), default 128M\n"
            "  --version, --help\n");
}
