/*
 * ARM semihosting (the SVC 0x123456 and HLT 0xF000 traps in A32): console
 * output (WRITEC, WRITE0, WRITE to ":tt"), a host file through OPEN,
 * WRITE, FLEN, SEEK, READ, ISTTY, CLOSE, RENAME, REMOVE, errors and ERRNO,
 * ISERROR, ":semihosting-features", GET_CMDLINE, HEAPINFO, the clocks
 * (only whether they behave), semihosting from User mode (not allowed
 * without userspace=on: a plain SVC), and EXIT_EXTENDED with a non-zero
 * status, which ends the run.
 * The host file has a fixed name (both emulators must see the same one)
 * and is removed at the end; handles print only as valid or not.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/guest.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0a, SYS_FLEN = 0x0c, SYS_REMOVE = 0x0e, SYS_RENAME = 0x0f,
    SYS_CLOCK = 0x10, SYS_TIME = 0x11, SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15, SYS_HEAPINFO = 0x16, SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31,
};

#define FILE_A "/tmp/tzemu-guest-semihost-a.txt"
#define FILE_B "/tmp/tzemu-guest-semihost-b.txt"

static uint32_t semi(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static uint32_t semi_hlt(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile(".inst 0xe10f0070" /* hlt #0xf000 */
                     : "+r"(r0)
                     : "r"(r1)
                     : "memory");
    return r0;
}

static uint32_t sh_open(const char *name, uint32_t mode)
{
    uint32_t a[3] = { (uint32_t)name, mode, strlen(name) };
    return semi(SYS_OPEN, a);
}

static uint32_t sh_rw(uint32_t op, uint32_t h, void *buf, uint32_t len)
{
    uint32_t a[3] = { h, (uint32_t)buf, len };
    return semi(op, a);
}

static uint32_t sh_1(uint32_t op, uint32_t v)
{
    uint32_t a[1] = { v };
    return semi(op, a);
}

static uint32_t sh_2(uint32_t op, uint32_t v, uint32_t w)
{
    uint32_t a[2] = { v, w };
    return semi(op, a);
}

static uint32_t sh_errno(void)
{
    return semi(SYS_ERRNO, 0);
}

static uint32_t sh_remove(const char *name)
{
    return sh_2(SYS_REMOVE, (uint32_t)name, strlen(name));
}

static uint32_t sh_rename(const char *from, const char *to)
{
    uint32_t a[4] = { (uint32_t)from, strlen(from), (uint32_t)to,
                      strlen(to) };
    return semi(SYS_RENAME, a);
}

static const char *valid(uint32_t h)
{
    return h == 0xffffffff ? "-1" : h == 0 ? "0 (invalid)" : "valid";
}

static void test_console(void)
{
    printf("-- console\n");
    fflush(stdout);
    char c = 'W';
    semi(SYS_WRITEC, &c);
    semi(SYS_WRITEC, "\n");
    semi(SYS_WRITE0, "WRITE0 text\n");
    semi_hlt(SYS_WRITE0, "WRITE0 through HLT #0xf000\n");
    uint32_t out = sh_open(":tt", 4);
    printf("open :tt w: %s\n", valid(out));
    fflush(stdout);
    static char msg[] = "WRITE to :tt\n";
    printf("write: %u not written\n",
           (unsigned)sh_rw(SYS_WRITE, out, msg, strlen(msg)));
    printf("istty :tt: %u\n", (unsigned)sh_1(SYS_ISTTY, out));
    uint32_t in = sh_open(":tt", 0);
    printf("open :tt r: %s, istty %u\n", valid(in),
           (unsigned)sh_1(SYS_ISTTY, in));
    printf("close: %d %d\n", (int)sh_1(SYS_CLOSE, out),
           (int)sh_1(SYS_CLOSE, in));
    uint32_t f = sh_open(":semihosting-features", 0);
    uint8_t feat[8] = { 0 };
    uint32_t left = sh_rw(SYS_READ, f, feat, sizeof(feat));
    printf("features: %s, flen %d, read left %u: %c%c%c%c %02x\n", valid(f),
           (int)sh_1(SYS_FLEN, f), (unsigned)left, feat[0], feat[1], feat[2],
           feat[3], feat[4]);
    sh_1(SYS_CLOSE, f);
}

