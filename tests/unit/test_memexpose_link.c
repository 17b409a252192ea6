/*
 * The memexpose transport and its UNIX socket: messages that arrive a byte
 * at a time, descriptors passed alongside, a send to a peer that reads
 * nothing (bounded), and -chardev socket's listen/accept/connect with
 * their refusals.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/core/chardev_unix.h"
#include "../../src/hw/memexpose_link.h"
#include "test_memexpose_rig.h"

GUARDED_TEST(memexpose_link_reassembles_a_message_sent_byte_by_byte)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    MemExposeLink *l = memexpose_link_new(sv[0]);
    MemExposeMsg w = { .type = MEMEXPOSE_WRITE,
                       .access = { .id = 3, .addr = 0x1000, .size = 8,
                                   .value = 0x0102030405060708ull } };
    uint8_t buf[MEMEXPOSE_MAX_MSG];
    size_t len = memexpose_encode(&w, buf);
    MemExposeMsg m;
    MemExposeProtoError why;
    for (size_t i = 0; i < len; i++) {
        CHECK_EQ(memexpose_link_recv(l, &m, &why), MEMEXPOSE_LINK_AGAIN);
        CHECK_EQ(write(sv[1], buf + i, 1), 1);
    }
    CHECK_EQ(memexpose_link_recv(l, &m, &why), MEMEXPOSE_LINK_MSG);
    CHECK_EQ(m.access.value, 0x0102030405060708ull);
    CHECK_EQ(m.nfds, 0);
    close(sv[1]);
    CHECK_EQ(memexpose_link_recv(l, &m, &why), MEMEXPOSE_LINK_CLOSED);
    CHECK_STR(why.message, "peer closed the connection");
    /* The state sticks. */
    CHECK_EQ(memexpose_link_recv(l, &m, &why), MEMEXPOSE_LINK_CLOSED);
    CHECK_EQ(memexpose_link_fd(l), -1);
    memexpose_link_free(l);
}

GUARDED_TEST(memexpose_link_passes_descriptors)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    MemExposeLink *a = memexpose_link_new(sv[0]);
    MemExposeLink *b = memexpose_link_new(sv[1]);
    int fd = memfd_create("pass", MFD_CLOEXEC);
    CHECK(fd >= 0 && ftruncate(fd, 0x2000) == 0);
    MemExposeMsg e = {
        .type = MEMEXPOSE_EXPOSE,
        .expose = { .size = 0x2000, .count = 2,
                    .regions = { { .size = 0x1000, .ram = true },
                                 { .offset = 0x1000, .size = 0x1000,
                                   .fd_offset = 0x1000, .ram = true } } },
        .fds = { fd, fd }, .nfds = 2,
    };
    MemExposeProtoError why;
    CHECK(memexpose_link_send(a, &e, RIG_WAIT_MS, &why));
    MemExposeMsg m;
    CHECK(memexpose_link_wait(b, RIG_WAIT_MS));
    CHECK_EQ(memexpose_link_recv(b, &m, &why), MEMEXPOSE_LINK_MSG);
    CHECK_EQ(m.nfds, 2);
    struct stat s1, s2;
    if (m.nfds == 2) {
        /* The same file arrives as new descriptors, close-on-exec. */
        CHECK(fstat(fd, &s1) == 0 && fstat(m.fds[1], &s2) == 0);
        CHECK_EQ(s1.st_ino, s2.st_ino);
        CHECK(m.fds[0] != fd);
        CHECK(fcntl(m.fds[0], F_GETFD) & FD_CLOEXEC);
        memexpose_close_fds(m.fds, m.nfds);
    }
    close(fd);
    memexpose_link_free(a);
    memexpose_link_free(b);
}

GUARDED_TEST(memexpose_link_send_to_a_reader_that_never_reads_times_out)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    MemExposeLink *l = memexpose_link_new(sv[0]);
    MemExposeMsg irq = { .type = MEMEXPOSE_IRQ_RAISE, .irq = { .mask = 1 } };
    MemExposeProtoError why;
    long long start = rig_now_ms();
    bool ok = true;
    /* Fill the socket: the peer never reads. */
    for (int i = 0; i < 1000000 && ok; i++) {
        ok = memexpose_link_send(l, &irq, 50, &why);
    }
    CHECK(!ok);
    CHECK(rig_now_ms() - start < RIG_WAIT_MS);
    CHECK(strstr(why.message, "peer took no IRQ_RAISE for 50 ms") != NULL);
    CHECK(!memexpose_link_send(l, &irq, 50, &why));
    memexpose_link_free(l);
    close(sv[1]);
}

/* A socket path in a fresh temporary directory. */
static char *temp_socket_path(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/tzemu-mx-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    static char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/sock", dir);
    return path;
}

GUARDED_TEST(memexpose_unix_socket_links_two_devices)
{
    char dir[64];
    char *path = temp_socket_path(dir, sizeof(dir));
    CharDevError err;
    int lfd = chardev_unix_listen(path, &err);
    CHECK(lfd >= 0);
    CHECK_EQ(chardev_unix_accept(lfd, 0), -1); /* nobody yet */
    int client = chardev_unix_connect(path, 1000, &err);
    CHECK(client >= 0);
    int server = chardev_unix_accept(lfd, RIG_WAIT_MS);
    CHECK(server >= 0);
    MxRig r;
    rig_init(&r, 0);
    CHECK(memexpose_connect(r.a.dev, server));
    CHECK(memexpose_connect(r.b.dev, client));
    const uint32_t up = MEMEXPOSE_STATUS_CONNECTED | MEMEXPOSE_STATUS_WINDOW;
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while ((memexpose_status(r.b.dev) & up) != up && rig_now_ms() < end) {
        memexpose_poll(r.a.dev);
        memexpose_poll(r.b.dev);
    }
    CHECK_EQ(memexpose_status(r.b.dev), up);
    /* The RAM arrived by descriptor over the named socket. */
    uint8_t *a_ram = memory_region_get_ram_ptr(r.a.ram);
    a_ram[0x10] = 0x42;
    CHECK_EQ(address_space_ldub(&r.b.as_ns, B_WINDOW + 0x10, ATTRS_NS, NULL),
             0x42);
    rig_destroy(&r);
    /* A second server replaces the stale socket file. */
    close(lfd);
    lfd = chardev_unix_listen(path, &err);
    CHECK(lfd >= 0);
    close(lfd);
    unlink(path);
    rmdir(dir);
}

GUARDED_TEST(memexpose_unix_socket_refusals)
{
    char dir[64];
    char *path = temp_socket_path(dir, sizeof(dir));
    CharDevError err = { 0 };
    /* Nobody listening: refused after the retries, not hung. */
    long long start = rig_now_ms();
    CHECK_EQ(chardev_unix_connect(path, 100, &err), -1);
    CHECK_EQ(err.code, CHARDEV_ERR_IO);
    CHECK(strstr(err.message, "cannot connect") != NULL);
    CHECK(rig_now_ms() - start < 2000);
    /* A regular file is never replaced. */
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fclose(f);
    CHECK_EQ(chardev_unix_listen(path, &err), -1);
    CHECK(strstr(err.message, "not a socket") != NULL);
    unlink(path);
    char longp[200];
    memset(longp, 'x', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = '\0';
    CHECK_EQ(chardev_unix_listen(longp, &err), -1);
    CHECK_EQ(err.code, CHARDEV_ERR_SPEC);
    CHECK_EQ(chardev_unix_connect("", 0, &err), -1);
    CHECK_EQ(err.code, CHARDEV_ERR_SPEC);
    rmdir(dir);
}
