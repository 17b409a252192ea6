/*
 * The memexpose device (docs/memexpose.md): one end of a link between two
 * emulator processes. The exposing half serves the peer's requests in its
 * own address spaces and offers RAM by descriptor; the importing half maps
 * the peer's RAM into its window and forwards every other window access,
 * waiting for the reply while it keeps serving the peer. Not modelled:
 * re-exposing after the first EXPOSE, accesses wider than 8 bytes.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devlog.h"
#include "memexpose.h"
#include "memexpose_link.h"

/* A forwarded access waiting for its reply. */
typedef struct MemExposeWait {
    uint64_t id;
    MemExposeMsgType reply_type;
    unsigned size;
    bool done;
    uint64_t value;
    MemTxResult result;
} MemExposeWait;

struct MemExpose {
    char *name;
    MemExposeConfig cfg;
    MemoryRegion *window;
    MemoryRegion *forward;
    MemoryRegion *regs;
    MemoryRegion *ram[MEMEXPOSE_MAX_REGIONS];
    unsigned nr_ram;
    MemExposeLink *link;
    bool closed;           /* the link ended; teardown at the next poll */
    bool hello_received;
    uint64_t peer_features;
    /* The peer's EXPOSE: accepted, then mapped at the next poll. */
    bool expose_received;
    bool expose_pending;
    MemExposeMsg expose;
    uint32_t int_status;
    uint64_t next_id;
    MemExposeWait waits[MEMEXPOSE_MAX_NESTING];
    unsigned depth;
    FILE *log;
    unsigned log_count;      /* guest errors */
    unsigned link_log_count; /* link events: never crowded out by those */
};

