/*
 * Direct Linux boot placement against what qemu-system-arm 7.2 did for
 * `-M virt -m 512 -kernel vmlinuz-6.1.0-50-armmp -initrd initramfs`
 * (docs/reference/qemu-7.2/virt/roms.txt: stub at 0x40000000 size 0x1c,
 * kernel 0x40010000 size 0x532200, initrd 0x48000000 size 0xd7e6c, dtb
 * 0x480d8000), QEMU's rule at other RAM sizes, the zImage header check,
 * initrd limits and the boot stub's words.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "../../src/boards/virt.h"
#include "../../src/core/loader_linux.h"
#include "memfile.h"
#include "testlib.h"

#define RAM 0x40000000u
#define MIB (1u << 20)

TEST(linux_boot_placement_matches_qemus_roms)
{
    hwaddr kernel_end = RAM + LINUX_KERNEL_OFFSET + 0x532200;
    hwaddr initrd = loader_linux_initrd_addr(RAM, 512 * MIB, kernel_end);
    CHECK_EQ(initrd, 0x48000000);
    CHECK_EQ(loader_linux_dtb_addr(initrd, 0xd7e6c), 0x480d8000);
    /* Without an initrd the tree takes the initrd's place. */
    CHECK_EQ(loader_linux_dtb_addr(initrd, 0), 0x48000000);
    /* A page-sized initrd ends on a boundary: the tree follows at once. */
    CHECK_EQ(loader_linux_dtb_addr(initrd, 0x1000), 0x48001000);
}

TEST(linux_boot_initrd_rule_at_other_sizes)
{
    hwaddr small_kernel = RAM + LINUX_KERNEL_OFFSET + 0x1000;
    /* Under 256 MiB: halfway into RAM. */
    CHECK_EQ(loader_linux_initrd_addr(RAM, 128 * MIB, small_kernel),
             RAM + 64 * MIB);
    CHECK_EQ(loader_linux_initrd_addr(RAM, 64 * MIB, small_kernel),
             RAM + 32 * MIB);
    /* From 256 MiB up: 128 MiB in, however much RAM. */
    CHECK_EQ(loader_linux_initrd_addr(RAM, 256 * MIB, small_kernel),
             RAM + 128 * MIB);
    CHECK_EQ(loader_linux_initrd_addr(RAM, 4096ull * MIB, small_kernel),
             RAM + 128 * MIB);
    /* Never over the kernel: after its end, page aligned. */
    CHECK_EQ(loader_linux_initrd_addr(RAM, 16 * MIB, RAM + 9 * MIB + 1),
             RAM + 9 * MIB + 0x1000);
    CHECK_EQ(loader_linux_initrd_addr(RAM, 16 * MIB, RAM + 8 * MIB - 5),
             RAM + 8 * MIB);
}

typedef struct Board {
    VirtMachine m;
} Board;

static void board_init(Board *b, uint64_t ram_size)
{
    VirtOptions o = { .ram_size = ram_size };
    CHECK_EQ(virt_init(&b->m, &o, NULL), MEM_OK);
}

static uint32_t ram_word(Board *b, hwaddr a)
{
    return address_space_ldl_le(&b->m.as_ns, a, ATTRS_NS, NULL);
}

/*
 * Loads a zImage-shaped file of @len bytes whose header claims @start to
 * @end (a marker byte first and last) into @b with @ram_size of RAM.
 */
static LoaderErrCode load_zimage(Board *b, uint64_t ram_size, size_t len,
                                 uint32_t start, uint32_t end,
                                 LoaderError *err)
{
    uint8_t *img = calloc(1, len);
    uint32_t words[3] = { ZIMAGE_MAGIC, start, end };
    memcpy(img + ZIMAGE_MAGIC_OFFSET, words, sizeof(words));
    img[0] = 0xa5;
    img[len - 1] = 0x5a;
    MemFile f = memfile_new(img, len);
    uint64_t size = 0;
    LoaderErrCode rc = loader_linux_load_kernel(f.path, &b->m.as_ns, RAM,
                                                ram_size, &size, err);
    CHECK(rc != LOADER_OK || size == len);
    memfile_close(&f);
    free(img);
    return rc;
}

