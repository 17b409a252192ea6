/*
 * memexpose messages over a UNIX stream socket (docs/memexpose.md,
 * "Transport"). A message is read in two exact steps, header then body, so
 * a read never takes bytes (or descriptors) of the next message; the
 * descriptors that arrive while a message is read belong to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "memexpose_link.h"

struct MemExposeLink {
    int fd;
    MemExposeLinkStatus state; /* AGAIN while usable, else CLOSED or BAD */
    char why[sizeof(((MemExposeProtoError *)0)->message)];
    uint8_t buf[MEMEXPOSE_MAX_MSG];
    size_t have;
    size_t need;
    int fds[MEMEXPOSE_MAX_FDS];
    unsigned nfds;
    bool fd_overflow;
};

void memexpose_close_fds(const int *fds, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        close(fds[i]);
    }
}

MemExposeLink *memexpose_link_new(int fd)
{
    MemExposeLink *l = calloc(1, sizeof(*l));
    if (!l) {
        close(fd);
        return NULL;
    }
    l->fd = fd;
    l->state = MEMEXPOSE_LINK_AGAIN;
    l->need = MEMEXPOSE_HDR_SIZE;
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    return l;
}

int memexpose_link_fd(const MemExposeLink *l)
{
    return l->state == MEMEXPOSE_LINK_AGAIN ? l->fd : -1;
}

/* The link ends in @state; the first reason given is the one kept. */
static MemExposeLinkStatus link_end(MemExposeLink *l,
                                    MemExposeLinkStatus state,
                                    MemExposeProtoError *why, const char *fmt,
                                    ...) __attribute__((format(printf, 4, 5)));

static MemExposeLinkStatus link_end(MemExposeLink *l,
                                    MemExposeLinkStatus state,
                                    MemExposeProtoError *why, const char *fmt,
                                    ...)
{
    if (l->state == MEMEXPOSE_LINK_AGAIN) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(l->why, sizeof(l->why), fmt, ap);
        va_end(ap);
        l->state = state;
        memexpose_close_fds(l->fds, l->nfds);
        l->nfds = 0;
        /* After a malformed message there is still a CLOSE to send. */
        if (state == MEMEXPOSE_LINK_CLOSED) {
            shutdown(l->fd, SHUT_RDWR);
        }
    }
    snprintf(why->message, sizeof(why->message), "%s", l->why);
    return l->state;
}

long long memexpose_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

/* poll() on the socket for @events, at most @timeout_ms; true if ready. */
static bool link_poll(MemExposeLink *l, short events, int timeout_ms)
{
    struct pollfd p = { .fd = l->fd, .events = events };
    long long end = memexpose_now_ms() + timeout_ms;
    for (;;) {
        int left = timeout_ms < 0 ? -1 : (int)(end - memexpose_now_ms());
        if (timeout_ms >= 0 && left < 0) {
            left = 0;
        }
        int r = poll(&p, 1, left);
        if (r > 0) {
            return true;
        }
        if (r == 0 || errno != EINTR) {
            return false;
        }
    }
}

void memexpose_link_shutdown(MemExposeLink *l)
{
    MemExposeProtoError ignored;
    link_end(l, MEMEXPOSE_LINK_CLOSED, &ignored, "shut down");
    l->state = MEMEXPOSE_LINK_CLOSED; /* from BAD too: nothing more goes */
    shutdown(l->fd, SHUT_RDWR);
}

bool memexpose_link_wait(MemExposeLink *l, int timeout_ms)
{
    return l->state != MEMEXPOSE_LINK_AGAIN ||
           link_poll(l, POLLIN, timeout_ms);
}

bool memexpose_link_send(MemExposeLink *l, const MemExposeMsg *m,
                         int timeout_ms, MemExposeProtoError *why)
{
    if (l->state == MEMEXPOSE_LINK_CLOSED) {
        link_end(l, l->state, why, "%s", l->why);
        return false;
    }
    uint8_t buf[MEMEXPOSE_MAX_MSG];
    size_t len = memexpose_encode(m, buf);
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(int) * MEMEXPOSE_MAX_FDS)];
    } ctl;
    long long end = memexpose_now_ms() + timeout_ms;
    size_t done = 0;
    while (done < len) {
        struct iovec iov = { .iov_base = buf + done, .iov_len = len - done };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
        /* The descriptors ride on the message's first byte. */
        if (done == 0 && m->nfds) {
            memset(&ctl, 0, sizeof(ctl));
            mh.msg_control = ctl.space;
            mh.msg_controllen = CMSG_SPACE(sizeof(int) * m->nfds);
            struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int) * m->nfds);
            memcpy(CMSG_DATA(c), m->fds, sizeof(int) * m->nfds);
        }
        ssize_t n = sendmsg(l->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            long long left = end - memexpose_now_ms();
            if (left > 0 && link_poll(l, POLLOUT, (int)left)) {
                continue;
            }
            link_end(l, MEMEXPOSE_LINK_CLOSED, why, "peer took no %s for "
                     "%d ms", memexpose_msg_name(m->type), timeout_ms);
            return false;
        }
        link_end(l, MEMEXPOSE_LINK_CLOSED, why, "sending %s: %s",
                 memexpose_msg_name(m->type),
                 n < 0 ? strerror(errno) : "nothing sent");
        return false;
    }
    return true;
}

