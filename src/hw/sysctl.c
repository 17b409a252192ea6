/*
 * tzemu's system controller (see sysctl.h): an identification word and a
 * power register whose writes call the board back. Accesses come only
 * from the Secure address space, where the board maps it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "sysctl.h"

struct Sysctl {
    char *name;
    MemoryRegion *iomem;
    SysctlOps ops;
    void *opaque;
    FILE *log;
    unsigned log_count;
};

static void sysctl_log(Sysctl *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sysctl_log(Sysctl *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, "guest error", s->name, fmt, ap);
    va_end(ap);
}

static MemTxResult sysctl_read(void *opaque, hwaddr addr, uint64_t *data,
                               unsigned size, MemTxAttrs attrs)
{
    Sysctl *s = opaque;
    (void)size, (void)attrs;
    *data = 0;
    if (addr == SYSCTL_ID) {
        *data = SYSCTL_ID_VALUE;
    } else {
        sysctl_log(s, "read of %s 0x%03x",
                   addr == SYSCTL_POWER ? "write-only" : "bad offset",
                   (unsigned)addr);
    }
    return MEMTX_OK;
}

static MemTxResult sysctl_write(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size, MemTxAttrs attrs)
{
    Sysctl *s = opaque;
    (void)size, (void)attrs;
    if (addr == SYSCTL_POWER && data == SYSCTL_POWER_OFF) {
        s->ops.power_off(s->opaque);
    } else if (addr == SYSCTL_POWER && data == SYSCTL_POWER_RESET) {
        s->ops.reset(s->opaque);
    } else if (addr == SYSCTL_POWER) {
        sysctl_log(s, "POWER := 0x%x: not %u (off) or %u (reset)",
                   (unsigned)data, SYSCTL_POWER_OFF, SYSCTL_POWER_RESET);
    } else {
        sysctl_log(s, "write of 0x%x to %s 0x%03x", (unsigned)data,
                   addr == SYSCTL_ID ? "read-only" : "bad offset",
                   (unsigned)addr);
    }
    return MEMTX_OK;
}

/* Word accesses only: a narrower one is a bus error. */
static const MemoryRegionOps sysctl_ops = {
    .read = sysctl_read,
    .write = sysctl_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

Sysctl *sysctl_new(const char *name, const SysctlOps *ops, void *opaque,
                   MemError *err)
{
    Sysctl *s = calloc(1, sizeof(*s));
    if (!s || !(s->name = strdup(name))) {
        free(s);
        memory_error_set(err, MEM_ERR_NOMEM, "sysctl: out of memory");
        return NULL;
    }
    s->iomem = memory_region_new_io(name, SYSCTL_REG_SIZE, &sysctl_ops, s,
                                    err);
    if (!s->iomem) {
        free(s->name);
        free(s);
        return NULL;
    }
    s->ops = *ops;
    s->opaque = opaque;
    s->log = stderr;
    return s;
}

MemoryRegion *sysctl_region(Sysctl *s)
{
    return s->iomem;
}

void sysctl_set_log(Sysctl *s, FILE *log)
{
    s->log = log;
}

void sysctl_free(Sysctl *s)
{
    if (!s) {
        return;
    }
    memory_region_destroy(s->iomem);
    free(s->name);
    free(s);
}
