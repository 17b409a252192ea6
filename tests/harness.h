/*
 * A tiny test harness: TEST() registers a function, CHECK*() record failures
 * with file and line and let the test go on. The run ends with the line
 * "N passed, N failed". Arguments filter tests by substring of their name.
 */
#ifndef TZEMU_TEST_HARNESS_H
#define TZEMU_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*TestFn)(void);

void harness_register(const char *name, TestFn fn);
bool harness_check(bool ok, const char *what, const char *file, int line);
bool harness_check_eq(uint64_t got, uint64_t want, const char *got_expr,
                      const char *want_expr, const char *file, int line);
bool harness_check_str(const char *got, const char *want, const char *expr,
                       const char *file, int line);

/*
 * A test that talks to the host (sockets, terminals): if the code under
 * test ever blocks, SIGALRM ends the run, which counts as a failure,
 * instead of hanging it. Needs <unistd.h> for alarm().
 */
#define GUARD_SECONDS 60
#define GUARDED_TEST(name)                                                 \
    static void name##_body(void);                                         \
    TEST(name)                                                             \
    {                                                                      \
        alarm(GUARD_SECONDS);                                              \
        name##_body();                                                     \
        alarm(0);                                                          \
    }                                                                      \
    static void name##_body(void)

#define TEST(name)                                                         \
    static void name(void);                                                \
    __attribute__((constructor)) static void register_##name(void)        \
    {                                                                      \
        harness_register(#name, name);                                     \
    }                                                                      \
    static void name(void)

#define CHECK(cond) harness_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(got, want)                                                \
    harness_check_eq((uint64_t)(got), (uint64_t)(want), #got, #want,       \
                     __FILE__, __LINE__)
#define CHECK_STR(got, want)                                               \
    harness_check_str((got), (want), #got, __FILE__, __LINE__)

#endif
