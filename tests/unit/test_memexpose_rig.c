/* The two-sided memexpose rig behind test_memexpose_rig.h. */
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "test_memexpose_rig.h"

long long rig_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static void side_irq(void *opaque, int n, int level)
{
    (void)n;
    atomic_store(&((MxSide *)opaque)->irq_level, level);
}

static void side_add(MemoryRegion *parent, hwaddr addr, MemoryRegion *mr,
                     int prio)
{
    CHECK_EQ(memory_region_add_subregion_overlap(parent, addr, mr, prio,
                                                 NULL), MEM_OK);
}

static void side_init(MxSide *s, const char *name,
                      const MemExposeConfig *cfg_in)
{
    s->name = name;
    s->log_file = open_memstream(&s->log, &s->log_len);
    s->root_ns = memory_region_new_container(name, MEMORY_SIZE_2_64, NULL);
    /* The Secure space sees the Non-secure one, plus its own regions. */
    s->root_s = memory_region_new_container("secure", MEMORY_SIZE_2_64,
                                            NULL);
    MemoryRegion *alias = memory_region_new_alias("ns", s->root_ns, 0,
                                                  MEMORY_SIZE_2_64, NULL);
    side_add(s->root_s, 0, alias, 0);
    memory_region_unref(alias);
    address_space_init(&s->as_ns, s->root_ns, "ns");
    address_space_init(&s->as_s, s->root_s, "s");
    MemExposeConfig cfg = *cfg_in;
    cfg.name = name;
    cfg.as_ns = &s->as_ns;
    cfg.as_secure = &s->as_s;
    cfg.irq = irq_line(side_irq, s, 0);
    MemError err;
    s->dev = memexpose_new(&cfg, &err);
    CHECK(s->dev != NULL);
    memexpose_set_log(s->dev, s->log_file);
}

void rig_init(MxRig *r, int timeout_ms)
{
    memset(r, 0, sizeof(*r));
    MxSide *a = &r->a, *b = &r->b;
    side_init(a, "A", &(MemExposeConfig){ .expose_addr = A_RAM,
                                          .expose_size = A_EXPOSE_SIZE,
                                          .window_size = B_RAM_SIZE,
                                          .timeout_ms = timeout_ms });
    a->ram = memory_region_new_ram_shared("A.ram", A_RAM_SIZE, NULL);
    side_add(a->root_ns, A_RAM, a->ram, 0);
    MemoryRegion *dev = memory_region_new_io("A.dev", 0x100, &testdev_ops_le,
                                             &a->tdev, NULL);
    side_add(a->root_ns, A_DEV, dev, 0);
    memory_region_unref(dev);
    MemoryRegion *sdev = memory_region_new_io("A.sdev", 0x100,
                                              &testdev_ops_le, &a->sdev, NULL);
    side_add(a->root_s, A_SDEV, sdev, 1);
    memory_region_unref(sdev);
    a->sram = memory_region_new_ram_shared("A.sram", 0x1000, NULL);
    side_add(a->root_s, A_SRAM, a->sram, 1);
    side_add(a->root_ns, A_WINDOW, memexpose_window(a->dev), 0);
    side_add(a->root_ns, A_REGS, memexpose_regs(a->dev), 0);

    side_init(b, "B", &(MemExposeConfig){ .expose_addr = B_RAM,
                                          .expose_size = B_RAM_SIZE,
                                          .window_size = A_EXPOSE_SIZE,
                                          .timeout_ms = timeout_ms });
    b->ram = memory_region_new_ram("B.ram", B_RAM_SIZE, NULL);
    side_add(b->root_ns, B_RAM, b->ram, 0);
    side_add(b->root_ns, B_WINDOW, memexpose_window(b->dev), 0);
    side_add(b->root_ns, B_REGS, memexpose_regs(b->dev), 0);
}

