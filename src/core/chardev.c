/*
 * Character device backends for qemu-system-arm's -serial spellings (QEMU
 * docs: "-serial dev", chardev/char-{stdio,file,socket}.c behaviour): stdio,
 * null, file:PATH, tcp:HOST:PORT with server/wait/nodelay. Not modelled:
 * the other -serial backends (vc, pty, pipe, udp, telnet, unix, mon:), tcp
 * reconnect, TLS, break events and serial line settings (baud, parity).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "chardev.h"
#include "text.h"

/* How long a tcp client's connect may take at creation. */
#define CHARDEV_CONNECT_TIMEOUT_MS 5000
/* At most this much input is delivered per chardev_poll(). */
#define CHARDEV_POLL_BUDGET 65536

#define SUPPORTED "supported: stdio, null, file:PATH, " \
                  "tcp:HOST:PORT[,server][,wait=off|nowait][,nodelay]"

struct CharDev {
    CharDevSpec spec;
    /* Input comes from in_fd, output goes to out_fd; -1 when there is none. */
    int in_fd;
    int out_fd;
    /* tcp: the listening socket (server) and the connection (both). */
    int listen_fd;
    int conn_fd;
    int local_port;
    /* stdout: written only when poll() says it is writable. */
    bool out_gated;
    bool in_eof;
    bool out_failed;
    /* stdio: this device holds stdio, and the terminal settings to restore
     * if stdin is a terminal. */
    bool owns_stdio;
    bool tty_saved;
    struct termios tty;
    /* Queued output: out_len bytes from out_buf + out_head. */
    uint8_t *out_buf;
    size_t out_head;
    size_t out_len;
    uint64_t dropped;
    CharCanReceive can_receive;
    CharReceive receive;
    void *opaque;
    /* The last byte written, 0 before any. */
    uint8_t last_out;
    /* chardev_new_prefixed: where the output goes, and what starts each
     * line; at_line_start until a line is under way. */
    CharDev *target;
    char prefix[32];
    bool at_line_start;
};

/*
 * The terminal is one per process, so only one character device may own
 * stdio: two would each save and restore the other's raw settings. This is
 * the one piece of process-wide state, as the resource it guards is.
 */
static bool stdio_in_use;

CharDevErrCode chardev_fail(CharDevError *err, CharDevErrCode code,
                            const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ------------------------------------------------------------- parsing */

/* "HOST:PORT" or "[V6]:PORT" (@addr is a writable copy). */
static CharDevErrCode parse_tcp_address(const char *spec, char *addr,
                                        CharDevSpec *out, CharDevError *err)
{
    char *host = addr;
    char *colon;
    if (addr[0] == '[') {
        char *close = strchr(addr, ']');
        if (!close || close[1] != ':') {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': expected "
                        "[IPV6]:PORT after tcp:", spec);
        }
        host = addr + 1;
        *close = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(addr, ':');
        if (!colon) {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': missing port "
                        "(expected tcp:HOST:PORT)", spec);
        }
        *colon = '\0';
        if (strchr(host, ':')) {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': put an IPv6 "
                        "address in brackets (tcp:[::1]:PORT)", spec);
        }
    }
    const char *port = colon + 1;
    size_t n = strlen(port);
    if (n == 0 || n > 5 || strspn(port, "0123456789") != n ||
        atol(port) > 65535) {
        return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': port '%s' is not "
                    "a number from 0 to 65535", spec, port);
    }
    if (strlen(host) >= sizeof(out->host)) {
        return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': host name too long",
                    spec);
    }
    snprintf(out->host, sizeof(out->host), "%s", host);
    out->port = (int)atol(port);
    return CHARDEV_OK;
}

