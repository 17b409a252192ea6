/* Small text helpers the command line and its backends share. */
#ifndef TZEMU_CORE_TEXT_H
#define TZEMU_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* QEMU's booleans: on/yes/true and off/no/false. 0, or -1 if neither. */
int text_parse_bool(const char *v, bool *out);

/* Formats a message into @err (@len bytes) and returns -1. */
int text_fail(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
