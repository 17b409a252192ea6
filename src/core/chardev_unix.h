/*
 * UNIX stream sockets for `-chardev socket,path=PATH,server=on|off`, the
 * transport of links that pass file descriptors (SCM_RIGHTS) such as
 * memexpose. Either side may be the server. Waits are bounded; a server
 * that should not wait accepts its client later with a zero timeout.
 */
#ifndef TZEMU_CORE_CHARDEV_UNIX_H
#define TZEMU_CORE_CHARDEV_UNIX_H

#include "chardev.h"

/* How long a client's connect may wait for a listening server. */
#define CHARDEV_UNIX_CONNECT_MS 5000

/**
 * chardev_unix_listen - a listening socket at @path (non-blocking,
 * close-on-exec). A socket file already at @path is replaced, as QEMU's
 * server does; any other file there is an error. Returns the fd, or -1
 * with @err (may be NULL) filled: CHARDEV_ERR_SPEC for a path longer than
 * a socket address holds, CHARDEV_ERR_IO when the host refuses.
 */
int chardev_unix_listen(const char *path, CharDevError *err);

/**
 * chardev_unix_accept - the next client of @listen_fd, waiting at most
 * @timeout_ms (0: only one already waiting; -1: forever). Returns a
 * connected, close-on-exec fd, or -1 if none came.
 */
int chardev_unix_accept(int listen_fd, int timeout_ms);

/**
 * chardev_unix_connect - connect to the server at @path, retrying for up
 * to @timeout_ms while nobody listens there yet (the other process may
 * still be starting). Returns the fd, or -1 with @err filled.
 */
int chardev_unix_connect(const char *path, int timeout_ms,
                         CharDevError *err);

#endif
