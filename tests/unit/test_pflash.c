/*
 * The CFI flash (QEMU's cfi.pflash01) driven through an address space, in
 * the virt board's geometry (64 MiB, 256 KiB sectors, two x16 chips on a
 * 32-bit bank) unless a test says otherwise: array reads, read ID, the CFI
 * table, status, erase, program, buffered writes, lock commands, bad
 * sequences, access widths in each mode, and the ROMD fast path being on
 * exactly in read-array mode. The expected values are what
 * qemu-system-arm 7.2 (Debian's 7.2.22) answers; tests/guest/pflash.c
 * checks the same against it from a guest.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/hw/pflash_cfi01.h"
#include "testlib.h"

#define BASE 0x04000000ull
#define SIZE (64ull << 20)
#define SECTOR (256ull << 10)

typedef struct Flash {
    TestSpace t;
    Pflash *s;
    uint8_t *array;
    char *log;
    size_t log_len;
    FILE *log_file;
} Flash;

static void flash_init_geometry(Flash *f, uint64_t size, uint64_t sector,
                                unsigned bank, unsigned device)
{
    memset(f, 0, sizeof(*f));
    testspace_init(&f->t);
    f->s = pflash_new("virt.flash1", size, sector, bank, device, 0x89, 0x18,
                      NULL);
    f->log_file = open_memstream(&f->log, &f->log_len);
    pflash_set_log(f->s, f->log_file);
    f->array = memory_region_get_ram_ptr(pflash_region(f->s));
    CHECK_EQ(memory_region_add_subregion(f->t.root, BASE,
                                         pflash_region(f->s), NULL), MEM_OK);
}

static void flash_init(Flash *f)
{
    flash_init_geometry(f, SIZE, SECTOR, 4, 2);
}

static const char *flash_log(Flash *f)
{
    fflush(f->log_file);
    return f->log ? f->log : "";
}

static void flash_destroy(Flash *f)
{
    pflash_free(f->s);
    testspace_destroy(&f->t);
    fclose(f->log_file);
    free(f->log);
}

static uint32_t rd(Flash *f, hwaddr off)
{
    MemTxResult r;
    uint32_t v = address_space_ldl_le(&f->t.as, BASE + off, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
    return v;
}

static uint16_t rd16(Flash *f, hwaddr off)
{
    MemTxResult r;
    uint16_t v = address_space_lduw_le(&f->t.as, BASE + off, ATTRS_S, &r);
    CHECK_EQ(r, MEMTX_OK);
    return v;
}

static uint8_t rd8(Flash *f, hwaddr off)
{
    MemTxResult r;
    uint8_t v = address_space_ldub(&f->t.as, BASE + off, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
    return v;
}

static void wr(Flash *f, hwaddr off, uint32_t v)
{
    MemTxResult r;
    address_space_stl_le(&f->t.as, BASE + off, v, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
}

static void wr16(Flash *f, hwaddr off, uint16_t v)
{
    MemTxResult r;
    address_space_stw_le(&f->t.as, BASE + off, v, ATTRS_S, &r);
    CHECK_EQ(r, MEMTX_OK);
}

static void wr8(Flash *f, hwaddr off, uint8_t v)
{
    MemTxResult r;
    address_space_stb(&f->t.as, BASE + off, v, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
}

/* A loader's write: straight into the array, whatever the mode. */
static void load(Flash *f, hwaddr off, const void *data, size_t len)
{
    CHECK_EQ(address_space_write(&f->t.as, BASE + off,
                                 (MemTxAttrs){ .debug = 1 }, data, len),
             MEMTX_OK);
}

/* Whether reads at @off are served from the array by the memory core. */
static bool romd(Flash *f, hwaddr off)
{
    MemoryRegionSection sec;
    hwaddr len = 4, xlat;
    CHECK_EQ(address_space_translate(&f->t.as, BASE + off, &len, false,
                                     ATTRS_NS, &sec, &xlat), MEMTX_OK);
    return sec.romd;
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != v) {
            return false;
        }
    }
    return true;
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

