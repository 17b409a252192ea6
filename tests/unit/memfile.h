/*
 * Files that live in memory (memfd), named by a /proc/self/fd path, for
 * tests of loaders that take a path. Include with _GNU_SOURCE defined.
 */
#ifndef TZEMU_TESTS_MEMFILE_H
#define TZEMU_TESTS_MEMFILE_H

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct MemFile {
    int fd;
    char path[64];
} MemFile;

/* A file holding the @len bytes at @data; memfile_close() removes it. */
static inline MemFile memfile_new(const void *data, size_t len)
{
    MemFile f = { .fd = memfd_create("tzemu-test", MFD_CLOEXEC) };
    if (f.fd >= 0 && (len == 0 || write(f.fd, data, len) == (ssize_t)len)) {
        snprintf(f.path, sizeof(f.path), "/proc/self/fd/%d", f.fd);
    }
    return f;
}

static inline void memfile_close(MemFile *f)
{
    if (f->fd >= 0) {
        close(f->fd);
    }
    f->fd = -1;
}

#endif
