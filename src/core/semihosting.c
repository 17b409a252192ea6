/*
 * The semihosting operations. Console handles come from opening ":tt"
 * (modes 0-3 stdin, 4-7 stdout, 8-11 stderr; all output goes to stdout, the
 * semihosting console), and ":semihosting-features" reads the feature bits
 * (SH_EXT_EXIT_EXTENDED, SH_EXT_STDOUT_STDERR), as qemu-system-arm offers.
 * SYS_SYSTEM is refused: a guest does not run host commands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "semihosting.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09, SYS_SEEK = 0x0a, SYS_FLEN = 0x0c, SYS_REMOVE = 0x0e,
    SYS_RENAME = 0x0f, SYS_CLOCK = 0x10, SYS_TIME = 0x11,
    SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31,
};

/* ADP_Stopped_ApplicationExit: the one reason that means success. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

enum { FILE_FREE, FILE_HOST, FILE_CONSOLE_IN, FILE_CONSOLE_OUT,
       FILE_FEATURES };

static const uint8_t features_file[] = { 'S', 'H', 'F', 'B', 0x03 };

void semihosting_init(Semihosting *sh, const char *cmdline, uint32_t ram_base,
                      uint32_t ram_size)
{
    memset(sh, 0, sizeof(*sh));
    sh->cmdline = strdup(cmdline ? cmdline : "");
    sh->ram_base = ram_base;
    sh->ram_size = ram_size;
    clock_gettime(CLOCK_MONOTONIC, &sh->start);
}

void semihosting_destroy(Semihosting *sh)
{
    for (int i = 0; i < SEMIHOST_MAX_FILES; i++) {
        if (sh->files[i].kind == FILE_HOST) {
            close(sh->files[i].fd);
        }
    }
    free(sh->cmdline);
}

typedef struct Call {
    ArmCpu *cpu;
    Semihosting *sh;
    uint32_t arg;
} Call;

static bool read_arg(Call *c, unsigned i, uint32_t *v)
{
    uint8_t b[4];
    if (arm_cpu_memory_rw(c->cpu, c->arg + 4 * i, b, 4, false) != MEMTX_OK) {
        return false;
    }
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return true;
}

static bool write_word(Call *c, uint32_t addr, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 24) };
    return arm_cpu_memory_rw(c->cpu, addr, b, 4, true) == MEMTX_OK;
}

/* Reads a guest string of @len bytes into a new NUL-terminated buffer. */
static char *read_string(Call *c, uint32_t addr, uint32_t len)
{
    if (len > 4096) {
        return NULL;
    }
    char *s = malloc(len + 1);
    if (s && arm_cpu_memory_rw(c->cpu, addr, s, len, false) != MEMTX_OK) {
        free(s);
        return NULL;
    }
    if (s) {
        s[len] = '\0';
    }
    return s;
}

static uint32_t fail(Call *c, int err)
{
    c->sh->last_errno = err;
    return 0xffffffffu;
}

static SemihostFile *handle(Call *c, uint32_t h)
{
    if (h >= SEMIHOST_MAX_FILES || c->sh->files[h].kind == FILE_FREE) {
        return NULL;
    }
    return &c->sh->files[h];
}

static uint32_t alloc_file(Call *c, int kind, int fd)
{
    for (uint32_t i = 0; i < SEMIHOST_MAX_FILES; i++) {
        if (c->sh->files[i].kind == FILE_FREE) {
            c->sh->files[i] = (SemihostFile){ kind, fd, 0 };
            return i;
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    return fail(c, EMFILE);
}

static uint32_t sys_open(Call *c)
{
    uint32_t name_ptr, mode, len;
    if (!read_arg(c, 0, &name_ptr) || !read_arg(c, 1, &mode) ||
        !read_arg(c, 2, &len) || mode > 11) {
        return fail(c, EFAULT);
    }
    char *name = read_string(c, name_ptr, len);
    if (!name) {
        return fail(c, EFAULT);
    }
    uint32_t r;
    if (strcmp(name, ":tt") == 0) {
        r = alloc_file(c, mode < 4 ? FILE_CONSOLE_IN : FILE_CONSOLE_OUT, -1);
    } else if (strcmp(name, ":semihosting-features") == 0) {
        r = mode < 4 ? alloc_file(c, FILE_FEATURES, -1) : fail(c, EACCES);
    } else {
        /* The ISO C modes r, rb, r+, r+b, w, wb, w+, w+b, a, ab, a+, a+b. */
        static const int flags[] = {
            O_RDONLY, O_RDONLY, O_RDWR, O_RDWR,
            O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC,
            O_RDWR | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
            O_WRONLY | O_CREAT | O_APPEND, O_WRONLY | O_CREAT | O_APPEND,
            O_RDWR | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND,
        };
        int fd = open(name, flags[mode] | O_CLOEXEC, 0644);
        r = fd < 0 ? fail(c, errno) : alloc_file(c, FILE_HOST, fd);
    }
    free(name);
    return r;
}

static uint32_t sys_close(Call *c)
{
    uint32_t h;
    if (!read_arg(c, 0, &h)) {
        return fail(c, EFAULT);
    }
    SemihostFile *f = handle(c, h);
    if (!f) {
        return fail(c, EBADF);
    }
    if (f->kind == FILE_HOST) {
        close(f->fd);
    }
    f->kind = FILE_FREE;
    return 0;
}

static void console_write(const void *buf, size_t n)
{
    fflush(stdout);
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, buf, n);
        if (w <= 0) {
            return;
        }
        buf = (const char *)buf + w;
        n -= (size_t)w;
    }
}