TEST(pflash_read_array_mode_reads_the_array_directly)
{
    Flash f;
    flash_init(&f);
    /* QEMU's flash without a drive: all zero, ready, ROMD on. */
    CHECK_EQ(rd(&f, 0), 0);
    CHECK_EQ(rd(&f, SIZE - 4), 0);
    CHECK(romd(&f, 0));
    CHECK(romd(&f, SIZE - 4));
    static const uint8_t img[] = { 0xd0, 0x0d, 0xfe, 0xed, 0x11, 0x22, 0x33,
                                   0x44, 0x55, 0x66, 0x77, 0x88 };
    load(&f, 0x100, img, sizeof(img));
    CHECK(memcmp(f.array + 0x100, img, sizeof(img)) == 0);
    CHECK_EQ(rd(&f, 0x100), 0xedfe0dd0);
    CHECK_EQ(rd16(&f, 0x102), 0xedfe);
    CHECK_EQ(rd8(&f, 0x103), 0xed);
    /* Any alignment: the memory core reads the array itself. */
    CHECK_EQ(rd(&f, 0x101), 0x11edfe0d);
    CHECK_EQ(address_space_ldq_le(&f.t.as, BASE + 0x104, ATTRS_NS, NULL),
             0x8877665544332211ull);
    char *flat = test_capture_flat((AddressSpace *const[]){ &f.t.as }, 1);
    CHECK(strstr(flat, "  0000000004000000-0000000007ffffff (prio 0, romd): "
                       "virt.flash1\n") != NULL);
    free(flat);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_read_id_mode_answers_per_chip)
{
    Flash f;
    flash_init(&f);
    uint8_t pattern[16];
    memset(pattern, 0xa5, sizeof(pattern));
    load(&f, 0, pattern, sizeof(pattern));
    /* The command replicated for both chips, as software writes it. */
    wr(&f, 0, 0x00900090);
    CHECK(!romd(&f, 0));
    CHECK(!romd(&f, SIZE - 4));
    /* Word 0: manufacturer, word 1: device, in both 16-bit halves. */
    CHECK_EQ(rd(&f, 0), 0x00890089);
    CHECK_EQ(rd(&f, 4), 0x00180018);
    /* Word 2 is the block's lock status (unlocked), the rest 0. */
    CHECK_EQ(rd(&f, 8), 0);
    CHECK_EQ(rd(&f, 12), 0);
    CHECK_EQ(rd(&f, 0x3fc), 0);
    /* Chip address bits above 7 select a block: the codes repeat. */
    CHECK_EQ(rd(&f, 0x400), 0x00890089);
    CHECK_EQ(rd(&f, SECTOR + 4), 0x00180018);
    /* Narrow reads get the low bytes of the word at their own offset. */
    CHECK_EQ(rd8(&f, 0), 0x89);
    CHECK_EQ(rd8(&f, 1), 0x89);
    CHECK_EQ(rd8(&f, 5), 0x18);
    CHECK_EQ(rd16(&f, 2), 0x0089);
    CHECK_EQ(rd16(&f, 6), 0x0018);
    /* 64 bits: two bus words. */
    CHECK_EQ(address_space_ldq_le(&f.t.as, BASE, ATTRS_NS, NULL),
             0x0018001800890089ull);
    /* The array is untouched and comes back with read array. */
    CHECK(all_bytes(f.array, sizeof(pattern), 0xa5));
    char *flat = test_capture_flat((AddressSpace *const[]){ &f.t.as }, 1);
    CHECK(strstr(flat, "(prio 0, i/o): virt.flash1\n") != NULL);
    free(flat);
    wr(&f, 0, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0xa5a5a5a5);
    /* Any low byte 0x90 enters it: a byte write, at any offset. */
    wr8(&f, 0x1235, 0x90);
    CHECK_EQ(rd(&f, 0), 0x00890089);
    /* Read ID is complete at once: the next write is a new command. */
    wr(&f, 0, 0x00000000);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 4), 0xa5a5a5a5);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_cfi_query_table_as_qemu_builds_it)
{
    Flash f;
    flash_init(&f);
    wr16(&f, 0x55 * 4, 0x0098);
    CHECK(!romd(&f, 0));
    /* Each chip's byte at CFI address N, read at bus word N. */
    static const struct {
        unsigned addr;
        uint8_t value;
    } want[] = {
        { 0x00, 0 },    { 0x0f, 0 },
        { 0x10, 'Q' },  { 0x11, 'R' },  { 0x12, 'Y' },
        { 0x13, 0x01 }, { 0x14, 0x00 }, /* Intel/Sharp command set */
        { 0x15, 0x31 }, { 0x16, 0x00 }, /* extended table at 0x31 */
        { 0x17, 0 },    { 0x18, 0 },    { 0x19, 0 },    { 0x1a, 0 },
        { 0x1b, 0x45 }, { 0x1c, 0x55 }, { 0x1d, 0 },    { 0x1e, 0 },
        { 0x1f, 0x07 }, { 0x20, 0x07 }, { 0x21, 0x0a }, { 0x22, 0x00 },
        { 0x23, 0x04 }, { 0x24, 0x04 }, { 0x25, 0x04 }, { 0x26, 0x00 },
        { 0x27, 25 },   /* each chip: 32 MiB, half the bank */
        { 0x28, 0x02 }, { 0x29, 0x00 }, /* x8/x16 */
        { 0x2a, 0x0b }, { 0x2b, 0x00 }, /* 2 KiB write buffer */
        { 0x2c, 0x01 },                 /* one erase block region: */
        { 0x2d, 0xff }, { 0x2e, 0x00 }, /* 256 blocks */
        { 0x2f, 0x00 }, { 0x30, 0x02 }, /* of 128 KiB per chip */
        { 0x31, 'P' },  { 0x32, 'R' },  { 0x33, 'I' },
        { 0x34, '1' },  { 0x35, '0' },  { 0x36, 0 },    { 0x3e, 0 },
        { 0x3f, 0x01 }, { 0x40, 0 },    { 0x51, 0 },
        { 0x52, 0 },    { 0x80, 0 },    { 0x3ff, 0 },
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        uint32_t v = want[i].value;
        CHECK_EQ(rd(&f, 4 * want[i].addr), v << 16 | v);
    }
    /* What CFI software derives: the bank is two chips of that. */
    uint32_t size_log2 = rd(&f, 4 * 0x27) & 0xffff;
    uint32_t blocks = ((rd(&f, 4 * 0x2e) & 0xff) << 8 |
                       (rd(&f, 4 * 0x2d) & 0xff)) + 1;
    uint32_t block = ((rd(&f, 4 * 0x30) & 0xff) << 8 |
                      (rd(&f, 4 * 0x2f) & 0xff)) * 256;
    CHECK_EQ(2ull << size_log2, SIZE);
    CHECK_EQ(blocks, SIZE / SECTOR);
    CHECK_EQ(2ull * block, SECTOR);
    /* Narrow reads. */
    CHECK_EQ(rd8(&f, 0x41), 'Q');
    CHECK_EQ(rd16(&f, 0x46), 'R');
    /* Query mode ignores everything but read array (QEMU). */
    wr(&f, 0, 0x00900090);
    CHECK_EQ(rd(&f, 0x40), 0x00510051);
    wr(&f, 0, 0);
    wr(&f, 0, 0x00f000f0);
    wr(&f, 0, 0x00700070);
    CHECK_EQ(rd(&f, 0x44), 0x00520052);
    CHECK(!romd(&f, 0));
    wr(&f, 0, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x40), 0);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_status_register_read_and_clear)
{
    Flash f;
    flash_init(&f);
    wr(&f, 0x10, 0x00700070);
    CHECK(!romd(&f, 0));
    /* Ready, once per chip; the address does not matter. */
    CHECK_EQ(rd(&f, 0), 0x00800080);
    CHECK_EQ(rd(&f, 0x123450), 0x00800080);
    CHECK_EQ(rd16(&f, 2), 0x0080);
    CHECK_EQ(rd8(&f, 1), 0x80);
    CHECK_EQ(rd8(&f, 3), 0x80);
    CHECK_EQ(address_space_ldq_le(&f.t.as, BASE + 8, ATTRS_NS, NULL),
             0x0080008000800080ull);
    /* Read status is complete at once: 0x90 is a new command. */
    wr(&f, 0, 0x00900090);
    CHECK_EQ(rd(&f, 0), 0x00890089);
    /* Clear status: status 0, and back to reading the array. */
    wr(&f, 0, 0x00500050);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0);
    wr(&f, 0, 0x00700070);
    CHECK_EQ(rd(&f, 0), 0);
    /* The next operation sets ready again. */
    wr(&f, 0, 0x00400040);
    wr(&f, 0, 0x11111111);
    CHECK_EQ(rd(&f, 0), 0x00800080);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0), 0x11111111);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_block_erase)
{
    Flash f;
    flash_init(&f);
    memset(f.array, 0x5a, 3 * SECTOR);
    /* The setup cycle erases the block holding the address (QEMU). */
    wr(&f, SECTOR + 0x1234, 0x00200020);
    CHECK(!romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0x00800080);
    CHECK(all_bytes(f.array + SECTOR, SECTOR, 0xff));
    CHECK(all_bytes(f.array, SECTOR, 0x5a));
    CHECK(all_bytes(f.array + 2 * SECTOR, SECTOR, 0x5a));
    /* Confirm: reads stay on the status until read array. */
    wr(&f, SECTOR, 0x00d000d0);
    CHECK(!romd(&f, SECTOR));
    CHECK_EQ(rd(&f, SECTOR), 0x00800080);
    wr(&f, 0, 0x00ff00ff);
    CHECK(romd(&f, SECTOR));
    CHECK_EQ(rd(&f, SECTOR), 0xffffffff);
    CHECK_EQ(rd(&f, 2 * SECTOR - 4), 0xffffffff);
    CHECK_EQ(rd(&f, SECTOR - 4), 0x5a5a5a5a);
    CHECK_EQ(rd(&f, 2 * SECTOR), 0x5a5a5a5a);

    /* Read array instead of the confirm: erased all the same. */
    wr(&f, 0, 0x00200020);
    wr(&f, 0, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x100), 0xffffffff);
    CHECK_EQ(flash_log(&f)[0], '\0');

    /* Anything else: an unimplemented sequence, back to read array. */
    wr(&f, 2 * SECTOR, 0x00200020);
    wr(&f, 2 * SECTOR, 0x00470047);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 2 * SECTOR), 0xffffffff);
    CHECK(strstr(flash_log(&f), "tzemu: unimp: virt.flash1: unimplemented "
                                "command sequence: block erase (0x20), "
                                "cycle 1, write of 0x470047") != NULL);
    /* The last block. */
    wr8(&f, SIZE - 1, 0x20);
    wr8(&f, SIZE - 1, 0xd0);
    CHECK(all_bytes(f.array + SIZE - SECTOR, SECTOR, 0xff));
    CHECK(all_bytes(f.array + 3 * SECTOR, SECTOR, 0));
    flash_destroy(&f);
}