static void mx_log(MemExpose *d, unsigned *count, const char *category,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void mx_log(MemExpose *d, unsigned *count, const char *category,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(d->log, count, category, d->name, fmt, ap);
    va_end(ap);
}

static bool mx_up(const MemExpose *d)
{
    return d->link && !d->closed;
}

/*
 * The link ends, with one log line: forwarded accesses still waiting fail,
 * later ones fail at once; the mappings go at the next poll.
 */
static void mx_link_down(MemExpose *d, const char *why)
{
    if (!mx_up(d)) {
        return;
    }
    d->closed = true;
    memexpose_link_shutdown(d->link);
    mx_log(d, &d->link_log_count, "memexpose", "link closed: %s", why);
    for (unsigned i = 0; i < d->depth; i++) {
        if (!d->waits[i].done) {
            d->waits[i] = (MemExposeWait){ .id = d->waits[i].id, .done = true,
                                           .result = MEMTX_ERROR };
        }
    }
}

static bool mx_send(MemExpose *d, const MemExposeMsg *m)
{
    MemExposeProtoError why;
    if (!mx_up(d)) {
        return false;
    }
    if (!memexpose_link_send(d->link, m, d->cfg.timeout_ms, &why)) {
        mx_link_down(d, why.message);
        return false;
    }
    return true;
}

/* A last word to the peer: only if the socket takes it now. */
static void mx_send_close(MemExpose *d, MemExposeCloseReason reason)
{
    MemExposeMsg m = { .type = MEMEXPOSE_CLOSE, .close.reason = reason };
    MemExposeProtoError ignored;
    if (mx_up(d)) {
        memexpose_link_send(d->link, &m, 0, &ignored);
    }
}

/* A malformed or out-of-place message: say why to the peer, then close. */
static void mx_protocol_error(MemExpose *d, MemExposeCloseReason reason,
                              const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void mx_protocol_error(MemExpose *d, MemExposeCloseReason reason,
                              const char *fmt, ...)
{
    char why[200];
    int n = snprintf(why, sizeof(why), "%s: ",
                     reason == MEMEXPOSE_CLOSE_VERSION ? "incompatible peer"
                                                       : "bad message from "
                                                         "peer");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why + n, sizeof(why) - (size_t)n, fmt, ap);
    va_end(ap);
    mx_send_close(d, reason);
    mx_link_down(d, why);
}

/* ------------------------------------------------------- exposing side */

static AddressSpace *mx_space(const MemExpose *d, MemTxAttrs attrs)
{
    return attrs.secure && d->cfg.as_secure ? d->cfg.as_secure
                                            : d->cfg.as_ns;
}

/*
 * Whether [@addr, @addr + *@plen) is writable RAM behind a memfd that no
 * one can shrink (so the peer's mapping can never fault), reached alike by
 * every combination of the attributes the peer may send: only then may the
 * peer map it directly without bypassing a check this side makes. *@plen
 * is shortened to where that stops being true; *@fd_offset is the file
 * offset of @addr.
 */
static int mx_shareable_ram(MemExpose *d, hwaddr addr, hwaddr *plen,
                            uint64_t *fd_offset)
{
    MemoryRegion *mr = NULL;
    hwaddr first_xlat = 0;
    for (unsigned bits = 0; bits < 4; bits++) {
        MemTxAttrs attrs = memexpose_attrs_from_wire(bits);
        MemoryRegionSection s;
        hwaddr xlat;
        if (address_space_translate(mx_space(d, attrs), addr, plen, true,
                                    attrs, &s, &xlat) != MEMTX_OK ||
            !memory_region_is_ram(s.mr) || s.readonly ||
            (mr && (s.mr != mr || xlat != first_xlat))) {
            return -1;
        }
        mr = s.mr;
        first_xlat = xlat;
    }
    uint64_t base;
    int fd = memory_region_get_fd(mr, &base);
    int seals = fd >= 0 ? fcntl(fd, F_GET_SEALS) : -1;
    if (seals < 0 || !(seals & F_SEAL_SHRINK)) {
        return -1;
    }
    *fd_offset = base + first_xlat;
    return fd;
}

/* The EXPOSE this side sends: its range and the RAM in it. */
static void mx_build_expose(MemExpose *d, MemExposeMsg *m)
{
    *m = (MemExposeMsg){ .type = MEMEXPOSE_EXPOSE,
                         .expose = { .base = d->cfg.expose_addr,
                                     .size = d->cfg.expose_size } };
    if (!(d->peer_features & MEMEXPOSE_FEAT_SHARED_RAM)) {
        return; /* the peer maps nothing: everything by request */
    }
    uint64_t off = 0;
    while (off < d->cfg.expose_size &&
           m->expose.count < MEMEXPOSE_MAX_REGIONS) {
        hwaddr len = d->cfg.expose_size - off;
        uint64_t fd_offset = 0;
        int fd = mx_shareable_ram(d, d->cfg.expose_addr + off, &len,
                                  &fd_offset);
        /* mmap shares whole pages, at page offsets in the file. */
        uint64_t pages = len & ~(uint64_t)(MEMEXPOSE_RAM_ALIGN - 1);
        if (fd >= 0 && pages &&
            (off | fd_offset) % MEMEXPOSE_RAM_ALIGN == 0) {
            m->expose.regions[m->expose.count++] = (MemExposeRegion){
                .offset = off, .size = pages, .fd_offset = fd_offset,
                .ram = true };
            m->fds[m->nfds++] = fd;
            len = pages;
        }
        off += len;
    }
}

/* A READ or WRITE from the peer, served in this side's address space. */
static void mx_serve(MemExpose *d, const MemExposeMsg *req)
{
    const hwaddr a = req->access.addr;
    const unsigned size = req->access.size;
    if (a < d->cfg.expose_addr ||
        a - d->cfg.expose_addr > d->cfg.expose_size - size ||
        d->cfg.expose_size < size) {
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "%s of %u bytes at "
                          "0x%llx, outside the exposed range",
                          memexpose_msg_name(req->type), size,
                          (unsigned long long)a);
        return;
    }
    MemExposeMsg rep = { .reply = { .id = req->access.id } };
    AddressSpace *as = mx_space(d, req->access.attrs);
    MemTxAttrs attrs = req->access.attrs;
    MemTxResult r = MEMTX_OK;
    const uint64_t v = req->access.value;
    /* Typed accesses: the device sees one access of the requested size. */
    if (req->type == MEMEXPOSE_READ) {
        rep.type = MEMEXPOSE_READ_REPLY;
        rep.reply.value = size == 1   ? address_space_ldub(as, a, attrs, &r)
                          : size == 2 ? address_space_lduw_le(as, a, attrs, &r)
                          : size == 4 ? address_space_ldl_le(as, a, attrs, &r)
                                      : address_space_ldq_le(as, a, attrs, &r);
    } else if (size == 1) {
        address_space_stb(as, a, (uint8_t)v, attrs, &r);
    } else if (size == 2) {
        address_space_stw_le(as, a, (uint16_t)v, attrs, &r);
    } else if (size == 4) {
        address_space_stl_le(as, a, (uint32_t)v, attrs, &r);
    } else {
        address_space_stq_le(as, a, v, attrs, &r);
    }
    if (req->type == MEMEXPOSE_WRITE) {
        rep.type = MEMEXPOSE_WRITE_REPLY;
    }
    rep.reply.result = r;
    mx_send(d, &rep);
}

