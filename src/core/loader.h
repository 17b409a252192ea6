/*
 * Image loaders for -kernel, -bios and -device loader: 32-bit little-endian
 * ARM ELF executables (segments at their physical addresses, as
 * qemu-system-arm loads them) and raw binaries, written into an address
 * space with debug attributes so ROM and flash can be loaded too.
 * Not handled: ELF64, big-endian (BE8/BE32) images, relocation of ET_DYN,
 * symbols, U-Boot uImages, compressed images.
 */
#ifndef TZEMU_CORE_LOADER_H
#define TZEMU_CORE_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "tzemu/memory.h"

/*
 * The most bytes a loader reads from a file: the sum of an ELF's segment
 * file sizes (p_filesz; the rest of an ELF file, such as debug sections, is
 * never read and may be any size), or a raw image's whole size. The bytes
 * are held in host memory until every check has passed, so that a failure
 * never leaves a partial image in guest memory.
 */
#define LOADER_MAX_IMAGE_SIZE (1ull << 30)

/* The most program headers an ELF may have (real ones have a handful). */
#define LOADER_ELF_MAX_PHNUM 1024

/**
 * LoaderErrCode - why a load failed. On every error, guest memory is left
 * exactly as it was.
 * LOADER_ERR_IO:          the file cannot be opened, is not a regular file,
 *                         or reading it failed or came up short.
 * LOADER_ERR_NOT_ELF:     no ELF magic (an ELF loader only): the caller may
 *                         try another format, as QEMU's -kernel does.
 * LOADER_ERR_UNSUPPORTED: a well-formed ELF of a kind not loaded here
 *                         (64-bit, big-endian, not ARM, not ET_EXEC, ...).
 * LOADER_ERR_FORMAT:      a malformed image: truncated, headers or segments
 *                         beyond the end of the file, p_filesz > p_memsz,
 *                         nothing to load, an empty file.
 * LOADER_ERR_TOO_BIG:     more than LOADER_MAX_IMAGE_SIZE, or than the
 *                         caller's limit, to read.
 * LOADER_ERR_RANGE:       the image does not fit: past 4 GiB (ELF), past
 *                         2^64 (raw), segments that overlap, or bytes that
 *                         would land outside RAM/ROM/flash (unassigned, an
 *                         MMIO device, denied by an IOMMU).
 * LOADER_ERR_NOMEM:       host memory for the image could not be had.
 * LOADER_ERR_WRITE:       a write failed after every check had passed (the
 *                         memory map changed under the loader); this is
 *                         the one error after which memory may be partly
 *                         written.
 */
typedef enum LoaderErrCode {
    LOADER_OK = 0,
    LOADER_ERR_IO,
    LOADER_ERR_NOT_ELF,
    LOADER_ERR_UNSUPPORTED,
    LOADER_ERR_FORMAT,
    LOADER_ERR_TOO_BIG,
    LOADER_ERR_RANGE,
    LOADER_ERR_NOMEM,
    LOADER_ERR_WRITE,
} LoaderErrCode;

/*
 * A failed load's code and one sentence naming the problem (the segment,
 * the addresses, the field). It does not repeat the file name: the caller
 * prefixes the option and file it was given.
 */
typedef struct LoaderError {
    LoaderErrCode code;
    char message[256];
} LoaderError;

/**
 * LoaderElfInfo - what an ELF load placed.
 * @entry: where to start: e_entry, except that an e_entry inside the file
 *   data of an executable (PF_X) segment whose p_vaddr differs from its
 *   p_paddr is moved by p_paddr - p_vaddr (QEMU's load_elf() does the same;
 *   a vmlinux linked at 0xc0008000 starts at its physical copy). Bit 0 set
 *   means a Thumb entry. Not checked to lie inside a loaded segment.
 * @low:   the first byte loaded (lowest p_paddr of a non-empty segment).
 * @high:  the last byte loaded, inclusive (at most 0xffffffff).
 * @loaded: the bytes written, file data and zero fill together.
 */
typedef struct LoaderElfInfo {
    hwaddr entry;
    hwaddr low;
    hwaddr high;
    uint64_t loaded;
} LoaderElfInfo;

/**
 * loader_elf_load_file - load the ELF executable at @path into @as.
 * Each PT_LOAD segment's p_filesz bytes go to its p_paddr and the rest up
 * to p_memsz is zeroed; segments with p_memsz 0 are skipped. Every write
 * has the attributes { .debug = 1, .secure = @secure }.
 * The whole file is checked first (header fields, program header table,
 * each segment's place in the file and in the 32-bit space, overlaps, and
 * that every byte lands on RAM, ROM or a ROM device in @as as a Secure or
 * Non-secure debug write sees it); only then are the segments read (never
 * the rest of the file) and written.
 * Returns LOADER_OK and fills @info, or an error code with @err (if not
 * NULL) filled and @info and guest memory untouched.
 */
LoaderErrCode loader_elf_load_file(const char *path, AddressSpace *as,
                                   bool secure, LoaderElfInfo *info,
                                   LoaderError *err);

/**
 * loader_elf_load_buffer - the same from @size bytes at @data, which the
 * caller keeps. The segment data is written straight from @data.
 */
LoaderErrCode loader_elf_load_buffer(const void *data, size_t size,
                                     AddressSpace *as, bool secure,
                                     LoaderElfInfo *info, LoaderError *err);

/**
 * loader_raw_load_file - load the file at @path as it is at @addr in @as
 * (a -bios image into flash, a zImage at the RAM base + 0x10000), with the
 * attributes { .debug = 1, .secure = @secure }.
 * @max_size: the most the destination takes (flash0's 64 MiB for -bios);
 *   0 means only LOADER_MAX_IMAGE_SIZE applies. A larger file is refused
 *   even if memory continues past the destination.
 * An empty file is refused (LOADER_ERR_FORMAT). Every byte must land on
 * RAM, ROM or a ROM device, checked before anything is written.
 * Returns LOADER_OK with *@size (if not NULL) the bytes loaded, or an error
 * code with @err filled and guest memory untouched.
 */
LoaderErrCode loader_raw_load_file(const char *path, AddressSpace *as,
                                   hwaddr addr, uint64_t max_size,
                                   bool secure, uint64_t *size,
                                   LoaderError *err);

/** loader_raw_load_buffer - the same from @len bytes at @data. */
LoaderErrCode loader_raw_load_buffer(const void *data, size_t len,
                                     AddressSpace *as, hwaddr addr,
                                     uint64_t max_size, bool secure,
                                     LoaderError *err);

#endif
