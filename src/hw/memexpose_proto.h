/*
 * The memexpose wire protocol, version 1 (docs/memexpose.md): message
 * encoding and decoding. Little-endian, an 8-byte header then a body whose
 * length the type fixes. Decoding checks every field that can be checked
 * without knowing the link's state; the device checks the rest (message
 * order, request ids, addresses against what it exposed).
 */
#ifndef TZEMU_HW_MEMEXPOSE_PROTO_H
#define TZEMU_HW_MEMEXPOSE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tzemu/memattrs.h"

#define MEMEXPOSE_MAGIC 0x5058454du /* "MEXP" in little-endian bytes */
#define MEMEXPOSE_VERSION 1u
/* HELLO feature bit: this side maps RAM received as file descriptors. */
#define MEMEXPOSE_FEAT_SHARED_RAM (1ull << 0)
#define MEMEXPOSE_FEATURES MEMEXPOSE_FEAT_SHARED_RAM

#define MEMEXPOSE_HDR_SIZE 8u
/* At most this many regions in one EXPOSE, each RAM one with one fd. */
#define MEMEXPOSE_MAX_REGIONS 32u
#define MEMEXPOSE_MAX_FDS MEMEXPOSE_MAX_REGIONS
/* RAM regions start, end and sit in their file on this granule. */
#define MEMEXPOSE_RAM_ALIGN 4096u
#define MEMEXPOSE_EXPOSE_FIXED 24u
#define MEMEXPOSE_REGION_SIZE 32u
#define MEMEXPOSE_MAX_MSG                                                  \
    (MEMEXPOSE_HDR_SIZE + MEMEXPOSE_EXPOSE_FIXED +                         \
     MEMEXPOSE_MAX_REGIONS * MEMEXPOSE_REGION_SIZE)

/* Access attribute bits on the wire; the rest are reserved, zero. */
#define MEMEXPOSE_ATTR_SECURE (1u << 0)
#define MEMEXPOSE_ATTR_USER (1u << 1)
/* EXPOSE region flag: RAM shared by file descriptor. */
#define MEMEXPOSE_REGION_RAM (1u << 0)

typedef enum MemExposeMsgType {
    MEMEXPOSE_HELLO = 1,
    MEMEXPOSE_EXPOSE = 2,
    MEMEXPOSE_READ = 3,
    MEMEXPOSE_READ_REPLY = 4,
    MEMEXPOSE_WRITE = 5,
    MEMEXPOSE_WRITE_REPLY = 6,
    MEMEXPOSE_IRQ_RAISE = 7,
    MEMEXPOSE_IRQ_LOWER = 8,
    MEMEXPOSE_CLOSE = 9,
} MemExposeMsgType;

/* CLOSE reasons. */
typedef enum MemExposeCloseReason {
    MEMEXPOSE_CLOSE_SHUTDOWN = 0,
    MEMEXPOSE_CLOSE_VERSION = 1,
    MEMEXPOSE_CLOSE_PROTOCOL = 2,
} MemExposeCloseReason;

/**
 * MemExposeRegion - one piece of an exposed range.
 * @offset: from the start of the range. @size: bytes.
 * @ram: shared by file descriptor (the message's fds, in region order);
 *   otherwise reached through READ/WRITE.
 * @fd_offset: where the piece starts in its file (RAM only, else 0).
 */
typedef struct MemExposeRegion {
    uint64_t offset;
    uint64_t size;
    uint64_t fd_offset;
    bool ram;
} MemExposeRegion;

/**
 * MemExposeMsg - a decoded message. @fds/@nfds: descriptors that came with
 * it (EXPOSE only; owned by whoever holds the message).
 */
typedef struct MemExposeMsg {
    MemExposeMsgType type;
    union {
        struct {
            uint32_t version;
            uint64_t features;
        } hello;
        struct {
            uint64_t base;
            uint64_t size;
            uint32_t count;
            MemExposeRegion regions[MEMEXPOSE_MAX_REGIONS];
        } expose;
        /* READ and WRITE (@value: what a WRITE stores). */
        struct {
            uint64_t id;
            uint64_t addr;
            uint64_t value;
            unsigned size;
            MemTxAttrs attrs;
        } access;
        /* READ_REPLY and WRITE_REPLY (@value: what a READ returned). */
        struct {
            uint64_t id;
            uint64_t value;
            MemTxResult result;
        } reply;
        /* IRQ_RAISE and IRQ_LOWER: doorbell bits. */
        struct {
            uint32_t mask;
        } irq;
        struct {
            uint32_t reason;
        } close;
    };
    int fds[MEMEXPOSE_MAX_FDS];
    unsigned nfds;
} MemExposeMsg;

/* Why a message was refused: a sentence for the log. */
typedef struct MemExposeProtoError {
    char message[160];
} MemExposeProtoError;

/** memexpose_msg_name - "HELLO", "READ", ... or "unknown". */
const char *memexpose_msg_name(uint32_t type);

/**
 * memexpose_decode_header - check an 8-byte header: a known type and the
 * body length that type has (for EXPOSE, whole regions up to the limit).
 * Stores the body length in *@body_len. Returns false with @err filled.
 */
bool memexpose_decode_header(const uint8_t *hdr, uint32_t *body_len,
                             MemExposeProtoError *err);

/**
 * memexpose_decode - decode and validate the whole message @buf (@len
 * bytes, header included) that arrived with @nfds descriptors (the count
 * only: the caller keeps and closes them). Returns false with @err filled
 * on anything malformed; @out's fds are left to the caller.
 */
bool memexpose_decode(const uint8_t *buf, size_t len, unsigned nfds,
                      MemExposeMsg *out, MemExposeProtoError *err);

/**
 * memexpose_encode - the bytes of @m into @buf (MEMEXPOSE_MAX_MSG bytes);
 * returns the length. @m must be valid (memexpose_decode would accept it).
 */
size_t memexpose_encode(const MemExposeMsg *m, uint8_t *buf);

/** memexpose_value_fits - whether @value fits in @size (1-8) bytes. */
bool memexpose_value_fits(uint64_t value, unsigned size);

/** memexpose_attrs_to_wire/from_wire - the attribute word. */
uint32_t memexpose_attrs_to_wire(MemTxAttrs attrs);
MemTxAttrs memexpose_attrs_from_wire(uint32_t bits);

#endif
