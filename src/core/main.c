/*
 * tzemu's entry point. This build models the memory system: it builds the
 * board, prints its memory map as `info mtree` and `info mtree -f` do, and
 * probes which world can reach which memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../boards/virt.h"
#include "options.h"
#include "probe.h"

#define TZEMU_VERSION "0.1.0"

int main(int argc, char **argv)
{
    Options o;
    char msg[256];
    if (options_parse(&o, argc, argv, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "tzemu: %s\n", msg);
        return 1;
    }
    if (o.help) {
        options_usage(stdout);
        return 0;
    }
    if (o.version) {
        printf("tzemu version " TZEMU_VERSION "\n");
        return 0;
    }
    if (o.list_machines) {
        printf("Supported machines are:\n"
               "virt                 tzemu ARM Virtual Machine\n");
        return 0;
    }
    VirtMachine m;
    MemError err = { 0 };
    VirtOptions vo = { .secure = o.secure, .ram_size = o.ram_size };
    if (virt_init(&m, &vo, &err) != MEM_OK) {
        fprintf(stderr, "tzemu: %s\n", err.message);
        return 1;
    }
    printf("tzemu " TZEMU_VERSION ": machine virt, secure=%s, RAM %llu MiB\n\n",
           o.secure ? "on" : "off",
           (unsigned long long)(o.ram_size >> 20));
    printf("(tzemu) info mtree\n");
    memory_dump_tree(stdout, m.spaces, 2);
    printf("(tzemu) info mtree -f\n");
    memory_dump_flat(stdout, m.spaces, 2);
    probe_print(stdout, &m);
    virt_destroy(&m);
    return 0;
}
