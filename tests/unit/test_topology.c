/*
 * Topology changes: listener ranges, shared flat views, transaction
 * batching, views rooted below the top, independence of separate roots.
 */
#include <string.h>

#include "testlib.h"

typedef struct Recorder {
    MemoryListener l;
    char log[2048];
    unsigned begins, commits;
} Recorder;

static void rec_line(Recorder *r, char op, const MemoryRegionSection *s)
{
    size_t n = strlen(r->log);
    snprintf(r->log + n, sizeof(r->log) - n, "%c %s %llx-%llx @%llx\n", op,
             memory_region_name(s->mr), (unsigned long long)s->addr,
             (unsigned long long)s->last,
             (unsigned long long)s->offset_in_region);
}

static void rec_add(MemoryListener *l, const MemoryRegionSection *s)
{
    rec_line((Recorder *)l, '+', s);
}

static void rec_del(MemoryListener *l, const MemoryRegionSection *s)
{
    rec_line((Recorder *)l, '-', s);
}

static void rec_begin(MemoryListener *l)
{
    ((Recorder *)l)->begins++;
}

static void rec_commit(MemoryListener *l)
{
    ((Recorder *)l)->commits++;
}

static void recorder_init(Recorder *r, AddressSpace *as)
{
    memset(r, 0, sizeof(*r));
    r->l = (MemoryListener){ .begin = rec_begin, .region_add = rec_add,
                             .region_del = rec_del, .commit = rec_commit };
    memory_listener_register(&r->l, as);
}

TEST(topology_listeners_get_exact_ranges)
{
    TestSpace t;
    testspace_init(&t);
    testspace_add(&t, 0x1000, test_ram("a", 0x1000, 0), 0);
    testspace_add(&t, 0x10000, test_ram("far", 0x1000, 0), 0);
    Recorder r;
    recorder_init(&r, &t.as);
    CHECK_STR(r.log, "+ a 1000-1fff @0\n+ far 10000-10fff @0\n");
    r.log[0] = '\0';
    MemoryRegion *b = testspace_add(&t, 0x1800, test_ram("b", 0x400, 0), 1);
    CHECK_STR(r.log, "- a 1000-1fff @0\n"
                     "+ a 1000-17ff @0\n"
                     "+ b 1800-1bff @0\n"
                     "+ a 1c00-1fff @c00\n");
    CHECK(r.begins == 2 && r.commits == 2);
    r.log[0] = '\0';
    memory_region_set_enabled(b, false);
    CHECK_STR(r.log, "- a 1000-17ff @0\n"
                     "- b 1800-1bff @0\n"
                     "- a 1c00-1fff @c00\n"
                     "+ a 1000-1fff @0\n");
    /* A change that leaves the view as it was tells nobody. */
    r.log[0] = '\0';
    memory_region_set_address(b, 0x1800, NULL);
    CHECK_STR(r.log, "");
    CHECK_EQ(r.commits, 3);
    memory_listener_unregister(&r.l);
    memory_region_set_enabled(b, true);
    CHECK_STR(r.log, "");
    testspace_destroy(&t);
}

TEST(topology_shared_flat_view_and_batching)
{
    MemoryRegion *root = memory_region_new_container("sys", MEMORY_SIZE_2_64,
                                                     NULL);
    AddressSpace a, b;
    address_space_init(&a, root, "a");
    address_space_init(&b, root, "b");
    CHECK(a.current_map == b.current_map);
    Recorder ra, rb;
    recorder_init(&ra, &a);
    recorder_init(&rb, &b);

    memory_transaction_begin();
    memory_transaction_begin();
    MemoryRegion *ram[8];
    for (int i = 0; i < 8; i++) {
        ram[i] = test_ram("r", 0x1000, (uint8_t)i);
        memory_region_add_subregion(root, 0x1000 * (hwaddr)i, ram[i], NULL);
        memory_region_unref(ram[i]);
    }
    memory_transaction_commit();
    /* Nothing is rendered until the outermost commit. */
    MemTxResult res;
    address_space_ldub(&a, 0x3000, ATTRS_NS, &res);
    CHECK_EQ(res, MEMTX_DECODE_ERROR);
    CHECK_EQ(ra.commits, 1);
    memory_region_set_enabled(ram[3], false);
    memory_region_set_enabled(ram[3], true);
    memory_transaction_commit();
    CHECK_EQ(ra.commits, 2);
    CHECK_EQ(rb.commits, 2);
    CHECK(a.current_map == b.current_map);
    CHECK_EQ(address_space_ldub(&b, 0x3000, ATTRS_NS, &res), 3);
    CHECK_EQ(res, MEMTX_OK);
    /* Adjacent RAM regions stay separate sections. */
    CHECK_STR(strstr(ra.log, "+ r 7000"), "+ r 7000-7fff @0\n");
    address_space_destroy(&a);
    address_space_destroy(&b);
    memory_region_unref(root);
}

TEST(topology_separate_roots_do_not_notify_each_other)
{
    TestSpace one, two;
    testspace_init(&one);
    testspace_init(&two);
    Recorder r;
    recorder_init(&r, &two.as);
    testspace_add(&one, 0, test_ram("x", 0x1000, 0), 0);
    CHECK_EQ(r.commits, 1);
    /* A region in no tree changes: nobody is told. */
    MemoryRegion *lone = test_ram("lone", 0x1000, 0);
    memory_region_set_address(lone, 0x5000, NULL);
    CHECK_EQ(r.commits, 1);
    memory_region_unref(lone);
    testspace_destroy(&one);
    testspace_destroy(&two);
}

TEST(topology_space_rooted_below_the_top)
{
    /* As on virt,secure=on: the NS root sits inside the Secure root. */
    MemoryRegion *secure = memory_region_new_container("secure",
                                                       MEMORY_SIZE_2_64, NULL);
    MemoryRegion *sys = memory_region_new_container("sys", 0x100000, NULL);
    memory_region_add_subregion_overlap(secure, 0x40000, sys, -1, NULL);
    MemoryRegion *ram = test_ram("ram", 0x1000, 9);
    memory_region_add_subregion(sys, 0x2000, ram, NULL);
    AddressSpace ns, s;
    address_space_init(&ns, sys, "ns");
    address_space_init(&s, secure, "s");
    CHECK_EQ(address_space_ldub(&ns, 0x2000, ATTRS_NS, NULL), 9);
    CHECK_EQ(address_space_ldub(&s, 0x42000, ATTRS_S, NULL), 9);
    /* A change deep inside reaches both roots' views. */
    memory_region_set_address(ram, 0x3000, NULL);
    CHECK_EQ(address_space_ldub(&ns, 0x3000, ATTRS_NS, NULL), 9);
    CHECK_EQ(address_space_ldub(&s, 0x43000, ATTRS_S, NULL), 9);
    address_space_destroy(&ns);
    address_space_destroy(&s);
    memory_region_unref(ram);
    memory_region_unref(sys);
    memory_region_unref(secure);
}
