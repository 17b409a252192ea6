/*
 * Character devices: spec parsing (QEMU's -serial spellings and clear
 * rejections), the null and file backends, tcp server and client round
 * trips on 127.0.0.1 with bounded waits, output that never blocks, and
 * stdio on a pseudo-terminal (raw mode set, then restored).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../../src/core/chardev.h"
#include "testlib.h"

/* Every wait in these tests gives up after this long. */
#define WAIT_MS 5000

/* A frontend that records what it gets and takes at most @room bytes. */
typedef struct Sink {
    uint8_t data[256];
    size_t len;
    int room;
} Sink;

static int sink_can_receive(void *opaque)
{
    return ((Sink *)opaque)->room;
}

static void sink_receive(void *opaque, const uint8_t *buf, int len)
{
    Sink *k = opaque;
    for (int i = 0; i < len && k->len < sizeof(k->data); i++) {
        k->data[k->len++] = buf[i];
    }
    k->room -= len;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Polls @cd until @k holds @want bytes or WAIT_MS pass. */
static bool poll_until(CharDev *cd, Sink *k, size_t want)
{
    long end = now_ms() + WAIT_MS;
    while (k->len < want && now_ms() < end) {
        if (chardev_poll(cd) == 0) {
            usleep(1000);
        }
    }
    return k->len >= want;
}

static bool poll_until_connected(CharDev *cd, bool connected)
{
    long end = now_ms() + WAIT_MS;
    while (chardev_connected(cd) != connected && now_ms() < end) {
        chardev_poll(cd);
        usleep(1000);
    }
    return chardev_connected(cd) == connected;
}

/* Reads exactly @len bytes from @fd within WAIT_MS; how many it got. */
static size_t read_bounded(int fd, void *buf, size_t len)
{
    size_t got = 0;
    long end = now_ms() + WAIT_MS;
    while (got < len && now_ms() < end) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 50) == 1) {
            ssize_t n = read(fd, (char *)buf + got, len - got);
            if (n <= 0) {
                break;
            }
            got += (size_t)n;
        }
    }
    return got;
}

static int tcp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A listening socket on 127.0.0.1 and a port the kernel chose. */
static int tcp_listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(a);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(fd, 1) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/tzemu-chardev-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *buf = calloc(1, 65536);
    *len = fread(buf, 1, 65535, f);
    fclose(f);
    return buf;
}

/* Sends stderr to a file until capture_end, which returns its text. */
typedef struct Capture {
    int saved;
    FILE *file;
} Capture;

static Capture capture_begin(void)
{
    fflush(stderr);
    Capture c = { dup(STDERR_FILENO), tmpfile() };
    dup2(fileno(c.file), STDERR_FILENO);
    return c;
}

static char *capture_end(Capture c)
{
    fflush(stderr);
    dup2(c.saved, STDERR_FILENO);
    close(c.saved);
    char *text = calloc(1, 4096);
    rewind(c.file);
    size_t n = fread(text, 1, 4095, c.file);
    text[n] = '\0';
    fclose(c.file);
    return text;
}

/* ------------------------------------------------------------- parsing */

TEST(chardev_parse_accepts_qemu_spellings)
{
    CharDevSpec s;
    CharDevError err = { 0 };
    CHECK_EQ(chardev_parse("stdio", &s, &err), CHARDEV_OK);
    CHECK_EQ(s.backend, CHARDEV_STDIO);
    CHECK_EQ(chardev_parse("null", &s, &err), CHARDEV_OK);
    CHECK_EQ(s.backend, CHARDEV_NULL);
    /* The path is taken verbatim, commas included, as QEMU does. */
    CHECK_EQ(chardev_parse("file:/tmp/a,b:c", &s, &err), CHARDEV_OK);
    CHECK_EQ(s.backend, CHARDEV_FILE);
    CHECK_STR(s.path, "/tmp/a,b:c");

    CHECK_EQ(chardev_parse("tcp:127.0.0.1:4444", &s, &err), CHARDEV_OK);
    CHECK_EQ(s.backend, CHARDEV_TCP);
    CHECK_STR(s.host, "127.0.0.1");
    CHECK_EQ(s.port, 4444);
    CHECK(!s.server && !s.wait && !s.nodelay);

    /* A server waits for its client unless told not to (QEMU's default). */
    CHECK_EQ(chardev_parse("tcp:localhost:1,server", &s, &err), CHARDEV_OK);
    CHECK_STR(s.host, "localhost");
    CHECK_EQ(s.port, 1);
    CHECK(s.server && s.wait);
    CHECK_EQ(chardev_parse("tcp::4444,server=on,wait=off", &s, &err),
             CHARDEV_OK);
    CHECK_STR(s.host, "");
    CHECK(s.server && !s.wait);
    CHECK_EQ(chardev_parse("tcp:127.0.0.1:65535,server,nowait,nodelay", &s,
                           &err), CHARDEV_OK);
    CHECK_EQ(s.port, 65535);
    CHECK(s.server && !s.wait && s.nodelay);
    CHECK_EQ(chardev_parse("tcp:127.0.0.1:0,wait=on,server=yes", &s, &err),
             CHARDEV_OK);
    CHECK(s.server && s.wait);
    CHECK_EQ(s.port, 0);
    CHECK_EQ(chardev_parse("tcp:[::1]:5555,server=off", &s, &err),
             CHARDEV_OK);
    CHECK_STR(s.host, "::1");
    CHECK_EQ(s.port, 5555);
    CHECK(!s.server);
}

