/* The world-isolation probe behind probe.h. */
#include "probe.h"

/* Reads then writes back what was read: the probe changes nothing. */
static void probe_world(char *cell, size_t len, AddressSpace *as, hwaddr addr,
                        bool secure)
{
    MemTxAttrs attrs = { .secure = secure };
    MemTxResult r;
    uint32_t v = address_space_ldl_le(as, addr, attrs, &r);
    MemTxResult w;
    address_space_stl_le(as, addr, v, attrs, &w);
    snprintf(cell, len, "%s/%s", memtx_result_name(r), memtx_result_name(w));
}

typedef struct SectionCollector {
    MemoryListener listener;
    MemoryRegionSection sections[64];
    size_t n;
} SectionCollector;

static void collect(MemoryListener *l, const MemoryRegionSection *s)
{
    SectionCollector *c = (SectionCollector *)l;
    if (c->n < sizeof(c->sections) / sizeof(c->sections[0])) {
        c->sections[c->n++] = *s;
    }
}

void probe_print(FILE *out, VirtMachine *m)
{
    /* The Secure view shows every region either world can reach. */
    SectionCollector c = { .listener = { .region_add = collect } };
    memory_listener_register(&c.listener, &m->as_s);
    memory_listener_unregister(&c.listener);
    fprintf(out, "World isolation probe (32-bit read, then write back, at "
                 "each region's start):\n");
    fprintf(out, "  %-18s  %-16s  %-28s  %s\n", "address", "region",
            "Non-secure (read/write)", "Secure (read/write)");
    for (size_t i = 0; i < c.n; i++) {
        hwaddr a = c.sections[i].addr;
        char ns[40], s[40];
        probe_world(ns, sizeof(ns), &m->as_ns, a, false);
        probe_world(s, sizeof(s), &m->as_s, a, true);
        fprintf(out, "  0x%016llx  %-16s  %-28s  %s\n", (unsigned long long)a,
                memory_region_name(c.sections[i].mr), ns, s);
    }
}