TEST(pflash_single_program_stores_the_value)
{
    Flash f;
    flash_init(&f);
    wr(&f, 0, 0x00400040);
    CHECK(!romd(&f, 0));
    CHECK_EQ(rd(&f, 0x100), 0x00800080);
    wr(&f, 0x100, 0x12345678);
    CHECK_EQ(rd(&f, 0x100), 0x00800080);
    CHECK(!romd(&f, 0));
    CHECK_EQ(f.array[0x100], 0x78);
    /* 0x10 is the same; byte and halfword data land where written. */
    wr(&f, 0, 0x00100010);
    wr8(&f, 0x201, 0xab);
    wr(&f, 0, 0x00400040);
    wr16(&f, 0x302, 0xbeef);
    wr(&f, 0, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x100), 0x12345678);
    CHECK_EQ(rd(&f, 0x200), 0x0000ab00);
    CHECK_EQ(rd(&f, 0x300), 0xbeef0000);
    /* Not ANDed into the array as real flash would: QEMU stores it. */
    wr(&f, 0, 0x00400040);
    wr(&f, 0x100, 0xffff0000);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x100), 0xffff0000);
    CHECK_EQ(rd(&f, 0x104), 0);
    CHECK_EQ(rd(&f, 0xfc), 0);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_write_to_buffer)
{
    Flash f;
    flash_init(&f);
    wr(&f, 0x1000, 0x00e800e8);
    CHECK(!romd(&f, 0));
    /* The status says the buffer is available. */
    CHECK_EQ(rd(&f, 0x1000), 0x00800080);
    /* Count - 1, once per chip: four words. */
    wr(&f, 0x1000, 0x00030003);
    static const uint32_t data[4] = { 0x11111111, 0x22222222, 0x33333333,
                                      0x44444444 };
    for (unsigned i = 0; i < 4; i++) {
        wr(&f, 0x1000 + 4 * i, data[i]);
    }
    /* Staged: the array changes at the confirm only. */
    CHECK(all_bytes(f.array + 0x1000, 16, 0));
    CHECK_EQ(rd(&f, 0x1000), 0x00800080);
    wr(&f, 0x1000, 0x00d000d0);
    CHECK(!romd(&f, 0));
    CHECK_EQ(rd(&f, 0x1000), 0x00800080);
    CHECK_EQ(f.array[0x100c], 0x44);
    wr(&f, 0x1000, 0x00ff00ff);
    CHECK(romd(&f, 0));
    for (unsigned i = 0; i < 4; i++) {
        CHECK_EQ(rd(&f, 0x1000 + 4 * i), data[i]);
    }
    CHECK_EQ(rd(&f, 0x1010), 0);

    /* The count is one chip's 16 bits; data of any width; one word. */
    wr(&f, 0x2000, 0x00e800e8);
    wr(&f, 0x2000, 0xabcd0001);
    wr16(&f, 0x2000, 0x5555);
    wr8(&f, 0x2005, 0x66);
    wr8(&f, 0x2000, 0xd0);
    CHECK_EQ(rd(&f, 0x2000), 0x00800080);
    wr(&f, 0x2ffc, 0x00e800e8);
    wr(&f, 0x2ffc, 0);
    wr(&f, 0x2ffc, 0x77777777);
    wr(&f, 0x2ffc, 0x00d000d0);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x2000), 0x00005555);
    CHECK_EQ(rd(&f, 0x2004), 0x00006600);
    CHECK_EQ(rd(&f, 0x2ffc), 0x77777777);
    /* The data phase takes any value as data. */
    wr(&f, 0x3000, 0x00e800e8);
    wr(&f, 0x3000, 0x00010001);
    wr(&f, 0x3000, 0x00ff00ff);
    wr(&f, 0x3004, 0x00d000d0);
    wr(&f, 0x3000, 0x00d000d0);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x3000), 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x3004), 0x00d000d0);
    CHECK_EQ(flash_log(&f)[0], '\0');

    /* No confirm: the staged data is dropped, back to read array. */
    wr(&f, 0x4000, 0x00e800e8);
    wr(&f, 0x4000, 0);
    wr(&f, 0x4000, 0xcafef00d);
    wr(&f, 0x4004, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x4000), 0);
    CHECK(strstr(flash_log(&f), "tzemu: guest error: virt.flash1: write to "
                                "buffer not confirmed (0xff00ff at offset "
                                "0x4004)") != NULL);
    flash_destroy(&f);
}