/* SYS_WRITE and SYS_READ: {handle, buffer, length}; return what is left. */
static uint32_t sys_transfer(Call *c, bool is_write)
{
    uint32_t h, ptr, len;
    if (!read_arg(c, 0, &h) || !read_arg(c, 1, &ptr) || !read_arg(c, 2, &len)) {
        return fail(c, EFAULT);
    }
    SemihostFile *f = handle(c, h);
    if (!f) {
        return fail(c, EBADF);
    }
    uint32_t done = 0;
    uint8_t chunk[4096];
    while (done < len) {
        uint32_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        ssize_t got;
        if (is_write) {
            if (arm_cpu_memory_rw(c->cpu, ptr + done, chunk, n, false)) {
                break;
            }
            if (f->kind == FILE_CONSOLE_OUT) {
                console_write(chunk, n);
                got = n;
            } else {
                got = f->kind == FILE_HOST ? write(f->fd, chunk, n) : -1;
            }
        } else if (f->kind == FILE_FEATURES) {
            uint32_t left = f->pos < sizeof(features_file)
                                ? (uint32_t)sizeof(features_file) - f->pos
                                : 0;
            got = n < left ? n : left;
            memcpy(chunk, features_file + f->pos, (size_t)got);
            f->pos += (uint32_t)got;
        } else {
            int fd = f->kind == FILE_CONSOLE_IN ? STDIN_FILENO
                     : f->kind == FILE_HOST     ? f->fd : -1;
            got = fd < 0 ? -1 : read(fd, chunk, n);
        }
        if (got < 0) {
            c->sh->last_errno = errno ? errno : EBADF;
            break;
        }
        if (!is_write && got > 0 &&
            arm_cpu_memory_rw(c->cpu, ptr + done, chunk, (uint32_t)got,
                              true)) {
            break;
        }
        done += (uint32_t)got;
        if ((uint32_t)got < n) {
            break;
        }
    }
    return len - done;
}

static uint32_t sys_seek_flen(Call *c, bool seek)
{
    uint32_t h, pos = 0;
    if (!read_arg(c, 0, &h) || (seek && !read_arg(c, 1, &pos))) {
        return fail(c, EFAULT);
    }
    SemihostFile *f = handle(c, h);
    if (!f) {
        return fail(c, EBADF);
    }
    if (f->kind == FILE_FEATURES) {
        if (seek) {
            f->pos = pos;
            return 0;
        }
        return sizeof(features_file);
    }
    if (f->kind != FILE_HOST) {
        return fail(c, ESPIPE);
    }
    if (seek) {
        return lseek(f->fd, pos, SEEK_SET) < 0 ? fail(c, errno) : 0;
    }
    struct stat st;
    return fstat(f->fd, &st) < 0 ? fail(c, errno) : (uint32_t)st.st_size;
}

static uint32_t sys_remove_rename(Call *c, bool rename_op)
{
    uint32_t p1, l1, p2 = 0, l2 = 0;
    if (!read_arg(c, 0, &p1) || !read_arg(c, 1, &l1) ||
        (rename_op && (!read_arg(c, 2, &p2) || !read_arg(c, 3, &l2)))) {
        return fail(c, EFAULT);
    }
    char *a = read_string(c, p1, l1);
    char *b = rename_op ? read_string(c, p2, l2) : NULL;
    int r = -1;
    if (a && (!rename_op || b)) {
        r = rename_op ? rename(a, b) : unlink(a);
    }
    int err = a && (!rename_op || b) ? errno : EFAULT;
    free(a);
    free(b);
    /* The specification asks for a host error code on failure. */
    return r == 0 ? 0 : (c->sh->last_errno = err, (uint32_t)err);
}

static uint64_t elapsed_ns(const Semihosting *sh)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)(now.tv_sec - sh->start.tv_sec) * 1000000000u +
           (uint64_t)now.tv_nsec - (uint64_t)sh->start.tv_nsec;
}

static uint32_t sys_get_cmdline(Call *c)
{
    uint32_t buf, size;
    if (!read_arg(c, 0, &buf) || !read_arg(c, 1, &size)) {
        return fail(c, EFAULT);
    }
    uint32_t len = (uint32_t)strlen(c->sh->cmdline);
    if (len + 1 > size ||
        arm_cpu_memory_rw(c->cpu, buf, c->sh->cmdline, len + 1, true) ||
        !write_word(c, c->arg + 4, len)) {
        return fail(c, E2BIG);
    }
    return 0;
}