/* ------------------------------------------------------ importing side */

/*
 * The descriptors of a RAM region must be files (memfds) sealed against
 * shrinking and long enough: otherwise the peer could make our mapping
 * fault (SIGBUS) by truncating the file later.
 */
static bool mx_check_ram_fd(MemExpose *d, int fd, const MemExposeRegion *g,
                            unsigned i)
{
    struct stat st;
    int seals = fcntl(fd, F_GET_SEALS);
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || seals < 0 ||
        !(seals & F_SEAL_SHRINK) ||
        (uint64_t)st.st_size < g->fd_offset + g->size) {
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "EXPOSE: RAM region "
                          "%u: the descriptor is not a shrink-sealed memfd "
                          "holding 0x%llx bytes at 0x%llx", i,
                          (unsigned long long)g->size,
                          (unsigned long long)g->fd_offset);
        return false;
    }
    return true;
}

static void mx_accept_expose(MemExpose *d, MemExposeMsg *m)
{
    if (d->expose_received) {
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "second EXPOSE");
        memexpose_close_fds(m->fds, m->nfds);
        return;
    }
    unsigned fd = 0;
    for (unsigned i = 0; i < m->expose.count; i++) {
        if (m->expose.regions[i].ram &&
            !mx_check_ram_fd(d, m->fds[fd++], &m->expose.regions[i], i)) {
            memexpose_close_fds(m->fds, m->nfds);
            return;
        }
    }
    d->expose = *m;
    d->expose_received = true;
    d->expose_pending = true;
}

/* Maps the peer's RAM into the window (between instructions). */
static void mx_map_expose(MemExpose *d)
{
    MemExposeMsg *m = &d->expose;
    unsigned fd = 0;
    d->expose_pending = false;
    memory_transaction_begin();
    for (unsigned i = 0; i < m->expose.count; i++) {
        const MemExposeRegion *g = &m->expose.regions[i];
        if (!g->ram) {
            continue;
        }
        int f = m->fds[fd++];
        uint64_t room = g->offset < d->cfg.window_size
                            ? d->cfg.window_size - g->offset : 0;
        uint64_t size = (g->size < room ? g->size : room) &
                        ~(uint64_t)(MEMEXPOSE_RAM_ALIGN - 1);
        MemError err;
        char name[96];
        snprintf(name, sizeof(name), "%s.peer-ram%u", d->name, i);
        /* After a failed region the link is down: the rest are dropped. */
        MemoryRegion *mr = size && mx_up(d)
                               ? memory_region_new_ram_from_fd(
                                     name, size, f, g->fd_offset, &err)
                               : NULL;
        close(f);
        if (size && !mr && mx_up(d)) {
            mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "EXPOSE: RAM "
                              "region %u: %s", i, err.message);
        } else if (mr) {
            memory_region_add_subregion_overlap(d->window, g->offset, mr, 1,
                                                NULL);
            d->ram[d->nr_ram++] = mr;
        }
    }
    m->nfds = 0;
    memory_transaction_commit();
}

