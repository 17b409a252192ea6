/*
 * Host memory for RAM regions. Shared mappings (MAP_SHARED of a memfd or a
 * file) let a second process map the same pages through the fd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "ram.h"

static const RamAlloc ram_failed = { .host = NULL, .fd = -1 };

/* The mapping size for @size bytes, or 0 if it cannot be a host size. */
static size_t ram_host_size(const char *name, uint64_t size, MemError *err)
{
    if (size == MEMORY_SIZE_2_64 || size > (uint64_t)SIZE_MAX / 2) {
        memory_error_set(err, MEM_ERR_NOMEM,
                     "RAM '%s': 0x%llx bytes cannot be host memory", name,
                     (unsigned long long)size);
        return 0;
    }
    return (size_t)size;
}

static uint8_t *ram_mmap(const char *name, size_t size, int flags, int fd,
                         off_t offset, MemError *err)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, offset);
    if (p == MAP_FAILED) {
        memory_error_set(err, MEM_ERR_NOMEM, "RAM '%s': mmap of %zu bytes: %s",
                     name, size, strerror(errno));
        return NULL;
    }
    return p;
}

RamAlloc ram_alloc_anonymous(const char *name, uint64_t size, MemError *err)
{
    size_t n = ram_host_size(name, size, err);
    if (!n) {
        return ram_failed;
    }
    uint8_t *host = ram_mmap(name, n, MAP_PRIVATE | MAP_ANONYMOUS |
                             MAP_NORESERVE, -1, 0, err);
    return (RamAlloc){ .host = host, .size = n, .fd = -1 };
}

RamAlloc ram_alloc_memfd(const char *name, uint64_t size, MemError *err)
{
    size_t n = ram_host_size(name, size, err);
    if (!n) {
        return ram_failed;
    }
    /*
     * Sealed against shrinking (and against further seals) once sized: a
     * process given the fd can then never truncate the pages under another
     * process's mapping, which would fault it (SIGBUS).
     */
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0 || ftruncate(fd, (off_t)n) < 0 ||
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
        memory_error_set(err, MEM_ERR_NOMEM, "RAM '%s': memfd of %zu bytes: %s",
                     name, n, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return ram_failed;
    }
    uint8_t *host = ram_mmap(name, n, MAP_SHARED, fd, 0, err);
    if (!host) {
        close(fd);
        return ram_failed;
    }
    return (RamAlloc){ .host = host, .size = n, .fd = fd };
}

RamAlloc ram_alloc_from_fd(const char *name, uint64_t size, int fd,
                           uint64_t offset, MemError *err)
{
    size_t n = ram_host_size(name, size, err);
    if (!n) {
        return ram_failed;
    }
    long page = sysconf(_SC_PAGESIZE);
    struct stat st;
    if (fstat(fd, &st) < 0) {
        memory_error_set(err, MEM_ERR_INVAL, "RAM '%s': fd %d: %s", name, fd,
                     strerror(errno));
        return ram_failed;
    }
    if (offset % (uint64_t)page != 0 || offset > (uint64_t)INT64_MAX - n ||
        (uint64_t)st.st_size < offset + n) {
        memory_error_set(err, MEM_ERR_INVAL,
                     "RAM '%s': fd %d holds %lld bytes, cannot map 0x%zx "
                     "bytes at offset 0x%llx (page-aligned)", name, fd,
                     (long long)st.st_size, n, (unsigned long long)offset);
        return ram_failed;
    }
    int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0) {
        memory_error_set(err, MEM_ERR_NOMEM, "RAM '%s': dup of fd %d: %s", name,
                     fd, strerror(errno));
        return ram_failed;
    }
    uint8_t *host = ram_mmap(name, n, MAP_SHARED, own, (off_t)offset, err);
    if (!host) {
        close(own);
        return ram_failed;
    }
    return (RamAlloc){ .host = host, .size = n, .fd = own,
                       .fd_offset = offset };
}

void ram_free(uint8_t *host, size_t size, int fd)
{
    if (host) {
        munmap(host, size);
    }
    if (fd >= 0) {
        close(fd);
    }
}