TEST(chardev_parse_rejects_malformed_specs)
{
    static const struct {
        const char *spec;
        const char *says;
    } bad[] = {
        { "", "empty" },
        { "serial0", "unsupported serial spec" },
        { "stdio,signal=off", "unsupported serial spec" },
        { "pty", "supported: stdio, null" },
        { "file:", "missing path" },
        { "tcp:", "missing port" },
        { "tcp:127.0.0.1", "missing port" },
        { "tcp:127.0.0.1:", "not a number" },
        { "tcp:127.0.0.1:http", "not a number" },
        { "tcp:127.0.0.1:65536", "not a number" },
        { "tcp:127.0.0.1:-1", "not a number" },
        { "tcp:127.0.0.1:123456", "not a number" },
        { "tcp:::1:4444", "brackets" },
        { "tcp:[::1:4444", "[IPV6]:PORT" },
        { "tcp:[::1]4444", "[IPV6]:PORT" },
        { "tcp:127.0.0.1:4444,telnet", "unsupported tcp option 'telnet'" },
        { "tcp:127.0.0.1:4444,,server", "unsupported tcp option ''" },
        { "tcp:127.0.0.1:4444,server=maybe", "on or off, not 'maybe'" },
        { "tcp:127.0.0.1:4444,nowait=on", "unsupported tcp option" },
        { "tcp:127.0.0.1:4444,wait=off", "server only" },
        { "tcp:127.0.0.1:4444,nowait", "server only" },
        { "tcp:127.0.0.1:0", "port other than 0" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CharDevSpec s;
        CharDevError err = { 0 };
        bool ok = CHECK_EQ(chardev_parse(bad[i].spec, &s, &err),
                           CHARDEV_ERR_SPEC);
        ok &= CHECK_EQ(err.code, CHARDEV_ERR_SPEC);
        ok &= CHECK(strstr(err.message, bad[i].says) != NULL);
        /* chardev_new refuses it the same way, touching nothing. */
        CharDevError err2 = { 0 };
        ok &= CHECK(chardev_new(bad[i].spec, &err2) == NULL);
        ok &= CHECK_STR(err2.message, err.message);
        if (!ok) {
            printf("  spec '%s': %s\n", bad[i].spec, err.message);
        }
    }
    CharDevSpec s;
    CHECK_EQ(chardev_parse(NULL, &s, NULL), CHARDEV_ERR_SPEC);
    CHECK(chardev_new("tcp:bad", NULL) == NULL);
}

/* ------------------------------------------------------ null and file */

TEST(chardev_null_swallows_output_and_gives_no_input)
{
    CharDevError err = { 0 };
    CharDev *cd = chardev_new("null", &err);
    if (!CHECK(cd != NULL)) {
        return;
    }
    Sink k = { .room = 100 };
    chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
    CHECK_EQ(chardev_backend(cd), CHARDEV_NULL);
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"abc", 3), 3);
    CHECK_EQ(chardev_dropped(cd), 0);
    CHECK_EQ(chardev_poll(cd), 0);
    CHECK_EQ(k.len, 0);
    CHECK(chardev_connected(cd));
    CHECK_EQ(chardev_local_port(cd), -1);
    chardev_close(cd);
    chardev_close(NULL);
}

