/*
 * memexpose protocol: every message type encodes to the documented bytes
 * and back; every malformed variant is refused with a reason; the fuzz
 * corpus (tests/fuzz/memexpose_corpus) decodes without harm and whatever
 * decodes re-encodes to the same bytes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "../../src/hw/memexpose_proto.h"
#include "testlib.h"

#define CORPUS_DIR "tests/fuzz/memexpose_corpus"

static size_t encode(const MemExposeMsg *m, uint8_t *buf)
{
    return memexpose_encode(m, buf);
}

static bool decodes(const uint8_t *buf, size_t len, unsigned nfds,
                    MemExposeMsg *out)
{
    MemExposeProtoError err = { { 0 } };
    bool ok = memexpose_decode(buf, len, nfds, out, &err);
    CHECK(ok || err.message[0] != '\0');
    return ok;
}

/* One valid message of each type. */
static const MemExposeMsg samples[] = {
    { .type = MEMEXPOSE_HELLO,
      .hello = { .version = 1, .features = MEMEXPOSE_FEAT_SHARED_RAM } },
    { .type = MEMEXPOSE_EXPOSE,
      .expose = { .base = 0x40000000, .size = 0x3000, .count = 2,
                  .regions = { { .offset = 0, .size = 0x1000,
                                 .fd_offset = 0x2000, .ram = true },
                               { .offset = 0x1000, .size = 0x800 } } } },
    { .type = MEMEXPOSE_READ,
      .access = { .id = 7, .addr = 0x9000000, .size = 4,
                  .attrs = { .secure = 1 } } },
    { .type = MEMEXPOSE_READ_REPLY,
      .reply = { .id = 7, .value = 0x1234, .result = MEMTX_OK } },
    { .type = MEMEXPOSE_WRITE,
      .access = { .id = 8, .addr = 0x9000004, .size = 2, .value = 0xbeef,
                  .attrs = { .user = 1 } } },
    { .type = MEMEXPOSE_WRITE_REPLY,
      .reply = { .id = 8, .result = MEMTX_DECODE_ERROR } },
    { .type = MEMEXPOSE_IRQ_RAISE, .irq = { .mask = 5 } },
    { .type = MEMEXPOSE_IRQ_LOWER, .irq = { .mask = 1 } },
    { .type = MEMEXPOSE_CLOSE, .close = { .reason = 2 } },
};

#define NR_SAMPLES (sizeof(samples) / sizeof(samples[0]))

TEST(memexpose_proto_round_trip_every_type)
{
    for (size_t i = 0; i < NR_SAMPLES; i++) {
        uint8_t buf[MEMEXPOSE_MAX_MSG], again[MEMEXPOSE_MAX_MSG];
        size_t len = encode(&samples[i], buf);
        unsigned nfds = samples[i].type == MEMEXPOSE_EXPOSE ? 1 : 0;
        MemExposeMsg m;
        CHECK(decodes(buf, len, nfds, &m));
        CHECK_EQ(m.type, samples[i].type);
        CHECK_EQ(encode(&m, again), len);
        CHECK(memcmp(buf, again, len) == 0);
    }
}

TEST(memexpose_proto_layout_is_little_endian)
{
    uint8_t buf[MEMEXPOSE_MAX_MSG];
    /* READ: type 3, length 24, id, address, size, attributes. */
    size_t len = encode(&samples[2], buf);
    static const uint8_t want[] = {
        3, 0, 0, 0, 24, 0, 0, 0,
        7, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 9, 0, 0, 0, 0,
        4, 0, 0, 0, 1, 0, 0, 0,
    };
    CHECK_EQ(len, sizeof(want));
    CHECK(memcmp(buf, want, sizeof(want)) == 0);
    /* HELLO starts with "MEXP". */
    encode(&samples[0], buf);
    CHECK(memcmp(buf + 8, "MEXP", 4) == 0);
}

/* A sample's bytes with the little-endian @value of @width bytes at @at. */
static size_t patched(size_t sample, size_t at, unsigned width,
                      uint64_t value, uint8_t *buf)
{
    size_t len = encode(&samples[sample], buf);
    for (unsigned i = 0; i < width; i++) {
        buf[at + i] = (uint8_t)(value >> (8 * i));
    }
    return len;
}

typedef struct BadCase {
    const char *what;
    size_t sample;
    size_t at;
    unsigned width;
    uint64_t value;
    unsigned nfds;
} BadCase;

