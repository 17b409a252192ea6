/*
 * memexpose against a hostile or dying peer: the test plays the peer on
 * the raw end of a socketpair. Every kind of malformed or out-of-place
 * message closes the link with one log line and a CLOSE to the peer, and
 * the window then answers bus errors; a peer that dies or falls silent
 * mid-request never hangs the device; nothing raises SIGPIPE.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/hw/memexpose_link.h"
#include "test_memexpose_rig.h"

/* B on one end, the test's raw peer on the other. */
typedef struct Hostile {
    MxRig r;
    MemExposeLink *peer;
    int peer_fd;
} Hostile;

/* Receives the next message from B within RIG_WAIT_MS (B polled meanwhile). */
static bool peer_recv(Hostile *h, MemExposeMsg *m)
{
    MemExposeProtoError why;
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while (rig_now_ms() < end) {
        memexpose_poll(h->r.b.dev);
        MemExposeLinkStatus st = memexpose_link_recv(h->peer, m, &why);
        if (st == MEMEXPOSE_LINK_MSG) {
            return true;
        }
        if (st != MEMEXPOSE_LINK_AGAIN) {
            return false;
        }
        memexpose_link_wait(h->peer, 1);
    }
    return false;
}

static void peer_send(Hostile *h, const MemExposeMsg *m)
{
    MemExposeProtoError why;
    CHECK(memexpose_link_send(h->peer, m, RIG_WAIT_MS, &why));
}

static const MemExposeMsg hello = {
    .type = MEMEXPOSE_HELLO,
    .hello = { .version = MEMEXPOSE_VERSION,
               .features = MEMEXPOSE_FEAT_SHARED_RAM },
};

/* An empty range of 0x2000 bytes at 0x5000 (everything by request). */
static const MemExposeMsg expose_plain = {
    .type = MEMEXPOSE_EXPOSE, .expose = { .base = 0x5000, .size = 0x2000 },
};

/* How far the raw peer gets before the test's message. */
enum { GREET_NONE, GREET_HELLO, GREET_ALL };

/* Connects B to a raw peer that sends HELLO, then EXPOSE, up to @greet. */
static void hostile_init(Hostile *h, int greet, int timeout_ms)
{
    rig_init(&h->r, timeout_ms);
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    h->peer_fd = sv[0];
    h->peer = memexpose_link_new(sv[0]);
    CHECK(memexpose_connect(h->r.b.dev, sv[1]));
    MemExposeMsg m;
    CHECK(peer_recv(h, &m) && m.type == MEMEXPOSE_HELLO);
    if (greet >= GREET_HELLO) {
        peer_send(h, &hello);
        CHECK(peer_recv(h, &m) && m.type == MEMEXPOSE_EXPOSE);
    }
    if (greet == GREET_ALL) {
        peer_send(h, &expose_plain);
        CHECK(side_poll_until(&h->r.b, MEMEXPOSE_STATUS_WINDOW));
    }
}

static void hostile_destroy(Hostile *h)
{
    memexpose_link_free(h->peer);
    rig_destroy(&h->r);
}

/* Sends @len raw bytes with @nfds copies of @fd attached. */
static void peer_send_raw(Hostile *h, const uint8_t *buf, size_t len, int fd,
                          unsigned nfds)
{
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(int) * 64)];
    } ctl;
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (nfds) {
        memset(&ctl, 0, sizeof(ctl));
        mh.msg_control = ctl.space;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        for (unsigned i = 0; i < nfds; i++) {
            memcpy(CMSG_DATA(c) + i * sizeof(int), &fd, sizeof(int));
        }
    }
    CHECK_EQ(sendmsg(h->peer_fd, &mh, MSG_NOSIGNAL), len);
}