/* Unmaps the peer's RAM and drops the link (between instructions). */
static void mx_teardown(MemExpose *d)
{
    memory_transaction_begin();
    for (unsigned i = 0; i < d->nr_ram; i++) {
        memory_region_del_subregion(d->window, d->ram[i], NULL);
        memory_region_unref(d->ram[i]);
    }
    memory_transaction_commit();
    d->nr_ram = 0;
    if (d->expose_pending) {
        memexpose_close_fds(d->expose.fds, d->expose.nfds);
    }
    memexpose_link_free(d->link);
    d->link = NULL;
    d->expose_pending = false;
}

static void mx_update_irq(MemExpose *d)
{
    irq_set(&d->cfg.irq, d->int_status != 0);
}

/* A reply: it must answer a forwarded access still waiting. */
static void mx_accept_reply(MemExpose *d, const MemExposeMsg *m)
{
    for (unsigned i = 0; i < d->depth; i++) {
        MemExposeWait *w = &d->waits[i];
        if (w->id != m->reply.id || w->done) {
            continue;
        }
        if (w->reply_type != m->type ||
            !memexpose_value_fits(m->reply.value, w->size)) {
            break;
        }
        w->done = true;
        w->value = m->reply.value;
        w->result = m->reply.result;
        return;
    }
    mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "%s with id %llu answers "
                      "no request of that kind and size",
                      memexpose_msg_name(m->type),
                      (unsigned long long)m->reply.id);
}

static void mx_accept_hello(MemExpose *d, const MemExposeMsg *m)
{
    if (d->hello_received) {
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "second HELLO");
        return;
    }
    if (m->hello.version != MEMEXPOSE_VERSION) {
        mx_protocol_error(d, MEMEXPOSE_CLOSE_VERSION, "version %u (this "
                          "side speaks %u)", m->hello.version,
                          MEMEXPOSE_VERSION);
        return;
    }
    d->hello_received = true;
    d->peer_features = m->hello.features;
    MemExposeMsg e;
    mx_build_expose(d, &e);
    mx_send(d, &e);
}

static const char *const close_reasons[] = {
    [MEMEXPOSE_CLOSE_SHUTDOWN] = "shutdown",
    [MEMEXPOSE_CLOSE_VERSION] = "version mismatch",
    [MEMEXPOSE_CLOSE_PROTOCOL] = "protocol error",
};

static void mx_handle(MemExpose *d, MemExposeMsg *m)
{
    if (!d->hello_received && m->type != MEMEXPOSE_HELLO) {
        memexpose_close_fds(m->fds, m->nfds);
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "%s before HELLO",
                          memexpose_msg_name(m->type));
        return;
    }
    switch (m->type) {
    case MEMEXPOSE_HELLO:
        mx_accept_hello(d, m);
        break;
    case MEMEXPOSE_EXPOSE:
        mx_accept_expose(d, m);
        break;
    case MEMEXPOSE_READ:
    case MEMEXPOSE_WRITE:
        mx_serve(d, m);
        break;
    case MEMEXPOSE_READ_REPLY:
    case MEMEXPOSE_WRITE_REPLY:
        mx_accept_reply(d, m);
        break;
    case MEMEXPOSE_IRQ_RAISE:
        d->int_status |= m->irq.mask;
        mx_update_irq(d);
        break;
    case MEMEXPOSE_IRQ_LOWER:
        d->int_status &= ~m->irq.mask;
        mx_update_irq(d);
        break;
    case MEMEXPOSE_CLOSE: {
        char why[64];
        uint32_t r = m->close.reason;
        snprintf(why, sizeof(why), "peer closed it (%s)",
                 r < sizeof(close_reasons) / sizeof(close_reasons[0])
                     ? close_reasons[r] : "unknown reason");
        mx_link_down(d, why);
        break;
    }
    }
}

