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

#define OPTIONS_DEFAULT_RAM (128ull << 20)
#define OPTIONS_MAX_SERIAL 2
#define OPTIONS_MAX_ARGS 16

/* What -d may ask for. */
enum {
    LOG_INT = 1 << 0,
    LOG_UNIMP = 1 << 1,
    LOG_GUEST_ERRORS = 1 << 2,
    LOG_MEMTX = 1 << 3,
    LOG_IN_ASM = 1 << 4,
    LOG_EXEC = 1 << 5,
};

typedef struct Options {
    const char *machine;
    bool secure;
    uint64_t ram_size;
    const char *kernel;
    const char *bios;
    const char *append;
    bool semihosting;
    bool semihosting_userspace;
    /* -semihosting-config arg=...: the guest's command line words. */
    const char *semihosting_args[OPTIONS_MAX_ARGS];
    int nr_semihosting_args;
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
 * Strings point into argv except the semihosting arguments, which
 * options_free() releases (call it in either case).
 */
int options_parse(Options *o, int argc, char **argv, char *err, size_t len);
void options_free(Options *o);
void options_usage(FILE *out);
/* Prints what a listing option (-machine help, -cpu help, ...) asked for;
 * false if none was asked. */
bool options_print_listings(const Options *o, FILE *out);

#endif