static void test_files(void)
{
    static char text[] = "hello, semihosting\n";
    char buf[40];
    printf("-- host files\n");
    sh_remove(FILE_A);
    sh_remove(FILE_B);
    uint32_t h = sh_open(FILE_A, 6); /* w+ */
    printf("open w+: %s\n", valid(h));
    printf("write: %u not written\n",
           (unsigned)sh_rw(SYS_WRITE, h, text, strlen(text)));
    printf("flen: %d\n", (int)sh_1(SYS_FLEN, h));
    printf("istty: %u\n", (unsigned)sh_1(SYS_ISTTY, h));
    printf("seek 7: %d\n", (int)sh_2(SYS_SEEK, h, 7));
    memset(buf, 0, sizeof(buf));
    uint32_t left = sh_rw(SYS_READ, h, buf, 32);
    printf("read 32: %u not read, \"%.*s\"\n", (unsigned)left,
           (int)(32 - left - 1), buf);
    printf("read at end: %u not read\n", (unsigned)sh_rw(SYS_READ, h, buf, 8));
    printf("seek 0, write 5: %d %u\n", (int)sh_2(SYS_SEEK, h, 0),
           (unsigned)sh_rw(SYS_WRITE, h, "HELLO", 5));
    printf("close: %d\n", (int)sh_1(SYS_CLOSE, h));
    printf("close again: %d, errno %u\n", (int)sh_1(SYS_CLOSE, h),
           (unsigned)sh_errno());
    printf("rename: %d\n", (int)sh_rename(FILE_A, FILE_B));
    h = sh_open(FILE_A, 0);
    printf("open old name: %s, errno %u\n", valid(h), (unsigned)sh_errno());
    h = sh_open(FILE_B, 1); /* rb */
    printf("open new name rb: %s, flen %d\n", valid(h),
           (int)sh_1(SYS_FLEN, h));
    memset(buf, 0, sizeof(buf));
    left = sh_rw(SYS_READ, h, buf, 19);
    printf("read 19: %u not read, \"%.18s\"\n", (unsigned)left, buf);
    printf("write to rb handle: %u not written\n",
           (unsigned)sh_rw(SYS_WRITE, h, text, 4));
    sh_1(SYS_CLOSE, h);
    /* Not mode "a": QEMU 7.2 opens it without O_APPEND. */
    h = sh_open(FILE_B, 3); /* r+b */
    printf("open r+b: %s, seek 16 %d, write %u not written\n", valid(h),
           (int)sh_2(SYS_SEEK, h, 16),
           (unsigned)sh_rw(SYS_WRITE, h, "ING!\n", 5));
    printf("flen %d\n", (int)sh_1(SYS_FLEN, h));
    printf("seek 0 %d, ", (int)sh_2(SYS_SEEK, h, 0));
    memset(buf, 0, sizeof(buf));
    left = sh_rw(SYS_READ, h, buf, 32);
    printf("read 32: %u not read, \"%.20s\"\n", (unsigned)left, buf);
    sh_1(SYS_CLOSE, h);
    printf("remove: %d\n", (int)sh_remove(FILE_B));
    uint32_t r = sh_remove(FILE_B);
    printf("remove again: %s, errno %u\n", r == 0 ? "0" : "failed",
           (unsigned)sh_errno());
    printf("open missing: %s, errno %u\n", valid(sh_open(FILE_B, 0)),
           (unsigned)sh_errno());
    printf("open mode 12: %s\n", valid(sh_open(FILE_B, 12)));
    printf("flen bad handle: %d, errno %u\n", (int)sh_1(SYS_FLEN, 0x777),
           (unsigned)sh_errno());
    uint32_t v = 0xffffffff;
    printf("iserror -1: %u", (unsigned)semi(SYS_ISERROR, &v));
    v = 0;
    printf(", 0: %u", (unsigned)semi(SYS_ISERROR, &v));
    v = 12;
    printf(", 12: %u\n", (unsigned)semi(SYS_ISERROR, &v));
}