static CharDevErrCode parse_tcp(const char *spec, const char *rest,
                                CharDevSpec *out, CharDevError *err)
{
    char *copy = strdup(rest);
    if (!copy) {
        return chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': out of memory", spec);
    }
    char *opts = strchr(copy, ',');
    if (opts) {
        *opts++ = '\0';
    }
    CharDevErrCode rc = parse_tcp_address(spec, copy, out, err);
    bool wait_given = false;
    out->wait = true;
    while (rc == CHARDEV_OK && opts) {
        char *tok = opts;
        opts = strchr(opts, ',');
        if (opts) {
            *opts++ = '\0';
        }
        char *value = strchr(tok, '=');
        if (value) {
            *value++ = '\0';
        }
        bool on = true;
        if (strcmp(tok, "nowait") == 0 && !value) {
            out->wait = false;
            wait_given = true;
            continue;
        }
        bool *field = strcmp(tok, "server") == 0    ? &out->server
                      : strcmp(tok, "wait") == 0    ? &out->wait
                      : strcmp(tok, "nodelay") == 0 ? &out->nodelay
                                                    : NULL;
        if (!field) {
            rc = chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': unsupported tcp "
                      "option '%s' (supported: server, wait, nowait, "
                      "nodelay)", spec, tok);
        } else if (value && text_parse_bool(value, &on) < 0) {
            rc = chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': option '%s' takes "
                      "on or off, not '%s'", spec, tok, value);
        } else {
            *field = on;
            wait_given |= field == &out->wait;
        }
    }
    free(copy);
    if (rc != CHARDEV_OK) {
        return rc;
    }
    /* QEMU refuses 'wait' on a client too: only a listener waits. */
    if (!out->server && wait_given) {
        return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': 'wait' applies to a "
                    "server only (add ,server)", spec);
    }
    if (!out->server) {
        out->wait = false;
        if (out->port == 0) {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial '%s': a client needs "
                        "a port other than 0", spec);
        }
    }
    return CHARDEV_OK;
}

CharDevErrCode chardev_parse(const char *spec, CharDevSpec *out,
                             CharDevError *err)
{
    memset(out, 0, sizeof(*out));
    if (!spec || !*spec) {
        return chardev_fail(err, CHARDEV_ERR_SPEC, "empty serial spec (" SUPPORTED
                    ")");
    }
    if (strcmp(spec, "null") == 0) {
        out->backend = CHARDEV_NULL;
        return CHARDEV_OK;
    }
    if (strcmp(spec, "stdio") == 0) {
        out->backend = CHARDEV_STDIO;
        return CHARDEV_OK;
    }
    if (strncmp(spec, "file:", 5) == 0) {
        out->backend = CHARDEV_FILE;
        if (!spec[5]) {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial 'file:': missing path "
                        "(expected file:PATH)");
        }
        if (strlen(spec + 5) >= sizeof(out->path)) {
            return chardev_fail(err, CHARDEV_ERR_SPEC, "serial file path too long");
        }
        snprintf(out->path, sizeof(out->path), "%s", spec + 5);
        return CHARDEV_OK;
    }
    if (strncmp(spec, "tcp:", 4) == 0) {
        out->backend = CHARDEV_TCP;
        return parse_tcp(spec, spec + 4, out, err);
    }
    return chardev_fail(err, CHARDEV_ERR_SPEC, "unsupported serial spec '%s' ("
                SUPPORTED ")", spec);
}

/* -------------------------------------------------------------- output */

static void out_drop_pending(CharDev *cd)
{
    cd->dropped += cd->out_len;
    cd->out_head = 0;
    cd->out_len = 0;
}

static void tcp_disconnect(CharDev *cd)
{
    if (cd->conn_fd >= 0) {
        close(cd->conn_fd);
    }
    cd->conn_fd = -1;
    cd->in_fd = -1;
    cd->out_fd = -1;
    out_drop_pending(cd);
}

/* The host refused our output for good (not "try later"). */
static void out_broken(CharDev *cd, int error)
{
    if (cd->spec.backend == CHARDEV_TCP) {
        tcp_disconnect(cd);
        return;
    }
    if (!cd->out_failed) {
        fprintf(stderr, "tzemu: serial %s: output failed (%s); further "
                "output is dropped\n",
                cd->spec.backend == CHARDEV_FILE ? cd->spec.path : "stdio",
                strerror(error));
    }
    cd->out_failed = true;
    if (cd->spec.backend == CHARDEV_FILE) {
        close(cd->out_fd);
    }
    cd->out_fd = -1;
    out_drop_pending(cd);
}