TEST(chardev_file_writes_every_byte_and_truncates)
{
    char *dir = temp_dir();
    char path[256], spec[300];
    snprintf(path, sizeof(path), "%s/serial.log", dir);
    snprintf(spec, sizeof(spec), "file:%s", path);
    FILE *f = fopen(path, "w");
    fputs("old contents that must go away", f);
    fclose(f);

    CharDevError err = { 0 };
    CharDev *cd = chardev_new(spec, &err);
    if (!CHECK(cd != NULL)) {
        printf("  %s\n", err.message);
        return;
    }
    CHECK_EQ(chardev_backend(cd), CHARDEV_FILE);
    static const uint8_t bytes[] = { 'o', 'k', '\n', 0x00, 0xff, '\r' };
    CHECK_EQ(chardev_write(cd, bytes, 3), 3);
    CHECK_EQ(chardev_write(cd, bytes + 3, 3), 3);
    CHECK_EQ(chardev_dropped(cd), 0);
    CHECK_EQ(chardev_pending(cd), 0);
    chardev_close(cd);

    size_t len = 0;
    char *got = slurp(path, &len);
    CHECK_EQ(len, sizeof(bytes));
    CHECK(got && memcmp(got, bytes, sizeof(bytes)) == 0);
    free(got);
    unlink(path);
    rmdir(dir);
    free(dir);
}

TEST(chardev_file_that_cannot_be_opened_is_an_error)
{
    CharDevError err = { 0 };
    CHECK(chardev_new("file:/nonexistent-tzemu-dir/x.log", &err) == NULL);
    CHECK_EQ(err.code, CHARDEV_ERR_IO);
    CHECK(strstr(err.message, "/nonexistent-tzemu-dir/x.log") != NULL);
    CHECK(strstr(err.message, "cannot open") != NULL);
}

/* ----------------------------------------------------------------- tcp */

GUARDED_TEST(chardev_tcp_server_round_trip_and_next_client)
{
    CharDevError err = { 0 };
    CharDev *cd = chardev_new("tcp:127.0.0.1:0,server,nowait", &err);
    if (!CHECK(cd != NULL)) {
        printf("  %s\n", err.message);
        return;
    }
    Sink k = { .room = 100 };
    chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
    int port = chardev_local_port(cd);
    CHECK(port > 0);
    /* No client yet: output is dropped, not queued. */
    CHECK(!chardev_connected(cd));
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"lost", 4), 0);
    CHECK_EQ(chardev_dropped(cd), 4);
    CHECK_EQ(chardev_pending(cd), 0);

    int c = tcp_connect(port);
    CHECK(c >= 0);
    CHECK(poll_until_connected(cd, true));
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"hello", 5), 5);
    char buf[16] = "";
    CHECK_EQ(read_bounded(c, buf, 5), 5);
    CHECK(memcmp(buf, "hello", 5) == 0);

    CHECK_EQ(write(c, "world", 5), 5);
    CHECK(poll_until(cd, &k, 5));
    CHECK_EQ(k.len, 5);
    CHECK(memcmp(k.data, "world", 5) == 0);

    /* Input is taken only as far as the frontend has room. */
    k.len = 0;
    k.room = 3;
    CHECK_EQ(write(c, "abcdef", 6), 6);
    CHECK(poll_until(cd, &k, 3));
    usleep(20000);
    CHECK_EQ(chardev_poll(cd), 0);
    CHECK_EQ(k.len, 3);
    CHECK(memcmp(k.data, "abc", 3) == 0);
    k.room = 100;
    CHECK(poll_until(cd, &k, 6));
    CHECK(memcmp(k.data, "abcdef", 6) == 0);

    /* The client leaves; the server takes the next one. */
    close(c);
    CHECK(poll_until_connected(cd, false));
    c = tcp_connect(port);
    CHECK(c >= 0);
    CHECK(poll_until_connected(cd, true));
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"again", 5), 5);
    CHECK_EQ(read_bounded(c, buf, 5), 5);
    CHECK(memcmp(buf, "again", 5) == 0);
    close(c);
    chardev_close(cd);
}

