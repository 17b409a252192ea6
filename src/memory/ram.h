/*
 * Host memory behind RAM regions: private anonymous mappings, or shared
 * mappings of a memfd or a caller's file descriptor (so another process can
 * map the same pages).
 */
#ifndef TZEMU_MEMORY_RAM_H
#define TZEMU_MEMORY_RAM_H

#include "tzemu/memory.h"

/* Host memory for a region; host == NULL on failure (err filled). */
typedef struct RamAlloc {
    uint8_t *host;
    size_t size;
    int fd;
    uint64_t fd_offset;
} RamAlloc;

RamAlloc ram_alloc_anonymous(const char *name, uint64_t size, MemError *err);
RamAlloc ram_alloc_memfd(const char *name, uint64_t size, MemError *err);
/* Maps a duplicate of @fd; the caller keeps @fd. */
RamAlloc ram_alloc_from_fd(const char *name, uint64_t size, int fd,
                           uint64_t offset, MemError *err);
void ram_free(uint8_t *host, size_t size, int fd);

#endif