TEST(pflash_write_to_buffer_outside_the_buffer_fails)
{
    Flash f;
    flash_init(&f);
    /*
     * The buffer is the bank's 4 KiB (two chips' 2 KiB) holding the count
     * cycle's address: 0x5000-0x5fff here.
     */
    wr(&f, 0x5000, 0x00e800e8);
    wr(&f, 0x5000, 0x00010001);
    wr(&f, 0x5ffc, 0x99aabbcc);
    wr(&f, 0x5800, 0x55667788);
    CHECK_EQ(rd(&f, 0), 0x00800080);
    wr(&f, 0x5000, 0x00d000d0);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x5800), 0x55667788);
    CHECK_EQ(rd(&f, 0x5ffc), 0x99aabbcc);
    /* A word beyond it: program error, the confirm fails, all dropped. */
    wr(&f, 0x7ffc, 0x00e800e8);
    wr(&f, 0x7ffc, 0x00010001);
    wr(&f, 0x7ffc, 0x01010101);
    wr(&f, 0x8000, 0x02020202);
    CHECK_EQ(rd(&f, 0), 0x00900090);
    wr(&f, 0x7ffc, 0x00d000d0);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x7ffc), 0);
    CHECK_EQ(rd(&f, 0x8000), 0);
    const char *log = flash_log(&f);
    CHECK(strstr(log, "tzemu: guest error: virt.flash1: write to buffer: "
                      "data at offset 0x8000 is outside the 0x1000-byte "
                      "buffer at 0x7000; program error\n") != NULL);
    CHECK(strstr(log, "write to buffer confirmed with the program error bit "
                      "set") != NULL);
    /* The error bit stays until cleared: the next buffer fails too. */
    wr(&f, 0x9000, 0x00e800e8);
    wr(&f, 0x9000, 0);
    wr(&f, 0x9000, 0x03030303);
    wr(&f, 0x9000, 0x00d000d0);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0x9000), 0);
    wr(&f, 0, 0x00500050);
    wr(&f, 0x9000, 0x00e800e8);
    wr(&f, 0x9000, 0);
    wr(&f, 0x9000, 0x03030303);
    wr(&f, 0x9000, 0x00d000d0);
    CHECK_EQ(rd(&f, 0), 0x00800080);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x9000), 0x03030303);
    /* Reset drops a buffer in progress. */
    wr(&f, 0xa000, 0x00e800e8);
    wr(&f, 0xa000, 0x00010001);
    wr(&f, 0xa000, 0x0a0a0a0a);
    pflash_reset(f.s);
    wr(&f, 0xa004, 0x00d000d0);
    CHECK_EQ(rd(&f, 0xa000), 0);
    flash_destroy(&f);
}

