/*
 * tzemu's system controller: a Secure-only register frame through which
 * Secure firmware powers the machine off or resets it (PSCI SYSTEM_OFF and
 * SYSTEM_RESET need a power controller, and QEMU's virt has none). It is
 * tzemu's own device ("tzemu,sysctl"), not a model of real hardware.
 */
#ifndef TZEMU_HW_SYSCTL_H
#define TZEMU_HW_SYSCTL_H

#include <stdint.h>
#include <stdio.h>

#include "tzemu/memory.h"

/* The register frame's size. */
#define SYSCTL_REG_SIZE 0x1000u

/*
 * The registers (32-bit accesses only; anything else is a bus error):
 *   SYSCTL_ID    0x000 RO  SYSCTL_ID_VALUE
 *   SYSCTL_POWER 0x004 WO  SYSCTL_POWER_OFF or SYSCTL_POWER_RESET; other
 *                          values are guest errors and change nothing
 */
enum {
    SYSCTL_ID = 0x000,
    SYSCTL_POWER = 0x004,
};
#define SYSCTL_ID_VALUE 0x747a7363u /* "tzsc" */
#define SYSCTL_POWER_OFF 1u
#define SYSCTL_POWER_RESET 2u

/* What a POWER write asks of the machine (@opaque: the caller's). */
typedef struct SysctlOps {
    void (*power_off)(void *opaque);
    void (*reset)(void *opaque);
} SysctlOps;

typedef struct Sysctl Sysctl;

/**
 * sysctl_new - a controller named @name calling @ops (both callbacks
 * required) with @opaque. Returns NULL with @err filled if host memory
 * runs out. Free with sysctl_free().
 */
Sysctl *sysctl_new(const char *name, const SysctlOps *ops, void *opaque,
                   MemError *err);

/**
 * sysctl_region - the SYSCTL_REG_SIZE register frame, owned by the device
 * (map it in the Secure address space only, never unref it).
 */
MemoryRegion *sysctl_region(Sysctl *s);

/** sysctl_set_log - where guest errors go (stderr by default; NULL: nowhere). */
void sysctl_set_log(Sysctl *s, FILE *log);

/** sysctl_free - destroy the region and free the device; NULL is a no-op. */
void sysctl_free(Sysctl *s);

#endif
