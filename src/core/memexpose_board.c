/*
 * Wiring memexpose devices into `virt` (memexpose_board.h). The window and
 * the registers go into `system`, the Non-secure map (so the Secure world
 * sees them too), only where nothing is mapped; the peer's requests are
 * served in the Non-secure space, and with expose-secure=on its Secure
 * requests in the Secure space.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "chardev_unix.h"
#include "memexpose_board.h"
#include "text.h"

/* Interrupt specifier of arm,cortex-a15-gic (Linux's bindings/
 * interrupt-controller/arm,gic.yaml): an SPI, level high. */
#define MX_FDT_GIC_SPI 0u
#define MX_FDT_LEVEL_HIGH 4u

/*
 * Whether [@base, @base + @size) is free in the board's map, as the Secure
 * world sees it (it sees everything); -1 with @err naming what is there.
 */
static int mx_check_free(VirtMachine *m, const char *what, hwaddr base,
                         uint64_t size, char *err, size_t len)
{
    const MemTxAttrs attrs = { .secure = 1 };
    for (uint64_t done = 0; done < size;) {
        hwaddr l = size - done;
        MemoryRegionSection s = { 0 };
        hwaddr xlat;
        MemTxResult r = address_space_translate(&m->as_s, base + done, &l,
                                                false, attrs, &s, &xlat);
        if (r != MEMTX_DECODE_ERROR) {
            return text_fail(err, len, "-device memexpose: the %s "
                             "0x%llx-0x%llx overlaps %s at 0x%llx", what,
                             (unsigned long long)base,
                             (unsigned long long)(base + size - 1),
                             r == MEMTX_OK ? memory_region_name(s.mr)
                                           : "a region of the board",
                             (unsigned long long)(base + done));
        }
        done += l;
    }
    return 0;
}

static const ChardevSocketOpts *mx_find_chardev(const MemExposeOptsSet *o,
                                                const char *id)
{
    for (unsigned i = 0; i < o->nr_chardevs; i++) {
        if (strcmp(o->chardevs[i].id, id) == 0) {
            return &o->chardevs[i];
        }
    }
    return NULL;
}

/* Opens @c and hands the connection (if one is there yet) to @d. */
static int mx_open_socket(MemExposeBoardDev *d, const ChardevSocketOpts *c,
                          char *err, size_t len)
{
    CharDevError ce;
    int fd;
    if (!c->server) {
        fd = chardev_unix_connect(c->path, CHARDEV_UNIX_CONNECT_MS, &ce);
        if (fd < 0) {
            return text_fail(err, len, "-chardev socket,id=%s: %s", c->id,
                             ce.message);
        }
        memexpose_connect(d->dev, fd);
        return 0;
    }
    d->listen_fd = chardev_unix_listen(c->path, &ce);
    if (d->listen_fd < 0) {
        return text_fail(err, len, "-chardev socket,id=%s: %s", c->id,
                         ce.message);
    }
    snprintf(d->path, sizeof(d->path), "%s", c->path);
    if (c->wait) {
        fprintf(stderr, "tzemu: memexpose: waiting for a connection on "
                "%s (add ,wait=off to start without one)\n", c->path);
        fd = chardev_unix_accept(d->listen_fd, -1);
        if (fd < 0) {
            return text_fail(err, len, "-chardev socket,id=%s: no client "
                             "came to %s", c->id, c->path);
        }
        memexpose_connect(d->dev, fd);
    }
    return 0;
}

/* Device @i: built, mapped, wired to its SPI, connected. */
static int mx_add(MemExposeBoard *b, unsigned i, const MemExposeOptsSet *o,
                  char *err, size_t len)
{
    VirtMachine *m = b->board;
    MemExposeBoardDev *d = &b->devs[i];
    const MemExposeOpts *x = &o->devices[i];
    d->opts = *x;
    d->listen_fd = -1;
    if (mx_check_free(m, "window", x->shm_addr, x->shm_size, err, len) < 0 ||
        mx_check_free(m, "register block", x->regs_addr, MEMEXPOSE_REGS_SIZE,
                      err, len) < 0) {
        return -1;
    }
    if (x->regs_addr + MEMEXPOSE_REGS_SIZE > x->shm_addr &&
        x->regs_addr < x->shm_addr + x->shm_size) {
        return text_fail(err, len, "-device memexpose: regs-addr 0x%llx is "
                         "inside the window", (unsigned long long)x->regs_addr);
    }
    char name[48];
    snprintf(name, sizeof(name), "memexpose%u", i);
    MemExposeConfig cfg = {
        .name = name,
        .as_ns = &m->as_ns,
        .as_secure = x->expose_secure ? &m->as_s : NULL,
        .expose_addr = x->expose_addr,
        .expose_size = x->expose_size,
        .window_size = x->shm_size,
        .irq = gic_spi_line(m->gic, VIRT_MEMEXPOSE_SPI + i),
    };
    MemError me = { 0 };
    d->dev = memexpose_new(&cfg, &me);
    if (!d->dev) {
        return text_fail(err, len, "-device memexpose: %s", me.message);
    }
    memory_transaction_begin();
    memory_region_add_subregion(m->system, x->shm_addr,
                                memexpose_window(d->dev), NULL);
    memory_region_add_subregion(m->system, x->regs_addr,
                                memexpose_regs(d->dev), NULL);
    memory_transaction_commit();
    return mx_open_socket(d, mx_find_chardev(o, x->chardev), err, len);
}