TEST(pflash_lock_and_unlock_are_accepted)
{
    Flash f;
    flash_init(&f);
    /* Unlock: setup, confirm; status until read array. */
    wr(&f, SECTOR, 0x00600060);
    CHECK(!romd(&f, 0));
    CHECK_EQ(rd(&f, SECTOR), 0x00800080);
    wr(&f, SECTOR, 0x00d000d0);
    CHECK_EQ(rd(&f, SECTOR), 0x00800080);
    CHECK(!romd(&f, 0));
    wr(&f, SECTOR, 0x00ff00ff);
    CHECK(romd(&f, 0));
    /* Lock: accepted, but no lock bits: the block still programs. */
    wr(&f, SECTOR, 0x00600060);
    wr(&f, SECTOR, 0x00010001);
    CHECK_EQ(rd(&f, SECTOR), 0x00800080);
    wr(&f, SECTOR, 0x00900090);
    CHECK_EQ(rd(&f, SECTOR + 8), 0);
    wr(&f, SECTOR, 0x00400040);
    wr(&f, SECTOR, 0x0badcafe);
    wr(&f, SECTOR, 0x00ff00ff);
    CHECK_EQ(rd(&f, SECTOR), 0x0badcafe);
    CHECK_EQ(flash_log(&f)[0], '\0');
    /* Setup then read array, or then nonsense: back to read array. */
    wr(&f, SECTOR, 0x00600060);
    wr(&f, SECTOR, 0x00ff00ff);
    CHECK(romd(&f, 0));
    CHECK_EQ(flash_log(&f)[0], '\0');
    wr(&f, SECTOR, 0x00600060);
    wr(&f, SECTOR, 0x00550055);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, SECTOR), 0x0badcafe);
    CHECK(strstr(flash_log(&f), "tzemu: guest error: virt.flash1: block "
                                "lock setup followed by 0x550055") != NULL);
    flash_destroy(&f);
}

