/*
 * The -d log: which categories are on and where lines go (-D FILE, else
 * stderr). One per machine.
 */
#ifndef TZEMU_CORE_LOG_H
#define TZEMU_CORE_LOG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct Log {
    unsigned mask;
    FILE *out;
    bool owns_out;
} Log;

/* Opens @path (NULL: stderr); 0, or -1 with @err filled. */
int log_open(Log *log, unsigned mask, const char *path, char *err,
             size_t len);
void log_close(Log *log);

static inline bool log_on(const Log *log, unsigned category)
{
    return (log->mask & category) != 0;
}

void log_printf(Log *log, unsigned category, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
