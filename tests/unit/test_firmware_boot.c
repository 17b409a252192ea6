/*
 * The boot of Secure firmware that starts Linux (-bios with -kernel, the
 * make run flow): the options (firmware-psci, -device loader) and their
 * errors, where the images and the tree go, -device loader's two address
 * spaces, and the Secure console sharing the first UART's terminal.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../../src/core/loader_linux.h"
#include "../../src/core/machine.h"
#include "memfile.h"
#include "testlib.h"

#define RAM 0x40000000u

static int parse(Options *o, char *err, const char *const *args)
{
    char *argv[24] = { "tzemu" };
    int argc = 1;
    while (args[argc - 1]) {
        argv[argc] = (char *)args[argc - 1];
        argc++;
    }
    return options_parse(o, argc, argv, err, 256);
}

/* Parses @args; true if the parse failed with @want in its message. */
static bool refused(const char *want, const char *const *args)
{
    Options o;
    char err[256] = "";
    int rc = parse(&o, err, args);
    options_free(&o);
    if (rc != -1 || !strstr(err, want)) {
        printf("  got %d '%s', wanted '%s'\n", rc, err, want);
        return false;
    }
    return true;
}

TEST(firmware_options_parse)
{
    Options o;
    char err[256] = "";
    CHECK_EQ(parse(&o, err, (const char *[]){
                 "-M", "virt,secure=on,firmware-psci=on", "-bios", "fw.bin",
                 "-device", "loader,file=a.bin,addr=0x40100000",
                 "-device", "loader,file=b.bin,addr=0x0e000000,secure=on",
                 "-device", "loader,file=c.elf", NULL }), 0);
    CHECK(o.firmware_psci && o.nr_loaders == 3);
    CHECK(strcmp(o.loaders[0].file, "a.bin") == 0 && o.loaders[0].has_addr &&
          o.loaders[0].addr == 0x40100000 && !o.loaders[0].secure);
    CHECK(o.loaders[1].secure && o.loaders[1].addr == 0x0e000000);
    CHECK(!o.loaders[2].has_addr && !o.loaders[2].secure);
    options_free(&o);
    CHECK_EQ(o.nr_loaders, 0);
}

/* Each bad command line and what its message must say. */
static const struct {
    const char *want;
    const char *args[8];
} bad_lines[] = {
    { "machine property firmware-psci takes on or off",
      { "-M", "virt,firmware-psci=maybe" } },
    { "firmware-psci=on needs -bios",
      { "-M", "virt,secure=on,firmware-psci=on", "-kernel", "k" } },
    { "-device 'virtio-net' is not supported (supported: loader",
      { "-device", "virtio-net" } },
    { "-device loader needs file=FILE",
      { "-bios", "b", "-device", "loader,addr=0x40000000" } },
    { "addr 'far' is not a 32-bit address",
      { "-bios", "b", "-device", "loader,file=f,addr=far" } },
    { "addr '0x100000000' is not a 32-bit address",
      { "-bios", "b", "-device", "loader,file=f,addr=0x100000000" } },
    { "secure takes on or off",
      { "-bios", "b", "-device", "loader,file=f,addr=0,secure=2" } },
    { "'cpu-num' is not supported",
      { "-bios", "b", "-device", "loader,file=f,cpu-num=0" } },
    { "secure=on needs addr=",
      { "-bios", "b", "-device", "loader,file=f,secure=on" } },
    { "-device loader needs -kernel or -bios",
      { "-device", "loader,file=f,addr=0" } },
};

TEST(firmware_options_errors)
{
    for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
        CHECK(refused(bad_lines[i].want, bad_lines[i].args));
    }
    const char *many[24] = { "-bios", "b" };
    for (int i = 0; i <= OPTIONS_MAX_LOADERS; i++) {
        many[2 + 2 * i] = "-device";
        many[3 + 2 * i] = "loader,file=f,addr=0";
    }
    CHECK(refused("at most 8 -device loader options", many));
}

/* A machine from @args with its images in memory files. */
static bool machine_up(Machine *m, Options *o, const char *const *args,
                       char *err)
{
    if (parse(o, err, args) < 0) {
        printf("  options: %s\n", err);
        return false;
    }
    if (machine_init(m, o, err, 256) < 0) {
        printf("  machine: %s\n", err);
        options_free(o);
        return false;
    }
    return true;
}

