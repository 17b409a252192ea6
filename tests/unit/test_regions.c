/*
 * Region semantics: configuration errors, priorities and overlaps, aliases,
 * enable/move/resize/read-only/ROMD changes, and lifetime rules.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

static uint8_t rd8(TestSpace *t, hwaddr addr, MemTxResult *r)
{
    return address_space_ldub(&t->as, addr, ATTRS_NS, r);
}

/* Reads one byte and checks both the value and the result. */
static void expect_byte(TestSpace *t, hwaddr addr, uint8_t want,
                        MemTxResult want_r, int line)
{
    MemTxResult r;
    uint8_t v = rd8(t, addr, &r);
    if (v != want || r != want_r) {
        CHECK(!"byte mismatch");
        printf("  line %d: at 0x%llx got 0x%02x/%u, want 0x%02x/%u\n", line,
               (unsigned long long)addr, v, r, want, want_r);
    }
}
#define EXPECT_BYTE(t, a, v, r) expect_byte((t), (a), (v), (r), __LINE__)

TEST(region_bad_input_is_an_error)
{
    MemError err = { 0 };
    CHECK(memory_region_new_container("zero", 0, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    CHECK(strstr(err.message, "zero") != NULL);

    MemoryRegion *ram = test_ram("ram", 0x1000, 0);
    CHECK(memory_region_new_alias("wrap", ram, UINT64_MAX - 10, 0x100,
                                  &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_RANGE);

    MemoryRegion *c = memory_region_new_container("c", 0x10000, NULL);
    CHECK_EQ(memory_region_add_subregion(c, UINT64_MAX - 0x10, ram, &err),
             MEM_ERR_RANGE);
    CHECK_EQ(memory_region_add_subregion(c, 0, ram, &err), MEM_OK);
    MemoryRegion *c2 = memory_region_new_container("c2", 0x10000, NULL);
    CHECK_EQ(memory_region_add_subregion(c2, 0, ram, &err), MEM_ERR_BUSY);
    CHECK(strstr(err.message, "already has parent 'c'") != NULL);
    CHECK_EQ(memory_region_del_subregion(c2, ram, &err), MEM_ERR_NOENT);
    CHECK_EQ(memory_region_set_address(ram, UINT64_MAX, &err), MEM_ERR_RANGE);
    CHECK_EQ(memory_region_set_size(ram, 0x2000, &err), MEM_ERR_RANGE);
    CHECK_EQ(memory_region_set_size(ram, 0, &err), MEM_ERR_INVAL);
    CHECK_EQ(memory_region_set_alias_offset(ram, 0, &err), MEM_ERR_INVAL);
    CHECK(memory_region_new_ram("huge", MEMORY_SIZE_2_64, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_NOMEM);

    MemoryRegionOps bad = testdev_ops_le;
    bad.valid.max_access_size = 3;
    CHECK(memory_region_new_io("bad", 4, &bad, NULL, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    bad = testdev_ops_le;
    bad.impl.min_access_size = 8;
    bad.impl.max_access_size = 4;
    CHECK(memory_region_new_io("bad", 4, &bad, NULL, &err) == NULL);
    bad = testdev_ops_le;
    bad.read = NULL;
    CHECK(memory_region_new_io("bad", 4, &bad, NULL, &err) == NULL);
    IOMMUMemoryRegionOps no_translate = { 0 };
    CHECK(memory_region_new_iommu("bad", 4, &no_translate, NULL, &err) ==
          NULL);
    CHECK(memory_region_new_ram_from_fd("badfd", 4096, -1, 0, &err) == NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);

    /* A NULL error pointer is allowed: the code alone comes back. */
    CHECK_EQ(memory_region_del_subregion(c2, ram, NULL), MEM_ERR_NOENT);
    memory_region_unref(ram);
    memory_region_unref(c);
    memory_region_unref(c2);
}

TEST(region_cycles_are_refused)
{
    MemError err = { 0 };
    MemoryRegion *a = memory_region_new_container("a", 0x1000, NULL);
    MemoryRegion *b = memory_region_new_container("b", 0x1000, NULL);
    CHECK_EQ(memory_region_add_subregion(a, 0, b, &err), MEM_OK);
    CHECK_EQ(memory_region_add_subregion(b, 0, a, &err), MEM_ERR_LOOP);
    CHECK_EQ(memory_region_add_subregion(a, 0, a, &err), MEM_ERR_INVAL);
    MemoryRegion *alias_a = memory_region_new_alias("alias-a", a, 0, 0x100,
                                                    NULL);
    CHECK_EQ(memory_region_add_subregion(b, 0, alias_a, &err), MEM_ERR_LOOP);
    CHECK(strstr(err.message, "cycle") != NULL);
    MemoryRegion *lone = memory_region_new_container("lone", 0x10, NULL);
    CHECK_EQ(memory_region_add_subregion(alias_a, 0, lone, &err),
             MEM_ERR_INVAL);
    memory_region_unref(lone);
    memory_region_unref(alias_a);
    memory_region_unref(b);
    memory_region_unref(a);
}

/* The example of QEMU's docs/devel/memory.rst ("Overlapping regions"). */
TEST(region_priorities_follow_the_documented_example)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *a = testspace_add(
        &t, 0, memory_region_new_container("A", 0x8000, NULL), 0);
    MemoryRegion *c = test_ram("C", 0x6000, 0xc0);
    memory_region_add_subregion_overlap(a, 0, c, 1, NULL);
    MemoryRegion *b = memory_region_new_container("B", 0x4000, NULL);
    memory_region_add_subregion_overlap(a, 0x2000, b, 2, NULL);
    MemoryRegion *d = test_ram("D", 0x1000, 0xd0);
    MemoryRegion *e = test_ram("E", 0x1000, 0xe0);
    memory_region_add_subregion(b, 0, d, NULL);
    memory_region_add_subregion(b, 0x2000, e, NULL);

    EXPECT_BYTE(&t, 0x1fff, 0xc0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x2000, 0xd0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x3000, 0xc0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x4000, 0xe0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x5000, 0xc0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x6000, 0x00, MEMTX_DECODE_ERROR);
    EXPECT_BYTE(&t, 0x7fff, 0x00, MEMTX_DECODE_ERROR);

    /* If B serves its own holes, it shows there instead of C. */
    memory_region_del_subregion(a, b, NULL);
    MemoryRegion *bram = test_ram("B-ram", 0x4000, 0xb0);
    memory_region_add_subregion_overlap(a, 0x2000, bram, 2, NULL);
    memory_region_del_subregion(b, d, NULL);
    memory_region_add_subregion(bram, 0, d, NULL);
    EXPECT_BYTE(&t, 0x2000, 0xd0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x3000, 0xb0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x5fff, 0xb0, MEMTX_OK);
    EXPECT_BYTE(&t, 0x1000, 0xc0, MEMTX_OK);
    for (MemoryRegion **p = (MemoryRegion *[]){ b, c, d, e, bram, NULL }; *p;
         p++) {
        memory_region_unref(*p);
    }
    testspace_destroy(&t);
}

TEST(region_equal_priority_last_added_wins)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *x = testspace_add(&t, 0x1000, test_ram("x", 0x1000, 1), 0);
    MemoryRegion *y = testspace_add(&t, 0x1800, test_ram("y", 0x1000, 2), 0);
    EXPECT_BYTE(&t, 0x17ff, 1, MEMTX_OK);
    EXPECT_BYTE(&t, 0x1800, 2, MEMTX_OK);
    EXPECT_BYTE(&t, 0x1fff, 2, MEMTX_OK);
    /* Re-adding x makes it the most recent: it now wins the overlap. */
    memory_region_ref(x);
    memory_region_del_subregion(t.root, x, NULL);
    testspace_add(&t, 0x1000, x, 0);
    EXPECT_BYTE(&t, 0x1800, 1, MEMTX_OK);
    EXPECT_BYTE(&t, 0x2000, 2, MEMTX_OK);
    /* A lower priority loses whatever the order. */
    MemoryRegion *z = testspace_add(&t, 0x1000, test_ram("z", 0x4000, 3), -5);
    EXPECT_BYTE(&t, 0x1800, 1, MEMTX_OK);
    EXPECT_BYTE(&t, 0x2800, 3, MEMTX_OK);
    (void)y;
    (void)z;
    testspace_destroy(&t);
}

TEST(region_alias_chains)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *ram = test_ram("ram", 0x4000, 0);
    uint8_t *host = memory_region_get_ram_ptr(ram);
    for (int i = 0; i < 0x4000; i++) {
        host[i] = (uint8_t)(i >> 4);
    }
    /* An alias of an alias of RAM: offsets add up. */
    MemoryRegion *a1 = memory_region_new_alias("a1", ram, 0x1000, 0x2000,
                                               NULL);
    MemoryRegion *a2 = memory_region_new_alias("a2", a1, 0x800, 0x1000, NULL);
    testspace_add(&t, 0x10000, a2, 0);
    EXPECT_BYTE(&t, 0x10000, (0x1800 >> 4) & 0xff, MEMTX_OK);
    EXPECT_BYTE(&t, 0x10fff, (0x27ff >> 4) & 0xff, MEMTX_OK);
    EXPECT_BYTE(&t, 0x11000, 0, MEMTX_DECODE_ERROR);
    CHECK_EQ(memory_region_set_alias_offset(a1, 0x2000, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x10000, (0x2800 >> 4) & 0xff, MEMTX_OK);
    /* The window runs past the target's end: that part is a hole. */
    CHECK_EQ(memory_region_set_alias_offset(a2, 0x1800, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x107ff, (0x3fff >> 4) & 0xff, MEMTX_OK);
    EXPECT_BYTE(&t, 0x10800, 0, MEMTX_DECODE_ERROR);

    /* An alias of a container, whose target sits at its own offset. */
    MemoryRegion *box = memory_region_new_container("box", 0x10000, NULL);
    MemoryRegion *r1 = test_ram("r1", 0x100, 0x11);
    memory_region_add_subregion(box, 0x100, r1, NULL);
    memory_region_unref(r1);
    testspace_add(&t, 0x50000, box, 0);
    MemoryRegion *win = memory_region_new_alias("win", box, 0x80, 0x200,
                                                NULL);
    testspace_add(&t, 0x90000, win, 0);
    EXPECT_BYTE(&t, 0x9007f, 0, MEMTX_DECODE_ERROR);
    EXPECT_BYTE(&t, 0x90080, 0x11, MEMTX_OK);
    EXPECT_BYTE(&t, 0x50100, 0x11, MEMTX_OK);
    /* Moving the target inside its parent does not move the window. */
    memory_region_set_address(box, 0x60000, NULL);
    EXPECT_BYTE(&t, 0x90080, 0x11, MEMTX_OK);
    EXPECT_BYTE(&t, 0x50100, 0, MEMTX_DECODE_ERROR);
    memory_region_unref(a1);
    memory_region_unref(ram);
    testspace_destroy(&t);
}

TEST(region_disable_move_resize)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *low = testspace_add(&t, 0, test_ram("low", 0x4000, 1), 0);
    MemoryRegion *box = memory_region_new_container("box", 0x2000, NULL);
    MemoryRegion *hi = test_ram("hi", 0x1000, 2);
    memory_region_add_subregion(box, 0x1000, hi, NULL);
    memory_region_unref(hi);
    testspace_add(&t, 0, box, 1);
    EXPECT_BYTE(&t, 0x1000, 2, MEMTX_OK);
    EXPECT_BYTE(&t, 0x0fff, 1, MEMTX_OK);
    memory_region_set_enabled(box, false);
    EXPECT_BYTE(&t, 0x1000, 1, MEMTX_OK);
    memory_region_set_enabled(box, true);
    memory_region_set_enabled(hi, false);
    EXPECT_BYTE(&t, 0x1000, 1, MEMTX_OK);
    memory_region_set_enabled(hi, true);
    CHECK_EQ(memory_region_set_address(box, 0x8000, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x1000, 1, MEMTX_OK);
    EXPECT_BYTE(&t, 0x9000, 2, MEMTX_OK);
    CHECK_EQ(memory_region_set_size(low, 0x800, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x7ff, 1, MEMTX_OK);
    EXPECT_BYTE(&t, 0x800, 0, MEMTX_DECODE_ERROR);
    CHECK_EQ(memory_region_size(low), 0x800);
    CHECK_EQ(memory_region_set_size(low, 0x4000, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x3fff, 1, MEMTX_OK);
    testspace_destroy(&t);
}

TEST(region_readonly_refuses_writes_but_debug)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *box = memory_region_new_container("box", 0x10000, NULL);
    MemoryRegion *ram = test_ram("ram", 0x1000, 7);
    TestDev dev = { 0 };
    MemoryRegion *io = memory_region_new_io("io", 0x100, &testdev_ops_le,
                                            &dev, NULL);
    memory_region_add_subregion(box, 0, ram, NULL);
    memory_region_add_subregion(box, 0x2000, io, NULL);
    memory_region_unref(ram);
    memory_region_unref(io);
    testspace_add(&t, 0x100000, box, 0);
    memory_region_set_readonly(box, true);

    MemTxResult r;
    address_space_stb(&t.as, 0x100000, 9, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ACCESS_ERROR);
    EXPECT_BYTE(&t, 0x100000, 7, MEMTX_OK);
    address_space_stb(&t.as, 0x102000, 9, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_ACCESS_ERROR);
    CHECK_EQ(dev.nr_calls, 0);
    address_space_stb(&t.as, 0x100000, 9, (MemTxAttrs){ .debug = 1 }, &r);
    CHECK_EQ(r, MEMTX_OK);
    EXPECT_BYTE(&t, 0x100000, 9, MEMTX_OK);
    memory_region_set_readonly(box, false);
    address_space_stb(&t.as, 0x100001, 5, ATTRS_NS, &r);
    CHECK_EQ(r, MEMTX_OK);

    /* ROM is RAM that refuses non-debug writes. */
    MemoryRegion *rom = testspace_add(
        &t, 0x200000, memory_region_new_rom("rom", 0x1000, NULL), 0);
    CHECK(memory_region_is_ram(rom));
    CHECK(!memory_region_is_ram(box));
    address_space_stl_le(&t.as, 0x200000, 0x12345678, ATTRS_S, &r);
    CHECK_EQ(r, MEMTX_ACCESS_ERROR);
    CHECK_EQ(address_space_ldl_le(&t.as, 0x200000, ATTRS_S, NULL), 0);
    address_space_stl_le(&t.as, 0x200000, 0x12345678,
                         (MemTxAttrs){ .debug = 1 }, &r);
    CHECK_EQ(address_space_ldl_le(&t.as, 0x200000, ATTRS_S, NULL),
             0x12345678);
    testspace_destroy(&t);
}

TEST(region_rom_device_modes)
{
    TestSpace t;
    testspace_init(&t);
    TestDev dev = { 0 };
    memset(dev.regs, 0x5a, sizeof(dev.regs));
    MemoryRegion *flash = testspace_add(
        &t, 0, memory_region_new_rom_device("flash", 0x1000, &testdev_ops_le,
                                            &dev, NULL), 0);
    uint8_t *array = memory_region_get_ram_ptr(flash);
    CHECK(!memory_region_is_ram(flash));
    CHECK(array != NULL);
    array[0x10] = 0xaa;
    EXPECT_BYTE(&t, 0x10, 0xaa, MEMTX_OK);
    CHECK_EQ(dev.nr_calls, 0);
    /* Writes always reach the device (flash commands). */
    address_space_stb(&t.as, 0x10, 0x90, ATTRS_NS, NULL);
    CHECK_EQ(dev.nr_calls, 1);
    CHECK(dev.calls[0].is_write && dev.calls[0].value == 0x90);
    CHECK_EQ(array[0x10], 0xaa);
    memory_region_rom_device_set_romd(flash, false);
    EXPECT_BYTE(&t, 0x11, 0x5a, MEMTX_OK);
    CHECK_EQ(dev.nr_calls, 2);
    /* A loader's debug write lands in the array in either mode. */
    address_space_stb(&t.as, 0x20, 0x77, (MemTxAttrs){ .debug = 1 }, NULL);
    CHECK_EQ(array[0x20], 0x77);
    memory_region_rom_device_set_romd(flash, true);
    EXPECT_BYTE(&t, 0x20, 0x77, MEMTX_OK);
    testspace_destroy(&t);
}

static unsigned calls_after_destroy;

static MemTxResult counting_read(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    (void)opaque, (void)addr, (void)size, (void)attrs;
    calls_after_destroy++;
    *data = 0x42;
    return MEMTX_OK;
}

TEST(region_destroyed_while_aliased_answers_decode_error)
{
    TestSpace t;
    testspace_init(&t);
    static const MemoryRegionOps ops = { .read = counting_read,
                                         .write = testdev_write };
    /* The opaque is heap memory so that ASan sees any use after free. */
    TestDev *dev = calloc(1, sizeof(*dev));
    MemoryRegion *io = memory_region_new_io("dev", 0x100, &ops, dev, NULL);
    memory_region_add_subregion(t.root, 0x1000, io, NULL);
    MemoryRegion *alias = memory_region_new_alias("dev-alias", io, 0, 0x100,
                                                  NULL);
    testspace_add(&t, 0x8000, alias, 0);
    EXPECT_BYTE(&t, 0x8000, 0x42, MEMTX_OK);
    memory_region_destroy(io);
    free(dev);
    calls_after_destroy = 0;
    EXPECT_BYTE(&t, 0x8000, 0, MEMTX_DECODE_ERROR);
    EXPECT_BYTE(&t, 0x1000, 0, MEMTX_DECODE_ERROR);
    CHECK_EQ(calls_after_destroy, 0);
    address_space_stb(&t.as, 0x8000, 1, ATTRS_NS, NULL);
    testspace_destroy(&t);
}

TEST(region_ram_outlives_removal_while_mapped)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *ram = testspace_add(&t, 0x4000, test_ram("r", 0x1000, 3),
                                      0);
    hwaddr len = 0x1000;
    uint8_t *p = address_space_map(&t.as, 0x4000, &len, true, ATTRS_NS, NULL);
    CHECK(p != NULL);
    memory_region_del_subregion(t.root, ram, NULL);
    EXPECT_BYTE(&t, 0x4000, 0, MEMTX_DECODE_ERROR);
    /* The mapping still holds the RAM: writing through it is safe. */
    memset(p, 0xee, len);
    address_space_unmap(&t.as, p, len, true, len);
    testspace_destroy(&t);
}

TEST(region_ram_shared_fd_shows_same_bytes)
{
    MemoryRegion *a = memory_region_new_ram_shared("shared", 0x2000, NULL);
    uint64_t off = 99;
    int fd = memory_region_get_fd(a, &off);
    CHECK(fd >= 0);
    CHECK_EQ(off, 0);
    MemError err = { 0 };
    MemoryRegion *b = memory_region_new_ram_from_fd("peer", 0x1000, fd,
                                                    0x1000, &err);
    CHECK(b != NULL);
    CHECK(memory_region_new_ram_from_fd("short", 0x2000, fd, 0x1000, &err) ==
          NULL);
    CHECK_EQ(err.code, MEM_ERR_INVAL);
    CHECK(memory_region_new_ram_from_fd("odd", 0x100, fd, 0x10, &err) ==
          NULL);
    if (b) {
        uint8_t *pa = memory_region_get_ram_ptr(a);
        uint8_t *pb = memory_region_get_ram_ptr(b);
        pa[0x1004] = 0x99;
        CHECK_EQ(pb[4], 0x99);
        pb[8] = 0x66;
        CHECK_EQ(pa[0x1008], 0x66);
        memory_region_unref(b);
    }
    /* Another process mapping the fd sees the bytes too. */
    pid_t pid = fork();
    if (pid == 0) {
        MemoryRegion *c = memory_region_new_ram_from_fd("child", 0x2000, fd,
                                                        0, NULL);
        uint8_t *pc = c ? memory_region_get_ram_ptr(c) : NULL;
        _exit(pc && pc[0x1004] == 0x99 ? (pc[0] = 0x31, 0) : 1);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ(((uint8_t *)memory_region_get_ram_ptr(a))[0], 0x31);
    memory_region_unref(a);
}

TEST(region_destroyed_container_releases_its_children)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *box = memory_region_new_container("box", 0x10000, NULL);
    MemoryRegion *ram = test_ram("ram", 0x1000, 4);
    memory_region_add_subregion(box, 0x1000, ram, NULL);
    memory_region_add_subregion(t.root, 0x10000, box, NULL);
    EXPECT_BYTE(&t, 0x11000, 4, MEMTX_OK);
    memory_region_destroy(box);
    EXPECT_BYTE(&t, 0x11000, 0, MEMTX_DECODE_ERROR);
    /* The child is free again: its owner can place it elsewhere. */
    CHECK_EQ(memory_region_add_subregion(t.root, 0x40000, ram, NULL), MEM_OK);
    EXPECT_BYTE(&t, 0x40000, 4, MEMTX_OK);
    memory_region_unref(ram);
    testspace_destroy(&t);
}

TEST(region_move_counts_as_re_adding)
{
    TestSpace t;
    testspace_init(&t);
    MemoryRegion *a = testspace_add(&t, 0x1000, test_ram("a", 0x100, 0xaa),
                                    0);
    testspace_add(&t, 0x1000, test_ram("b", 0x100, 0xbb), 0);
    EXPECT_BYTE(&t, 0x1080, 0xbb, MEMTX_OK);
    memory_region_set_address(a, 0x1080, NULL);
    EXPECT_BYTE(&t, 0x1080, 0xaa, MEMTX_OK);
    EXPECT_BYTE(&t, 0x107f, 0xbb, MEMTX_OK);
    testspace_destroy(&t);
}