static void test_info(void)
{
    printf("-- information\n");
    char line[256];
    uint32_t a[2] = { (uint32_t)line, sizeof(line) };
    uint32_t r = semi(SYS_GET_CMDLINE, a);
    printf("get_cmdline: %d, length %u, \"%s\"\n", (int)r, (unsigned)a[1],
           r == 0 ? line : "");
    uint32_t small[2] = { (uint32_t)line, 4 };
    printf("get_cmdline into 4 bytes: %d\n", (int)semi(SYS_GET_CMDLINE, small));
    uint32_t info[4] = { 0 };
    uint32_t p = (uint32_t)info;
    r = semi(SYS_HEAPINFO, &p);
    /* Addresses in the image print relative to its end (the linker's
     * `end`), so that they do not change with the code. */
    extern char end[];
    printf("heapinfo: %d\n", (int)r);
    for (int i = 0; i < 4; i++) {
        static const char *const names[] = { "heap base", "heap limit",
                                             "stack base", "stack limit" };
        if (info[i] + 0x1000 >= (uint32_t)end && info[i] < (uint32_t)end + 0x1000) {
            printf("  %-11s end%+d\n", names[i],
                   (int)(info[i] - (uint32_t)end));
        } else {
            printf("  %-11s %08x\n", names[i], (unsigned)info[i]);
        }
    }
    uint32_t c1 = semi(SYS_CLOCK, 0);
    uint32_t t = semi(SYS_TIME, 0);
    uint32_t e1[2], e2[2];
    uint32_t er1 = semi(SYS_ELAPSED, e1);
    for (volatile int i = 0; i < 100000; i++) {
    }
    uint32_t er2 = semi(SYS_ELAPSED, e2);
    uint32_t c2 = semi(SYS_CLOCK, 0);
    uint32_t freq = semi(SYS_TICKFREQ, 0);
    uint64_t t1 = (uint64_t)e1[1] << 32 | e1[0];
    uint64_t t2 = (uint64_t)e2[1] << 32 | e2[0];
    printf("clock: monotonic %d, below a minute %d\n", c2 >= c1, c2 < 6000);
    printf("time after 2020: %d\n", t > 1577836800u);
    printf("elapsed: ok %d %d, advancing %d\n", er1 == 0, er2 == 0, t2 > t1);
    printf("tickfreq: nonzero %d\n", freq != 0 && freq != 0xffffffff);
}

static uint32_t semihost_in_user(uint32_t x)
{
    (void)x;
    uint32_t at;
    register uint32_t r0 __asm__("r0") = SYS_WRITE0;
    register const char *r1 __asm__("r1") = "semihosting from User mode ran\n";
    __asm__ volatile("adr %[at], 1f\n1:\tsvc #0x123456"
                     : [at] "=&r"(at), "+r"(r0)
                     : "r"(r1)
                     : "memory");
    return at;
}

int main(void)
{
    exc_install();
    test_console();
    test_files();
    test_info();
    printf("-- from User mode\n");
    fflush(stdout);
    uint32_t at = run_in_mode(MODE_USR, semihost_in_user, 0);
    exc_print("svc 0x123456 in usr", at);
    printf("-- exit_extended(ADP_Stopped_ApplicationExit, 3)\n");
    fflush(stdout);
    uint32_t ex[2] = { 0x20026, 3 };
    semi(SYS_EXIT_EXTENDED, ex);
    printf("not reached\n");
    return 0;
}