/*
 * HEAPINFO, laid out as qemu-system-arm does: the heap from the end of the
 * image to the end of RAM, the stack coming down from the end of RAM to
 * the end of the image.
 */
static uint32_t sys_heapinfo(Call *c)
{
    uint32_t block;
    if (!read_arg(c, 0, &block)) {
        return fail(c, EFAULT);
    }
    uint32_t ram_end = c->sh->ram_base + c->sh->ram_size;
    uint32_t heap = c->sh->image_end ? c->sh->image_end : c->sh->ram_base;
    uint32_t info[4] = { heap, ram_end, ram_end, heap };
    for (unsigned i = 0; i < 4; i++) {
        if (!write_word(c, block + 4 * i, info[i])) {
            return fail(c, EFAULT);
        }
    }
    return 0;
}

static uint32_t sys_exit(Call *c, bool extended)
{
    uint32_t reason = c->arg, sub = 0;
    if (extended && (!read_arg(c, 0, &reason) || !read_arg(c, 1, &sub))) {
        return fail(c, EFAULT);
    }
    int code = 1;
    if (reason == ADP_STOPPED_APPLICATION_EXIT) {
        code = extended ? (int)sub : 0;
    }
    c->sh->exited = true;
    c->sh->exit_code = code;
    arm_cpu_stop(c->cpu);
    return 0;
}

static uint32_t dispatch(Call *c, uint32_t op)
{
    switch (op) {
    case SYS_OPEN:
        return sys_open(c);
    case SYS_CLOSE:
        return sys_close(c);
    case SYS_WRITEC: {
        uint8_t ch;
        if (arm_cpu_memory_rw(c->cpu, c->arg, &ch, 1, false)) {
            return fail(c, EFAULT);
        }
        console_write(&ch, 1);
        return 0;
    }
    case SYS_WRITE0: {
        for (uint32_t a = c->arg;; a++) {
            uint8_t ch;
            if (arm_cpu_memory_rw(c->cpu, a, &ch, 1, false) || !ch) {
                break;
            }
            console_write(&ch, 1);
        }
        return 0;
    }
    case SYS_WRITE:
        return sys_transfer(c, true);
    case SYS_READ:
        return sys_transfer(c, false);
    case SYS_READC: {
        uint8_t ch;
        return read(STDIN_FILENO, &ch, 1) == 1 ? ch : fail(c, EIO);
    }
    case SYS_ISERROR: {
        uint32_t v;
        return read_arg(c, 0, &v) ? (int32_t)v < 0 : fail(c, EFAULT);
    }
    case SYS_ISTTY: {
        uint32_t h;
        SemihostFile *f = read_arg(c, 0, &h) ? handle(c, h) : NULL;
        if (!f) {
            return fail(c, EBADF);
        }
        /* The console is the host's stdin and stdout, as on QEMU. */
        int fd = f->kind == FILE_CONSOLE_IN    ? STDIN_FILENO
                 : f->kind == FILE_CONSOLE_OUT ? STDOUT_FILENO
                 : f->kind == FILE_HOST        ? f->fd : -1;
        return fd >= 0 && isatty(fd);
    }
    case SYS_SEEK:
        return sys_seek_flen(c, true);
    case SYS_FLEN:
        return sys_seek_flen(c, false);
    case SYS_REMOVE:
        return sys_remove_rename(c, false);
    case SYS_RENAME:
        return sys_remove_rename(c, true);
    case SYS_CLOCK:
        return (uint32_t)(elapsed_ns(c->sh) / 10000000u);
    case SYS_TIME:
        return (uint32_t)time(NULL);
    case SYS_ERRNO:
        return (uint32_t)c->sh->last_errno;
    case SYS_GET_CMDLINE:
        return sys_get_cmdline(c);
    case SYS_HEAPINFO:
        return sys_heapinfo(c);
    case SYS_EXIT:
        return sys_exit(c, false);
    case SYS_EXIT_EXTENDED:
        return sys_exit(c, true);
    case SYS_ELAPSED: {
        uint64_t t = elapsed_ns(c->sh);
        return write_word(c, c->arg, (uint32_t)t) &&
                       write_word(c, c->arg + 4, (uint32_t)(t >> 32))
                   ? 0 : fail(c, EFAULT);
    }
    case SYS_TICKFREQ:
        return 1000000000u;
    case SYS_SYSTEM:
    default:
        fprintf(stderr, "tzemu: semihosting: operation 0x%x not supported\n",
                op);
        return fail(c, ENOSYS);
    }
}

bool semihosting_call(ArmCpu *cpu, void *opaque)
{
    Semihosting *sh = opaque;
    /* From User mode only with userspace=on: else an ordinary SVC. */
    if (arm_is_user(cpu) && !sh->userspace) {
        return false;
    }
    Call c = { cpu, sh, cpu->r[1] };
    cpu->r[0] = dispatch(&c, cpu->r[0]);
    return true;
}