/* One write that never waits; -1 with errno EAGAIN when it would. */
static ssize_t out_once(CharDev *cd, const uint8_t *buf, size_t len)
{
    if (cd->conn_fd >= 0) {
        return send(cd->out_fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    if (cd->out_gated) {
        struct pollfd p = { .fd = cd->out_fd, .events = POLLOUT };
        if (poll(&p, 1, 0) != 1) {
            errno = EAGAIN;
            return -1;
        }
        /*
         * A reader that went away shows as POLLERR (POLLOUT may come with
         * it): report it without writing, which would raise SIGPIPE. A
         * reader leaving between poll and write still raises it; the
         * program decides what SIGPIPE does.
         */
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
            errno = (p.revents & POLLNVAL) ? EBADF : EPIPE;
            return -1;
        }
        if (!(p.revents & POLLOUT)) {
            errno = EAGAIN;
            return -1;
        }
        if (len > PIPE_BUF) {
            len = PIPE_BUF;
        }
    }
    return write(cd->out_fd, buf, len);
}

/* Writes as much of @buf as the host takes now; returns how much. */
static size_t out_direct(CharDev *cd, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len && cd->out_fd >= 0) {
        ssize_t n = out_once(cd, buf + done, len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            out_broken(cd, n < 0 ? errno : EIO);
        }
    }
    return done;
}

static void out_flush(CharDev *cd)
{
    if (cd->out_len == 0 || cd->out_fd < 0) {
        return;
    }
    size_t n = out_direct(cd, cd->out_buf + cd->out_head, cd->out_len);
    if (cd->out_len == 0) {
        return; /* the output broke and the queue was dropped */
    }
    cd->out_head += n;
    cd->out_len -= n;
    if (cd->out_len == 0) {
        cd->out_head = 0;
    }
}

/* A prefixed device's output: @prefix before each line's first byte. */
static size_t prefixed_write(CharDev *cd, const uint8_t *buf, size_t len)
{
    CharDev *t = cd->target;
    size_t i = 0;
    while (i < len) {
        if (cd->at_line_start) {
            if (t->last_out && t->last_out != '\n') {
                chardev_write(t, (const uint8_t *)"\r\n", 2);
            }
            chardev_write(t, (const uint8_t *)cd->prefix, strlen(cd->prefix));
        }
        const uint8_t *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) + 1 : len - i;
        chardev_write(t, buf + i, n);
        cd->at_line_start = nl != NULL;
        i += n;
    }
    return len;
}

size_t chardev_write(CharDev *cd, const uint8_t *buf, size_t len)
{
    if (cd->target) {
        return prefixed_write(cd, buf, len);
    }
    if (len) {
        cd->last_out = buf[len - 1];
    }
    if (cd->spec.backend == CHARDEV_NULL) {
        return len;
    }
    out_flush(cd);
    size_t done = 0;
    if (cd->out_len == 0) {
        done = out_direct(cd, buf, len);
    }
    if (cd->out_fd >= 0 && done < len) {
        size_t room = CHARDEV_OUT_BUFFER - cd->out_len;
        size_t q = len - done < room ? len - done : room;
        if (cd->out_head + cd->out_len + q > CHARDEV_OUT_BUFFER) {
            memmove(cd->out_buf, cd->out_buf + cd->out_head, cd->out_len);
            cd->out_head = 0;
        }
        memcpy(cd->out_buf + cd->out_head + cd->out_len, buf + done, q);
        cd->out_len += q;
        done += q;
    }
    cd->dropped += len - done;
    return done;
}

/* --------------------------------------------------------------- input */

/* One read that never waits; -1 with errno EAGAIN when nothing is there. */
static ssize_t in_once(CharDev *cd, uint8_t *buf, size_t len)
{
    if (cd->conn_fd >= 0) {
        return recv(cd->in_fd, buf, len, MSG_DONTWAIT);
    }
    /* stdin is shared with the shell: poll it rather than set O_NONBLOCK. */
    struct pollfd p = { .fd = cd->in_fd, .events = POLLIN };
    if (poll(&p, 1, 0) != 1) {
        errno = EAGAIN;
        return -1;
    }
    return read(cd->in_fd, buf, len);
}

static void tcp_accept(CharDev *cd)
{
    int fd = accept4(cd->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        return; /* nobody yet (EAGAIN), or a client that already left */
    }
    if (cd->spec.nodelay) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    cd->conn_fd = fd;
    cd->in_fd = fd;
    cd->out_fd = fd;
}