/* Keeps the descriptors of one control message, up to the limit. */
static void link_take_fds(MemExposeLink *l, struct msghdr *mh)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        unsigned n = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (unsigned i = 0; i < n; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (l->nfds < MEMEXPOSE_MAX_FDS) {
                l->fds[l->nfds++] = fd;
            } else {
                close(fd);
                l->fd_overflow = true;
            }
        }
    }
    if (mh->msg_flags & MSG_CTRUNC) {
        l->fd_overflow = true; /* the kernel dropped what did not fit */
    }
}

/*
 * Reads and drops whatever the peer sent that was not taken (descriptors
 * included): a UNIX socket closed with unread input resets the connection,
 * and the peer would read ECONNRESET instead of our CLOSE.
 */
static void link_discard_input(MemExposeLink *l)
{
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(int) * MEMEXPOSE_MAX_FDS)];
    } ctl;
    uint8_t sink[4096];
    for (;;) {
        struct iovec iov = { .iov_base = sink, .iov_len = sizeof(sink) };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                             .msg_control = ctl.space,
                             .msg_controllen = sizeof(ctl.space) };
        if (recvmsg(l->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) <= 0) {
            return;
        }
        l->nfds = 0;
        link_take_fds(l, &mh);
        memexpose_close_fds(l->fds, l->nfds);
        l->nfds = 0;
    }
}

void memexpose_link_free(MemExposeLink *l)
{
    if (!l) {
        return;
    }
    memexpose_close_fds(l->fds, l->nfds);
    l->nfds = 0;
    link_discard_input(l);
    close(l->fd);
    free(l);
}

/* Reads towards l->need bytes; returns AGAIN, or CLOSED. */
static MemExposeLinkStatus link_fill(MemExposeLink *l,
                                     MemExposeProtoError *why)
{
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(sizeof(int) * MEMEXPOSE_MAX_FDS)];
    } ctl;
    while (l->have < l->need) {
        struct iovec iov = { .iov_base = l->buf + l->have,
                             .iov_len = l->need - l->have };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                             .msg_control = ctl.space,
                             .msg_controllen = sizeof(ctl.space) };
        ssize_t n = recvmsg(l->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n > 0) {
            link_take_fds(l, &mh);
            l->have += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return MEMEXPOSE_LINK_AGAIN;
        }
        return link_end(l, MEMEXPOSE_LINK_CLOSED, why, "%s",
                        n == 0 ? (l->have ? "peer closed the connection "
                                            "mid-message"
                                          : "peer closed the connection")
                               : strerror(errno));
    }
    return MEMEXPOSE_LINK_AGAIN;
}

MemExposeLinkStatus memexpose_link_recv(MemExposeLink *l, MemExposeMsg *out,
                                        MemExposeProtoError *why)
{
    if (l->state != MEMEXPOSE_LINK_AGAIN) {
        return link_end(l, l->state, why, "%s", l->why);
    }
    MemExposeProtoError err;
    for (;;) {
        if (link_fill(l, why) != MEMEXPOSE_LINK_AGAIN) {
            return l->state;
        }
        if (l->have < l->need) {
            return MEMEXPOSE_LINK_AGAIN;
        }
        /* Every body is at least 8 bytes: need > header once it is read. */
        if (l->need > MEMEXPOSE_HDR_SIZE) {
            break;
        }
        uint32_t body;
        if (!memexpose_decode_header(l->buf, &body, &err)) {
            return link_end(l, MEMEXPOSE_LINK_BAD, why, "%s", err.message);
        }
        l->need = MEMEXPOSE_HDR_SIZE + body;
    }
    if (l->fd_overflow) {
        return link_end(l, MEMEXPOSE_LINK_BAD, why, "%s came with more than "
                        "%u file descriptors",
                        memexpose_msg_name(l->buf[0]), MEMEXPOSE_MAX_FDS);
    }
    if (!memexpose_decode(l->buf, l->have, l->nfds, out, &err)) {
        return link_end(l, MEMEXPOSE_LINK_BAD, why, "%s", err.message);
    }
    memcpy(out->fds, l->fds, sizeof(int) * l->nfds);
    out->nfds = l->nfds;
    l->nfds = 0;
    l->have = 0;
    l->need = MEMEXPOSE_HDR_SIZE;
    return MEMEXPOSE_LINK_MSG;
}
