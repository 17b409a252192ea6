/*
 * memexpose: two emulator processes reach into each other's memory
 * (docs/memexpose.md). Each device is one end of a link. It may expose a
 * range of its own memory (RAM shared through file descriptors, the rest
 * served on request with the requester's attributes) and shows the range
 * the peer exposes in a window region; a register block rings the peer's
 * doorbell and takes the peer's rings as an interrupt.
 *
 * Threading: like every device, single-threaded. The owner calls
 * memexpose_poll() between instructions (and when memexpose_fd() is
 * readable) so the peer's requests are served; a window access that must
 * be forwarded waits for its reply inside the access, serving the peer's
 * requests meanwhile.
 */
#ifndef TZEMU_HW_MEMEXPOSE_H
#define TZEMU_HW_MEMEXPOSE_H

#include <stdio.h>

#include "tzemu/memory.h"
#include "irq.h"

/* The register block's size. */
#define MEMEXPOSE_REGS_SIZE 0x1000
/* How long a forwarded access or a send waits for the peer by default. */
#define MEMEXPOSE_DEFAULT_TIMEOUT_MS 5000
/* Forwarded accesses nested inside served requests, at most. */
#define MEMEXPOSE_MAX_NESTING 8

/* Register offsets (docs/memexpose.md, "Registers"). */
#define MEMEXPOSE_REG_ID 0x00
#define MEMEXPOSE_REG_VERSION 0x04
#define MEMEXPOSE_REG_STATUS 0x08
#define MEMEXPOSE_REG_WINDOW_SIZE 0x0c
#define MEMEXPOSE_REG_DOORBELL 0x10
#define MEMEXPOSE_REG_DOORBELL_CLEAR 0x14
#define MEMEXPOSE_REG_INT_STATUS 0x18
#define MEMEXPOSE_REG_INT_ACK 0x1c

/* STATUS bits. */
#define MEMEXPOSE_STATUS_CONNECTED (1u << 0)
#define MEMEXPOSE_STATUS_WINDOW (1u << 1)
#define MEMEXPOSE_STATUS_CLOSED (1u << 2)

typedef struct MemExpose MemExpose;

/**
 * MemExposeConfig - what a device exposes and where it shows the peer.
 * @name: the device's name (log lines, region names).
 * @as_ns/@as_secure: where the peer's Non-secure and Secure requests are
 *   served (as this side's CPU would route them); @as_secure NULL: in
 *   @as_ns too. Both NULL only if @expose_size is 0.
 * @expose_addr/@expose_size: the range of those spaces offered to the
 *   peer; size 0 offers nothing. RAM that every attribute combination
 *   reaches alike, backed by a sealed memfd, is shared by descriptor;
 *   everything else is served on request.
 * @window_size: the size of the window region showing the peer's range
 *   (what lies beyond the peer's range answers MEMTX_ERROR).
 * @irq: raised while any doorbell bit from the peer is pending.
 * @timeout_ms: how long to wait for the peer (0: the default).
 */
typedef struct MemExposeConfig {
    const char *name;
    AddressSpace *as_ns;
    AddressSpace *as_secure;
    hwaddr expose_addr;
    uint64_t expose_size;
    uint64_t window_size;
    IrqLine irq;
    int timeout_ms;
} MemExposeConfig;

/**
 * memexpose_new - a device, not connected. Returns NULL with @err filled
 * (bad sizes, a range that wraps, no address space for an exposed range,
 * no memory).
 */
MemExpose *memexpose_new(const MemExposeConfig *cfg, MemError *err);

/**
 * memexpose_connect - start the protocol on @fd, a connected AF_UNIX
 * stream socket (now the device's). A previous link is dropped first.
 * Returns false if the HELLO cannot be sent (the link is then closed).
 */
bool memexpose_connect(MemExpose *d, int fd);

/**
 * memexpose_poll - without blocking: serve what the peer sent, and apply
 * what must wait for a point between instructions (mapping the peer's RAM,
 * unmapping it after the link closed). Returns the messages handled.
 */
unsigned memexpose_poll(MemExpose *d);

/** memexpose_fd - the socket to poll() for input; -1 without a link. */
int memexpose_fd(const MemExpose *d);

/**
 * memexpose_window/memexpose_regs - the window onto the peer and the
 * register block. They belong to the device: map them (the parent takes
 * its own reference), never unref them; memexpose_free() releases them.
 */
MemoryRegion *memexpose_window(MemExpose *d);
MemoryRegion *memexpose_regs(MemExpose *d);

/** memexpose_status - the STATUS register. */
uint32_t memexpose_status(const MemExpose *d);

/**
 * memexpose_set_log - where link events and guest errors go (stderr by
 * default; NULL: nowhere), rate-limited as devlog.h says.
 */
void memexpose_set_log(MemExpose *d, FILE *log);

/**
 * memexpose_free - tell the peer (CLOSE), drop the link and the mappings,
 * release the regions, free. NULL is a no-op.
 */
void memexpose_free(MemExpose *d);

#endif
