/*
 * tzemu's entry point: parse the command line, then either run the
 * machine (an image was given) or, with nothing to run, show the board's
 * memory system: its `info mtree` views and which world reaches what.
 */
#include <stdio.h>
#include <stdlib.h>

#include "machine.h"
#include "options.h"
#include "probe.h"

#define TZEMU_VERSION "0.2.0"

static int show_memory_system(const Options *o)
{
    VirtMachine m;
    MemError err = { 0 };
    VirtOptions vo = { .secure = o->secure, .mpc = o->mpc, .remap = o->remap,
                       .ram_size = o->ram_size };
    if (virt_init(&m, &vo, &err) != MEM_OK) {
        fprintf(stderr, "tzemu: %s\n", err.message);
        return 1;
    }
    printf("tzemu " TZEMU_VERSION ": machine virt, secure=%s, RAM %llu MiB "
           "(no -kernel or -bios: showing the memory system)\n\n",
           o->secure ? "on" : "off", (unsigned long long)(o->ram_size >> 20));
    printf("(tzemu) info mtree\n");
    memory_dump_tree(stdout, m.spaces, 2);
    printf("(tzemu) info mtree -f\n");
    memory_dump_flat(stdout, m.spaces, 2);
    probe_print(stdout, &m);
    virt_destroy(&m);
    return 0;
}

static int run(const Options *o)
{
    if (options_print_listings(o, stdout)) {
        return 0;
    }
    if (o->help) {
        options_usage(stdout);
        return 0;
    }
    if (o->version) {
        printf("tzemu version " TZEMU_VERSION "\n");
        return 0;
    }
    if (!o->kernel && !o->bios && !o->dumpdtb) {
        return show_memory_system(o);
    }
    Machine m;
    char msg[512];
    if (machine_init(&m, o, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "tzemu: %s\n", msg);
        return 1;
    }
    if (o->dumpdtb) {
        /* As QEMU: the tree is written in place of running the machine. */
        fprintf(stderr, "tzemu: info: dtb dumped to %s. Exiting.\n",
                o->dumpdtb);
        machine_destroy(&m);
        return 0;
    }
    int status = machine_run(&m);
    machine_destroy(&m);
    return status;
}

int main(int argc, char **argv)
{
    Options o;
    char msg[512];
    int status;
    if (options_parse(&o, argc, argv, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "tzemu: %s\n", msg);
        status = 1;
    } else {
        status = run(&o);
    }
    options_free(&o);
    return status;
}