size_t chardev_poll(CharDev *cd)
{
    out_flush(cd);
    if (cd->listen_fd >= 0 && cd->conn_fd < 0) {
        tcp_accept(cd);
    }
    uint8_t buf[4096];
    size_t delivered = 0;
    while (delivered < CHARDEV_POLL_BUDGET && cd->in_fd >= 0 &&
           !cd->in_eof && cd->can_receive && cd->receive) {
        int room = cd->can_receive(cd->opaque);
        if (room <= 0) {
            break;
        }
        size_t want = sizeof(buf);
        if ((size_t)room < want) {
            want = (size_t)room;
        }
        if (CHARDEV_POLL_BUDGET - delivered < want) {
            want = CHARDEV_POLL_BUDGET - delivered;
        }
        ssize_t n = in_once(cd, buf, want);
        if (n > 0) {
            cd->receive(cd->opaque, buf, (int)n);
            delivered += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        }
        /* End of input, or an error that will not go away. */
        if (cd->conn_fd >= 0) {
            tcp_disconnect(cd);
        } else {
            cd->in_eof = true;
        }
        break;
    }
    return delivered;
}

void chardev_set_handlers(CharDev *cd, CharCanReceive can_receive,
                          CharReceive receive, void *opaque)
{
    cd->can_receive = can_receive;
    cd->receive = receive;
    cd->opaque = opaque;
}

/* ------------------------------------------------------------ backends */

static CharDevErrCode open_stdio(CharDev *cd, CharDevError *err)
{
    if (stdio_in_use) {
        return chardev_fail(err, CHARDEV_ERR_BUSY, "serial 'stdio': stdio is already "
                    "used by another character device");
    }
    stdio_in_use = true;
    cd->owns_stdio = true;
    cd->in_fd = STDIN_FILENO;
    cd->out_fd = STDOUT_FILENO;
    cd->out_gated = true;
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &cd->tty) == 0) {
        /* Raw input as QEMU's stdio sets it; output keeps \n -> \r\n. */
        struct termios t = cd->tty;
        t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
                                 IGNCR | ICRNL | IXON);
        t.c_oflag |= OPOST;
        t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN);
        t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
        t.c_cflag |= CS8;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
            cd->tty_saved = true;
        }
    }
    return CHARDEV_OK;
}

static CharDevErrCode open_file(CharDev *cd, CharDevError *err)
{
    /* Truncated, as QEMU's file backend does without append=on. */
    int fd = open(cd->spec.path,
                  O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0) {
        return chardev_fail(err, CHARDEV_ERR_IO, "serial 'file:%s': cannot open: %s",
                    cd->spec.path, strerror(errno));
    }
    cd->out_fd = fd;
    return CHARDEV_OK;
}

static int sock_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        return -1;
    }
    if (ss.ss_family == AF_INET) {
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    return -1;
}

/* A non-blocking connect, waited for at most CHARDEV_CONNECT_TIMEOUT_MS. */
static int connect_bounded(int fd, const struct addrinfo *ai)
{
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        return 0;
    }
    if (errno != EINPROGRESS) {
        return -1;
    }
    struct pollfd p = { .fd = fd, .events = POLLOUT };
    int r;
    do {
        r = poll(&p, 1, CHARDEV_CONNECT_TIMEOUT_MS);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
        errno = ETIMEDOUT;
        return -1;
    }
    int soerr = 0;
    socklen_t len = sizeof(soerr);
    if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0) {
        return -1;
    }
    errno = soerr;
    return soerr ? -1 : 0;
}

static CharDevErrCode open_tcp(CharDev *cd, const char *spec,
                               CharDevError *err)
{
    const CharDevSpec *s = &cd->spec;
    char port[8];
    snprintf(port, sizeof(port), "%d", s->port);
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_NUMERICSERV | (s->server ? AI_PASSIVE : 0),
    };
    struct addrinfo *res;
    int gai = getaddrinfo(s->host[0] ? s->host : NULL, port, &hints, &res);
    if (gai != 0) {
        return chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': cannot resolve '%s': "
                    "%s", spec, s->host, gai_strerror(gai));
    }
    int fd = -1, error = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
                    SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            error = errno;
            continue;
        }
        int ok;
        if (s->server) {
            int one = 1;
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            ok = bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                 listen(fd, 1) == 0;
        } else {
            ok = connect_bounded(fd, ai) == 0;
        }
        if (!ok) {
            error = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        return chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': cannot %s: %s", spec,
                    s->server ? "listen" : "connect", strerror(error));
    }
    if (!s->server) {
        cd->listen_fd = -1;
        cd->conn_fd = fd;
        cd->in_fd = fd;
        cd->out_fd = fd;
        if (s->nodelay) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        }
        return CHARDEV_OK;
    }
    cd->listen_fd = fd;
    cd->local_port = sock_port(fd);
    if (s->wait) {
        fprintf(stderr, "tzemu: serial: waiting for a connection on "
                "tcp:%s:%d (add ,wait=off to start without one)\n",
                s->host[0] ? s->host : "*", cd->local_port);
        while (cd->conn_fd < 0) {
            struct pollfd p = { .fd = fd, .events = POLLIN };
            if (poll(&p, 1, -1) < 0 && errno != EINTR) {
                return chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': waiting for "
                            "a client: %s", spec, strerror(errno));
            }
            tcp_accept(cd);
        }
    }
    return CHARDEV_OK;
}