GUARDED_TEST(chardev_tcp_client_round_trip)
{
    int port = 0;
    int l = tcp_listen_any(&port);
    if (!CHECK(l >= 0)) {
        return;
    }
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d,nodelay", port);
    CharDevError err = { 0 };
    CharDev *cd = chardev_new(spec, &err);
    if (!CHECK(cd != NULL)) {
        printf("  %s\n", err.message);
        close(l);
        return;
    }
    CHECK(chardev_connected(cd));
    CHECK_EQ(chardev_local_port(cd), -1);
    /* Never a blocking accept: a broken client must not hang the run. */
    struct pollfd p = { .fd = l, .events = POLLIN };
    int c = -1;
    if (CHECK_EQ(poll(&p, 1, WAIT_MS), 1)) {
        c = accept(l, NULL, NULL);
    }
    if (!CHECK(c >= 0)) {
        chardev_close(cd);
        close(l);
        return;
    }

    Sink k = { .room = 100 };
    chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"up", 2), 2);
    char buf[8] = "";
    CHECK_EQ(read_bounded(c, buf, 2), 2);
    CHECK(memcmp(buf, "up", 2) == 0);
    CHECK_EQ(write(c, "down", 4), 4);
    CHECK(poll_until(cd, &k, 4));
    CHECK(memcmp(k.data, "down", 4) == 0);

    /* The server goes: the client stays disconnected, output is dropped. */
    close(c);
    CHECK(poll_until_connected(cd, false));
    CHECK_EQ(chardev_write(cd, (const uint8_t *)"x", 1), 0);
    CHECK_EQ(chardev_dropped(cd), 1);
    chardev_close(cd);
    close(l);
}

GUARDED_TEST(chardev_tcp_client_without_server_is_an_error)
{
    int port = 0;
    int l = tcp_listen_any(&port);
    close(l); /* nobody listens on that port now */
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", port);
    CharDevError err = { 0 };
    CHECK(chardev_new(spec, &err) == NULL);
    CHECK_EQ(err.code, CHARDEV_ERR_IO);
    CHECK(strstr(err.message, "cannot connect") != NULL);
}

GUARDED_TEST(chardev_tcp_server_with_wait_blocks_until_a_client_connects)
{
    /* A free port: bind to port 0, note what came, let it go. */
    int port = 0;
    int l = tcp_listen_any(&port);
    close(l);
    if (!CHECK(port > 0)) {
        return;
    }
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        /* Connects once the parent listens, says ping, expects pong. */
        long end = now_ms() + WAIT_MS;
        int c = -1;
        while (c < 0 && now_ms() < end) {
            c = tcp_connect(port);
            if (c < 0) {
                usleep(5000);
            }
        }
        char buf[4];
        bool ok = c >= 0 && write(c, "ping", 4) == 4 &&
                  read_bounded(c, buf, 4) == 4 && memcmp(buf, "pong", 4) == 0;
        _exit(ok ? 0 : 1);
    }
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d,server", port);
    CharDevError err = { 0 };
    Capture cap = capture_begin();
    CharDev *cd = chardev_new(spec, &err);
    char *said = capture_end(cap);
    CHECK(strstr(said, "waiting for a connection on tcp:127.0.0.1:") != NULL);
    free(said);
    if (CHECK(cd != NULL)) {
        /* Creation returned with the client already there. */
        CHECK(chardev_connected(cd));
        Sink k = { .room = 100 };
        chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
        CHECK(poll_until(cd, &k, 4));
        CHECK(memcmp(k.data, "ping", 4) == 0);
        CHECK_EQ(chardev_write(cd, (const uint8_t *)"pong", 4), 4);
    } else {
        printf("  %s\n", err.message);
        kill(child, SIGKILL);
    }
    int status = 0;
    CHECK_EQ(waitpid(child, &status, 0), child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    chardev_close(cd);
}

