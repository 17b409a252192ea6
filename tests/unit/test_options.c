/* Command-line parsing: QEMU spellings, merging, and clear rejections. */
#include <string.h>

#include "../../src/core/options.h"
#include "testlib.h"

static int parse(Options *o, char *err, const char *const *args)
{
    char *argv[16] = { "tzemu" };
    int argc = 1;
    while (args[argc - 1]) {
        argv[argc] = (char *)args[argc - 1];
        argc++;
    }
    return options_parse(o, argc, argv, err, 256);
}

TEST(options_machine_and_memory)
{
    Options o;
    char err[256] = "";
    CHECK_EQ(parse(&o, err, (const char *[]){ NULL }), 0);
    CHECK(!o.secure && o.ram_size == 128ull << 20);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-M", "virt,secure=on", "-m",
                                              "512", NULL }), 0);
    CHECK(o.secure && o.ram_size == 512ull << 20);
    /* Repeated -machine options merge, as on QEMU. */
    CHECK_EQ(parse(&o, err, (const char *[]){ "-machine", "virt", "-machine",
                                              "secure=on", "-m", "1G",
                                              NULL }), 0);
    CHECK(o.secure && o.ram_size == 1ull << 30);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-m", "size=64M", NULL }), 0);
    CHECK_EQ(o.ram_size, 64ull << 20);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-machine", "help", NULL }), 0);
    CHECK(o.list_machines);
}

TEST(options_errors_name_what_is_supported)
{
    Options o;
    char err[256];
    CHECK_EQ(parse(&o, err, (const char *[]){ "-frobnicate", NULL }), -1);
    CHECK(strstr(err, "unknown option '-frobnicate'") != NULL);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-M", "vexpress-a9", NULL }),
             -1);
    CHECK(strstr(err, "supported: virt") != NULL);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-M", "virt,secure=maybe",
                                              NULL }), -1);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-M", "virt,gic=3", NULL }),
             -1);
    CHECK(strstr(err, "'gic'") != NULL);
    CHECK_EQ(parse(&o, err, (const char *[]){ "-m", NULL }), -1);
    CHECK(strstr(err, "needs an argument") != NULL);
    const char *bad_sizes[] = { "0", "-5", "12Q", "1GB", "99999999999999T",
                                "" };
    for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
        CHECK_EQ(parse(&o, err, (const char *[]){ "-m", bad_sizes[i], NULL }),
                 -1);
    }
}