/* Byte offsets: header 0..7, body from 8. */
static const BadCase bad_cases[] = {
    { "unknown type 0", 0, 0, 2, 0, 0 },
    { "unknown type 10", 0, 0, 2, 10, 0 },
    { "reserved header bits", 0, 2, 2, 1, 0 },
    { "HELLO too long", 0, 4, 4, 17, 0 },
    { "HELLO bad magic", 0, 8, 4, 0x12345678, 0 },
    { "HELLO with a descriptor", 0, 0, 0, 0, 1 },
    { "EXPOSE length not 24 + 32n", 1, 4, 4, 24 + 31, 0 },
    { "EXPOSE too many regions", 1, 4, 4, 24 + 33 * 32, 1 },
    { "EXPOSE reserved word", 1, 28, 4, 1, 1 },
    { "EXPOSE count above the length", 1, 24, 4, 32, 1 },
    { "EXPOSE count below the length", 1, 24, 4, 1, 1 },
    { "EXPOSE range wraps", 1, 8, 8, ~0ull - 0x1000, 1 },
    { "EXPOSE region flags", 1, 32 + 24, 4, 3, 1 },
    { "EXPOSE region reserved", 1, 32 + 28, 4, 1, 1 },
    { "EXPOSE empty region", 1, 32 + 8, 8, 0, 1 },
    { "EXPOSE region past the range", 1, 32 + 8, 8, 0x4000, 1 },
    { "EXPOSE regions overlap", 1, 64, 8, 0x800, 1 },
    { "EXPOSE RAM misaligned", 1, 32, 8, 0x10, 1 },
    { "EXPOSE RAM file offset misaligned", 1, 32 + 16, 8, 0x2010, 1 },
    { "EXPOSE RAM file offset huge", 1, 32 + 16, 8, 0x7ffffffffffff000ull, 1 },
    { "EXPOSE non-RAM with file offset", 1, 64 + 16, 8, 0x1000, 1 },
    { "EXPOSE descriptors missing", 1, 0, 0, 0, 0 },
    { "EXPOSE descriptors extra", 1, 0, 0, 0, 2 },
    { "READ size 3", 2, 24, 4, 3, 0 },
    { "READ size 16", 2, 24, 4, 16, 0 },
    { "READ address wraps", 2, 16, 8, ~0ull - 1, 0 },
    { "READ unknown attribute", 2, 28, 4, 4, 0 },
    { "READ with a descriptor", 2, 0, 0, 0, 1 },
    { "READ too short", 2, 4, 4, 16, 0 },
    { "WRITE value too wide", 4, 32, 8, 0x10000, 0 },
    { "WRITE size 0", 4, 24, 4, 0, 0 },
    { "READ_REPLY unknown result", 3, 16, 4, 8, 0 },
    { "READ_REPLY reserved", 3, 20, 4, 1, 0 },
    { "WRITE_REPLY too long", 5, 4, 4, 24, 0 },
    { "IRQ_RAISE reserved", 6, 12, 4, 1, 0 },
    { "IRQ_LOWER too short", 7, 4, 4, 4, 0 },
    { "CLOSE reserved", 8, 12, 4, 9, 0 },
};

TEST(memexpose_proto_refuses_every_malformed_field)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const BadCase *c = &bad_cases[i];
        uint8_t buf[MEMEXPOSE_MAX_MSG + 64] = { 0 };
        size_t len = patched(c->sample, c->at, c->width, c->value, buf);
        /* A changed length field means the body length the peer claims. */
        if (c->at == 4) {
            len = 8 + (size_t)c->value;
            if (len > sizeof(buf)) {
                len = sizeof(buf);
            }
        }
        MemExposeMsg m;
        MemExposeProtoError err = { { 0 } };
        if (!CHECK(!memexpose_decode(buf, len, c->nfds, &m, &err))) {
            fprintf(stderr, "  accepted: %s\n", c->what);
        }
        CHECK(err.message[0] != '\0');
    }
}

TEST(memexpose_proto_header_checks)
{
    uint8_t buf[MEMEXPOSE_MAX_MSG];
    uint32_t body = 0;
    MemExposeProtoError err;
    encode(&samples[1], buf);
    CHECK(memexpose_decode_header(buf, &body, &err));
    CHECK_EQ(body, 24 + 2 * 32);
    /* A huge claimed length is refused before anything is read. */
    patched(1, 4, 4, 0xfffffff8u, buf);
    CHECK(!memexpose_decode_header(buf, &body, &err));
    CHECK(!memexpose_decode(buf, 4, 0, &(MemExposeMsg){ 0 }, &err));
    CHECK_STR(memexpose_msg_name(99), "unknown");
    CHECK_STR(memexpose_msg_name(MEMEXPOSE_IRQ_LOWER), "IRQ_LOWER");
}

TEST(memexpose_proto_attributes)
{
    MemTxAttrs a = memexpose_attrs_from_wire(MEMEXPOSE_ATTR_SECURE |
                                             MEMEXPOSE_ATTR_USER);
    CHECK(a.secure && a.user && !a.debug && !a.unspecified);
    /* Debug is never sent: a peer cannot borrow a debugger's rights. */
    CHECK_EQ(memexpose_attrs_to_wire((MemTxAttrs){ .debug = 1 }), 0);
    CHECK(memexpose_value_fits(0xff, 1));
    CHECK(!memexpose_value_fits(0x100, 1));
    CHECK(memexpose_value_fits(~0ull, 8));
}

/* Replays the fuzz corpus: each input as the fuzz target takes it. */
TEST(memexpose_proto_corpus_replay)
{
    DIR *dir = opendir(CORPUS_DIR);
    if (!CHECK(dir != NULL)) {
        return;
    }
    unsigned files = 0, accepted = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!CHECK(f != NULL)) {
            continue;
        }
        uint8_t buf[MEMEXPOSE_MAX_MSG + 1];
        size_t len = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        files++;
        /* The first byte is the descriptor count, as in the fuzz target. */
        MemExposeMsg m;
        if (len && decodes(buf + 1, len - 1, buf[0] % 4, &m)) {
            uint8_t again[MEMEXPOSE_MAX_MSG];
            CHECK_EQ(encode(&m, again), len - 1);
            CHECK(memcmp(again, buf + 1, len - 1) == 0);
            accepted++;
        }
    }
    closedir(dir);
    CHECK(files >= NR_SAMPLES);
    CHECK(accepted >= NR_SAMPLES);
}