GUARDED_TEST(chardev_tcp_output_never_blocks_then_drains_in_order)
{
    CharDev *cd = chardev_new("tcp:127.0.0.1:0,server,wait=off", NULL);
    if (!CHECK(cd != NULL)) {
        return;
    }
    int c = tcp_connect(chardev_local_port(cd));
    CHECK(poll_until_connected(cd, true));

    /* A client that does not read: far more than socket buffers hold. */
    static uint8_t chunk[65536];
    const size_t total = 512 * sizeof(chunk);
    size_t taken = 0, intact = 0;
    bool broken = false;
    long start = now_ms();
    for (size_t off = 0; off < total; off += sizeof(chunk)) {
        for (size_t i = 0; i < sizeof(chunk); i++) {
            chunk[i] = (uint8_t)((off + i) % 251);
        }
        size_t n = chardev_write(cd, chunk, sizeof(chunk));
        if (!broken && n < sizeof(chunk)) {
            intact = taken + n; /* the stream is unbroken up to here */
            broken = true;
        }
        taken += n;
    }
    CHECK(now_ms() - start < WAIT_MS);
    CHECK(taken < total);
    CHECK_EQ(taken + chardev_dropped(cd), total);
    CHECK(chardev_pending(cd) <= CHARDEV_OUT_BUFFER);
    CHECK(chardev_pending(cd) > 0);

    CHECK(broken && intact > 0 && intact <= taken);

    /*
     * The client reads: every byte taken arrives, and up to the first drop
     * the stream is the pattern from byte 0.
     */
    size_t got = 0;
    bool prefix_ok = true;
    long end = now_ms() + 4 * WAIT_MS;
    while (got < taken && now_ms() < end) {
        chardev_poll(cd);
        ssize_t n = recv(c, chunk, sizeof(chunk), MSG_DONTWAIT);
        if (n > 0) {
            for (ssize_t i = 0; i < n && got + (size_t)i < intact; i++) {
                prefix_ok &= chunk[i] == (uint8_t)((got + (size_t)i) % 251);
            }
            got += (size_t)n;
        } else {
            usleep(1000);
        }
    }
    CHECK_EQ(got, taken);
    CHECK(prefix_ok);
    CHECK_EQ(chardev_pending(cd), 0);
    close(c);
    chardev_close(cd);
}

/* --------------------------------------------------------------- stdio */

GUARDED_TEST(chardev_stdio_on_pipes_and_a_reader_that_left)
{
    int in[2], out[2];
    CHECK_EQ(pipe(in), 0);
    CHECK_EQ(pipe(out), 0);
    fflush(stdout);
    int saved_in = dup(STDIN_FILENO), saved_out = dup(STDOUT_FILENO);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);

    CharDev *cd = chardev_new("stdio", NULL);
    bool created = cd != NULL;
    Sink k = { .room = 100 };
    size_t wrote = 0, after_eof = 1, wrote_late = 1;
    uint64_t dropped = 0;
    char got[8] = "";
    size_t got_len = 0;
    char *said = NULL;
    if (cd) {
        chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
        wrote = chardev_write(cd, (const uint8_t *)"out", 3);
        got_len = read_bounded(out[0], got, 3);
        (void)!write(in[1], "in!", 3);
        close(in[1]);
        in[1] = -1;
        poll_until(cd, &k, 3);
        after_eof = chardev_poll(cd) + chardev_poll(cd);
        /* The reader goes: output is dropped, with no SIGPIPE. */
        close(out[0]);
        out[0] = -1;
        Capture cap = capture_begin();
        wrote_late = chardev_write(cd, (const uint8_t *)"late", 4);
        said = capture_end(cap);
        dropped = chardev_dropped(cd);
        chardev_close(cd);
    }
    dup2(saved_in, STDIN_FILENO);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_in);
    close(saved_out);
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0) {
            close(in[i]);
        }
        if (out[i] >= 0) {
            close(out[i]);
        }
    }

    if (!CHECK(created)) {
        return;
    }
    CHECK_EQ(wrote, 3);
    CHECK_EQ(got_len, 3);
    CHECK(memcmp(got, "out", 3) == 0);
    CHECK_EQ(k.len, 3);
    CHECK(memcmp(k.data, "in!", 3) == 0);
    CHECK_EQ(after_eof, 0);
    CHECK_EQ(wrote_late, 0);
    CHECK_EQ(dropped, 4);
    CHECK(said && strstr(said, "serial stdio: output failed") != NULL);
    free(said);
}

