/*
 * Parsing of -chardev socket and -device memexpose (memexpose_opts.h).
 * Properties are tables, so the parser, the error messages and -device
 * help name the same ones. Numbers take C's bases (0x...) and, for sizes
 * and addresses alike, QEMU's K/M/G suffixes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "memexpose_opts.h"
#include "text.h"

#define CHARDEV_SUPPORTED \
    "socket,id=ID,path=PATH[,server=on|off][,wait=on|off]"
#define DEVICE_SUPPORTED                                                   \
    "chardev=ID, shm-addr=ADDR, shm-size=SIZE, regs-addr=ADDR, "           \
    "expose-addr=ADDR, expose-size=SIZE, expose-secure=on|off"

/* Copies @value into @dst (@size bytes) if it fits and is not empty. */
static int mx_copy_string(char *dst, size_t size, const char *what,
                          const char *key, const char *value, char *err,
                          size_t len)
{
    if (!value || !*value || strlen(value) >= size) {
        return text_fail(err, len, "%s: %s= takes 1 to %zu characters",
                         what, key, size - 1);
    }
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

/* ------------------------------------------------------------ -chardev */

/* A -chardev being parsed: whether wait= was given, to refuse it on a
 * client as QEMU does. */
typedef struct ChardevParse {
    ChardevSocketOpts c;
    bool wait_given;
} ChardevParse;

static int chardev_item(void *target, char *key, char *value,
                        char *err, size_t len)
{
    ChardevParse *cp = target;
    ChardevSocketOpts *c = &cp->c;
    if (strcmp(key, "socket") == 0 && !value) {
        return 0;
    }
    if (strcmp(key, "id") == 0) {
        return mx_copy_string(c->id, sizeof(c->id), "-chardev socket", key,
                              value, err, len);
    }
    if (strcmp(key, "path") == 0) {
        return mx_copy_string(c->path, sizeof(c->path), "-chardev socket",
                              key, value, err, len);
    }
    /* QEMU's older spelling of wait=off. */
    if (strcmp(key, "nowait") == 0 && !value) {
        cp->wait_given = true;
        c->wait = false;
        return 0;
    }
    bool *flag = strcmp(key, "server") == 0 ? &c->server
                 : strcmp(key, "wait") == 0 ? &c->wait
                                            : NULL;
    cp->wait_given |= flag == &c->wait;
    if (!flag) {
        return text_fail(err, len, "-chardev socket: '%s' is not supported "
                         "(supported: %s)", key, CHARDEV_SUPPORTED);
    }
    /* A bare "server" or "wait" means on, as QEMU takes it. */
    if (!value) {
        *flag = true;
    } else if (text_parse_bool(value, flag) < 0) {
        return text_fail(err, len, "-chardev socket: %s takes on or off, "
                         "not '%s'", key, value);
    }
    return 0;
}

int memexpose_opts_chardev(MemExposeOptsSet *s, const char *spec, char *err,
                           size_t len)
{
    if (strcmp(spec, "socket") != 0 && strncmp(spec, "socket,", 7) != 0) {
        return text_fail(err, len, "-chardev '%s' is not supported "
                         "(supported: %s, the transport of -device "
                         "memexpose; the UARTs take -serial)", spec,
                         CHARDEV_SUPPORTED);
    }
    if (s->nr_chardevs == MEMEXPOSE_OPTS_MAX) {
        return text_fail(err, len, "at most %d -chardev socket options",
                         MEMEXPOSE_OPTS_MAX);
    }
    /* A server waits for its client unless told otherwise, as QEMU's. */
    ChardevParse cp = { .c = { .wait = true } };
    if (text_for_each_item(&cp, spec, chardev_item, err, len) < 0) {
        return -1;
    }
    const ChardevSocketOpts c = cp.c;
    if (!c.id[0] || !c.path[0]) {
        return text_fail(err, len, "-chardev socket needs id=ID and "
                         "path=PATH (tzemu's sockets are UNIX sockets)");
    }
    if (!c.server && cp.wait_given) {
        return text_fail(err, len, "-chardev socket,id=%s: wait= is for "
                         "server=on only (a client connects at start)",
                         c.id);
    }
    for (unsigned i = 0; i < s->nr_chardevs; i++) {
        if (strcmp(s->chardevs[i].id, c.id) == 0) {
            return text_fail(err, len, "-chardev: duplicate id '%s'", c.id);
        }
    }
    s->chardevs[s->nr_chardevs++] = c;
    return 0;
}

/* ------------------------------------------------------------- -device */

typedef enum MxPropKind { MX_PROP_NUMBER, MX_PROP_BOOL } MxPropKind;

/* A property: where its value goes and, for numbers, its "given" flag. */
typedef struct MxProp {
    const char *name;
    MxPropKind kind;
    size_t value;
    size_t given;
} MxProp;

#define MX_NUMBER(n, field, flag)                                          \
    { n, MX_PROP_NUMBER, offsetof(MemExposeOpts, field),                   \
      offsetof(MemExposeOpts, flag) }

static const MxProp mx_props[] = {
    MX_NUMBER("shm-addr", shm_addr, has_shm_addr),
    MX_NUMBER("shm-size", shm_size, has_shm_size),
    MX_NUMBER("regs-addr", regs_addr, has_regs_addr),
    MX_NUMBER("expose-addr", expose_addr, has_expose_addr),
    MX_NUMBER("expose-size", expose_size, has_expose_size),
    { "expose-secure", MX_PROP_BOOL, offsetof(MemExposeOpts, expose_secure),
      0 },
};

/* "0x1000", "4096", "4K", "1M": a 64-bit number, or -1. */
static int mx_parse_number(const char *s, uint64_t *out)
{
    errno = 0;
    char *end;
    unsigned long long n = strtoull(s, &end, 0);
    if (end == s || errno || s[0] == '-') {
        return -1;
    }
    unsigned shift = 0;
    if (*end) {
        const char *suffixes = "KMG";
        const char *p = strchr(suffixes, *end & ~0x20);
        if (!p || end[1]) {
            return -1;
        }
        shift = 10 * (unsigned)(p - suffixes + 1);
    }
    if (n > (UINT64_MAX >> shift)) {
        return -1;
    }
    *out = (uint64_t)n << shift;
    return 0;
}

static int device_item(void *target, char *key, char *value,
                       char *err, size_t len)
{
    MemExposeOpts *d = target;
    if (strcmp(key, "memexpose") == 0 && !value) {
        return 0;
    }
    if (strcmp(key, "chardev") == 0) {
        return mx_copy_string(d->chardev, sizeof(d->chardev),
                              "-device memexpose", key, value, err, len);
    }
    for (size_t i = 0; i < sizeof(mx_props) / sizeof(mx_props[0]); i++) {
        const MxProp *p = &mx_props[i];
        if (strcmp(key, p->name) != 0) {
            continue;
        }
        char *base = (char *)d;
        if (p->kind == MX_PROP_BOOL) {
            if (!value || text_parse_bool(value, (bool *)(base + p->value))) {
                return text_fail(err, len, "-device memexpose: %s takes on "
                                 "or off", key);
            }
            return 0;
        }
        if (!value || mx_parse_number(value, (uint64_t *)(base + p->value))) {
            return text_fail(err, len, "-device memexpose: %s '%s' is not "
                             "a number (e.g. 0x50000000, 64K, 1M)", key,
                             value ? value : "");
        }
        *(bool *)(base + p->given) = true;
        return 0;
    }
    return text_fail(err, len, "-device memexpose: '%s' is not supported "
                     "(supported: %s)", key, DEVICE_SUPPORTED);
}

bool memexpose_opts_is_device(const char *spec)
{
    return strcmp(spec, "memexpose") == 0 ||
           strncmp(spec, "memexpose,", 10) == 0;
}

/* Whether [@a, @a + @size) wraps past 2^64 or is not 4 KiB-aligned. */
static bool mx_bad_range(uint64_t a, uint64_t size)
{
    return (a | size) & 0xfff || a + size < a;
}

int memexpose_opts_device(MemExposeOptsSet *s, const char *spec, char *err,
                          size_t len)
{
    if (s->nr_devices == MEMEXPOSE_OPTS_MAX) {
        return text_fail(err, len, "at most %d -device memexpose options",
                         MEMEXPOSE_OPTS_MAX);
    }
    MemExposeOpts d = { 0 };
    if (text_for_each_item(&d, spec, device_item, err, len) < 0) {
        return -1;
    }
    if (!d.chardev[0] || !d.has_shm_addr || !d.has_shm_size ||
        !d.has_regs_addr) {
        return text_fail(err, len, "-device memexpose needs chardev=ID, "
                         "shm-addr=ADDR, shm-size=SIZE and regs-addr=ADDR");
    }
    /* The window maps the peer's RAM page by page; the registers are one
     * page. */
    if (!d.shm_size || mx_bad_range(d.shm_addr, d.shm_size) ||
        mx_bad_range(d.regs_addr, 0x1000)) {
        return text_fail(err, len, "-device memexpose: shm-addr, shm-size "
                         "(not 0) and regs-addr must be multiples of 4 KiB "
                         "and the window must not wrap");
    }
    if (d.has_expose_size != d.has_expose_addr) {
        return text_fail(err, len, "-device memexpose: expose-addr and "
                         "expose-size go together (the range offered to "
                         "the peer)");
    }
    if (d.expose_size &&
        d.expose_addr + (d.expose_size - 1) < d.expose_addr) {
        return text_fail(err, len, "-device memexpose: the exposed range "
                         "must not wrap past 2^64");
    }
    if (d.expose_secure && !d.expose_size) {
        return text_fail(err, len, "-device memexpose: expose-secure=on "
                         "needs a range to expose (expose-addr, "
                         "expose-size)");
    }
    s->devices[s->nr_devices++] = d;
    return 0;
}

int memexpose_opts_check(const MemExposeOptsSet *s, bool secure,
                         bool has_image, char *err, size_t len)
{
    if (s->nr_devices && !has_image) {
        return text_fail(err, len, "-device memexpose needs -kernel or "
                         "-bios: nothing would run to use it");
    }
    bool used[MEMEXPOSE_OPTS_MAX] = { false };
    for (unsigned i = 0; i < s->nr_devices; i++) {
        const MemExposeOpts *d = &s->devices[i];
        unsigned c = 0;
        while (c < s->nr_chardevs && strcmp(s->chardevs[c].id, d->chardev)) {
            c++;
        }
        if (c == s->nr_chardevs) {
            return text_fail(err, len, "-device memexpose: no -chardev "
                             "socket with id '%s'", d->chardev);
        }
        if (used[c]) {
            return text_fail(err, len, "-device memexpose: chardev '%s' is "
                             "already used by another device", d->chardev);
        }
        used[c] = true;
        if (d->expose_secure && !secure) {
            return text_fail(err, len, "-device memexpose: expose-secure=on "
                             "needs -M virt,secure=on (a Secure address "
                             "space)");
        }
    }
    for (unsigned c = 0; c < s->nr_chardevs; c++) {
        if (!used[c]) {
            return text_fail(err, len, "-chardev socket,id=%s: no -device "
                             "memexpose uses it", s->chardevs[c].id);
        }
    }
    return 0;
}

void memexpose_opts_list(FILE *out)
{
    fprintf(out, "name \"memexpose\", desc \"memory of another tzemu "
                 "process (docs/memexpose.md)\"\n"
                 "  properties: %s\n", DEVICE_SUPPORTED);
}