bool side_poll_until(MxSide *s, uint32_t bits)
{
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while ((memexpose_status(s->dev) & bits) != bits &&
           rig_now_ms() < end) {
        if (memexpose_poll(s->dev) == 0) {
            struct pollfd p = { .fd = memexpose_fd(s->dev), .events = POLLIN };
            poll(&p, 1, 1);
        }
    }
    return (memexpose_status(s->dev) & bits) == bits;
}

bool rig_connect(MxRig *r)
{
    int sv[2];
    if (!CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0)) {
        return false;
    }
    CHECK(memexpose_connect(r->a.dev, sv[0]));
    CHECK(memexpose_connect(r->b.dev, sv[1]));
    /* HELLO and EXPOSE go without waiting for replies: one thread will do. */
    const uint32_t up = MEMEXPOSE_STATUS_CONNECTED | MEMEXPOSE_STATUS_WINDOW;
    long long end = rig_now_ms() + RIG_WAIT_MS;
    while (((memexpose_status(r->a.dev) & up) != up ||
            (memexpose_status(r->b.dev) & up) != up) &&
           rig_now_ms() < end) {
        memexpose_poll(r->a.dev);
        memexpose_poll(r->b.dev);
    }
    return CHECK_EQ(memexpose_status(r->a.dev), up) &&
           CHECK_EQ(memexpose_status(r->b.dev), up);
}

bool rig_start(MxRig *r, int timeout_ms)
{
    rig_init(r, timeout_ms);
    if (!rig_connect(r)) {
        rig_destroy(r);
        return false;
    }
    return true;
}

static void side_destroy(MxSide *s)
{
    memexpose_free(s->dev);
    address_space_destroy(&s->as_s);
    address_space_destroy(&s->as_ns);
    memory_region_unref(s->root_s);
    memory_region_unref(s->root_ns);
    if (s->ram) {
        memory_region_unref(s->ram);
    }
    if (s->sram) {
        memory_region_unref(s->sram);
    }
    fclose(s->log_file);
    free(s->log);
}

void rig_destroy(MxRig *r)
{
    side_destroy(&r->a);
    side_destroy(&r->b);
}

const char *side_log(MxSide *s)
{
    fflush(s->log_file);
    return s->log ? s->log : "";
}

unsigned side_log_count(MxSide *s, const char *needle)
{
    unsigned n = 0;
    for (const char *p = side_log(s); (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

uint32_t side_reg_read(MxSide *s, hwaddr off)
{
    hwaddr base = s->name[0] == 'A' ? A_REGS : B_REGS;
    return address_space_ldl_le(&s->as_ns, base + off, ATTRS_NS, NULL);
}

void side_reg_write(MxSide *s, hwaddr off, uint32_t v)
{
    hwaddr base = s->name[0] == 'A' ? A_REGS : B_REGS;
    address_space_stl_le(&s->as_ns, base + off, v, ATTRS_NS, NULL);
}

static void *runner_main(void *opaque)
{
    MxRunner *r = opaque;
    if (r->work) {
        r->work(r->side, r->arg);
    }
    atomic_store(&r->work_done, true);
    while (!atomic_load(&r->stop)) {
        if (memexpose_poll(r->side->dev) == 0) {
            int fd = memexpose_fd(r->side->dev);
            if (fd < 0) {
                usleep(1000);
                continue;
            }
            struct pollfd p = { .fd = fd, .events = POLLIN };
            poll(&p, 1, 2);
        }
    }
    return NULL;
}

void runner_start(MxRunner *r, MxSide *side,
                  void (*work)(MxSide *side, void *arg), void *arg)
{
    memset(r, 0, sizeof(*r));
    r->side = side;
    r->work = work;
    r->arg = arg;
    CHECK(pthread_create(&r->thread, NULL, runner_main, r) == 0);
}

void runner_stop(MxRunner *r)
{
    atomic_store(&r->stop, true);
    pthread_join(r->thread, NULL);
}
