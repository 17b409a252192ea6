/*
 * The pieces of a direct Linux boot on an A32 board, placed as QEMU 7.2's
 * hw/arm/boot.c places them: the kernel image (zImage or Image) at the RAM
 * base + 0x10000, the initrd, the device tree after it, and the boot stub
 * at the RAM base that enters the kernel with r0 = 0, r1 = the board id,
 * r2 = the device tree (Linux's Documentation/arch/arm/booting.rst).
 */
#ifndef TZEMU_CORE_LOADER_LINUX_H
#define TZEMU_CORE_LOADER_LINUX_H

#include "loader.h"

/* Where the kernel goes: QEMU's KERNEL_LOAD_ADDR. */
#define LINUX_KERNEL_OFFSET 0x10000u
/* r1 for a board described only by its device tree. */
#define LINUX_BOARD_ID_DT_ONLY 0xffffffffu
/* The boot stub's size: four instructions and three words. */
#define LINUX_BOOT_STUB_SIZE 28u
/* zImage header words (arch/arm/boot/compressed/head.S), little-endian
 * whatever the kernel's byte order: magic, start and end addresses. */
#define ZIMAGE_MAGIC_OFFSET 0x24u
#define ZIMAGE_MAGIC 0x016f2818u

/**
 * loader_linux_load_kernel - load the image at @path at @ram_base +
 * LINUX_KERNEL_OFFSET in @as (Non-secure debug writes), at most to the end
 * of the @ram_size bytes of RAM. A file with the zImage magic must hold
 * the end - start bytes its header claims (LOADER_ERR_FORMAT otherwise);
 * any other file is loaded as it is (a raw Image or flat binary), as QEMU
 * does. *@size is the bytes loaded.
 */
LoaderErrCode loader_linux_load_kernel(const char *path, AddressSpace *as,
                                       hwaddr ram_base, uint64_t ram_size,
                                       uint64_t *size, LoaderError *err);

/**
 * loader_linux_initrd_addr - QEMU's initrd address: @ram_base +
 * min(@ram_size / 2, 128 MiB), far enough for the kernel to decompress
 * below it yet inside lowmem, moved up to @kernel_end if the kernel
 * reaches past it, rounded up to 4 KiB.
 */
hwaddr loader_linux_initrd_addr(hwaddr ram_base, uint64_t ram_size,
                                hwaddr kernel_end);

/**
 * loader_linux_load_initrd - load the initrd at @path at @addr, which must
 * be below @ram_end, all of it before @ram_end (LOADER_ERR_RANGE or
 * LOADER_ERR_TOO_BIG otherwise). An empty file loads nothing: *@size 0,
 * no initrd, as on QEMU.
 */
LoaderErrCode loader_linux_load_initrd(const char *path, AddressSpace *as,
                                       hwaddr addr, hwaddr ram_end,
                                       uint64_t *size, LoaderError *err);

/**
 * loader_linux_dtb_addr - the device tree's address: the first 4 KiB
 * boundary after the initrd (some 32-bit kernels clear the rest of the page
 * the initrd ends in), or @initrd itself when @initrd_size is 0.
 */
hwaddr loader_linux_dtb_addr(hwaddr initrd, uint64_t initrd_size);

/**
 * loader_linux_write_stub - write the boot stub at @ram_base: r0 = 0,
 * r1 = LINUX_BOARD_ID_DT_ONLY, r2 = @dtb, then a jump to @entry.
 */
LoaderErrCode loader_linux_write_stub(AddressSpace *as, hwaddr ram_base,
                                      hwaddr entry, hwaddr dtb,
                                      LoaderError *err);

#endif
