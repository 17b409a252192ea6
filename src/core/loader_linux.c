/*
 * Direct Linux boot placement, after QEMU 7.2's hw/arm/boot.c
 * (arm_setup_direct_kernel_boot, default_write_bootloader). Not handled:
 * U-Boot uImages, ATAGs (the device tree is always passed), Hyp entry.
 */
#include <unistd.h>

#include "loader_internal.h"
#include "loader_linux.h"

#define PAGE_SIZE 4096u
/* The initrd goes no further into RAM than this (lowmem). */
#define INITRD_MAX_OFFSET (128u << 20)
/* zImage start/end words follow the magic. */
#define ZIMAGE_HEADER_END (ZIMAGE_MAGIC_OFFSET + 12u)

static hwaddr align_up(hwaddr v, hwaddr align)
{
    return (v + align - 1) & ~(align - 1);
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A zImage says how long it is: a shorter file was cut short. */
static LoaderErrCode check_zimage(const char *path, LoaderError *err)
{
    uint64_t file_size;
    int fd = loader_open(path, &file_size, err);
    if (fd < 0) {
        return LOADER_ERR_IO;
    }
    uint8_t h[ZIMAGE_HEADER_END];
    LoaderErrCode rc = LOADER_OK;
    if (file_size >= sizeof(h)) {
        rc = loader_pread(fd, h, sizeof(h), 0, err);
    }
    close(fd);
    if (rc != LOADER_OK || file_size < sizeof(h) ||
        le32(h + ZIMAGE_MAGIC_OFFSET) != ZIMAGE_MAGIC) {
        return rc;
    }
    uint32_t start = le32(h + ZIMAGE_MAGIC_OFFSET + 4);
    uint32_t end = le32(h + ZIMAGE_MAGIC_OFFSET + 8);
    if (end <= start || end - start > file_size) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "a zImage whose header says 0x%x-0x%x "
                                "(%u bytes) but the file has %llu: "
                                "truncated or corrupt", start, end,
                                end - start, (unsigned long long)file_size);
    }
    return LOADER_OK;
}

LoaderErrCode loader_linux_load_kernel(const char *path, AddressSpace *as,
                                       hwaddr ram_base, uint64_t ram_size,
                                       uint64_t *size, LoaderError *err)
{
    if (ram_size <= LINUX_KERNEL_OFFSET) {
        return loader_error_set(err, LOADER_ERR_TOO_BIG,
                                "RAM ends before the kernel's place at "
                                "0x%llx",
                                (unsigned long long)(ram_base +
                                                     LINUX_KERNEL_OFFSET));
    }
    LoaderErrCode rc = check_zimage(path, err);
    if (rc == LOADER_OK) {
        rc = loader_raw_load_file(path, as, ram_base + LINUX_KERNEL_OFFSET,
                                  ram_size - LINUX_KERNEL_OFFSET, false,
                                  size, err);
    }
    return rc;
}

hwaddr loader_linux_initrd_addr(hwaddr ram_base, uint64_t ram_size,
                                hwaddr kernel_end)
{
    hwaddr addr = ram_base + (ram_size / 2 < INITRD_MAX_OFFSET
                                  ? ram_size / 2 : INITRD_MAX_OFFSET);
    return align_up(addr > kernel_end ? addr : kernel_end, PAGE_SIZE);
}

LoaderErrCode loader_linux_load_initrd(const char *path, AddressSpace *as,
                                       hwaddr addr, hwaddr ram_end,
                                       uint64_t *size, LoaderError *err)
{
    uint64_t file_size;
    int fd = loader_open(path, &file_size, err);
    if (fd < 0) {
        return LOADER_ERR_IO;
    }
    close(fd);
    *size = 0;
    if (addr >= ram_end) {
        return loader_error_set(err, LOADER_ERR_RANGE,
                                "no room after the kernel: the initrd's "
                                "place 0x%llx is past the end of RAM",
                                (unsigned long long)addr);
    }
    if (file_size == 0) {
        return LOADER_OK;
    }
    return loader_raw_load_file(path, as, addr, ram_end - addr, false, size,
                                err);
}

hwaddr loader_linux_dtb_addr(hwaddr initrd, uint64_t initrd_size)
{
    return align_up(initrd + initrd_size, PAGE_SIZE);
}

LoaderErrCode loader_linux_write_stub(AddressSpace *as, hwaddr ram_base,
                                      hwaddr entry, hwaddr dtb,
                                      LoaderError *err)
{
    const uint32_t stub[LINUX_BOOT_STUB_SIZE / 4] = {
        0xe3a00000, /* mov r0, #0 */
        0xe59f1004, /* ldr r1, [pc, #4] */
        0xe59f2004, /* ldr r2, [pc, #4] */
        0xe59ff004, /* ldr pc, [pc, #4] */
        LINUX_BOARD_ID_DT_ONLY,
        (uint32_t)dtb,
        (uint32_t)entry,
    };
    uint8_t bytes[LINUX_BOOT_STUB_SIZE];
    for (unsigned i = 0; i < LINUX_BOOT_STUB_SIZE; i++) {
        bytes[i] = (uint8_t)(stub[i / 4] >> (8 * (i % 4)));
    }
    return loader_raw_load_buffer(bytes, sizeof(bytes), as, ram_base,
                                  sizeof(bytes), false, err);
}
