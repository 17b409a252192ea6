/*
 * memexpose protocol version 1: byte layouts and the checks on each field
 * (docs/memexpose.md, "Messages" and "Validation"). Nothing here trusts
 * the bytes: every length, size, flag and reserved field is checked before
 * a message is handed on.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "memexpose_proto.h"

/* Body lengths of the fixed-size messages, by type (0: not fixed). */
static const uint32_t body_lengths[] = {
    [MEMEXPOSE_HELLO] = 16,
    [MEMEXPOSE_READ] = 24,
    [MEMEXPOSE_READ_REPLY] = 24,
    [MEMEXPOSE_WRITE] = 32,
    [MEMEXPOSE_WRITE_REPLY] = 16,
    [MEMEXPOSE_IRQ_RAISE] = 8,
    [MEMEXPOSE_IRQ_LOWER] = 8,
    [MEMEXPOSE_CLOSE] = 8,
};

static const char *const msg_names[] = {
    [MEMEXPOSE_HELLO] = "HELLO",
    [MEMEXPOSE_EXPOSE] = "EXPOSE",
    [MEMEXPOSE_READ] = "READ",
    [MEMEXPOSE_READ_REPLY] = "READ_REPLY",
    [MEMEXPOSE_WRITE] = "WRITE",
    [MEMEXPOSE_WRITE_REPLY] = "WRITE_REPLY",
    [MEMEXPOSE_IRQ_RAISE] = "IRQ_RAISE",
    [MEMEXPOSE_IRQ_LOWER] = "IRQ_LOWER",
    [MEMEXPOSE_CLOSE] = "CLOSE",
};

#define NR_TYPES (sizeof(msg_names) / sizeof(msg_names[0]))

const char *memexpose_msg_name(uint32_t type)
{
    return type < NR_TYPES && msg_names[type] ? msg_names[type] : "unknown";
}

