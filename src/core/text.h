/* Small text helpers the command line and its backends share. */
#ifndef TZEMU_CORE_TEXT_H
#define TZEMU_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* QEMU's booleans: on/yes/true and off/no/false. 0, or -1 if neither. */
int text_parse_bool(const char *v, bool *out);

/*
 * Splits "a,b=c,..." (QEMU's option syntax; empty items are skipped) and
 * calls @fn(@target, key, value or NULL) for each item, stopping at the
 * first that fails. Returns 0, or what @fn returned (-1 out of memory).
 */
typedef int (*TextItemFn)(void *target, char *key, char *value, char *err,
                          size_t len);
int text_for_each_item(void *target, const char *spec, TextItemFn fn,
                       char *err, size_t len);

/* Formats a message into @err (@len bytes) and returns -1. */
int text_fail(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
