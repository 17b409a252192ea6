/*
 * Device log lines ("tzemu: CATEGORY: DEVICE: message"), at most
 * DEVLOG_LIMIT per device and then one saying the rest are suppressed, so
 * a guest hammering a bad register cannot flood the log.
 */
#ifndef TZEMU_HW_DEVLOG_H
#define TZEMU_HW_DEVLOG_H

#include <stdarg.h>
#include <stdio.h>

#define DEVLOG_LIMIT 16

/* Writes one line to @out (NULL: nowhere), counting in *@count. */
void devlog_vprintf(FILE *out, unsigned *count, const char *category,
                    const char *device, const char *fmt, va_list ap);

#endif
