/*
 * The `virt` board's device tree, as qemu-system-arm 7.2's virt builds it
 * (node names, compatible strings, cells, phandles), for the devices this
 * board has. What the boot adds (/memory, /chosen's bootargs and initrd,
 * /psci) is the boot code's: see src/core/dtb.h.
 */
#ifndef TZEMU_BOARDS_VIRT_FDT_H
#define TZEMU_BOARDS_VIRT_FDT_H

#include <stdbool.h>
#include <stddef.h>

#include "virt.h"

/* The tree's buffer and total size: QEMU's virt makes it 1 MiB. */
#define VIRT_FDT_SIZE (1u << 20)

/**
 * virt_fdt_build - write @m's device tree into @buf (@size bytes, at least
 * a few KiB; VIRT_FDT_SIZE to match QEMU's totalsize).
 * @psci: PSCI will be offered to the guest (the boot adds /psci); with more
 *   than one CPU, the cpu nodes then say enable-method = "psci".
 * With @m's firmware_psci the tree also has /psci (PSCI 1.0 over SMC, for
 * Secure firmware to serve), the system controller, and with an MPC the
 * top VIRT_CARVEOUT_SIZE of RAM under /reserved-memory (no-map); the cpu
 * nodes then say enable-method = "psci" whatever @psci is.
 * /chosen and, with secure=on, /secure-chosen get stdout-path and fresh
 * random rng-seed and kaslr-seed values, as QEMU's do.
 * Returns 0, or a negative libfdt error (FDT_ERR_NOSPACE: @size too small).
 */
int virt_fdt_build(const VirtMachine *m, bool psci, void *buf, size_t size);

#endif
