/*
 * The device tree handed to the guest: a -dtb file read and checked, the
 * fixups QEMU's arm_load_dtb applies to every tree (generated or given),
 * and -machine dumpdtb's file.
 */
#ifndef TZEMU_CORE_DTB_H
#define TZEMU_CORE_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes a -dtb file may have (real ones have tens of KiB). */
#define DTB_MAX_FILE_SIZE (16u << 20)
/* A -dtb file's tree gets room for the fixups as QEMU gives it: its size
 * plus this, doubled. */
#define DTB_FILE_PADDING 10000u
#define DTB_FILE_ROOM(file_size) (((file_size) + DTB_FILE_PADDING) * 2)

/**
 * DtbBoot - what the fixups write.
 * @ram_base, @ram_size: the one /memory node.
 * @bootargs: /chosen/bootargs; NULL or "" leaves it alone.
 * @initrd_start, @initrd_size: linux,initrd-start/-end (size 0: none).
 * @psci: replace any /psci with one for tzemu's PSCI 1.1 over HVC.
 */
typedef struct DtbBoot {
    uint64_t ram_base;
    uint64_t ram_size;
    const char *bootargs;
    uint64_t initrd_start;
    uint64_t initrd_size;
    bool psci;
} DtbBoot;

/**
 * dtb_load_file - read the device tree at @path, check every structure of
 * it (fdt_check_full) and return it in a malloc()ed buffer of *@size =
 * DTB_FILE_ROOM(file size) bytes, its totalsize set to that.
 * NULL with a sentence in @err on an unreadable, empty, too big, truncated
 * or malformed file.
 */
void *dtb_load_file(const char *path, size_t *size, char *err, size_t len);

/**
 * dtb_fixup - QEMU's boot changes to @fdt (a checked tree with room):
 * every root memory / memory@... node is NOPed and /memory@<base> added
 * with the root's #address-cells/#size-cells, /chosen is created if
 * missing and given bootargs and the initrd, /psci is replaced.
 * 0, or -1 with @err naming the problem (cells of 0, RAM past 4 GiB with
 * one size cell, no room left in the tree).
 */
int dtb_fixup(void *fdt, const DtbBoot *boot, char *err, size_t len);

/** dtb_write_file - @fdt's totalsize bytes to @path; 0 or -1 with @err. */
int dtb_write_file(const void *fdt, const char *path, char *err, size_t len);

#endif