TEST(linux_boot_zimage_loaded_at_ram_plus_64k)
{
    Board b;
    board_init(&b, 16 * MIB);
    LoaderError err;
    CHECK_EQ(load_zimage(&b, 16 * MIB, 0x3000, 0, 0x3000, &err), LOADER_OK);
    CHECK_EQ(ram_word(&b, 0x40010000), 0xa5);
    CHECK_EQ(ram_word(&b, 0x40010000 + ZIMAGE_MAGIC_OFFSET), ZIMAGE_MAGIC);
    CHECK_EQ(ram_word(&b, 0x40012ffc), 0x5a000000);
    /* Any other file is a raw image, loaded as it is (as QEMU). */
    static const char raw[] = "raw image, no header";
    MemFile f = memfile_new(raw, sizeof(raw));
    uint64_t size = 0;
    CHECK_EQ(loader_linux_load_kernel(f.path, &b.m.as_ns, RAM, 16 * MIB,
                                      &size, &err), LOADER_OK);
    CHECK_EQ(size, sizeof(raw));
    memfile_close(&f);
    virt_destroy(&b.m);
}

TEST(linux_boot_bad_kernels_are_refused)
{
    Board b;
    board_init(&b, 1 * MIB);
    LoaderError err;
    uint64_t size;
    /* Cut short: the header claims more than the file has. */
    CHECK_EQ(load_zimage(&b, MIB, 0x1000, 0, 0x2000, &err),
             LOADER_ERR_FORMAT);
    CHECK(strstr(err.message, "truncated") != NULL);
    CHECK_EQ(ram_word(&b, 0x40010000), 0);
    /* end before start */
    CHECK_EQ(load_zimage(&b, MIB, 0x1000, 0x2000, 0x1000, &err),
             LOADER_ERR_FORMAT);
    /* Bigger than the RAM after RAM + 64 KiB. */
    CHECK_EQ(load_zimage(&b, MIB, MIB, 0, MIB, &err), LOADER_ERR_TOO_BIG);
    CHECK_EQ(ram_word(&b, 0x40010000), 0);
    CHECK_EQ(loader_linux_load_kernel("/nonexistent/zImage", &b.m.as_ns, RAM,
                                      1 * MIB, &size, &err), LOADER_ERR_IO);
    CHECK_EQ(loader_linux_load_kernel("/nonexistent/zImage", &b.m.as_ns, RAM,
                                      LINUX_KERNEL_OFFSET, &size, &err),
             LOADER_ERR_TOO_BIG);
    virt_destroy(&b.m);
}

TEST(linux_boot_initrd_limits)
{
    Board b;
    board_init(&b, 1 * MIB);
    const hwaddr ram_end = RAM + MIB;
    uint8_t *data = calloc(1, 0x2000);
    data[0] = 0x1f;
    MemFile f = memfile_new(data, 0x2000);
    LoaderError err;
    uint64_t size = 99;
    CHECK_EQ(loader_linux_load_initrd(f.path, &b.m.as_ns, RAM + 0x80000,
                                      ram_end, &size, &err), LOADER_OK);
    CHECK_EQ(size, 0x2000);
    CHECK_EQ(ram_word(&b, RAM + 0x80000), 0x1f);
    /* Too big for what is left of RAM. */
    CHECK_EQ(loader_linux_load_initrd(f.path, &b.m.as_ns, ram_end - 0x1000,
                                      ram_end, &size, &err),
             LOADER_ERR_TOO_BIG);
    /* No room at all: the kernel reached the end of RAM. */
    CHECK_EQ(loader_linux_load_initrd(f.path, &b.m.as_ns, ram_end, ram_end,
                                      &size, &err), LOADER_ERR_RANGE);
    CHECK(strstr(err.message, "no room after the kernel") != NULL);
    memfile_close(&f);
    /* An empty initrd is no initrd. */
    f = memfile_new(NULL, 0);
    CHECK_EQ(loader_linux_load_initrd(f.path, &b.m.as_ns, RAM + 0x80000,
                                      ram_end, &size, &err), LOADER_OK);
    CHECK_EQ(size, 0);
    memfile_close(&f);
    CHECK_EQ(loader_linux_load_initrd("/nonexistent", &b.m.as_ns, RAM,
                                      ram_end, &size, &err), LOADER_ERR_IO);
    free(data);
    virt_destroy(&b.m);
}

TEST(linux_boot_stub_words)
{
    Board b;
    board_init(&b, 1 * MIB);
    LoaderError err;
    CHECK_EQ(loader_linux_write_stub(&b.m.as_ns, RAM, RAM + 0x10000,
                                     0x480d8000, &err), LOADER_OK);
    static const uint32_t want[7] = { 0xe3a00000, 0xe59f1004, 0xe59f2004,
                                      0xe59ff004, 0xffffffff, 0x480d8000,
                                      0x40010000 };
    for (unsigned i = 0; i < 7; i++) {
        CHECK_EQ(ram_word(&b, RAM + 4 * i), want[i]);
    }
    CHECK_EQ(LINUX_BOOT_STUB_SIZE, 0x1c);
    virt_destroy(&b.m);
}