TEST(firmware_linux_images_placed_for_the_firmware)
{
    static const uint32_t fw[] = { 0xeafffffe };
    uint8_t kernel[0x2000] = { 0 }, initrd[0x1800];
    uint32_t hdr[3] = { ZIMAGE_MAGIC, 0, sizeof(kernel) };
    memcpy(kernel + ZIMAGE_MAGIC_OFFSET, hdr, sizeof(hdr));
    kernel[0] = 0xa5;
    memset(initrd, 0x3c, sizeof(initrd));
    MemFile f = memfile_new(fw, sizeof(fw));
    MemFile k = memfile_new(kernel, sizeof(kernel));
    MemFile i = memfile_new(initrd, sizeof(initrd));
    Machine m;
    Options o;
    char err[256];
    if (!CHECK(machine_up(&m, &o, (const char *[]){
                   "-M", "virt,secure=on,mpc=on,firmware-psci=on", "-m",
                   "512", "-serial", "null", "-bios", f.path, "-kernel",
                   k.path, "-initrd", i.path, "-append", "console=ttyAMA0",
                   NULL }, err))) {
        return;
    }
    AddressSpace *ns = &m.board.as_ns;
    /* The firmware runs from the reset vector... */
    CHECK_EQ(m.board.cpu->r[15], 0);
    CHECK(!(m.board.cpu->cp15.scr & SCR_NS));
    /* ... the kernel is where the direct boot puts it, no boot stub ... */
    CHECK_EQ(address_space_ldub(ns, RAM + LINUX_KERNEL_OFFSET, ATTRS_NS,
                                NULL), 0xa5);
    CHECK_EQ(address_space_ldub(ns, RAM + 128 * 1024 * 1024, ATTRS_NS,
                                NULL), 0x3c);
    /* ... and the tree, packed, at the RAM base below the kernel. */
    uint8_t tree[LINUX_KERNEL_OFFSET];
    CHECK_EQ(address_space_read(ns, RAM, ATTRS_NS, tree, sizeof(tree)),
             MEMTX_OK);
    CHECK_EQ(fdt_magic(tree), FDT_MAGIC);
    CHECK(fdt_totalsize(tree) <= LINUX_KERNEL_OFFSET);
    int chosen = fdt_path_offset(tree, "/chosen");
    const fdt32_t *end = fdt_getprop(tree, chosen, "linux,initrd-end", NULL);
    CHECK(end && fdt32_to_cpu(*end) == RAM + 128 * 1024 * 1024 +
                                            sizeof(initrd));
    const char *method = fdt_getprop(tree, fdt_path_offset(tree, "/psci"),
                                     "method", NULL);
    CHECK(method && strcmp(method, "smc") == 0);
    /* tzemu serves no PSCI: the firmware does. */
    CHECK(!m.smp.psci_on);
    /* The Secure console shares the only -serial. */
    CHECK(m.serial[1] != NULL);
    machine_destroy(&m);
    options_free(&o);
    memfile_close(&f);
    memfile_close(&k);
    memfile_close(&i);
}

TEST(firmware_device_loader_both_address_spaces)
{
    static const uint32_t fw[] = { 0xeafffffe };
    static const uint32_t blob[] = { 0x11223344, 0x55667788 };
    MemFile f = memfile_new(fw, sizeof(fw));
    MemFile b = memfile_new(blob, sizeof(blob));
    char ns_spec[128], s_spec[128];
    snprintf(ns_spec, sizeof(ns_spec), "loader,file=%s,addr=0x40100000",
             b.path);
    snprintf(s_spec, sizeof(s_spec), "loader,file=%s,addr=0x0e000100,"
             "secure=on", b.path);
    Machine m;
    Options o;
    char err[256];
    if (CHECK(machine_up(&m, &o, (const char *[]){
                  "-M", "virt,secure=on", "-serial", "null", "-bios", f.path,
                  "-device", ns_spec, "-device", s_spec, NULL }, err))) {
        CHECK_EQ(address_space_ldl_le(&m.board.as_ns, 0x40100004, ATTRS_NS,
                                      NULL), 0x55667788);
        CHECK_EQ(address_space_ldl_le(&m.board.as_s, 0x0e000100, ATTRS_S,
                                      NULL), 0x11223344);
        machine_destroy(&m);
        options_free(&o);
    }
    /* The Secure RAM is not in the Non-secure view. */
    snprintf(ns_spec, sizeof(ns_spec), "loader,file=%s,addr=0x0e000000",
             b.path);
    CHECK(parse(&o, err, (const char *[]){ "-M", "virt,secure=on", "-serial",
                                           "null", "-bios", f.path,
                                           "-device", ns_spec, NULL }) == 0);
    CHECK_EQ(machine_init(&m, &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "-device loader,file=") != NULL);
    options_free(&o);
    /* secure=on needs a Secure world. */
    CHECK(parse(&o, err, (const char *[]){ "-serial", "null", "-bios",
                                           f.path, "-device", s_spec,
                                           NULL }) == 0);
    CHECK_EQ(machine_init(&m, &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "secure=on needs -M virt,secure=on") != NULL);
    options_free(&o);
    memfile_close(&f);
    memfile_close(&b);
}

TEST(firmware_secure_console_lines_are_prefixed)
{
    MemFile out = memfile_new("", 0);
    char spec[96];
    snprintf(spec, sizeof(spec), "file:%s", out.path);
    CharDev *ns = chardev_new(spec, NULL);
    CharDev *s = ns ? chardev_new_prefixed(ns, "[s] ", NULL) : NULL;
    if (!CHECK(s != NULL)) {
        chardev_close(ns);
        memfile_close(&out);
        return;
    }
    CHECK_EQ(chardev_backend(s), CHARDEV_NULL);
    chardev_write(s, (const uint8_t *)"one\r\ntw", 7);
    chardev_write(s, (const uint8_t *)"o\n", 2);
    /* A Secure line in the middle of a Non-secure one starts afresh. */
    chardev_write(ns, (const uint8_t *)"$ ", 2);
    chardev_write(s, (const uint8_t *)"three\n", 6);
    chardev_write(ns, (const uint8_t *)"ok\n", 3);
    chardev_close(s);
    chardev_close(ns);
    char got[128] = "";
    ssize_t n = pread(out.fd, got, sizeof(got) - 1, 0);
    CHECK(n > 0);
    CHECK_STR(got, "[s] one\r\n[s] two\n$ \r\n[s] three\nok\n");
    memfile_close(&out);
}
