/*
 * The command line, in qemu-system-arm's spelling for what tzemu covers.
 * Options are a table (name, argument, handler, help), so the parser, the
 * usage text and the "unknown option" message cannot disagree.
 */
#ifndef TZEMU_CORE_OPTIONS_H
#define TZEMU_CORE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "memexpose_opts.h"

#define OPTIONS_DEFAULT_RAM (128ull << 20)
#define OPTIONS_MAX_SERIAL 2
#define OPTIONS_MAX_ARGS 16
/* -smp: virt's GICv2 serves at most 8 CPUs. */
#define OPTIONS_MAX_CPUS 8
/* -device loader: how many. */
#define OPTIONS_MAX_LOADERS 8
/* -icount shift: QEMU's limit. */
#define OPTIONS_MAX_ICOUNT_SHIFT 10

/* What -d may ask for. */
enum {
    LOG_INT = 1 << 0,
    LOG_UNIMP = 1 << 1,
    LOG_GUEST_ERRORS = 1 << 2,
    LOG_MEMTX = 1 << 3,
    LOG_IN_ASM = 1 << 4,
    LOG_EXEC = 1 << 5,
};

/*
 * -device loader,file=FILE[,addr=ADDR][,secure=on|off]: QEMU's generic
 * loader. With addr, the file's bytes go there as they are, through the
 * Non-secure address space (or the Secure one: secure=on, tzemu's
 * addition); without, the file is an ELF loaded at its physical addresses.
 */
typedef struct OptionsLoader {
    const char *file;
    uint64_t addr;
    bool has_addr;
    bool secure;
} OptionsLoader;

typedef struct Options {
    const char *machine;
    bool secure;
    /* -M virt,mpc=on: a TZ-MPC in front of the main RAM (needs secure). */
    bool mpc;
    /* -M virt,remap=on: the remapping memory controller instead. */
    bool remap;
    /* -M virt,firmware-psci=on: Secure firmware serves PSCI over SMC. */
    bool firmware_psci;
    uint64_t ram_size;
    /* -smp: how many CPUs. */
    unsigned nr_cpus;
    /* -icount shift (one instruction is 2^shift ns), or -1: host time. */
    int icount_shift;
    const char *kernel;
    const char *bios;
    const char *append;
    const char *initrd;
    /* -dtb: a device tree to use instead of the board's own. */
    const char *dtb;
    /* -machine dumpdtb=FILE: write the device tree there and stop. */
    const char *dumpdtb;
    bool semihosting;
    bool semihosting_userspace;
    /* -no-reboot: a guest's reset request ends the run instead. */
    bool no_reboot;
    /* -semihosting-config arg=...: the guest's command line words. */
    const char *semihosting_args[OPTIONS_MAX_ARGS];
    int nr_semihosting_args;
    OptionsLoader loaders[OPTIONS_MAX_LOADERS];
    int nr_loaders;
    /* -chardev socket and -device memexpose (memexpose_opts.h). */
    MemExposeOptsSet memexpose;
    const char *serial[OPTIONS_MAX_SERIAL];
    int nr_serial;
    unsigned log_mask;
    const char *log_file;
    bool help;
    bool version;
    bool list_machines;
    bool list_cpus;
    bool list_devices;
    bool list_chardevs;
} Options;

/*
 * Fills @o from argv; 0, or -1 with a sentence in @err naming the fix.
 * Strings point into argv except the semihosting arguments and the
 * loaders' files, which options_free() releases (call it in either case).
 */
int options_parse(Options *o, int argc, char **argv, char *err, size_t len);
void options_free(Options *o);
void options_usage(FILE *out);
/* Prints what a listing option (-machine help, -cpu help, ...) asked for;
 * false if none was asked. */
bool options_print_listings(const Options *o, FILE *out);

#endif
