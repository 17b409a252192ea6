/* The -d log behind log.h. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "log.h"

int log_open(Log *log, unsigned mask, const char *path, char *err,
             size_t len)
{
    log->mask = mask;
    log->out = stderr;
    log->owns_out = false;
    if (path) {
        log->out = fopen(path, "w");
        if (!log->out) {
            snprintf(err, len, "-D %s: %s", path, strerror(errno));
            log->out = stderr;
            return -1;
        }
        log->owns_out = true;
    }
    return 0;
}

void log_close(Log *log)
{
    if (log->owns_out) {
        fclose(log->out);
    }
    log->out = stderr;
    log->owns_out = false;
}

void log_printf(Log *log, unsigned category, const char *fmt, ...)
{
    if (!log_on(log, category)) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log->out, fmt, ap);
    va_end(ap);
}
