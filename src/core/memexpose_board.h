/*
 * memexpose devices on the `virt` board (docs/memexpose.md, section 10):
 * each -device memexpose gets its UNIX socket (-chardev socket), its
 * window and registers in the Non-secure map, SPI VIRT_MEMEXPOSE_SPI + i,
 * and a device tree node; the machine loop serves the links between
 * rounds and wakes for them when every CPU waits.
 */
#ifndef TZEMU_CORE_MEMEXPOSE_BOARD_H
#define TZEMU_CORE_MEMEXPOSE_BOARD_H

#include "../boards/virt.h"
#include "../hw/memexpose.h"
#include "clock.h"
#include "memexpose_opts.h"

/* One device and the socket it talks through. */
typedef struct MemExposeBoardDev {
    MemExpose *dev;
    MemExposeOpts opts;
    /* A server's listening socket (a client may come, or come again after
     * the link closed); -1 for a client. */
    int listen_fd;
    char path[MEMEXPOSE_OPTS_PATH_MAX];
} MemExposeBoardDev;

typedef struct MemExposeBoard {
    VirtMachine *board;
    MemExposeBoardDev devs[MEMEXPOSE_OPTS_MAX];
    unsigned nr_devs;
} MemExposeBoard;

/**
 * memexpose_board_init - builds and maps @o's devices on @m and opens their
 * sockets: a server listens (and with wait=on blocks until its client
 * comes), a client connects (waiting up to CHARDEV_UNIX_CONNECT_MS for
 * its server). 0, or -1 with @err filled (an overlap with a region of
 * the board, a socket that cannot be had); call memexpose_board_free()
 * in either case.
 */
int memexpose_board_init(MemExposeBoard *b, VirtMachine *m,
                         const MemExposeOptsSet *o, char *err, size_t len);

/** memexpose_board_poll - between rounds: take a waiting client, serve
 * what the peers sent. */
void memexpose_board_poll(MemExposeBoard *b);

/**
 * memexpose_board_idle - every CPU waits: as clock_idle_until(), but a
 * peer's message (or a client at a listening socket) ends the wait. For
 * Smp.idle; @opaque is the MemExposeBoard.
 */
void memexpose_board_idle(void *opaque, Clock *c, uint64_t deadline_ns,
                          uint64_t max_ns);

/** memexpose_board_fdt - one node per device into the board's @fdt;
 * 0 or a libfdt error. */
int memexpose_board_fdt(const MemExposeBoard *b, void *fdt);

/** memexpose_board_free - closes the links (CLOSE to each peer), unmaps
 * and frees the devices, removes the servers' socket files. */
void memexpose_board_free(MemExposeBoard *b);

#endif
