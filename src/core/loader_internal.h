/*
 * What the loaders share (src/core/loader*.c only; the API is loader.h).
 */
#ifndef TZEMU_CORE_LOADER_INTERNAL_H
#define TZEMU_CORE_LOADER_INTERNAL_H

#include "loader.h"

/*
 * loader_error_set: fills @err (if not NULL) and returns @code.
 * loader_check_range: LOADER_OK if every byte of [@addr, @addr + @len)
 *   lands on RAM, ROM or a ROM device for a debug write with @secure; else
 *   LOADER_ERR_RANGE with a message starting with @what ("segment 1").
 *   @len > 0 and the range must not wrap.
 * loader_write: writes @len bytes (@data, or zeros when @data is NULL);
 *   LOADER_ERR_WRITE with a message if any part failed.
 * loader_open: opens @path read-only and checks it is a regular file; the
 *   fd (or -1 with @err filled) and its size in *@size.
 * loader_pread: reads exactly @len bytes at @off; LOADER_ERR_IO on a short
 *   read or an error.
 */
LoaderErrCode loader_error_set(LoaderError *err, LoaderErrCode code,
                               const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
LoaderErrCode loader_check_range(AddressSpace *as, hwaddr addr, hwaddr len,
                                 bool secure, const char *what,
                                 LoaderError *err);
LoaderErrCode loader_write(AddressSpace *as, hwaddr addr, const void *data,
                           hwaddr len, bool secure, LoaderError *err);
int loader_open(const char *path, uint64_t *size, LoaderError *err);
LoaderErrCode loader_pread(int fd, void *buf, size_t len, uint64_t off,
                           LoaderError *err);

#endif