/* The link must now be closed, said once, told to the peer, and failing. */
static void expect_closed(Hostile *h, uint32_t reason, const char *what)
{
    bool closed = side_poll_until(&h->r.b, MEMEXPOSE_STATUS_CLOSED);
    if (!CHECK(closed)) {
        fprintf(stderr, "  not closed by: %s\n", what);
        return;
    }
    if (!CHECK_EQ(side_log_count(&h->r.b, "link closed"), 1)) {
        fprintf(stderr, "  %s: log:\n%s", what, side_log(&h->r.b));
    }
    MemExposeMsg m;
    MemExposeProtoError why;
    if (!CHECK_EQ(memexpose_link_recv(h->peer, &m, &why),
                  MEMEXPOSE_LINK_MSG)) {
        fprintf(stderr, "  %s: peer got: %s\n", what, why.message);
    }
    if (CHECK_EQ(m.type, MEMEXPOSE_CLOSE)) {
        CHECK_EQ(m.close.reason, reason);
    }
    MemTxResult res = MEMTX_OK;
    address_space_ldl_le(&h->r.b.as_ns, B_WINDOW + 0x10, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    /* A doorbell on a closed link goes nowhere, quietly. */
    side_reg_write(&h->r.b, MEMEXPOSE_REG_DOORBELL, 1);
    CHECK_EQ(memexpose_status(h->r.b.dev), MEMEXPOSE_STATUS_CLOSED);
}

/* A memfd of @size bytes, sealed against shrinking if @sealed. */
static int test_memfd(uint64_t size, bool sealed)
{
    int fd = memfd_create("peer", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    CHECK(fd >= 0 && ftruncate(fd, (off_t)size) == 0);
    if (sealed) {
        CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0);
    }
    return fd;
}

typedef enum FdKind {
    FD_NONE,
    FD_UNSEALED,
    FD_SHORT,
    FD_PIPE,
    FD_READ_ONLY,
    FD_GOOD,
} FdKind;

/**
 * BadMsg - one malformed or out-of-place message.
 * @greet: how far the peer got first (GREET_*).
 * @msg: the message, then @at/@width/@value patch its bytes (width 0: none).
 * @fd/@nfds: what descriptors ride along.
 */
typedef struct BadMsg {
    const char *what;
    int greet;
    MemExposeMsg msg;
    size_t at;
    unsigned width;
    uint64_t value;
    FdKind fd;
    unsigned nfds;
} BadMsg;

#define RAM_EXPOSE                                                          \
    { .type = MEMEXPOSE_EXPOSE,                                             \
      .expose = { .base = 0x5000, .size = 0x2000, .count = 1,               \
                  .regions = { { .offset = 0, .size = 0x1000,               \
                                 .ram = true } } } }
#define READ_AT(a, sz)                                                      \
    { .type = MEMEXPOSE_READ, .access = { .id = 1, .addr = (a),             \
                                          .size = (sz) } }
#define WRITE_1 { .type = MEMEXPOSE_WRITE, .access = { .size = 1 } }
#define REPLY(t, n) { .type = (t), .reply = { .id = (n) } }
#define IRQ_1 { .type = MEMEXPOSE_IRQ_RAISE, .irq = { .mask = 1 } }
#define CLOSE_0 { .type = MEMEXPOSE_CLOSE }

/* Byte offsets: the header is 0-7, the body starts at 8. */
static const BadMsg bad_msgs[] = {
    { "unknown type", GREET_ALL, READ_AT(0, 4), 0, 2, 0x55, FD_NONE, 0 },
    { "huge length", GREET_ALL, READ_AT(0, 4), 4, 4, 0x7fffffff, FD_NONE,
      0 },
    { "READ before HELLO", GREET_NONE, READ_AT(0, 4), 0, 0, 0, FD_NONE, 0 },
    { "second HELLO", GREET_ALL, hello, 0, 0, 0, FD_NONE, 0 },
    { "HELLO bad magic", GREET_NONE, hello, 8, 1, 'X', FD_NONE, 0 },
    { "second EXPOSE", GREET_ALL, expose_plain, 0, 0, 0, FD_NONE, 0 },
    { "EXPOSE RAM without fd", GREET_HELLO, RAM_EXPOSE, 0, 0, 0, FD_NONE,
      0 },
    { "EXPOSE unsealed memfd", GREET_HELLO, RAM_EXPOSE, 0, 0, 0,
      FD_UNSEALED, 1 },
    { "EXPOSE short memfd", GREET_HELLO, RAM_EXPOSE, 0, 0, 0, FD_SHORT, 1 },
    { "EXPOSE pipe", GREET_HELLO, RAM_EXPOSE, 0, 0, 0, FD_PIPE, 1 },
    { "EXPOSE read-only memfd", GREET_HELLO, RAM_EXPOSE, 0, 0, 0,
      FD_READ_ONLY, 1 },
    { "EXPOSE 40 fds", GREET_HELLO, RAM_EXPOSE, 0, 0, 0, FD_GOOD, 40 },
    { "EXPOSE region past the range", GREET_HELLO, RAM_EXPOSE, 8 + 24 + 8,
      8, 0x2001, FD_GOOD, 1 },
    { "READ outside B's range", GREET_ALL, READ_AT(B_RAM + B_RAM_SIZE, 1),
      0, 0, 0, FD_NONE, 0 },
    { "READ straddling B's range", GREET_ALL, READ_AT(B_RAM_SIZE - 2, 4),
      0, 0, 0, FD_NONE, 0 },
    { "READ size 3", GREET_ALL, READ_AT(0, 4), 24, 4, 3, FD_NONE, 0 },
    { "READ with fd", GREET_ALL, READ_AT(0, 4), 0, 0, 0, FD_GOOD, 1 },
    { "WRITE value too wide", GREET_ALL, WRITE_1, 32, 2, 0x1ff, FD_NONE, 0 },
    { "READ_REPLY for nothing", GREET_ALL,
      REPLY(MEMEXPOSE_READ_REPLY, 99), 0, 0, 0, FD_NONE, 0 },
    { "WRITE_REPLY unknown result", GREET_ALL,
      REPLY(MEMEXPOSE_WRITE_REPLY, 1), 16, 4, 0x10, FD_NONE, 0 },
    { "IRQ_RAISE reserved", GREET_ALL, IRQ_1, 12, 1, 1, FD_NONE, 0 },
    { "CLOSE too long", GREET_ALL, CLOSE_0, 4, 4, 12, FD_NONE, 0 },
};

static int make_fd(FdKind kind, int pipe_fds[2])
{
    switch (kind) {
    case FD_UNSEALED:
        return test_memfd(0x1000, false);
    case FD_SHORT:
        return test_memfd(0x800, true);
    case FD_PIPE:
        CHECK(pipe(pipe_fds) == 0);
        close(pipe_fds[1]);
        return pipe_fds[0];
    case FD_READ_ONLY: {
        /* Passes every check but cannot be mapped for writing. */
        int rw = test_memfd(0x1000, true);
        char path[64];
        snprintf(path, sizeof(path), "/proc/self/fd/%d", rw);
        int ro = open(path, O_RDONLY | O_CLOEXEC);
        close(rw);
        return ro;
    }
    case FD_GOOD:
        return test_memfd(0x1000, true);
    case FD_NONE:
        break;
    }
    return -1;
}

GUARDED_TEST(memexpose_every_malformed_message_closes_the_link)
{
    for (size_t i = 0; i < sizeof(bad_msgs) / sizeof(bad_msgs[0]); i++) {
        const BadMsg *c = &bad_msgs[i];
        Hostile h;
        hostile_init(&h, c->greet, 0);
        uint8_t buf[MEMEXPOSE_MAX_MSG];
        size_t len = memexpose_encode(&c->msg, buf);
        for (unsigned k = 0; k < c->width; k++) {
            buf[c->at + k] = (uint8_t)(c->value >> (8 * k));
        }
        int pipe_fds[2];
        int fd = make_fd(c->fd, pipe_fds);
        peer_send_raw(&h, buf, len, fd, c->nfds);
        if (fd >= 0) {
            close(fd);
        }
        expect_closed(&h, MEMEXPOSE_CLOSE_PROTOCOL, c->what);
        hostile_destroy(&h);
    }
}

GUARDED_TEST(memexpose_other_version_closes_the_link)
{
    Hostile h;
    hostile_init(&h, GREET_NONE, 0);
    MemExposeMsg v2 = hello;
    v2.hello.version = 2;
    peer_send(&h, &v2);
    expect_closed(&h, MEMEXPOSE_CLOSE_VERSION, "HELLO of version 2");
    CHECK_EQ(side_log_count(&h.r.b, "incompatible peer: version 2"), 1);
    hostile_destroy(&h);
}

/* Replies queued before B even asks: B's first request has id 1. */
static MemTxResult read_with_queued_reply(const MemExposeMsg *reply,
                                          unsigned size, uint64_t *value,
                                          Hostile *h)
{
    hostile_init(h, GREET_ALL, 0);
    peer_send(h, reply);
    MemTxResult res = MEMTX_OK;
    *value = size == 1
                 ? address_space_ldub(&h->r.b.as_ns, B_WINDOW + 0x10, ATTRS_S,
                                      &res)
                 : address_space_ldl_le(&h->r.b.as_ns, B_WINDOW + 0x10,
                                        ATTRS_S, &res);
    return res;
}

GUARDED_TEST(memexpose_replies_are_matched_to_requests)
{
    Hostile h;
    uint64_t v;
    MemExposeMsg ok = { .type = MEMEXPOSE_READ_REPLY,
                        .reply = { .id = 1, .value = 0xabcd1234 } };
    CHECK_EQ(read_with_queued_reply(&ok, 4, &v, &h), MEMTX_OK);
    CHECK_EQ(v, 0xabcd1234);
    /* The request B sent: the peer's address, size and attributes. */
    MemExposeMsg req;
    CHECK(peer_recv(&h, &req));
    CHECK_EQ(req.type, MEMEXPOSE_READ);
    CHECK_EQ(req.access.addr, 0x5010);
    CHECK_EQ(req.access.size, 4);
    CHECK_EQ(req.access.attrs.secure, 1);
    hostile_destroy(&h);

    MemExposeMsg wrong_kind = { .type = MEMEXPOSE_WRITE_REPLY,
                                .reply = { .id = 1 } };
    CHECK_EQ(read_with_queued_reply(&wrong_kind, 4, &v, &h), MEMTX_ERROR);
    CHECK(peer_recv(&h, &req) && req.type == MEMEXPOSE_READ);
    expect_closed(&h, MEMEXPOSE_CLOSE_PROTOCOL, "WRITE_REPLY to a READ");
    hostile_destroy(&h);

    MemExposeMsg too_wide = { .type = MEMEXPOSE_READ_REPLY,
                              .reply = { .id = 1, .value = 0x100 } };
    CHECK_EQ(read_with_queued_reply(&too_wide, 1, &v, &h), MEMTX_ERROR);
    CHECK_EQ(v, 0);
    CHECK(peer_recv(&h, &req) && req.type == MEMEXPOSE_READ);
    expect_closed(&h, MEMEXPOSE_CLOSE_PROTOCOL, "reply wider than the read");
    hostile_destroy(&h);

    /* A failed access's result comes back as the bus result. */
    MemExposeMsg denied = { .type = MEMEXPOSE_READ_REPLY,
                            .reply = { .id = 1,
                                       .result = MEMTX_ACCESS_ERROR } };
    CHECK_EQ(read_with_queued_reply(&denied, 4, &v, &h), MEMTX_ACCESS_ERROR);
    CHECK_EQ(memexpose_status(h.r.b.dev) & MEMEXPOSE_STATUS_CLOSED, 0);
    hostile_destroy(&h);
}

/* The peer takes B's request, then dies (@kill: the process) or stays mute. */
static void *die_after_request(void *arg)
{
    Hostile *h = arg;
    MemExposeMsg m;
    MemExposeProtoError why;
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while (rig_now_ms() < end &&
           memexpose_link_recv(h->peer, &m, &why) != MEMEXPOSE_LINK_MSG) {
        memexpose_link_wait(h->peer, 10);
    }
    shutdown(h->peer_fd, SHUT_RDWR);
    return NULL;
}

GUARDED_TEST(memexpose_peer_death_mid_request_fails_the_access)
{
    Hostile h;
    hostile_init(&h, GREET_ALL, 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, die_after_request, &h) == 0);
    long long start = rig_now_ms();
    MemTxResult res = MEMTX_OK;
    address_space_ldl_le(&h.r.b.as_ns, B_WINDOW, ATTRS_NS, &res);
    pthread_join(t, NULL);
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK(rig_now_ms() - start < MEMEXPOSE_DEFAULT_TIMEOUT_MS);
    CHECK_EQ(memexpose_status(h.r.b.dev), MEMEXPOSE_STATUS_CLOSED);
    CHECK_EQ(side_log_count(&h.r.b, "link closed: peer closed the "
                                    "connection"), 1);
    memexpose_poll(h.r.b.dev);
    CHECK_EQ(memexpose_fd(h.r.b.dev), -1);
    hostile_destroy(&h);
}