TEST(pflash_bad_commands_return_to_read_array)
{
    Flash f;
    flash_init(&f);
    load(&f, 0, "\x12\x34\x56\x78", 4);
    /* In read-array mode a data write is an unknown command. */
    wr(&f, 0, 0xcafe0012);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0x78563412);
    CHECK(strstr(flash_log(&f), "tzemu: unimp: virt.flash1: unimplemented "
                                "command 0x12 (write of 0xcafe0012 at offset "
                                "0x0); back to read array\n") != NULL);
    /* From a command mode too, and only the low byte counts. */
    wr(&f, 0, 0x00900090);
    wr(&f, 0, 0x00900034);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0x78563412);
    wr(&f, 0, 0x00700070);
    wr(&f, 0, 0x909090ff);
    CHECK(romd(&f, 0));
    /* A guest that keeps at it gets PFLASH_LOG_LIMIT lines and one more. */
    for (int i = 0; i < 100; i++) {
        wr8(&f, 4, 0x33);
    }
    CHECK_EQ(count_lines(flash_log(&f)), PFLASH_LOG_LIMIT + 1);
    CHECK(strstr(flash_log(&f), "virt.flash1: further messages "
                                "suppressed\n") != NULL);
    CHECK_EQ(rd(&f, 4), 0);
    flash_destroy(&f);
}

