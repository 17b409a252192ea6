/*
 * The raw loader: a file's bytes as they are at one address (a -bios
 * firmware image in flash, a zImage or Image at the RAM base + 0x10000, a
 * -device loader blob). Sizes and the destination are checked before the
 * file is read; the file is read whole before the first write.
 */
#include <stdlib.h>
#include <unistd.h>

#include "loader_internal.h"

static LoaderErrCode check_raw(uint64_t len, AddressSpace *as, hwaddr addr,
                               uint64_t max_size, bool secure,
                               LoaderError *err)
{
    if (len == 0) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "the file is empty");
    }
    if (len > LOADER_MAX_IMAGE_SIZE) {
        return loader_error_set(err, LOADER_ERR_TOO_BIG,
                                "the image has %llu bytes, more than the "
                                "%llu a loader reads",
                                (unsigned long long)len,
                                (unsigned long long)LOADER_MAX_IMAGE_SIZE);
    }
    if (max_size && len > max_size) {
        return loader_error_set(err, LOADER_ERR_TOO_BIG,
                                "the image has %llu bytes, more than the "
                                "%llu that fit at 0x%llx",
                                (unsigned long long)len,
                                (unsigned long long)max_size,
                                (unsigned long long)addr);
    }
    if (addr + (len - 1) < addr) {
        return loader_error_set(err, LOADER_ERR_RANGE,
                                "the image at 0x%llx with %llu bytes goes "
                                "past the end of the address space",
                                (unsigned long long)addr,
                                (unsigned long long)len);
    }
    return loader_check_range(as, addr, len, secure, "the image", err);
}

LoaderErrCode loader_raw_load_file(const char *path, AddressSpace *as,
                                   hwaddr addr, uint64_t max_size,
                                   bool secure, uint64_t *size,
                                   LoaderError *err)
{
    uint64_t len;
    int fd = loader_open(path, &len, err);
    if (fd < 0) {
        return LOADER_ERR_IO;
    }
    LoaderErrCode code = check_raw(len, as, addr, max_size, secure, err);
    uint8_t *buf = NULL;
    if (code == LOADER_OK) {
        buf = malloc((size_t)len);
        if (!buf) {
            code = loader_error_set(err, LOADER_ERR_NOMEM,
                                    "out of host memory for %llu bytes",
                                    (unsigned long long)len);
        }
    }
    if (code == LOADER_OK) {
        code = loader_pread(fd, buf, (size_t)len, 0, err);
    }
    close(fd);
    if (code == LOADER_OK) {
        code = loader_write(as, addr, buf, len, secure, err);
    }
    free(buf);
    if (code == LOADER_OK && size) {
        *size = len;
    }
    return code;
}

LoaderErrCode loader_raw_load_buffer(const void *data, size_t len,
                                     AddressSpace *as, hwaddr addr,
                                     uint64_t max_size, bool secure,
                                     LoaderError *err)
{
    LoaderErrCode code = check_raw(len, as, addr, max_size, secure, err);
    if (code == LOADER_OK) {
        code = loader_write(as, addr, data, len, secure, err);
    }
    return code;
}
