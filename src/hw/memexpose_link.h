/*
 * The memexpose transport: protocol messages over a connected UNIX stream
 * socket, file descriptors alongside as SCM_RIGHTS. Never blocks longer
 * than a caller's timeout, never raises SIGPIPE, and turns the peer going
 * away (EOF, ECONNRESET, EPIPE) into a closed link.
 */
#ifndef TZEMU_HW_MEMEXPOSE_LINK_H
#define TZEMU_HW_MEMEXPOSE_LINK_H

#include "memexpose_proto.h"

typedef struct MemExposeLink MemExposeLink;

/**
 * MemExposeLinkStatus - what a receive found.
 * MEMEXPOSE_LINK_MSG:    a whole, valid message.
 * MEMEXPOSE_LINK_AGAIN:  nothing complete yet (part of one may be buffered).
 * MEMEXPOSE_LINK_CLOSED: the peer went away; @why says how.
 * MEMEXPOSE_LINK_BAD:    a malformed message; @why says what is wrong.
 * After CLOSED or BAD the link stays in that state; after BAD it can
 * still send (a CLOSE saying why) until memexpose_link_shutdown().
 */
typedef enum MemExposeLinkStatus {
    MEMEXPOSE_LINK_MSG,
    MEMEXPOSE_LINK_AGAIN,
    MEMEXPOSE_LINK_CLOSED,
    MEMEXPOSE_LINK_BAD,
} MemExposeLinkStatus;

/**
 * memexpose_link_new - a link on @fd, a connected AF_UNIX SOCK_STREAM
 * socket, which the link now owns (made non-blocking and close-on-exec).
 * Returns NULL if host memory runs out (@fd is then closed).
 */
MemExposeLink *memexpose_link_new(int fd);

/** memexpose_link_free - close the socket and free. NULL is a no-op. */
void memexpose_link_free(MemExposeLink *l);

/** memexpose_link_fd - the socket, for a caller's poll(); -1 if closed. */
int memexpose_link_fd(const MemExposeLink *l);

/**
 * memexpose_link_send - send @m with its @m->nfds descriptors (which stay
 * the caller's). Waits at most @timeout_ms in total for room in the
 * socket. Returns true, or false with @why filled (the peer went away, or
 * did not take the message in time); the link is then closed.
 */
bool memexpose_link_send(MemExposeLink *l, const MemExposeMsg *m,
                         int timeout_ms, MemExposeProtoError *why);

/**
 * memexpose_link_recv - without waiting, read what has arrived and decode
 * the next whole message into @out (its descriptors are then the
 * caller's). Descriptors beyond MEMEXPOSE_MAX_FDS, or on a message that
 * may not carry any, are closed and make the message malformed.
 */
MemExposeLinkStatus memexpose_link_recv(MemExposeLink *l, MemExposeMsg *out,
                                        MemExposeProtoError *why);

/**
 * memexpose_link_shutdown - end the link: the peer reads what was sent,
 * then end of file; nothing more is sent or received.
 */
void memexpose_link_shutdown(MemExposeLink *l);

/**
 * memexpose_link_wait - wait until something can be read (or the peer
 * hangs up), at most @timeout_ms (-1: forever). Returns true if so,
 * false on timeout.
 */
bool memexpose_link_wait(MemExposeLink *l, int timeout_ms);

/** memexpose_now_ms - a monotonic clock in milliseconds, for deadlines. */
long long memexpose_now_ms(void);

/** memexpose_close_fds - close @n descriptors of @fds. */
void memexpose_close_fds(const int *fds, unsigned n);

#endif
