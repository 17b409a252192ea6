/*
 * What the ELF and raw loaders share: errors, the check that a range of an
 * address space is memory a debug write can fill, the writes themselves,
 * and reading files exactly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_internal.h"

LoaderErrCode loader_error_set(LoaderError *err, LoaderErrCode code,
                               const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return code;
}

static MemTxAttrs loader_attrs(bool secure)
{
    return (MemTxAttrs){ .debug = 1, .secure = secure };
}

LoaderErrCode loader_check_range(AddressSpace *as, hwaddr addr, hwaddr len,
                                 bool secure, const char *what,
                                 LoaderError *err)
{
    const hwaddr first = addr, last = addr + (len - 1);
    MemTxAttrs attrs = loader_attrs(secure);
    while (len) {
        hwaddr l = len, xlat;
        MemoryRegionSection s;
        MemTxResult r = address_space_translate(as, addr, &l, true, attrs, &s,
                                                &xlat);
        if (l == 0 || l > len) {
            l = len;
        }
        const unsigned long long a = addr, b = addr + (l - 1);
        if (r & MEMTX_DECODE_ERROR) {
            return loader_error_set(err, LOADER_ERR_RANGE,
                                    "%s at 0x%llx-0x%llx is outside memory "
                                    "(nothing at 0x%llx-0x%llx)", what,
                                    (unsigned long long)first,
                                    (unsigned long long)last, a, b);
        }
        if (r != MEMTX_OK) {
            return loader_error_set(err, LOADER_ERR_RANGE,
                                    "%s at 0x%llx-0x%llx cannot be written: "
                                    "%s at 0x%llx-0x%llx", what,
                                    (unsigned long long)first,
                                    (unsigned long long)last,
                                    r & MEMTX_ACCESS_ERROR ? "access denied"
                                                           : "bus error",
                                    a, b);
        }
        /* An image goes into memory, never into a device's registers. */
        if (!memory_region_get_ram_ptr(s.mr)) {
            return loader_error_set(err, LOADER_ERR_RANGE,
                                    "%s at 0x%llx-0x%llx is not all memory: "
                                    "0x%llx-0x%llx is '%s', not RAM or ROM",
                                    what, (unsigned long long)first,
                                    (unsigned long long)last, a, b,
                                    memory_region_name(s.mr));
        }
        addr += l;
        len -= l;
    }
    return LOADER_OK;
}

LoaderErrCode loader_write(AddressSpace *as, hwaddr addr, const void *data,
                           hwaddr len, bool secure, LoaderError *err)
{
    static const uint8_t zeros[64 * 1024];
    MemTxAttrs attrs = loader_attrs(secure);
    MemTxResult r = MEMTX_OK;
    if (data) {
        r = address_space_write(as, addr, attrs, data, len);
    } else {
        for (hwaddr done = 0; done < len && r == MEMTX_OK;) {
            hwaddr l = len - done < sizeof(zeros) ? len - done : sizeof(zeros);
            r = address_space_write(as, addr + done, attrs, zeros, l);
            done += l;
        }
    }
    if (r != MEMTX_OK) {
        return loader_error_set(err, LOADER_ERR_WRITE,
                                "writing 0x%llx-0x%llx failed (result 0x%x) "
                                "although it had been checked: the memory "
                                "map changed during the load",
                                (unsigned long long)addr,
                                (unsigned long long)(addr + (len - 1)),
                                (unsigned)r);
    }
    return LOADER_OK;
}

int loader_open(const char *path, uint64_t *size, LoaderError *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        loader_error_set(err, LOADER_ERR_IO, "cannot open: %s",
                         strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        loader_error_set(err, LOADER_ERR_IO, "cannot stat: %s",
                         strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        loader_error_set(err, LOADER_ERR_IO, "not a regular file%s",
                         S_ISDIR(st.st_mode) ? " (a directory)" : "");
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

LoaderErrCode loader_pread(int fd, void *buf, size_t len, uint64_t off,
                           LoaderError *err)
{
    uint8_t *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(fd, p + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return loader_error_set(err, LOADER_ERR_IO,
                                    "reading 0x%zx bytes at offset 0x%llx "
                                    "failed: %s", len,
                                    (unsigned long long)off, strerror(errno));
        }
        if (n == 0) {
            return loader_error_set(err, LOADER_ERR_IO,
                                    "the file ended at offset 0x%llx while "
                                    "reading 0x%zx bytes at 0x%llx (did it "
                                    "change during the load?)",
                                    (unsigned long long)(off + done), len,
                                    (unsigned long long)off);
        }
        done += (size_t)n;
    }
    return LOADER_OK;
}
