/* The rate-limited device log behind devlog.h. */
#include "devlog.h"

void devlog_vprintf(FILE *out, unsigned *count, const char *category,
                    const char *device, const char *fmt, va_list ap)
{
    if (!out) {
        return;
    }
    if (*count < DEVLOG_LIMIT) {
        fprintf(out, "tzemu: %s: %s: ", category, device);
        vfprintf(out, fmt, ap);
        fputc('\n', out);
    } else if (*count == DEVLOG_LIMIT) {
        fprintf(out, "tzemu: %s: %s: further messages suppressed\n",
                category, device);
    }
    if (*count <= DEVLOG_LIMIT) {
        (*count)++;
    }
}