int memexpose_board_init(MemExposeBoard *b, VirtMachine *m,
                         const MemExposeOptsSet *o, char *err, size_t len)
{
    *b = (MemExposeBoard){ .board = m };
    for (unsigned i = 0; i < o->nr_devices; i++) {
        b->nr_devs = i + 1;
        if (mx_add(b, i, o, err, len) < 0) {
            return -1;
        }
    }
    return 0;
}

void memexpose_board_poll(MemExposeBoard *b)
{
    for (unsigned i = 0; i < b->nr_devs; i++) {
        MemExposeBoardDev *d = &b->devs[i];
        /* A server without a live link takes the next client. */
        if (d->listen_fd >= 0 && memexpose_fd(d->dev) < 0) {
            int fd = chardev_unix_accept(d->listen_fd, 0);
            if (fd >= 0) {
                memexpose_connect(d->dev, fd);
            }
        }
        memexpose_poll(d->dev);
    }
}

void memexpose_board_idle(void *opaque, Clock *c, uint64_t deadline_ns,
                          uint64_t max_ns)
{
    MemExposeBoard *b = opaque;
    struct pollfd fds[MEMEXPOSE_OPTS_MAX];
    nfds_t n = 0;
    for (unsigned i = 0; i < b->nr_devs; i++) {
        int fd = memexpose_fd(b->devs[i].dev);
        fd = fd >= 0 ? fd : b->devs[i].listen_fd;
        if (fd >= 0) {
            fds[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
        }
    }
    /* The clock's wait, cut short by a message from a peer. */
    clock_idle_until(c, deadline_ns, max_ns, fds, n);
}

int memexpose_board_fdt(const MemExposeBoard *b, void *fdt)
{
    for (unsigned i = 0; i < b->nr_devs; i++) {
        const MemExposeOpts *x = &b->devs[i].opts;
        char name[40];
        snprintf(name, sizeof(name), "memexpose@%llx",
                 (unsigned long long)x->regs_addr);
        /* Two (address, size) pairs in the root's 2 + 2 cells. */
        const fdt32_t reg[8] = {
            cpu_to_fdt32((uint32_t)(x->regs_addr >> 32)),
            cpu_to_fdt32((uint32_t)x->regs_addr),
            cpu_to_fdt32(0), cpu_to_fdt32(MEMEXPOSE_REGS_SIZE),
            cpu_to_fdt32((uint32_t)(x->shm_addr >> 32)),
            cpu_to_fdt32((uint32_t)x->shm_addr),
            cpu_to_fdt32((uint32_t)(x->shm_size >> 32)),
            cpu_to_fdt32((uint32_t)x->shm_size),
        };
        const fdt32_t irq[3] = { cpu_to_fdt32(MX_FDT_GIC_SPI),
                                 cpu_to_fdt32(VIRT_MEMEXPOSE_SPI + i),
                                 cpu_to_fdt32(MX_FDT_LEVEL_HIGH) };
        int off = fdt_add_subnode(fdt, 0, name);
        int rc = off < 0 ? off
                         : fdt_setprop_string(fdt, off, "compatible",
                                              "tzemu,memexpose");
        rc = rc ? rc : fdt_setprop(fdt, off, "reg", reg, sizeof(reg));
        rc = rc ? rc
                : fdt_setprop(fdt, off, "interrupts", irq, sizeof(irq));
        if (rc) {
            return rc;
        }
    }
    return 0;
}

void memexpose_board_free(MemExposeBoard *b)
{
    for (unsigned i = 0; i < b->nr_devs; i++) {
        MemExposeBoardDev *d = &b->devs[i];
        if (d->dev) {
            memory_transaction_begin();
            memory_region_del_subregion(b->board->system,
                                        memexpose_window(d->dev), NULL);
            memory_region_del_subregion(b->board->system,
                                        memexpose_regs(d->dev), NULL);
            memory_transaction_commit();
            memexpose_free(d->dev);
        }
        if (d->listen_fd >= 0) {
            close(d->listen_fd);
            unlink(d->path);
        }
    }
    b->nr_devs = 0;
}