GUARDED_TEST(chardev_stdio_close_drains_what_a_slow_reader_takes_late)
{
    int out[2];
    CHECK_EQ(pipe(out), 0);
    fflush(stdout);
    int saved_out = dup(STDOUT_FILENO);
    dup2(out[1], STDOUT_FILENO);

    CharDev *cd = chardev_new("stdio", NULL);
    bool created = cd != NULL;
    size_t taken = 0, pending = 0;
    uint64_t dropped = 1;
    int status = -1;
    if (cd) {
        /* Nobody reads yet: the pipe fills, the rest is queued. */
        static uint8_t data[100 * 1024];
        for (size_t i = 0; i < sizeof(data); i++) {
            data[i] = (uint8_t)(i % 253);
        }
        taken = chardev_write(cd, data, sizeof(data));
        pending = chardev_pending(cd);
        /* A reader that starts late and checks every byte. */
        pid_t child = fork();
        if (child == 0) {
            close(out[1]);
            close(STDOUT_FILENO);
            size_t n = 0;
            bool same = true;
            uint8_t buf[4096];
            ssize_t r;
            usleep(50000);
            while ((r = read(out[0], buf, sizeof(buf))) > 0) {
                for (ssize_t i = 0; i < r; i++) {
                    same &= buf[i] == (uint8_t)((n + (size_t)i) % 253);
                }
                n += (size_t)r;
            }
            _exit(same && n == sizeof(data) ? 0 : 1);
        }
        dropped = chardev_dropped(cd);
        chardev_close(cd);
        dup2(saved_out, STDOUT_FILENO);
        close(out[1]);
        out[1] = -1;
        waitpid(child, &status, 0);
    }
    dup2(saved_out, STDOUT_FILENO);
    close(saved_out);
    close(out[0]);
    if (out[1] >= 0) {
        close(out[1]);
    }

    if (!CHECK(created)) {
        return;
    }
    CHECK_EQ(taken, 100 * 1024);
    CHECK(pending > 0);
    CHECK_EQ(dropped, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

GUARDED_TEST(chardev_stdio_terminal_is_raw_until_close)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (!CHECK(master >= 0) || !CHECK(grantpt(master) == 0) ||
        !CHECK(unlockpt(master) == 0)) {
        return;
    }
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (!CHECK(slave >= 0)) {
        close(master);
        return;
    }
    struct termios before, during = { 0 }, after = { 0 };
    tcgetattr(slave, &before);
    fflush(stdout);
    int saved_in = dup(STDIN_FILENO), saved_out = dup(STDOUT_FILENO);
    dup2(slave, STDIN_FILENO);
    dup2(slave, STDOUT_FILENO);

    CharDev *cd = chardev_new("stdio", NULL);
    bool created = cd != NULL;
    CharDevError busy = { 0 };
    CharDev *second = NULL;
    Sink k = { .room = 100 };
    char got[16] = "";
    size_t got_len = 0;
    bool reopened = false;
    if (cd) {
        tcgetattr(STDIN_FILENO, &during);
        second = chardev_new("stdio", &busy);
        chardev_set_handlers(cd, sink_can_receive, sink_receive, &k);
        /* Raw: a key arrives without a newline, and is not echoed. */
        (void)!write(master, "q", 1);
        poll_until(cd, &k, 1);
        chardev_write(cd, (const uint8_t *)"ab\n", 3);
        /* OPOST stays on: \n goes out as \r\n. */
        got_len = read_bounded(master, got, 4);
        chardev_close(cd);
        tcgetattr(STDIN_FILENO, &after);
        /* stdio is free again. */
        CharDev *again = chardev_new("stdio", NULL);
        reopened = again != NULL;
        chardev_close(again);
    }
    dup2(saved_in, STDIN_FILENO);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_in);
    close(saved_out);
    close(slave);
    close(master);

    if (!CHECK(created)) {
        return;
    }
    CHECK(before.c_lflag & ICANON);
    CHECK(before.c_lflag & ECHO);
    CHECK(!(during.c_lflag & (ICANON | ECHO | IEXTEN)));
    CHECK(!(during.c_iflag & (ICRNL | IXON)));
    CHECK(during.c_lflag & ISIG);
    CHECK(during.c_oflag & OPOST);
    CHECK(second == NULL);
    CHECK_EQ(busy.code, CHARDEV_ERR_BUSY);
    CHECK_EQ(k.len, 1);
    CHECK_EQ(k.data[0], 'q');
    CHECK_EQ(got_len, 4);
    CHECK(memcmp(got, "ab\r\n", 4) == 0);
    CHECK_EQ(after.c_lflag, before.c_lflag);
    CHECK_EQ(after.c_iflag, before.c_iflag);
    CHECK_EQ(after.c_oflag, before.c_oflag);
    CHECK(reopened);
}
