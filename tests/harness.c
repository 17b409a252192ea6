/* The harness behind tests/harness.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

typedef struct Test {
    const char *name;
    TestFn fn;
} Test;

static Test tests[1024];
static size_t nr_tests;
static unsigned current_failures;

void harness_register(const char *name, TestFn fn)
{
    if (nr_tests == sizeof(tests) / sizeof(tests[0])) {
        fprintf(stderr, "harness: too many tests\n");
        abort();
    }
    tests[nr_tests++] = (Test){ name, fn };
}

bool harness_check(bool ok, const char *what, const char *file, int line)
{
    if (!ok) {
        current_failures++;
        printf("  %s:%d: CHECK(%s) failed\n", file, line, what);
    }
    return ok;
}

bool harness_check_eq(uint64_t got, uint64_t want, const char *got_expr,
                      const char *want_expr, const char *file, int line)
{
    if (got != want) {
        current_failures++;
        printf("  %s:%d: %s == 0x%llx, expected %s == 0x%llx\n", file, line,
               got_expr, (unsigned long long)got, want_expr,
               (unsigned long long)want);
    }
    return got == want;
}

bool harness_check_str(const char *got, const char *want, const char *expr,
                       const char *file, int line)
{
    bool ok = got && want && strcmp(got, want) == 0;
    if (!ok) {
        current_failures++;
        printf("  %s:%d: %s differs.\n--- got:\n%s\n--- expected:\n%s\n---\n",
               file, line, expr, got ? got : "(null)",
               want ? want : "(null)");
    }
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const Test *)a)->name, ((const Test *)b)->name);
}

static bool selected(const char *name, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strstr(name, argv[i])) {
            return true;
        }
    }
    return argc < 2;
}

int main(int argc, char **argv)
{
    unsigned passed = 0, failed = 0;
    qsort(tests, nr_tests, sizeof(Test), by_name);
    for (size_t i = 0; i < nr_tests; i++) {
        if (!selected(tests[i].name, argc, argv)) {
            continue;
        }
        current_failures = 0;
        tests[i].fn();
        if (current_failures) {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        } else {
            printf("ok   %s\n", tests[i].name);
            passed++;
        }
        fflush(stdout);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
