/* The text helpers behind text.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

int text_parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(v, yes[i]) == 0 || strcmp(v, no[i]) == 0) {
            *out = strcmp(v, yes[i]) == 0;
            return 0;
        }
    }
    return -1;
}

int text_fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}
