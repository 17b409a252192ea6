/*
 * The command line of memexpose links (docs/memexpose.md, section 10):
 * `-chardev socket,id=ID,path=PATH[,server=on|off][,wait=on|off]` (QEMU's
 * spelling of a UNIX socket character device) and `-device memexpose,
 * chardev=ID,shm-addr=A,shm-size=S,regs-addr=R[,expose-addr=E,
 * expose-size=N][,expose-secure=on|off]`. Parsing only: nothing here
 * touches the host or the board (memexpose_board.c does).
 */
#ifndef TZEMU_CORE_MEMEXPOSE_OPTS_H
#define TZEMU_CORE_MEMEXPOSE_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* How many -chardev socket and -device memexpose options (one SPI each). */
#define MEMEXPOSE_OPTS_MAX 4
/* An id's bytes, and a socket path's (sockaddr_un.sun_path less its NUL). */
#define MEMEXPOSE_OPTS_ID_MAX 32
#define MEMEXPOSE_OPTS_PATH_MAX 108

/* -chardev socket: @server listens at @path (else connects to it); a
 * server with @wait blocks at start until its client comes. */
typedef struct ChardevSocketOpts {
    char id[MEMEXPOSE_OPTS_ID_MAX];
    char path[MEMEXPOSE_OPTS_PATH_MAX];
    bool server;
    bool wait;
} ChardevSocketOpts;

/* -device memexpose: the window onto the peer at @shm_addr (@shm_size
 * bytes), the registers at @regs_addr, and [@expose_addr, +@expose_size)
 * of this side's Non-secure space (the Secure one with @expose_secure)
 * offered to the peer (size 0: nothing). */
typedef struct MemExposeOpts {
    char chardev[MEMEXPOSE_OPTS_ID_MAX];
    uint64_t shm_addr;
    uint64_t shm_size;
    uint64_t regs_addr;
    uint64_t expose_addr;
    uint64_t expose_size;
    bool expose_secure;
    /* Which of the numbers were given. */
    bool has_shm_addr, has_shm_size, has_regs_addr, has_expose_addr,
        has_expose_size;
} MemExposeOpts;

typedef struct MemExposeOptsSet {
    ChardevSocketOpts chardevs[MEMEXPOSE_OPTS_MAX];
    unsigned nr_chardevs;
    MemExposeOpts devices[MEMEXPOSE_OPTS_MAX];
    unsigned nr_devices;
} MemExposeOptsSet;

/* One -chardev (not "help"); 0, or -1 with a sentence in @err. */
int memexpose_opts_chardev(MemExposeOptsSet *s, const char *spec, char *err,
                           size_t len);
/* One -device memexpose,...; 0, or -1 with a sentence in @err. */
int memexpose_opts_device(MemExposeOptsSet *s, const char *spec, char *err,
                          size_t len);
/* Whether @spec is a -device memexpose (the other -device options are
 * parsed elsewhere). */
bool memexpose_opts_is_device(const char *spec);
/*
 * After the whole command line: devices only with an image to run
 * (@has_image), every device names a -chardev socket, no two use one,
 * every -chardev socket is used, and expose-secure=on has a Secure space
 * (@secure). 0, or -1 with @err.
 */
int memexpose_opts_check(const MemExposeOptsSet *s, bool secure,
                         bool has_image, char *err, size_t len);
/* The -device help line and its properties. */
void memexpose_opts_list(FILE *out);

#endif