CharDev *chardev_new(const char *spec, CharDevError *err)
{
    CharDev *cd = calloc(1, sizeof(*cd));
    if (!cd) {
        chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': out of memory", spec);
        return NULL;
    }
    cd->in_fd = cd->out_fd = cd->listen_fd = cd->conn_fd = -1;
    cd->local_port = -1;
    if (chardev_parse(spec, &cd->spec, err) != CHARDEV_OK) {
        free(cd);
        return NULL;
    }
    CharDevErrCode rc = CHARDEV_OK;
    if (cd->spec.backend != CHARDEV_NULL) {
        cd->out_buf = malloc(CHARDEV_OUT_BUFFER);
        if (!cd->out_buf) {
            rc = chardev_fail(err, CHARDEV_ERR_IO, "serial '%s': out of memory",
                      spec);
        }
    }
    if (rc == CHARDEV_OK) {
        switch (cd->spec.backend) {
        case CHARDEV_NULL:
            break;
        case CHARDEV_STDIO:
            rc = open_stdio(cd, err);
            break;
        case CHARDEV_FILE:
            rc = open_file(cd, err);
            break;
        case CHARDEV_TCP:
            rc = open_tcp(cd, spec, err);
            break;
        }
    }
    if (rc != CHARDEV_OK) {
        chardev_close(cd);
        return NULL;
    }
    return cd;
}

CharDev *chardev_new_prefixed(CharDev *target, const char *prefix,
                              CharDevError *err)
{
    CharDev *cd = chardev_new("null", err);
    if (cd) {
        cd->target = target;
        snprintf(cd->prefix, sizeof(cd->prefix), "%s", prefix);
        cd->at_line_start = true;
    }
    return cd;
}

/* At close: queued output gets up to CHARDEV_CLOSE_DRAIN_MS to go out. */
static void out_drain(CharDev *cd)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long end = ts.tv_sec * 1000ll + ts.tv_nsec / 1000000 +
                    CHARDEV_CLOSE_DRAIN_MS;
    for (;;) {
        out_flush(cd);
        if (cd->out_len == 0 || cd->out_fd < 0) {
            return;
        }
        clock_gettime(CLOCK_MONOTONIC, &ts);
        long long left = end - (ts.tv_sec * 1000ll + ts.tv_nsec / 1000000);
        if (left <= 0) {
            out_drop_pending(cd);
            return;
        }
        struct pollfd p = { .fd = cd->out_fd, .events = POLLOUT };
        if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
            out_drop_pending(cd);
            return;
        }
    }
}

void chardev_close(CharDev *cd)
{
    if (!cd) {
        return;
    }
    out_drain(cd);
    if (cd->owns_stdio) {
        if (cd->tty_saved) {
            tcsetattr(STDIN_FILENO, TCSANOW, &cd->tty);
        }
        stdio_in_use = false;
    }
    if (cd->spec.backend == CHARDEV_FILE && cd->out_fd >= 0) {
        close(cd->out_fd);
    }
    if (cd->conn_fd >= 0) {
        close(cd->conn_fd);
    }
    if (cd->listen_fd >= 0) {
        close(cd->listen_fd);
    }
    free(cd->out_buf);
    free(cd);
}

/* ------------------------------------------------------------- queries */

CharDevBackend chardev_backend(const CharDev *cd)
{
    return cd->spec.backend;
}

bool chardev_connected(const CharDev *cd)
{
    return cd->spec.backend != CHARDEV_TCP || cd->conn_fd >= 0;
}

int chardev_local_port(const CharDev *cd)
{
    return cd->listen_fd >= 0 ? cd->local_port : -1;
}

uint64_t chardev_dropped(const CharDev *cd)
{
    return cd->dropped;
}

size_t chardev_pending(const CharDev *cd)
{
    return cd->out_len;
}