/* Handles one message if one has arrived; false if none did. */
static bool mx_receive_one(MemExpose *d)
{
    if (!mx_up(d)) {
        return false;
    }
    MemExposeMsg m;
    MemExposeProtoError why;
    switch (memexpose_link_recv(d->link, &m, &why)) {
    case MEMEXPOSE_LINK_MSG:
        mx_handle(d, &m);
        return true;
    case MEMEXPOSE_LINK_AGAIN:
        return false;
    case MEMEXPOSE_LINK_BAD:
        mx_protocol_error(d, MEMEXPOSE_CLOSE_PROTOCOL, "%s", why.message);
        return true;
    case MEMEXPOSE_LINK_CLOSED:
        mx_link_down(d, why.message);
        return true;
    }
    return false;
}

/*
 * One forwarded access: send the request, then serve whatever the peer
 * sends until its reply is in (docs/memexpose.md, "Concurrency"). Replies
 * to accesses further out are kept for them.
 */
static MemTxResult mx_forward(MemExpose *d, MemExposeMsgType type,
                              hwaddr addr, unsigned size, MemTxAttrs attrs,
                              uint64_t *value)
{
    if (!mx_up(d) || !d->expose_received ||
        addr >= d->expose.expose.size ||
        size > d->expose.expose.size - addr) {
        return MEMTX_ERROR;
    }
    if (d->depth == MEMEXPOSE_MAX_NESTING) {
        mx_log(d, &d->log_count, "guest error", "forwarded accesses nested "
               "deeper than %d", MEMEXPOSE_MAX_NESTING);
        return MEMTX_ERROR;
    }
    MemExposeMsg req = {
        .type = type,
        .access = { .id = ++d->next_id, .addr = d->expose.expose.base + addr,
                    .size = size, .attrs = attrs,
                    .value = type == MEMEXPOSE_WRITE ? *value : 0 },
    };
    MemExposeWait *w = &d->waits[d->depth++];
    *w = (MemExposeWait){ .id = req.access.id, .size = size,
                          .reply_type = type == MEMEXPOSE_READ
                                            ? MEMEXPOSE_READ_REPLY
                                            : MEMEXPOSE_WRITE_REPLY };
    if (mx_send(d, &req)) {
        long long end = memexpose_now_ms() + d->cfg.timeout_ms;
        while (!w->done) {
            if (mx_receive_one(d)) {
                continue;
            }
            long long left = end - memexpose_now_ms();
            if (left <= 0 || !memexpose_link_wait(d->link, (int)left)) {
                char why[96];
                snprintf(why, sizeof(why), "no reply to %s within %d ms",
                         memexpose_msg_name(type), d->cfg.timeout_ms);
                mx_link_down(d, why);
            }
        }
    }
    MemTxResult r = w->done ? w->result : MEMTX_ERROR;
    if (type == MEMEXPOSE_READ) {
        *value = w->done ? w->value : 0;
    }
    d->depth--;
    return r;
}

static MemTxResult mx_window_read(void *opaque, hwaddr addr, uint64_t *data,
                                  unsigned size, MemTxAttrs attrs)
{
    *data = 0;
    return mx_forward(opaque, MEMEXPOSE_READ, addr, size, attrs, data);
}

static MemTxResult mx_window_write(void *opaque, hwaddr addr, uint64_t data,
                                   unsigned size, MemTxAttrs attrs)
{
    return mx_forward(opaque, MEMEXPOSE_WRITE, addr, size, attrs, &data);
}