static bool refuse(MemExposeProtoError *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool refuse(MemExposeProtoError *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return false;
}

/* ------------------------------------------------------- little endian */

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* ----------------------------------------------------------- attributes */

uint32_t memexpose_attrs_to_wire(MemTxAttrs attrs)
{
    return (attrs.secure ? MEMEXPOSE_ATTR_SECURE : 0) |
           (attrs.user ? MEMEXPOSE_ATTR_USER : 0);
}

MemTxAttrs memexpose_attrs_from_wire(uint32_t bits)
{
    return (MemTxAttrs){ .secure = !!(bits & MEMEXPOSE_ATTR_SECURE),
                         .user = !!(bits & MEMEXPOSE_ATTR_USER) };
}

/* ---------------------------------------------------------------- decode */

bool memexpose_decode_header(const uint8_t *hdr, uint32_t *body_len,
                             MemExposeProtoError *err)
{
    uint32_t type = hdr[0] | (uint32_t)hdr[1] << 8;
    uint32_t reserved = hdr[2] | (uint32_t)hdr[3] << 8;
    uint32_t len = get32(hdr + 4);
    if (type >= NR_TYPES || !msg_names[type]) {
        return refuse(err, "unknown message type %u", type);
    }
    if (reserved) {
        return refuse(err, "%s: reserved header bits 0x%x set",
                      msg_names[type], reserved);
    }
    if (type == MEMEXPOSE_EXPOSE) {
        if (len < MEMEXPOSE_EXPOSE_FIXED ||
            (len - MEMEXPOSE_EXPOSE_FIXED) % MEMEXPOSE_REGION_SIZE ||
            (len - MEMEXPOSE_EXPOSE_FIXED) / MEMEXPOSE_REGION_SIZE >
                MEMEXPOSE_MAX_REGIONS) {
            return refuse(err, "EXPOSE: body of %u bytes is not 24 + 32 "
                          "per region for at most %u regions", len,
                          MEMEXPOSE_MAX_REGIONS);
        }
    } else if (len != body_lengths[type]) {
        return refuse(err, "%s: body of %u bytes (must be %u)",
                      msg_names[type], len, body_lengths[type]);
    }
    *body_len = len;
    return true;
}

static bool is_pow2_size(uint32_t size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

bool memexpose_value_fits(uint64_t value, unsigned size)
{
    return size == 8 || (value >> (8 * size)) == 0;
}

static bool decode_expose(const uint8_t *b, uint32_t body_len,
                          unsigned nfds, MemExposeMsg *m,
                          MemExposeProtoError *err)
{
    m->expose.base = get64(b);
    m->expose.size = get64(b + 8);
    m->expose.count = get32(b + 16);
    if (get32(b + 20)) {
        return refuse(err, "EXPOSE: reserved word set");
    }
    /* The count must agree with the length (the header check bounded it). */
    if (m->expose.count !=
        (body_len - MEMEXPOSE_EXPOSE_FIXED) / MEMEXPOSE_REGION_SIZE) {
        return refuse(err, "EXPOSE: %u regions in a body of %u bytes",
                      m->expose.count, body_len);
    }
    /* The range must not wrap past 2^64 - 1. */
    if (m->expose.size && m->expose.base + (m->expose.size - 1) <
                              m->expose.base) {
        return refuse(err, "EXPOSE: range 0x%llx + 0x%llx wraps",
                      (unsigned long long)m->expose.base,
                      (unsigned long long)m->expose.size);
    }
    uint64_t end = 0;
    unsigned ram = 0;
    for (uint32_t i = 0; i < m->expose.count; i++) {
        const uint8_t *r = b + MEMEXPOSE_EXPOSE_FIXED +
                           i * MEMEXPOSE_REGION_SIZE;
        MemExposeRegion *g = &m->expose.regions[i];
        g->offset = get64(r);
        g->size = get64(r + 8);
        g->fd_offset = get64(r + 16);
        uint32_t flags = get32(r + 24);
        g->ram = flags & MEMEXPOSE_REGION_RAM;
        if ((flags & ~MEMEXPOSE_REGION_RAM) || get32(r + 28)) {
            return refuse(err, "EXPOSE: region %u: reserved bits set", i);
        }
        if (g->size == 0 || g->offset < end ||
            g->offset > m->expose.size ||
            g->size > m->expose.size - g->offset) {
            return refuse(err, "EXPOSE: region %u (0x%llx + 0x%llx) is "
                          "empty, out of order, overlapping or outside "
                          "the 0x%llx-byte range", i,
                          (unsigned long long)g->offset,
                          (unsigned long long)g->size,
                          (unsigned long long)m->expose.size);
        }
        end = g->offset + g->size;
        if (!g->ram) {
            if (g->fd_offset) {
                return refuse(err, "EXPOSE: region %u is not RAM but has "
                              "a file offset", i);
            }
            continue;
        }
        ram++;
        /* mmap works on whole pages; a file offset is an off_t. */
        if ((g->offset | g->size | g->fd_offset) % MEMEXPOSE_RAM_ALIGN ||
            g->fd_offset > (uint64_t)INT64_MAX - g->size) {
            return refuse(err, "EXPOSE: RAM region %u (0x%llx + 0x%llx at "
                          "file offset 0x%llx) is not %u-byte aligned or "
                          "too large", i, (unsigned long long)g->offset,
                          (unsigned long long)g->size,
                          (unsigned long long)g->fd_offset,
                          MEMEXPOSE_RAM_ALIGN);
        }
    }
    if (nfds != ram) {
        return refuse(err, "EXPOSE: %u RAM regions but %u file descriptors",
                      ram, nfds);
    }
    return true;
}

static bool decode_access(const uint8_t *b, MemExposeMsg *m,
                          MemExposeProtoError *err)
{
    const char *name = msg_names[m->type];
    m->access.id = get64(b);
    m->access.addr = get64(b + 8);
    uint32_t size = get32(b + 16);
    uint32_t attrs = get32(b + 20);
    m->access.value = m->type == MEMEXPOSE_WRITE ? get64(b + 24) : 0;
    if (!is_pow2_size(size)) {
        return refuse(err, "%s: size %u (must be 1, 2, 4 or 8)", name, size);
    }
    m->access.size = size;
    if (m->access.addr + (size - 1) < m->access.addr) {
        return refuse(err, "%s: 0x%llx + %u wraps", name,
                      (unsigned long long)m->access.addr, size);
    }
    if (attrs & ~(MEMEXPOSE_ATTR_SECURE | MEMEXPOSE_ATTR_USER)) {
        return refuse(err, "%s: unknown attribute bits 0x%x", name, attrs);
    }
    m->access.attrs = memexpose_attrs_from_wire(attrs);
    if (!memexpose_value_fits(m->access.value, size)) {
        return refuse(err, "WRITE: value 0x%llx does not fit %u bytes",
                      (unsigned long long)m->access.value, size);
    }
    return true;
}

static bool decode_reply(const uint8_t *b, MemExposeMsg *m,
                         MemExposeProtoError *err)
{
    const MemTxResult known = MEMTX_ERROR | MEMTX_DECODE_ERROR |
                              MEMTX_ACCESS_ERROR;
    m->reply.id = get64(b);
    m->reply.result = get32(b + 8);
    m->reply.value = m->type == MEMEXPOSE_READ_REPLY ? get64(b + 16) : 0;
    if (m->reply.result & ~known) {
        return refuse(err, "%s: unknown result bits 0x%x",
                      msg_names[m->type], m->reply.result);
    }
    if (get32(b + 12)) {
        return refuse(err, "%s: reserved word set", msg_names[m->type]);
    }
    return true;
}

bool memexpose_decode(const uint8_t *buf, size_t len, unsigned nfds,
                      MemExposeMsg *out, MemExposeProtoError *err)
{
    uint32_t body_len;
    if (len < MEMEXPOSE_HDR_SIZE) {
        return refuse(err, "message of %zu bytes is shorter than a header",
                      len);
    }
    if (!memexpose_decode_header(buf, &body_len, err)) {
        return false;
    }
    if (len != MEMEXPOSE_HDR_SIZE + body_len) {
        return refuse(err, "message of %zu bytes, header says %u", len,
                      MEMEXPOSE_HDR_SIZE + body_len);
    }
    out->type = (MemExposeMsgType)(buf[0] | buf[1] << 8);
    out->nfds = 0;
    const uint8_t *b = buf + MEMEXPOSE_HDR_SIZE;
    if (out->type != MEMEXPOSE_EXPOSE && nfds) {
        return refuse(err, "%s came with %u file descriptors",
                      msg_names[out->type], nfds);
    }
    switch (out->type) {
    case MEMEXPOSE_HELLO:
        out->hello.version = get32(b + 4);
        out->hello.features = get64(b + 8);
        if (get32(b) != MEMEXPOSE_MAGIC) {
            return refuse(err, "HELLO: bad magic 0x%08x", get32(b));
        }
        return true;
    case MEMEXPOSE_EXPOSE:
        return decode_expose(b, body_len, nfds, out, err);
    case MEMEXPOSE_READ:
    case MEMEXPOSE_WRITE:
        return decode_access(b, out, err);
    case MEMEXPOSE_READ_REPLY:
    case MEMEXPOSE_WRITE_REPLY:
        return decode_reply(b, out, err);
    case MEMEXPOSE_IRQ_RAISE:
    case MEMEXPOSE_IRQ_LOWER:
    case MEMEXPOSE_CLOSE:
        /* Both carry one word: the doorbell bits, or the reason. */
        out->irq.mask = get32(b);
        if (get32(b + 4)) {
            return refuse(err, "%s: reserved word set", msg_names[out->type]);
        }
        return true;
    }
    return refuse(err, "unknown message type %u", out->type);
}

/* ---------------------------------------------------------------- encode */

size_t memexpose_encode(const MemExposeMsg *m, uint8_t *buf)
{
    uint8_t *b = buf + MEMEXPOSE_HDR_SIZE;
    uint32_t len = m->type < NR_TYPES ? body_lengths[m->type] : 0;
    if (m->type == MEMEXPOSE_EXPOSE) {
        assert(m->expose.count <= MEMEXPOSE_MAX_REGIONS);
        len = MEMEXPOSE_EXPOSE_FIXED + m->expose.count * MEMEXPOSE_REGION_SIZE;
    }
    assert(len && "memexpose_encode: unknown message type");
    memset(buf, 0, MEMEXPOSE_HDR_SIZE + len);
    buf[0] = (uint8_t)m->type;
    put32(buf + 4, len);
    switch (m->type) {
    case MEMEXPOSE_HELLO:
        put32(b, MEMEXPOSE_MAGIC);
        put32(b + 4, m->hello.version);
        put64(b + 8, m->hello.features);
        break;
    case MEMEXPOSE_EXPOSE:
        put64(b, m->expose.base);
        put64(b + 8, m->expose.size);
        put32(b + 16, m->expose.count);
        for (uint32_t i = 0; i < m->expose.count; i++) {
            uint8_t *r = b + MEMEXPOSE_EXPOSE_FIXED + i * MEMEXPOSE_REGION_SIZE;
            const MemExposeRegion *g = &m->expose.regions[i];
            put64(r, g->offset);
            put64(r + 8, g->size);
            put64(r + 16, g->fd_offset);
            put32(r + 24, g->ram ? MEMEXPOSE_REGION_RAM : 0);
        }
        break;
    case MEMEXPOSE_READ:
    case MEMEXPOSE_WRITE:
        put64(b, m->access.id);
        put64(b + 8, m->access.addr);
        put32(b + 16, m->access.size);
        put32(b + 20, memexpose_attrs_to_wire(m->access.attrs));
        if (m->type == MEMEXPOSE_WRITE) {
            put64(b + 24, m->access.value);
        }
        break;
    case MEMEXPOSE_READ_REPLY:
    case MEMEXPOSE_WRITE_REPLY:
        put64(b, m->reply.id);
        put32(b + 8, m->reply.result);
        if (m->type == MEMEXPOSE_READ_REPLY) {
            put64(b + 16, m->reply.value);
        }
        break;
    case MEMEXPOSE_IRQ_RAISE:
    case MEMEXPOSE_IRQ_LOWER:
    case MEMEXPOSE_CLOSE:
        put32(b, m->irq.mask);
        break;
    }
    return MEMEXPOSE_HDR_SIZE + len;
}