GUARDED_TEST(memexpose_peer_process_killed_mid_request)
{
    Hostile h;
    hostile_init(&h, GREET_ALL, 0);
    pid_t pid = fork();
    if (pid == 0) {
        /* The peer process reads the request, then is killed outright. */
        MemExposeMsg m;
        MemExposeProtoError why;
        long long end = rig_now_ms() + RIG_WAIT_MS;
        while (rig_now_ms() < end &&
               memexpose_link_recv(h.peer, &m, &why) != MEMEXPOSE_LINK_MSG) {
            memexpose_link_wait(h.peer, 10);
        }
        raise(SIGKILL);
    }
    /* Only the child holds the peer's end now. */
    memexpose_link_free(h.peer);
    h.peer = NULL;
    MemTxResult res = MEMTX_OK;
    address_space_stl_le(&h.r.b.as_ns, B_WINDOW, 1, ATTRS_NS, &res);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK_EQ(memexpose_status(h.r.b.dev), MEMEXPOSE_STATUS_CLOSED);
    hostile_destroy(&h);
}

GUARDED_TEST(memexpose_silent_peer_times_out)
{
    Hostile h;
    hostile_init(&h, GREET_ALL, 200);
    long long start = rig_now_ms();
    MemTxResult res = MEMTX_OK;
    address_space_ldl_le(&h.r.b.as_ns, B_WINDOW, ATTRS_NS, &res);
    long long took = rig_now_ms() - start;
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK(took >= 190 && took < 2000);
    CHECK_EQ(side_log_count(&h.r.b, "no reply to READ within 200 ms"), 1);
    /* Later accesses fail at once. */
    start = rig_now_ms();
    address_space_ldl_le(&h.r.b.as_ns, B_WINDOW, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_ERROR);
    CHECK(rig_now_ms() - start < 100);
    hostile_destroy(&h);
}

GUARDED_TEST(memexpose_send_to_a_dead_peer_raises_no_sigpipe)
{
    Hostile h;
    hostile_init(&h, GREET_ALL, 0);
    memexpose_link_free(h.peer);
    h.peer = NULL;
    /* Without MSG_NOSIGNAL this would kill the test with SIGPIPE. */
    side_reg_write(&h.r.b, MEMEXPOSE_REG_DOORBELL, 1);
    side_reg_write(&h.r.b, MEMEXPOSE_REG_DOORBELL, 1);
    CHECK(side_poll_until(&h.r.b, MEMEXPOSE_STATUS_CLOSED));
    CHECK_EQ(side_log_count(&h.r.b, "link closed"), 1);
    hostile_destroy(&h);
}