/* Any size and alignment the bus gives, passed on as one access. */
static const MemoryRegionOps mx_window_ops = {
    .read = mx_window_read,
    .write = mx_window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

/* ------------------------------------------------------------ registers */

static void mx_ring(MemExpose *d, MemExposeMsgType type, uint32_t mask)
{
    MemExposeMsg m = { .type = type, .irq.mask = mask };
    mx_send(d, &m);
}

uint32_t memexpose_status(const MemExpose *d)
{
    if (d->closed) {
        return MEMEXPOSE_STATUS_CLOSED;
    }
    return (mx_up(d) && d->hello_received ? MEMEXPOSE_STATUS_CONNECTED : 0) |
           (d->nr_ram || (d->expose_received && !d->expose_pending)
                ? MEMEXPOSE_STATUS_WINDOW : 0);
}

static uint32_t mx_window_bytes(const MemExpose *d)
{
    if (!(memexpose_status(d) & MEMEXPOSE_STATUS_WINDOW)) {
        return 0;
    }
    uint64_t n = d->expose.expose.size < d->cfg.window_size
                     ? d->expose.expose.size : d->cfg.window_size;
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static uint32_t mx_reg_id(const MemExpose *d)
{
    (void)d;
    return MEMEXPOSE_MAGIC;
}

static uint32_t mx_reg_version(const MemExpose *d)
{
    (void)d;
    return MEMEXPOSE_VERSION;
}

static uint32_t mx_reg_int_status(const MemExpose *d)
{
    return d->int_status;
}

static void mx_reg_doorbell(MemExpose *d, uint32_t v)
{
    mx_ring(d, MEMEXPOSE_IRQ_RAISE, v);
}

static void mx_reg_doorbell_clear(MemExpose *d, uint32_t v)
{
    mx_ring(d, MEMEXPOSE_IRQ_LOWER, v);
}

static void mx_reg_int_ack(MemExpose *d, uint32_t v)
{
    d->int_status &= ~v;
    mx_update_irq(d);
}

/* One register: no @read is write-only, no @write read-only. */
typedef struct MemExposeReg {
    const char *name;
    hwaddr addr;
    uint32_t (*read)(const MemExpose *d);
    void (*write)(MemExpose *d, uint32_t v);
} MemExposeReg;

static const MemExposeReg mx_regs[] = {
    { "ID", MEMEXPOSE_REG_ID, .read = mx_reg_id },
    { "VERSION", MEMEXPOSE_REG_VERSION, .read = mx_reg_version },
    { "STATUS", MEMEXPOSE_REG_STATUS, .read = memexpose_status },
    { "WINDOW_SIZE", MEMEXPOSE_REG_WINDOW_SIZE, .read = mx_window_bytes },
    { "DOORBELL", MEMEXPOSE_REG_DOORBELL, .write = mx_reg_doorbell },
    { "DOORBELL_CLEAR", MEMEXPOSE_REG_DOORBELL_CLEAR,
      .write = mx_reg_doorbell_clear },
    { "INT_STATUS", MEMEXPOSE_REG_INT_STATUS, .read = mx_reg_int_status },
    { "INT_ACK", MEMEXPOSE_REG_INT_ACK, .write = mx_reg_int_ack },
};

static const MemExposeReg *mx_reg_find(hwaddr addr)
{
    for (size_t i = 0; i < sizeof(mx_regs) / sizeof(mx_regs[0]); i++) {
        if (mx_regs[i].addr == addr) {
            return &mx_regs[i];
        }
    }
    return NULL;
}

/* Bad offsets and wrong directions read as zero, ignore writes, and log. */
static MemTxResult mx_regs_read(void *opaque, hwaddr addr, uint64_t *data,
                                unsigned size, MemTxAttrs attrs)
{
    MemExpose *d = opaque;
    const MemExposeReg *r = mx_reg_find(addr);
    (void)size; /* always 4 */
    (void)attrs; /* both worlds alike */
    *data = r && r->read ? r->read(d) : 0;
    if (!r || !r->read) {
        mx_log(d, &d->log_count, "guest error", "read of %s%s offset "
               "0x%03x", r ? "write-only " : "bad", r ? r->name : "",
               (unsigned)addr);
    }
    return MEMTX_OK;
}

static MemTxResult mx_regs_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size, MemTxAttrs attrs)
{
    MemExpose *d = opaque;
    const MemExposeReg *r = mx_reg_find(addr);
    (void)size;
    (void)attrs;
    if (r && r->write) {
        r->write(d, (uint32_t)data);
    } else {
        mx_log(d, &d->log_count, "guest error", "write of 0x%x to %s%s "
               "offset 0x%03x", (uint32_t)data, r ? "read-only " : "bad",
               r ? r->name : "", (unsigned)addr);
    }
    return MEMTX_OK;
}

static const MemoryRegionOps mx_regs_ops = {
    .read = mx_regs_read,
    .write = mx_regs_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ------------------------------------------------------------- lifetime */

static void mx_free_regions(MemExpose *d)
{
    MemoryRegion *const mine[] = { d->forward, d->regs, d->window };
    for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
        if (mine[i]) {
            memory_region_destroy(mine[i]);
        }
    }
}

MemExpose *memexpose_new(const MemExposeConfig *cfg, MemError *err)
{
    if (!cfg->window_size ||
        (cfg->expose_size &&
         (!cfg->as_ns ||
          cfg->expose_addr + (cfg->expose_size - 1) < cfg->expose_addr))) {
        memory_error_set(err, MEM_ERR_INVAL, "memexpose '%s': needs a "
                         "window size, and an address space for an exposed "
                         "range that does not wrap", cfg->name);
        return NULL;
    }
    MemExpose *d = calloc(1, sizeof(*d));
    if (!d || !(d->name = strdup(cfg->name))) {
        free(d);
        memory_error_set(err, MEM_ERR_NOMEM, "memexpose: out of memory");
        return NULL;
    }
    d->cfg = *cfg;
    d->cfg.name = d->name;
    if (!d->cfg.timeout_ms) {
        d->cfg.timeout_ms = MEMEXPOSE_DEFAULT_TIMEOUT_MS;
    }
    d->log = stderr;
    char name[96];
    snprintf(name, sizeof(name), "%s.window", d->name);
    d->window = memory_region_new_container(name, cfg->window_size, err);
    snprintf(name, sizeof(name), "%s.forward", d->name);
    d->forward = d->window ? memory_region_new_io(name, cfg->window_size,
                                                  &mx_window_ops, d, err)
                           : NULL;
    snprintf(name, sizeof(name), "%s.regs", d->name);
    d->regs = d->forward ? memory_region_new_io(name, MEMEXPOSE_REGS_SIZE,
                                                &mx_regs_ops, d, err)
                         : NULL;
    if (!d->regs || memory_region_add_subregion(d->window, 0, d->forward,
                                                err) != MEM_OK) {
        mx_free_regions(d);
        free(d->name);
        free(d);
        return NULL;
    }
    return d;
}

bool memexpose_connect(MemExpose *d, int fd)
{
    if (d->link) {
        mx_link_down(d, "replaced by a new connection");
        mx_teardown(d);
    }
    d->link = memexpose_link_new(fd);
    d->closed = !d->link;
    d->hello_received = false;
    d->expose_received = false;
    d->depth = 0;
    if (!d->link) {
        return false;
    }
    MemExposeMsg hello = { .type = MEMEXPOSE_HELLO,
                           .hello = { .version = MEMEXPOSE_VERSION,
                                      .features = MEMEXPOSE_FEATURES } };
    return mx_send(d, &hello);
}

unsigned memexpose_poll(MemExpose *d)
{
    unsigned n = 0;
    while (mx_receive_one(d)) {
        n++;
    }
    if (d->expose_pending && mx_up(d)) {
        mx_map_expose(d);
    }
    if (d->closed && d->link) {
        mx_teardown(d);
    }
    return n;
}

int memexpose_fd(const MemExpose *d)
{
    return d->link ? memexpose_link_fd(d->link) : -1;
}

MemoryRegion *memexpose_window(MemExpose *d)
{
    return d->window;
}

MemoryRegion *memexpose_regs(MemExpose *d)
{
    return d->regs;
}

void memexpose_set_log(MemExpose *d, FILE *log)
{
    d->log = log;
}

void memexpose_free(MemExpose *d)
{
    if (!d) {
        return;
    }
    if (mx_up(d)) {
        mx_send_close(d, MEMEXPOSE_CLOSE_SHUTDOWN);
        memexpose_link_shutdown(d->link);
        d->closed = true; /* our own doing: nothing to log */
    }
    if (d->link) {
        mx_teardown(d);
    }
    mx_free_regions(d);
    free(d->name);
    free(d);
}
