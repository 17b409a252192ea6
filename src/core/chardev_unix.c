/*
 * UNIX stream sockets for `-chardev socket,path=...` (QEMU's
 * chardev/char-socket.c behaviour: a server replaces a stale socket file,
 * a client connects to the path). Not modelled: abstract socket names,
 * reconnect, tight=, and websocket or telnet framing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "chardev_unix.h"

/* Between connect attempts while the server is not there yet. */
#define CHARDEV_UNIX_RETRY_MS 20

static int unix_address(const char *path, struct sockaddr_un *sa,
                        CharDevError *err)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    if (!path[0] || strlen(path) >= sizeof(sa->sun_path)) {
        chardev_fail(err, CHARDEV_ERR_SPEC, "socket path '%s' must be "
                     "1 to %zu bytes long", path,
                     sizeof(sa->sun_path) - 1);
        return -1;
    }
    memcpy(sa->sun_path, path, strlen(path));
    return 0;
}

int chardev_unix_listen(const char *path, CharDevError *err)
{
    struct sockaddr_un sa;
    if (unix_address(path, &sa, err) < 0) {
        return -1;
    }
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            chardev_fail(err, CHARDEV_ERR_IO, "socket path '%s' exists "
                         "and is not a socket", path);
            return -1;
        }
        unlink(path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(fd, 1) < 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        chardev_fail(err, CHARDEV_ERR_IO, "cannot listen on socket "
                     "'%s': %s", path, strerror(e));
        return -1;
    }
    return fd;
}

int chardev_unix_accept(int listen_fd, int timeout_ms)
{
    struct pollfd p = { .fd = listen_fd, .events = POLLIN };
    int r;
    do {
        r = poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r <= 0) {
        return -1;
    }
    return accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
}

int chardev_unix_connect(const char *path, int timeout_ms,
                         CharDevError *err)
{
    struct sockaddr_un sa;
    if (unix_address(path, &sa, err) < 0) {
        return -1;
    }
    for (int waited = 0;; waited += CHARDEV_UNIX_RETRY_MS) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            chardev_fail(err, CHARDEV_ERR_IO, "socket: %s",
                         strerror(errno));
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return fd;
        }
        int e = errno;
        close(fd);
        /* Nobody there yet (or a stale file): the server may be starting. */
        bool retry = e == ENOENT || e == ECONNREFUSED || e == EINTR;
        if (!retry || waited >= timeout_ms) {
            chardev_fail(err, CHARDEV_ERR_IO, "cannot connect to socket "
                         "'%s': %s", path, strerror(e));
            return -1;
        }
        struct timespec ts = { .tv_nsec = CHARDEV_UNIX_RETRY_MS * 1000000L };
        nanosleep(&ts, NULL);
    }
}
