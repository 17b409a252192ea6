/*
 * The CFI flash of `virt` (QEMU's cfi.pflash01, two x16 chips on a 32-bit
 * bank) driven by the CPU on flash1: read ID, the whole CFI query table,
 * the status register, program, erase, write to buffer, lock commands,
 * bad sequences, and byte, halfword and doubleword reads in each mode.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"

#define FLASH1 0x04000000u
#define SECTOR 0x40000u

static volatile uint32_t *const w = (volatile uint32_t *)FLASH1;
static volatile uint16_t *const h = (volatile uint16_t *)FLASH1;
static volatile uint8_t *const b = (volatile uint8_t *)FLASH1;

static void cmd(uint32_t off, uint32_t v)
{
    w[off / 4] = v;
}

static uint32_t rd(uint32_t off)
{
    return w[off / 4];
}

static uint64_t rd64(uint32_t off)
{
    register uint32_t lo __asm__("r2");
    register uint32_t hi __asm__("r3");
    __asm__ volatile("ldrd %0, %1, [%2]"
                     : "=&r"(lo), "=&r"(hi)
                     : "r"(FLASH1 + off)
                     : "memory");
    return (uint64_t)hi << 32 | lo;
}

static void words(const char *what, const uint32_t *offs, int n)
{
    printf("%s:", what);
    for (int i = 0; i < n; i++) {
        printf(" %08x", (unsigned)rd(offs[i]));
    }
    printf("\n");
}

int main(void)
{
    exc_install();
    static const uint32_t first[] = { 0, 4, 8, 12 };
    words("array", first, 4);

    printf("-- read ID\n");
    cmd(0, 0x00900090);
    static const uint32_t id[] = { 0, 4, 8, 12, 0x3fc, 0x400, 0x404,
                                   SECTOR, SECTOR + 4 };
    words("words", id, 9);
    printf("bytes:");
    for (int i = 0; i < 8; i++) {
        printf(" %02x", b[i]);
    }
    printf("\nhalfwords:");
    for (int i = 0; i < 4; i++) {
        printf(" %04x", h[i]);
    }
    printf("\nldrd: %016llx\n", (unsigned long long)rd64(0));
    cmd(0, 0x00000000);
    printf("after 0x00: %08x\n", (unsigned)rd(0));
    b[0x1235] = 0x90;
    printf("after strb 0x90: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00ff00ff);

    printf("-- CFI query\n");
    h[0x55 * 2] = 0x0098;
    for (uint32_t a = 0; a < 0x58; a += 8) {
        printf("%02x:", (unsigned)a);
        for (uint32_t i = a; i < a + 8; i++) {
            printf(" %08x", (unsigned)rd(4 * i));
        }
        printf("\n");
    }
    printf("byte 0x41 %02x, halfword 0x46 %04x, word 0x400 %08x\n", b[0x41],
           h[0x46 / 2], (unsigned)rd(0x400));
    cmd(0, 0x00900090);
    printf("after 0x90: %08x\n", (unsigned)rd(0x40));
    cmd(0, 0);
    cmd(0, 0x00f000f0);
    cmd(0, 0x00700070);
    printf("after 0x00, 0xf0, 0x70: %08x\n", (unsigned)rd(0x44));
    cmd(0, 0x00ff00ff);
    printf("after 0xff: %08x\n", (unsigned)rd(0x40));

    printf("-- status\n");
    cmd(0x10, 0x00700070);
    printf("word %08x, byte 1 %02x, byte 3 %02x, halfword 2 %04x, ldrd "
           "%016llx\n", (unsigned)rd(0x123450), b[1], b[3], h[1],
           (unsigned long long)rd64(8));
    cmd(0, 0x00900090);
    printf("0x90 after 0x70: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00500050);
    printf("after clear status: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00700070);
    printf("status: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00ff00ff);

    printf("-- program\n");
    cmd(0, 0x00400040);
    printf("after setup: %08x\n", (unsigned)rd(0x100));
    w[0x100 / 4] = 0x12345678;
    printf("after data: %08x\n", (unsigned)rd(0x100));
    cmd(0, 0x00100010);
    b[0x201] = 0xab;
    cmd(0, 0x00400040);
    h[0x302 / 2] = 0xbeef;
    cmd(0, 0x00ff00ff);
    static const uint32_t prog[] = { 0xfc, 0x100, 0x104, 0x200, 0x300 };
    words("array", prog, 5);
    cmd(0, 0x00400040);
    w[0x100 / 4] = 0xffff0000;
    cmd(0, 0x00ff00ff);
    printf("programmed over: %08x\n", (unsigned)rd(0x100));

    printf("-- erase\n");
    for (uint32_t off = SECTOR - 4; off <= 2 * SECTOR; off += SECTOR / 2) {
        cmd(off, 0x00400040);
        w[off / 4] = 0x5a5a5a5a;
    }
    cmd(0, 0x00ff00ff);
    static const uint32_t er[] = { SECTOR - 4, SECTOR + SECTOR / 2 - 4,
                                   2 * SECTOR - 4, 2 * SECTOR };
    words("before", er, 4);
    cmd(SECTOR + 0x1234, 0x00200020);
    printf("after setup: %08x\n", (unsigned)rd(SECTOR));
    cmd(SECTOR, 0x00d000d0);
    printf("after confirm: %08x\n", (unsigned)rd(SECTOR));
    cmd(0, 0x00ff00ff);
    words("after", er, 4);
    cmd(0, 0x00400040);
    w[0] = 0x11111111;
    cmd(0, 0x00200020);
    cmd(0, 0x00ff00ff);
    printf("erase, read array: %08x\n", (unsigned)rd(0));
    cmd(2 * SECTOR, 0x00200020);
    cmd(2 * SECTOR, 0x00470047);
    printf("erase, 0x47: %08x\n", (unsigned)rd(2 * SECTOR));

    printf("-- write to buffer\n");
    cmd(0x1000, 0x00e800e8);
    printf("after setup: %08x\n", (unsigned)rd(0x1000));
    cmd(0x1000, 0x00030003);
    for (uint32_t i = 0; i < 4; i++) {
        w[0x1000 / 4 + i] = 0x11111111 * (i + 1);
    }
    printf("after data: %08x\n", (unsigned)rd(0x1000));
    cmd(0x1000, 0x00d000d0);
    printf("after confirm: %08x\n", (unsigned)rd(0x1000));
    /* Any value is data here. */
    cmd(0x1800, 0x00e800e8);
    cmd(0x1800, 0x00010001);
    w[0x1800 / 4] = 0x00d000d0;
    w[0x1804 / 4] = 0x00ff00ff;
    cmd(0x1800, 0x00d000d0);
    cmd(0x1000, 0x00ff00ff);
    static const uint32_t buf[] = { 0x1000, 0x1004, 0x1008, 0x100c, 0x1010,
                                    0x1800, 0x1804 };
    words("array", buf, 7);
    cmd(0x2000, 0x00e800e8);
    cmd(0x2000, 0xabcd0001);
    h[0x2000 / 2] = 0x5555;
    b[0x2005] = 0x66;
    b[0x2000] = 0xd0;
    printf("count from the low half: %08x\n", (unsigned)rd(0x2000));
    cmd(0, 0x00ff00ff);
    printf("array: %08x %08x\n", (unsigned)rd(0x2000), (unsigned)rd(0x2004));
    cmd(0x3000, 0x00e800e8);
    cmd(0x3000, 0);
    w[0x3000 / 4] = 0xcafef00d;
    cmd(0x3004, 0x00ff00ff);
    printf("not confirmed: %08x %08x\n", (unsigned)rd(0x3000),
           (unsigned)rd(0x3004));
    cmd(0x3000, 0x00e800e8);
    cmd(0x3000, 0);
    w[0x3000 / 4] = 0x0d0d0d0d;
    printf("one word: %08x\n", (unsigned)rd(0x3000));
    cmd(0x3000, 0x00d000d0);
    cmd(0x3000, 0x00ff00ff);
    printf("array: %08x\n", (unsigned)rd(0x3000));
    /* The buffer is the 4 KiB holding the count cycle's address. */
    cmd(0x5000, 0x00e800e8);
    cmd(0x5000, 0x00010001);
    w[0x5ffc / 4] = 0x99aabbcc;
    w[0x5800 / 4] = 0x55667788;
    printf("inside: %08x\n", (unsigned)rd(0));
    cmd(0x5000, 0x00d000d0);
    cmd(0x5000, 0x00ff00ff);
    printf("array: %08x %08x\n", (unsigned)rd(0x5800), (unsigned)rd(0x5ffc));
    cmd(0x7ffc, 0x00e800e8);
    cmd(0x7ffc, 0x00010001);
    w[0x7ffc / 4] = 0x01010101;
    w[0x8000 / 4] = 0x02020202;
    printf("outside: %08x\n", (unsigned)rd(0));
    cmd(0x7ffc, 0x00d000d0);
    printf("after confirm: %08x %08x\n", (unsigned)rd(0x7ffc),
           (unsigned)rd(0x8000));
    cmd(0x9000, 0x00e800e8);
    cmd(0x9000, 0);
    w[0x9000 / 4] = 0x03030303;
    cmd(0x9000, 0x00d000d0);
    printf("error bit kept: %08x\n", (unsigned)rd(0x9000));
    cmd(0, 0x00500050);
    cmd(0x9000, 0x00e800e8);
    cmd(0x9000, 0);
    w[0x9000 / 4] = 0x03030303;
    cmd(0x9000, 0x00d000d0);
    printf("cleared: %08x\n", (unsigned)rd(0x9000));
    cmd(0, 0x00ff00ff);
    printf("array: %08x\n", (unsigned)rd(0x9000));

    printf("-- lock\n");
    cmd(SECTOR, 0x00600060);
    printf("after setup: %08x\n", (unsigned)rd(SECTOR));
    cmd(SECTOR, 0x00d000d0);
    printf("after unlock: %08x\n", (unsigned)rd(SECTOR));
    cmd(SECTOR, 0x00ff00ff);
    cmd(SECTOR, 0x00600060);
    cmd(SECTOR, 0x00010001);
    printf("after lock: %08x\n", (unsigned)rd(SECTOR));
    cmd(SECTOR, 0x00900090);
    printf("lock status: %08x\n", (unsigned)rd(SECTOR + 8));
    cmd(SECTOR, 0x00400040);
    w[SECTOR / 4] = 0x0badcafe;
    cmd(SECTOR, 0x00600060);
    cmd(SECTOR, 0x00550055);
    printf("locked block programmed, then 0x55: %08x\n",
           (unsigned)rd(SECTOR));

    printf("-- multiple transfers\n");
    cmd(0, 0x00ff00ff);
    __asm__ volatile("mov r2, #0x90\n\tmov r3, #0xff\n\tstrd r2, r3, [%0]"
                     : : "r"(FLASH1) : "r2", "r3", "memory");
    printf("strd 0x90, 0xff: %08x\n", (unsigned)rd(0));
    __asm__ volatile("mov r2, #0xff\n\tmov r3, #0x98\n\tstrd r2, r3, [%0]"
                     : : "r"(FLASH1) : "r2", "r3", "memory");
    uint32_t q[4];
    __asm__ volatile("ldm %4, {%0, %1, %2, %3}"
                     : "=&r"(q[0]), "=&r"(q[1]), "=&r"(q[2]), "=&r"(q[3])
                     : "r"(FLASH1 + 0x40)
                     : "memory");
    printf("strd 0xff, 0x98, ldm: %08x %08x %08x %08x\n", (unsigned)q[0],
           (unsigned)q[1], (unsigned)q[2], (unsigned)q[3]);
    __asm__ volatile("mov r2, #0xff\n\tmov r3, #0x40\n\t"
                     "ldr r4, =0x600d600d\n\tstm %0, {r2, r3, r4}"
                     : : "r"(FLASH1 + 0x400) : "r2", "r3", "r4", "memory");
    cmd(0, 0x00ff00ff);
    printf("stm 0xff, 0x40, data: %08x %08x %08x\n", (unsigned)rd(0x400),
           (unsigned)rd(0x404), (unsigned)rd(0x408));

    printf("-- bad commands\n");
    cmd(0, 0x00400040);
    w[0] = 0x78563412;
    cmd(0, 0xcafe0012);
    printf("0x12: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00900090);
    cmd(0, 0x00900034);
    printf("0x90, then 0x34: %08x\n", (unsigned)rd(0));
    cmd(0, 0x00700070);
    cmd(0, 0x909090ff);
    printf("0x70, then 0x909090ff: %08x\n", (unsigned)rd(0));
    exc_print("flash accesses", 0);
    return 0;
}
