/*
 * The command line, in qemu-system-arm's spelling for what it covers:
 * -M/-machine (repeated ones merge), -m, --help, --version.
 */
#ifndef TZEMU_CORE_OPTIONS_H
#define TZEMU_CORE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Options {
    const char *machine;
    bool secure;
    uint64_t ram_size;
    bool help;
    bool version;
    bool list_machines;
} Options;

#define OPTIONS_DEFAULT_RAM (128ull << 20)

/* Fills @o from argv; 0, or -1 with a sentence in @err naming the fix. */
int options_parse(Options *o, int argc, char **argv, char *err, size_t len);
void options_usage(FILE *out);

#endif