TEST(pflash_access_widths_in_each_mode)
{
    Flash f;
    flash_init(&f);
    MemTxResult r;
    /* A 64-bit write is two bus words: read ID, then read array. */
    address_space_stq_le(&f.t.as, BASE, 0x000000ff00000090ull, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);
    CHECK(romd(&f, 0));
    address_space_stq_le(&f.t.as, BASE, 0x0000007000000090ull, ATTRS_NS, &r);
    CHECK_EQ(rd(&f, 0), 0x00800080);
    /*
     * Unaligned accesses are refused, as QEMU's memory core refuses them
     * (QEMU's CPU splits them before they get here).
     */
    address_space_lduw_le(&f.t.as, BASE + 1, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stl_le(&f.t.as, BASE + 2, 0x00ff00ff, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    CHECK(!romd(&f, 0));
    wr8(&f, 3, 0xff);
    CHECK(romd(&f, 0));
    /* The array reads and debug writes at any alignment. */
    load(&f, 0x11, "\xaa\xbb", 2);
    CHECK_EQ(rd16(&f, 0x11), 0xbbaa);
    /* A loader writes the array in any mode. */
    wr(&f, 0, 0x00980098);
    load(&f, 0x500, "\x01\x02\x03\x04", 4);
    CHECK_EQ(rd(&f, 0x500), 0);
    wr(&f, 0, 0x00ff00ff);
    CHECK_EQ(rd(&f, 0x500), 0x04030201);
    CHECK_EQ(flash_log(&f)[0], '\0');
    flash_destroy(&f);
}

TEST(pflash_reset_and_free)
{
    Flash f;
    flash_init(&f);
    wr(&f, 0, 0x00500050);
    wr(&f, 0, 0x00e800e8);
    wr(&f, 0, 0x00010001);
    CHECK(!romd(&f, 0));
    pflash_reset(f.s);
    CHECK(romd(&f, 0));
    CHECK_EQ(rd(&f, 0), 0);
    /* The write cycle is forgotten: this is a new command. */
    wr(&f, 0, 0x00700070);
    CHECK_EQ(rd(&f, 0), 0x00800080);
    /* Freed: off the bus. */
    pflash_free(f.s);
    f.s = NULL;
    MemTxResult r;
    address_space_ldl_le(&f.t.as, BASE, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    address_space_stl_le(&f.t.as, BASE, 0xff, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    flash_destroy(&f);
    pflash_free(NULL);
}

TEST(pflash_other_bank_geometries)
{
    /* Two x8 chips on a 16-bit bank: 1 MiB, 64 KiB sectors. */
    Flash f;
    flash_init_geometry(&f, 1 << 20, 64 << 10, 2, 1);
    wr16(&f, 0, 0x9090);
    CHECK_EQ(rd16(&f, 0), 0x8989);
    CHECK_EQ(rd16(&f, 2), 0x1818);
    CHECK_EQ(rd16(&f, 4), 0);
    /*
     * Wider than the bank: QEMU asks for its second word at offset
     * + 2 * bank width, the lock status word here, not the device code.
     */
    CHECK_EQ(rd(&f, 0), 0x00008989);
    wr16(&f, 0, 0x7070);
    CHECK_EQ(rd16(&f, 0), 0x8080);
    CHECK_EQ(rd(&f, 0), 0x80808080);
    CHECK_EQ(rd8(&f, 1), 0x80);
    wr16(&f, 0, 0x9898);
    CHECK_EQ(rd16(&f, 2 * 0x10), 0x5151);
    CHECK_EQ(rd16(&f, 2 * 0x27), 0x1313); /* 512 KiB chips */
    CHECK_EQ(rd16(&f, 2 * 0x2a), 0x0b0b);
    CHECK_EQ(rd16(&f, 2 * 0x2d), 0x0f0f); /* 16 blocks */
    CHECK_EQ(rd16(&f, 2 * 0x2e), 0);
    CHECK_EQ(rd16(&f, 2 * 0x2f), 0x8080); /* of 32 KiB per chip */
    CHECK_EQ(rd16(&f, 2 * 0x30), 0);
    wr16(&f, 0, 0xffff);
    /* The buffer count is one chip's byte. */
    wr16(&f, 0x100, 0xe8e8);
    wr16(&f, 0x100, 0x1200);
    wr16(&f, 0x100, 0x4242);
    CHECK_EQ(rd16(&f, 0x100), 0x8080);
    wr16(&f, 0x100, 0xd0d0);
    wr16(&f, 0x100, 0xffff);
    CHECK_EQ(rd16(&f, 0x100), 0x4242);
    flash_destroy(&f);

    /* One x8 chip: no replication, a 256-byte write buffer. */
    flash_init_geometry(&f, 128 << 10, 4 << 10, 1, 1);
    wr8(&f, 0, 0x90);
    CHECK_EQ(rd8(&f, 0), 0x89);
    CHECK_EQ(rd8(&f, 1), 0x18);
    /* Here the bus words are consecutive bytes. */
    CHECK_EQ(rd(&f, 0), 0x00001889);
    wr8(&f, 0, 0x98);
    CHECK_EQ(rd8(&f, 0x27), 17);
    CHECK_EQ(rd8(&f, 0x2a), 0x08);
    CHECK_EQ(rd8(&f, 0x2d), 31);
    CHECK_EQ(rd8(&f, 0x2f), 0x10);
    CHECK_EQ(rd(&f, 0x10), 0x01595251);
    wr8(&f, 0, 0xff);
    wr8(&f, 0, 0x70);
    CHECK_EQ(rd8(&f, 0), 0x80);
    CHECK_EQ(rd(&f, 0), 0x80808080);
    flash_destroy(&f);

    /* One x32 chip. */
    flash_init_geometry(&f, 1 << 20, 64 << 10, 4, 4);
    wr(&f, 0, 0x90);
    CHECK_EQ(rd(&f, 0), 0x89);
    CHECK_EQ(rd(&f, 4), 0x18);
    wr(&f, 0, 0x70);
    CHECK_EQ(rd(&f, 0), 0x80);
    wr(&f, 0, 0x98);
    CHECK_EQ(rd(&f, 4 * 0x27), 20);
    CHECK_EQ(rd(&f, 4 * 0x30), 1);
    wr(&f, 0, 0xff);
    /* The count is all 32 bits: 0xd0 is still data. */
    wr(&f, 0, 0xe8);
    wr(&f, 0, 0x00010000);
    wr(&f, 0, 0x5);
    wr(&f, 0, 0xd0);
    CHECK_EQ(f.array[0], 0);
    CHECK_EQ(rd(&f, 0), 0x80);
    pflash_reset(f.s);
    wr(&f, 0, 0xe8);
    wr(&f, 0, 0);
    wr(&f, 0, 0x5);
    wr(&f, 0, 0xd0);
    CHECK_EQ(f.array[0], 5);
    flash_destroy(&f);
}

TEST(pflash_rejects_bad_geometry)
{
    static const struct {
        uint64_t size, sector;
        unsigned bank, device;
    } bad[] = {
        { 0, 4096, 4, 2 },        { 1 << 20, 0, 4, 2 },
        { 1 << 20, 3 << 10, 4, 2 }, { (1 << 20) + 4096, 8192, 4, 2 },
        { 1 << 20, 4096, 3, 1 },  { 1 << 20, 4096, 8, 2 },
        { 1 << 20, 4096, 2, 4 },  { 1 << 20, 4096, 4, 0 },
        /* Sectors smaller than the write buffer (two chips' 2 KiB). */
        { 1 << 20, 2048, 4, 2 },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        MemError err = { 0 };
        CHECK(pflash_new("bad", bad[i].size, bad[i].sector, bad[i].bank,
                         bad[i].device, 0x89, 0x18, &err) == NULL);
        CHECK_EQ(err.code, MEM_ERR_INVAL);
        CHECK(strstr(err.message, "flash 'bad'") != NULL);
    }
    CHECK(pflash_new("bad", 0, 0, 4, 2, 0, 0, NULL) == NULL);
}
