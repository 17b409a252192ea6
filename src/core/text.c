/* The text helpers behind text.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

int text_for_each_item(void *target, const char *spec, TextItemFn fn,
                       char *err, size_t len)
{
    char *copy = strdup(spec);
    if (!copy) {
        return text_fail(err, len, "out of memory");
    }
    int rc = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok && !rc;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq) {
            *eq = '\0';
        }
        rc = fn(target, tok, eq ? eq + 1 : NULL, err, len);
    }
    free(copy);
    return rc;
}
