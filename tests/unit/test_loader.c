/*
 * Image loaders: ELF segments, zero fill, entry, attributes, ROM, Secure-
 * only memory and IOMMUs; a table of malformed images that must each be
 * refused with a message naming the problem and memory left untouched;
 * big sparse files; raw images; random mutations of a valid ELF.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/boards/virt.h"
#include "../../src/core/loader.h"
#include "testlib.h"

/* The images are written with the host's structs: a little-endian host. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the loader tests build ELF images in host byte order");

#define FILL 0xee
#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x10000u
#define ROM_SIZE 0x4000u
#define DEV_BASE 0x09000000u
#define RES_BASE 0x08000000u
#define IMG_MAX 0x1000u

/* --------------------------------------------------------------- images */

typedef struct TSeg {
    uint32_t type;
    uint32_t paddr;
    uint32_t filesz;
    uint32_t memsz;
} TSeg;

typedef struct TImage {
    union {
        uint8_t b[IMG_MAX];
        Elf32_Ehdr eh;
    };
    size_t size;
} TImage;

static Elf32_Phdr *phdr(TImage *img, unsigned i)
{
    return (Elf32_Phdr *)(img->b + img->eh.e_phoff) + i;
}

/* The byte a segment's file data holds at @i. */
static uint8_t seg_byte(unsigned seg, uint32_t i)
{
    return (uint8_t)(0x11 * (seg + 1) + i * 7);
}

/*
 * An executable with @n program headers at 52 and the segments' file data
 * from 0x100 on, back to back, each filled with seg_byte().
 */
static void build_elf(TImage *img, uint32_t entry, const TSeg *segs,
                      unsigned n)
{
    memset(img, 0, sizeof(*img));
    memcpy(img->eh.e_ident, ELFMAG, SELFMAG);
    img->eh.e_ident[EI_CLASS] = ELFCLASS32;
    img->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    img->eh.e_ident[EI_VERSION] = EV_CURRENT;
    img->eh.e_type = ET_EXEC;
    img->eh.e_machine = EM_ARM;
    img->eh.e_version = EV_CURRENT;
    img->eh.e_entry = entry;
    img->eh.e_phoff = sizeof(Elf32_Ehdr);
    img->eh.e_flags = EF_ARM_EABI_VER5;
    img->eh.e_ehsize = sizeof(Elf32_Ehdr);
    img->eh.e_phentsize = sizeof(Elf32_Phdr);
    img->eh.e_phnum = (Elf32_Half)n;
    uint32_t off = 0x100;
    for (unsigned i = 0; i < n; i++) {
        Elf32_Phdr *ph = phdr(img, i);
        ph->p_type = segs[i].type;
        ph->p_offset = segs[i].type == PT_LOAD ? off : 0xdeadbeef;
        ph->p_vaddr = segs[i].paddr + 0x80000000u;
        ph->p_paddr = segs[i].paddr;
        ph->p_filesz = segs[i].filesz;
        ph->p_memsz = segs[i].memsz;
        ph->p_flags = PF_R | PF_X;
        ph->p_align = 4;
        if (segs[i].type == PT_LOAD) {
            for (uint32_t j = 0; j < segs[i].filesz; j++) {
                img->b[off + j] = seg_byte(i, j);
            }
            off += segs[i].filesz;
        }
    }
    img->size = off;
}

/*
 * The base image of most tests: text and data+bss in RAM, a note whose
 * offset is nonsense (ignored: not PT_LOAD), and a ROM segment. File data:
 * segment 0 at 0x100-0x1ff, 1 at 0x200-0x23f, 3 at 0x240-0x2bf.
 */
static const TSeg base_segs[] = {
    { PT_LOAD, RAM_BASE, 0x100, 0x180 },
    { PT_LOAD, RAM_BASE + 0x2000, 0x40, 0x1000 },
    { PT_NOTE, 0, 0x10, 0 },
    { PT_LOAD, 0x0, 0x80, 0x80 },
};
#define BASE_ENTRY (RAM_BASE + 0x1)

static void build_base(TImage *img)
{
    build_elf(img, BASE_ENTRY, base_segs, 4);
}

/*
 * loader_elf_load_buffer on a copy of exactly the image's size, so that
 * AddressSanitizer catches any read past its end.
 */
static LoaderErrCode load_exact(const TImage *img, AddressSpace *as,
                                bool secure, LoaderElfInfo *info,
                                LoaderError *err)
{
    uint8_t *copy = malloc(img->size ? img->size : 1);
    memcpy(copy, img->b, img->size);
    LoaderErrCode code = loader_elf_load_buffer(copy, img->size, as, secure,
                                                info, err);
    free(copy);
    return code;
}

/* The image as a file in the temporary directory; a malloc'd path. */
static char *temp_path(void)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/tzemu-loader-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    return path;
}

static char *write_temp(const void *data, size_t len, uint64_t file_size)
{
    char *path = temp_path();
    int fd = open(path, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK_EQ(write(fd, data, len), len);
        if (file_size > len) {
            CHECK_EQ(ftruncate(fd, (off_t)file_size), 0);
        }
        close(fd);
    }
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
}

/* ------------------------------------------------------------------ rig */

/* What the address space's observer saw. */
typedef struct Obs {
    unsigned writes;
    unsigned reads;
    unsigned bad;
    unsigned outside;
    bool want_secure;
    hwaddr low;
    hwaddr high;
} Obs;

/* Inside the rig's ROM or RAM. */
static bool in_memory(hwaddr lo, hwaddr hi)
{
    return (hi < ROM_SIZE) ||
           (lo >= RAM_BASE && hi < (hwaddr)RAM_BASE + RAM_SIZE);
}

static void observe(void *opaque, const MemTxEvent *ev)
{
    Obs *o = opaque;
    if (!ev->is_write) {
        o->reads++;
        return;
    }
    if (!o->writes || ev->addr < o->low) {
        o->low = ev->addr;
    }
    if (!o->writes || ev->addr + ev->size - 1 > o->high) {
        o->high = ev->addr + ev->size - 1;
    }
    o->writes++;
    o->outside += !in_memory(ev->addr, ev->addr + ev->size - 1);
    if (!ev->attrs.debug || ev->attrs.secure != o->want_secure ||
        ev->attrs.user || ev->attrs.unspecified ||
        ev->result != MEMTX_OK) {
        o->bad++;
    }
}

/* RAM at RAM_BASE, ROM at 0, a device and a reservation; all FILL. */
typedef struct Rig {
    TestSpace t;
    uint8_t *ram;
    uint8_t *rom;
    TestDev dev;
    Obs obs;
} Rig;

static void rig_init(Rig *r)
{
    memset(r, 0, sizeof(*r));
    testspace_init(&r->t);
    r->ram = memory_region_get_ram_ptr(
        testspace_add(&r->t, RAM_BASE, test_ram("ram", RAM_SIZE, FILL), 0));
    MemoryRegion *rom = memory_region_new_rom("rom", ROM_SIZE, NULL);
    r->rom = memory_region_get_ram_ptr(rom);
    memset(r->rom, FILL, ROM_SIZE);
    testspace_add(&r->t, 0, rom, 0);
    testspace_add(&r->t, DEV_BASE,
                  memory_region_new_io("dev", 0x100, &testdev_ops_le,
                                       &r->dev, NULL), 0);
    testspace_add(&r->t, RES_BASE,
                  memory_region_new_reservation("res", 0x1000, NULL), 0);
    address_space_set_observer(&r->t.as, observe, &r->obs);
}

static void rig_reset(Rig *r, bool secure)
{
    memset(r->ram, FILL, RAM_SIZE);
    memset(r->rom, FILL, ROM_SIZE);
    memset(&r->obs, 0, sizeof(r->obs));
    r->obs.want_secure = secure;
    r->dev.nr_calls = 0;
}

static bool all_fill(const uint8_t *p, size_t len)
{
    /* Every byte FILL: the first is, and each equals the next. */
    return len == 0 || (p[0] == FILL && memcmp(p, p + 1, len - 1) == 0);
}

static bool rig_untouched(const Rig *r)
{
    return all_fill(r->ram, RAM_SIZE) && all_fill(r->rom, ROM_SIZE) &&
           r->obs.writes == 0 && r->dev.nr_calls == 0;
}

/*
 * Segment @seg, described by @s, is at @off in host memory @mem of @size
 * bytes: its file data, then zeros, with FILL on either side.
 */
static void check_segment(const uint8_t *mem, size_t size, size_t off,
                          const TSeg *s, unsigned seg)
{
    const uint8_t *host = mem + off;
    for (uint32_t i = 0; i < s->filesz; i++) {
        if (!CHECK_EQ(host[i], seg_byte(seg, i))) {
            return;
        }
    }
    for (uint32_t i = s->filesz; i < s->memsz; i++) {
        if (!CHECK_EQ(host[i], 0)) {
            return;
        }
    }
    if (off + s->memsz < size) {
        CHECK_EQ(host[s->memsz], FILL);
    }
    if (off > 0) {
        CHECK_EQ(host[-1], FILL);
    }
}

static void check_base_loaded(Rig *r, const LoaderElfInfo *info)
{
    check_segment(r->ram, RAM_SIZE, 0, &base_segs[0], 0);
    check_segment(r->ram, RAM_SIZE, 0x2000, &base_segs[1], 1);
    check_segment(r->rom, ROM_SIZE, 0, &base_segs[3], 3);
    CHECK(all_fill(r->ram + 0x3000, RAM_SIZE - 0x3000));
    CHECK(all_fill(r->ram + 0x180, 0x2000 - 0x180));
    CHECK_EQ(info->entry, BASE_ENTRY);
    CHECK_EQ(info->low, 0);
    CHECK_EQ(info->high, RAM_BASE + 0x2fff);
    CHECK_EQ(info->loaded, 0x180 + 0x1000 + 0x80);
    CHECK_EQ(r->obs.bad, 0);
    CHECK_EQ(r->obs.outside, 0);
    CHECK_EQ(r->obs.low, 0);
    CHECK_EQ(r->obs.high, RAM_BASE + 0x2fff);
    CHECK_EQ(r->dev.nr_calls, 0);
}

/* ---------------------------------------------------------------- ELF */

TEST(loader_elf_loads_segments_zero_fill_and_entry)
{
    Rig r;
    rig_init(&r);
    TImage img;
    build_base(&img);
    for (int secure = 0; secure <= 1; secure++) {
        rig_reset(&r, secure);
        LoaderElfInfo info = { 0 };
        LoaderError err = { .message = "" };
        CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &r.t.as, secure,
                                        &info, &err), LOADER_OK);
        CHECK_STR(err.message, "");
        check_base_loaded(&r, &info);
        /* The loader writes; it never reads guest memory. */
        CHECK_EQ(r.obs.reads, 0);
    }
    testspace_destroy(&r.t);
}

TEST(loader_elf_from_a_file)
{
    Rig r;
    rig_init(&r);
    TImage img;
    build_base(&img);
    char *path = write_temp(img.b, img.size, 0);
    rig_reset(&r, true);
    LoaderElfInfo info;
    LoaderError err;
    CHECK_EQ(loader_elf_load_file(path, &r.t.as, true, &info, &err),
             LOADER_OK);
    check_base_loaded(&r, &info);
    remove_temp(path);

    rig_reset(&r, false);
    CHECK_EQ(loader_elf_load_file("/nonexistent/tzemu/vmlinux", &r.t.as,
                                  false, &info, &err), LOADER_ERR_IO);
    CHECK_EQ(err.code, LOADER_ERR_IO);
    CHECK(strstr(err.message, "cannot open") != NULL);
    CHECK(strstr(err.message, "No such file") != NULL);
    CHECK_EQ(loader_elf_load_file("/", &r.t.as, false, &info, &err),
             LOADER_ERR_IO);
    CHECK(strstr(err.message, "not a regular file") != NULL);
    CHECK(rig_untouched(&r));
    testspace_destroy(&r.t);
}

TEST(loader_elf_writes_rom_with_debug_writes_only)
{
    Rig r;
    rig_init(&r);
    rig_reset(&r, false);
    uint8_t v = 0x5a;
    /* An ordinary write to ROM is refused; the loader's debug one is not. */
    CHECK_EQ(address_space_write(&r.t.as, 0x10, ATTRS_NS, &v, 1),
             MEMTX_ACCESS_ERROR);
    CHECK_EQ(r.rom[0x10], FILL);
    rig_reset(&r, false);
    static const TSeg rom_only[] = { { PT_LOAD, 0x100, 0x200, 0x400 } };
    TImage img;
    build_elf(&img, 0x100, rom_only, 1);
    LoaderElfInfo info;
    CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &r.t.as, false, &info,
                                    NULL), LOADER_OK);
    check_segment(r.rom, ROM_SIZE, 0x100, &rom_only[0], 0);
    CHECK(info.low == 0x100 && info.high == 0x4ff && info.entry == 0x100);
    CHECK_EQ(r.obs.bad, 0);
    testspace_destroy(&r.t);
}

TEST(loader_elf_entry_moves_with_an_executable_segment)
{
    Rig r;
    rig_init(&r);
    /* Linked at 0xc0000000, loaded at the RAM base: a vmlinux's layout. */
    static const TSeg segs[] = {
        { PT_LOAD, RAM_BASE, 0x100, 0x200 },
        { PT_LOAD, RAM_BASE + 0x1000, 0x100, 0x100 },
    };
    TImage img;
    build_elf(&img, 0, segs, 2);
    phdr(&img, 0)->p_vaddr = 0xc0000000;
    phdr(&img, 1)->p_vaddr = 0xd0000000;
    phdr(&img, 1)->p_flags = PF_R | PF_W;
    static const struct {
        uint32_t e_entry;
        hwaddr entry;
    } cases[] = {
        { 0xc0000041, RAM_BASE + 0x41 }, /* Thumb, in the text */
        { 0xc00000ff, RAM_BASE + 0xff },
        { 0xc0000100, 0xc0000100 },      /* past the file data */
        { 0xd0000000, 0xd0000000 },      /* not executable */
        { RAM_BASE + 8, RAM_BASE + 8 },  /* already physical */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        img.eh.e_entry = cases[i].e_entry;
        rig_reset(&r, false);
        LoaderElfInfo info;
        CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &r.t.as, false,
                                        &info, NULL), LOADER_OK);
        CHECK_EQ(info.entry, cases[i].entry);
    }
    check_segment(r.ram, RAM_SIZE, 0, &segs[0], 0);
    check_segment(r.ram, RAM_SIZE, 0x1000, &segs[1], 1);
    testspace_destroy(&r.t);
}

/* Identity onto downstream RAM: Secure may write, Non-secure only read. */
static IOMMUTLBEntry ro_for_ns_translate(void *opaque, hwaddr addr,
                                         IOMMUAccessFlags flag, int idx)
{
    (void)flag;
    return (IOMMUTLBEntry){ .target_as = opaque, .iova = addr & ~0xfffull,
                            .translated_addr = addr & ~0xfffull,
                            .addr_mask = 0xfff,
                            .perm = idx == 0 ? IOMMU_RW : IOMMU_RO };
}

static int ro_for_ns_index(void *opaque, MemTxAttrs attrs)
{
    (void)opaque;
    return attrs.secure ? 0 : 1;
}

static const IOMMUMemoryRegionOps ro_for_ns_ops = {
    .translate = ro_for_ns_translate,
    .attrs_to_index = ro_for_ns_index,
    .num_indexes = 2,
};

TEST(loader_elf_secure_attribute_reaches_the_iommu)
{
    TestSpace up, down;
    testspace_init(&up);
    testspace_init(&down);
    uint8_t *ram = memory_region_get_ram_ptr(
        testspace_add(&down, 0, test_ram("down-ram", 0x4000, FILL), 0));
    testspace_add(&up, 0x100000,
                  memory_region_new_iommu("iommu", 0x4000, &ro_for_ns_ops,
                                          &down.as, NULL), 0);
    static const TSeg seg[] = { { PT_LOAD, 0x101000, 0x800, 0x1800 } };
    TImage img;
    build_elf(&img, 0x101000, seg, 1);
    LoaderElfInfo info;
    LoaderError err;
    CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &up.as, false, &info,
                                    &err), LOADER_ERR_RANGE);
    CHECK(strstr(err.message, "segment 0 at 0x101000-0x1027ff cannot be "
                              "written: access denied at 0x101000") != NULL);
    CHECK(all_fill(ram, 0x4000));
    CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &up.as, true, &info,
                                    &err), LOADER_OK);
    check_segment(ram, 0x4000, 0x1000, &seg[0], 0);
    testspace_destroy(&up);
    testspace_destroy(&down);
}

TEST(loader_virt_secure_images_and_firmware)
{
    VirtMachine m;
    VirtOptions o = { .secure = true, .ram_size = 128 << 20 };
    CHECK_EQ(virt_init(&m, &o, NULL), MEM_OK);
    /* A secure monitor in secure RAM with its vectors in flash0. */
    static const TSeg segs[] = {
        { PT_LOAD, 0x0e000000, 0x300, 0x2000 },
        { PT_LOAD, 0x00000000, 0x40, 0x40 },
    };
    TImage img;
    build_elf(&img, 0x0e000000, segs, 2);
    LoaderElfInfo info;
    LoaderError err;
    CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &m.as_ns, false, &info,
                                    &err), LOADER_ERR_RANGE);
    CHECK(strstr(err.message, "segment 0 at 0xe000000-0xe001fff is outside "
                              "memory") != NULL);
    CHECK_EQ(loader_elf_load_buffer(img.b, img.size, &m.as_s, true, &info,
                                    &err), LOADER_OK);
    CHECK(info.low == 0 && info.high == 0x0e001fff);
    CHECK_EQ(address_space_ldub(&m.as_s, 0x0e0002ff, ATTRS_S, NULL),
             seg_byte(0, 0x2ff));
    CHECK_EQ(address_space_ldub(&m.as_s, 0x0e000300, ATTRS_S, NULL), 0);
    CHECK_EQ(address_space_ldub(&m.as_s, 0x3f, ATTRS_S, NULL),
             seg_byte(1, 0x3f));

    /* -bios into flash0 (64 MiB at most), a zImage at the RAM base + 64K. */
    uint8_t fw[0x100], zimage[0x200];
    for (unsigned i = 0; i < sizeof(zimage); i++) {
        zimage[i] = (uint8_t)(i ^ 0xa5);
        fw[i % sizeof(fw)] = (uint8_t)(i * 3);
    }
    CHECK_EQ(loader_raw_load_buffer(fw, sizeof(fw), &m.as_s, 0, 64 << 20,
                                    true, &err), LOADER_OK);
    CHECK_EQ(address_space_ldub(&m.as_s, 0xff, ATTRS_S, NULL), fw[0xff]);
    CHECK_EQ(loader_raw_load_buffer(fw, sizeof(fw), &m.as_ns, 0, 64 << 20,
                                    false, &err), LOADER_ERR_RANGE);
    CHECK_EQ(loader_raw_load_buffer(zimage, sizeof(zimage), &m.as_ns,
                                    0x40010000, 0, false, &err), LOADER_OK);
    CHECK_EQ(address_space_ldub(&m.as_ns, 0x400101ff, ATTRS_NS, NULL),
             zimage[0x1ff]);
    virt_destroy(&m);
}

/* One malformed image: up to three patches of the base image, then a size. */
typedef struct Patch {
    uint32_t off;
    unsigned width;
    uint32_t value;
} Patch;

typedef struct BadCase {
    const char *what;
    Patch patch[3];
    long size;
    LoaderErrCode code;
    const char *msg[2];
} BadCase;

#define EH(f) offsetof(Elf32_Ehdr, f)
#define ID(i) (offsetof(Elf32_Ehdr, e_ident) + (i))
#define PH(n, f) (sizeof(Elf32_Ehdr) + (n) * sizeof(Elf32_Phdr) + \
                  offsetof(Elf32_Phdr, f))
#define KEEP (-1)

static const BadCase bad_cases[] = {
    { "empty file", { { 0 } }, 0, LOADER_ERR_FORMAT, { "empty" } },
    { "bad magic", { { ID(1), 1, 'X' } }, KEEP, LOADER_ERR_NOT_ELF,
      { "not an ELF file" } },
    { "three bytes", { { 0 } }, 3, LOADER_ERR_NOT_ELF, { "not an ELF" } },
    { "truncated header", { { 0 } }, 40, LOADER_ERR_FORMAT,
      { "truncated ELF header", "has 40 bytes" } },
    { "class 64", { { ID(EI_CLASS), 1, ELFCLASS64 } }, KEEP,
      LOADER_ERR_UNSUPPORTED, { "64-bit", "ELFCLASS32" } },
    { "class 0", { { ID(EI_CLASS), 1, 0 } }, KEEP, LOADER_ERR_FORMAT,
      { "invalid ELF class 0" } },
    { "big-endian", { { ID(EI_DATA), 1, ELFDATA2MSB } }, KEEP,
      LOADER_ERR_UNSUPPORTED, { "big-endian" } },
    { "data 3", { { ID(EI_DATA), 1, 3 } }, KEEP, LOADER_ERR_FORMAT,
      { "data encoding 3" } },
    { "ident version", { { ID(EI_VERSION), 1, 0 } }, KEEP, LOADER_ERR_FORMAT,
      { "EI_VERSION" } },
    { "e_version", { { EH(e_version), 4, 2 } }, KEEP, LOADER_ERR_FORMAT,
      { "version 2 in e_version" } },
    { "AArch64", { { EH(e_machine), 2, EM_AARCH64 } }, KEEP,
      LOADER_ERR_UNSUPPORTED, { "machine 183 (AArch64)", "EM_ARM" } },
    { "x86", { { EH(e_machine), 2, EM_386 } }, KEEP, LOADER_ERR_UNSUPPORTED,
      { "(x86)", "not ARM" } },
    { "ET_DYN", { { EH(e_type), 2, ET_DYN } }, KEEP, LOADER_ERR_UNSUPPORTED,
      { "ET_DYN", "ET_EXEC" } },
    { "ET_REL", { { EH(e_type), 2, ET_REL } }, KEEP, LOADER_ERR_UNSUPPORTED,
      { "ET_REL" } },
    { "phoff beyond file", { { EH(e_phoff), 4, 0x10000 } }, KEEP,
      LOADER_ERR_FORMAT, { "program headers at e_phoff 0x10000",
                           "past the end of the file (704 bytes)" } },
    { "phoff near 4 GiB", { { EH(e_phoff), 4, 0xfffffff0 } }, KEEP,
      LOADER_ERR_FORMAT, { "e_phoff 0xfffffff0", "past the end" } },
    { "phoff in header", { { EH(e_phoff), 4, 8 } }, KEEP, LOADER_ERR_FORMAT,
      { "inside the ELF header" } },
    { "phoff 0", { { EH(e_phoff), 4, 0 } }, KEEP, LOADER_ERR_FORMAT,
      { "no program header table" } },
    { "phnum 0", { { EH(e_phnum), 2, 0 } }, KEEP, LOADER_ERR_FORMAT,
      { "no program header table", "e_phnum 0" } },
    { "phnum*phentsize overflow",
      { { EH(e_phnum), 2, 0xffff }, { EH(e_phentsize), 2, 0xffff } }, KEEP,
      LOADER_ERR_FORMAT, { "e_phentsize 65535", "expected 32" } },
    { "phentsize 16", { { EH(e_phentsize), 2, 16 } }, KEEP,
      LOADER_ERR_FORMAT, { "e_phentsize 16" } },
    { "huge phnum", { { EH(e_phnum), 2, 0xffff } }, KEEP, LOADER_ERR_FORMAT,
      { "e_phnum 65535", "1024" } },
    { "phnum past file", { { EH(e_phnum), 2, 1000 } }, KEEP,
      LOADER_ERR_FORMAT, { "(e_phnum 1000) go past the end of the file" } },
    { "truncated in phdrs", { { 0 } }, 52 + 40, LOADER_ERR_FORMAT,
      { "program headers", "past the end of the file (92 bytes)" } },
    { "segment offset beyond file", { { PH(1, p_offset), 4, 0x100000 } },
      KEEP, LOADER_ERR_FORMAT,
      { "segment 1: file data at p_offset 0x100000-0x10003f",
        "past the end of the file" } },
    { "segment offset+filesz wraps", { { PH(1, p_offset), 4, 0xffffffe0 } },
      KEEP, LOADER_ERR_FORMAT,
      { "segment 1: file data at p_offset 0xffffffe0-0x10000001f" } },
    { "filesz > memsz", { { PH(0, p_filesz), 4, 0x200 } }, KEEP,
      LOADER_ERR_FORMAT,
      { "segment 0: p_filesz 0x200 is larger than p_memsz 0x180" } },
    { "filesz with memsz 0", { { PH(1, p_memsz), 4, 0 } }, KEEP,
      LOADER_ERR_FORMAT, { "segment 1: p_filesz 0x40", "p_memsz 0x0" } },
    { "paddr+memsz wraps", { { PH(1, p_paddr), 4, 0xfffff800 } }, KEEP,
      LOADER_ERR_RANGE,
      { "segment 1: p_paddr 0xfffff800 + p_memsz 0x1000", "4 GiB" } },
    { "memsz 4 GiB - 1", { { PH(1, p_memsz), 4, 0xffffffff } }, KEEP,
      LOADER_ERR_RANGE, { "segment 1: p_paddr", "4 GiB" } },
    { "segment outside memory", { { PH(1, p_paddr), 4, 0x80000000 } }, KEEP,
      LOADER_ERR_RANGE,
      { "segment 1 at 0x80000000-0x80000fff is outside memory" } },
    { "segment partly outside", { { PH(1, p_paddr), 4, 0x4000f800 } }, KEEP,
      LOADER_ERR_RANGE,
      { "segment 1 at 0x4000f800-0x400107ff is outside memory",
        "nothing at 0x40010000-0x400107ff" } },
    { "segment on a device", { { PH(1, p_paddr), 4, DEV_BASE } }, KEEP,
      LOADER_ERR_RANGE, { "segment 1 at 0x9000000-0x9000fff",
                          "0x9000000-0x90000ff is 'dev', not RAM or ROM" } },
    { "segment on a reservation", { { PH(1, p_paddr), 4, RES_BASE } }, KEEP,
      LOADER_ERR_RANGE, { "'res', not RAM or ROM" } },
    { "segments overlap", { { PH(1, p_paddr), 4, RAM_BASE + 0x100 } }, KEEP,
      LOADER_ERR_RANGE,
      { "segments 0 (0x40000000-0x4000017f) and 1 (0x40000100-0x400010ff) "
        "overlap" } },
    { "ROM and RAM segments overlap",
      { { PH(3, p_paddr), 4, RAM_BASE + 0x2f80 } }, KEEP, LOADER_ERR_RANGE,
      { "segments 1 (0x40002000-0x40002fff) and 3 (0x40002f80-0x40002fff) "
        "overlap" } },
    { "no PT_LOAD", { { EH(e_phnum), 2, 1 }, { PH(0, p_type), 4, PT_NULL } },
      KEEP, LOADER_ERR_FORMAT, { "no PT_LOAD segment" } },
    { "only empty PT_LOAD",
      { { EH(e_phnum), 2, 1 }, { PH(0, p_filesz), 4, 0 },
        { PH(0, p_memsz), 4, 0 } },
      KEEP, LOADER_ERR_FORMAT, { "no PT_LOAD segment" } },
    { "truncated in segment 1", { { 0 } }, 0x220, LOADER_ERR_FORMAT,
      { "segment 1: file data at p_offset 0x200-0x23f",
        "end of the file (544 bytes)" } },
    { "truncated in segment 3", { { 0 } }, 0x2bf, LOADER_ERR_FORMAT,
      { "segment 3: file data" } },
};

static void apply_patches(TImage *img, const BadCase *c)
{
    for (unsigned p = 0; p < 3; p++) {
        const Patch *pt = &c->patch[p];
        for (unsigned i = 0; i < pt->width; i++) {
            img->b[pt->off + i] = (uint8_t)(pt->value >> (8 * i));
        }
    }
    if (c->size != KEEP) {
        img->size = (size_t)c->size;
    }
}

static void check_refused(Rig *r, const BadCase *c, LoaderErrCode code,
                          const LoaderError *err, const char *how)
{
    bool ok = CHECK_EQ(code, c->code) & CHECK_EQ(err->code, c->code);
    for (unsigned m = 0; m < 2; m++) {
        if (c->msg[m]) {
            ok &= CHECK(strstr(err->message, c->msg[m]) != NULL);
        }
    }
    ok &= CHECK(rig_untouched(r));
    if (!ok) {
        printf("    case '%s' (%s): code %d, message: %s\n", c->what, how,
               (int)code, err->message);
    }
}

TEST(loader_elf_malformed_images_are_refused_untouched)
{
    Rig r;
    rig_init(&r);
    TImage base;
    build_base(&base);
    CHECK_EQ(base.size, 0x2c0);
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const BadCase *c = &bad_cases[i];
        TImage img = base;
        apply_patches(&img, c);
        LoaderElfInfo info = { .entry = 0x1234 };
        LoaderError err = { .message = "" };

        rig_reset(&r, false);
        LoaderErrCode code = load_exact(&img, &r.t.as, false, &info, &err);
        check_refused(&r, c, code, &err, "buffer");
        CHECK_EQ(info.entry, 0x1234);

        char *path = write_temp(img.b, img.size, 0);
        rig_reset(&r, false);
        err = (LoaderError){ .message = "" };
        code = loader_elf_load_file(path, &r.t.as, false, &info, &err);
        check_refused(&r, c, code, &err, "file");
        remove_temp(path);
    }
    /* A NULL error pointer is allowed. */
    rig_reset(&r, false);
    CHECK_EQ(loader_elf_load_buffer(NULL, 0, &r.t.as, false, NULL, NULL),
             LOADER_ERR_FORMAT);
    CHECK(rig_untouched(&r));
    testspace_destroy(&r.t);
}

TEST(loader_elf_big_sparse_files)
{
    Rig r;
    rig_init(&r);
    TImage img;
    static const TSeg seg[] = { { PT_LOAD, RAM_BASE + 0x100, 0x40, 0x80 } };
    build_elf(&img, RAM_BASE, seg, 1);

    /*
     * 3 GiB of file, the segment's data at 2 GiB + 4 KiB: only the headers
     * and the segment are read (the rest is a hole, so it costs nothing on
     * disk either way; slurping it would take seconds and 3 GiB).
     */
    const uint64_t data_off = (2ull << 30) + 0x1000;
    phdr(&img, 0)->p_offset = (uint32_t)data_off;
    char *path = write_temp(img.b, 0x100, 3ull << 30);
    int fd = open(path, O_WRONLY);
    uint8_t data[0x40];
    for (unsigned i = 0; i < sizeof(data); i++) {
        data[i] = seg_byte(0, i);
    }
    CHECK_EQ(pwrite(fd, data, sizeof(data), (off_t)data_off), sizeof(data));
    close(fd);
    rig_reset(&r, false);
    LoaderElfInfo info;
    LoaderError err;
    CHECK_EQ(loader_elf_load_file(path, &r.t.as, false, &info, &err),
             LOADER_OK);
    check_segment(r.ram, RAM_SIZE, 0x100, &seg[0], 0);
    remove_temp(path);

    /* Segment data beyond LOADER_MAX_IMAGE_SIZE is refused unread. */
    phdr(&img, 0)->p_offset = 0x1000;
    phdr(&img, 0)->p_filesz = phdr(&img, 0)->p_memsz =
        (uint32_t)LOADER_MAX_IMAGE_SIZE + 0x1000;
    path = write_temp(img.b, 0x100, LOADER_MAX_IMAGE_SIZE + 0x2000);
    rig_reset(&r, false);
    CHECK_EQ(loader_elf_load_file(path, &r.t.as, false, &info, &err),
             LOADER_ERR_TOO_BIG);
    CHECK(strstr(err.message, "1073745920 bytes of file data, more than the "
                              "1073741824") != NULL);
    CHECK(rig_untouched(&r));
    remove_temp(path);
    testspace_destroy(&r.t);
}

/* ----------------------------------------------------------------- raw */

TEST(loader_raw_loads_bytes_at_an_address)
{
    Rig r;
    rig_init(&r);
    uint8_t data[0x300];
    for (unsigned i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 13 + 1);
    }
    rig_reset(&r, true);
    LoaderError err;
    CHECK_EQ(loader_raw_load_buffer(data, sizeof(data), &r.t.as,
                                    RAM_BASE + 0x1000, 0, true, &err),
             LOADER_OK);
    CHECK(memcmp(r.ram + 0x1000, data, sizeof(data)) == 0);
    CHECK(all_fill(r.ram, 0x1000));
    CHECK(all_fill(r.ram + 0x1300, RAM_SIZE - 0x1300));
    CHECK(r.obs.writes == 1 && r.obs.bad == 0);

    /* From a file, into ROM, with exactly the room it needs. */
    char *path = write_temp(data, sizeof(data), 0);
    rig_reset(&r, false);
    uint64_t size = 0;
    CHECK_EQ(loader_raw_load_file(path, &r.t.as, ROM_SIZE - sizeof(data),
                                  sizeof(data), false, &size, &err),
             LOADER_OK);
    CHECK_EQ(size, sizeof(data));
    CHECK(memcmp(r.rom + ROM_SIZE - sizeof(data), data, sizeof(data)) == 0);
    CHECK(all_fill(r.rom, ROM_SIZE - sizeof(data)));
    CHECK_EQ(r.obs.bad, 0);
    remove_temp(path);
    testspace_destroy(&r.t);
}

TEST(loader_raw_refusals_leave_memory_untouched)
{
    Rig r;
    rig_init(&r);
    uint8_t data[0x200] = { 1, 2, 3 };
    static const struct {
        hwaddr addr;
        size_t len;
        uint64_t max;
        LoaderErrCode code;
        const char *msg;
    } cases[] = {
        { RAM_BASE, 0, 0, LOADER_ERR_FORMAT, "the file is empty" },
        { 0x80000000, 0x200, 0, LOADER_ERR_RANGE,
          "the image at 0x80000000-0x800001ff is outside memory" },
        { RAM_BASE + RAM_SIZE - 0x100, 0x200, 0, LOADER_ERR_RANGE,
          "nothing at 0x40010000-0x400100ff" },
        { ROM_SIZE - 0x100, 0x200, 0, LOADER_ERR_RANGE,
          "the image at 0x3f00-0x40ff is outside memory" },
        { RAM_BASE, 0x200, 0x1ff, LOADER_ERR_TOO_BIG,
          "512 bytes, more than the 511 that fit at 0x40000000" },
        { UINT64_MAX - 0xff, 0x200, 0, LOADER_ERR_RANGE,
          "past the end of the address space" },
        { DEV_BASE, 0x10, 0, LOADER_ERR_RANGE, "is 'dev', not RAM or ROM" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        LoaderError err = { .message = "" };
        rig_reset(&r, false);
        CHECK_EQ(loader_raw_load_buffer(data, cases[i].len, &r.t.as,
                                        cases[i].addr, cases[i].max, false,
                                        &err), cases[i].code);
        if (!CHECK(strstr(err.message, cases[i].msg) != NULL)) {
            printf("    raw case %zu: %s\n", i, err.message);
        }
        CHECK(rig_untouched(&r));

        char *path = write_temp(data, cases[i].len, 0);
        rig_reset(&r, false);
        uint64_t size = 77;
        CHECK_EQ(loader_raw_load_file(path, &r.t.as, cases[i].addr,
                                      cases[i].max, false, &size, &err),
                 cases[i].code);
        CHECK(strstr(err.message, cases[i].msg) != NULL);
        CHECK_EQ(size, 77);
        CHECK(rig_untouched(&r));
        remove_temp(path);
    }

    LoaderError err;
    CHECK_EQ(loader_raw_load_file("/nonexistent/tzemu/bios.bin", &r.t.as,
                                  0, 0, false, NULL, &err), LOADER_ERR_IO);
    CHECK(strstr(err.message, "cannot open") != NULL);
    CHECK_EQ(loader_raw_load_file("/", &r.t.as, 0, 0, false, NULL, &err),
             LOADER_ERR_IO);
    CHECK(strstr(err.message, "not a regular file (a directory)") != NULL);
    /* Over the cap: refused from the file's size, before reading it. */
    char *path = write_temp(data, 1, LOADER_MAX_IMAGE_SIZE + 1);
    CHECK_EQ(loader_raw_load_file(path, &r.t.as, RAM_BASE, 0, false, NULL,
                                  &err), LOADER_ERR_TOO_BIG);
    CHECK(strstr(err.message, "1073741825 bytes, more than the 1073741824")
          != NULL);
    remove_temp(path);
    CHECK(rig_untouched(&r));
    testspace_destroy(&r.t);
}

/* ---------------------------------------------------------------- fuzz */

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Values that sit on the edges the checks care about. */
static const uint32_t interesting[] = {
    0, 1, 0x20, 0x34, 0x7f, 0x80, 0x100, 0x2c0, 0x1000, 0x3fff, 0x4000,
    0x0fff0000, RAM_BASE, RAM_BASE + RAM_SIZE - 1, RAM_BASE + RAM_SIZE,
    DEV_BASE, RES_BASE, 0x7fffffff, 0x80000000, 0xfffff000, 0xfffffffe,
    0xffffffff,
};

static void mutate(TImage *img, size_t hdr_end, uint64_t *s)
{
    unsigned n = 1 + (unsigned)(xorshift(s) % 4);
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = xorshift(s);
        switch (x % 5) {
        case 0: /* flip a bit of the headers */
            img->b[(x >> 8) % hdr_end] ^= (uint8_t)(1u << ((x >> 40) % 8));
            break;
        case 1: /* a random byte of the headers */
            img->b[(x >> 8) % hdr_end] = (uint8_t)(x >> 40);
            break;
        case 2:
        case 3: { /* an edge value into an aligned header word */
            size_t at = ((x >> 8) % (hdr_end / 4)) * 4;
            uint32_t v = interesting[(x >> 32) % (sizeof(interesting) /
                                                  sizeof(interesting[0]))];
            if (x & (1ull << 60)) {
                v += (uint32_t)((x >> 48) & 0xff) - 0x80;
            }
            memcpy(img->b + at, &v, 4);
            break;
        }
        default: /* truncate */
            img->size = (size_t)((x >> 8) % (img->size + 1));
            break;
        }
    }
}

TEST(loader_elf_random_mutations)
{
    const uint64_t seed = 0x7a656d754c4f4144ull;
    printf("  loader fuzz: seed 0x%llx, 10000 mutations\n",
           (unsigned long long)seed);
    uint64_t s = seed;
    Rig r;
    rig_init(&r);
    TImage base;
    build_base(&base);
    const size_t hdr_end = sizeof(Elf32_Ehdr) + 4 * sizeof(Elf32_Phdr);
    unsigned loaded = 0, refused[LOADER_ERR_WRITE + 1] = { 0 };
    for (unsigned iter = 0; iter < 10000; iter++) {
        TImage img = base;
        mutate(&img, hdr_end, &s);
        bool secure = iter & 1;
        rig_reset(&r, secure);
        LoaderElfInfo info = { 0 };
        LoaderError err = { .code = LOADER_OK, .message = "" };
        LoaderErrCode code = load_exact(&img, &r.t.as, secure, &info, &err);
        bool ok;
        if (code == LOADER_OK) {
            loaded++;
            ok = r.obs.writes > 0 && r.obs.bad == 0 && info.low <= info.high &&
                 r.obs.outside == 0 &&
                 r.obs.low == info.low && r.obs.high <= info.high &&
                 r.dev.nr_calls == 0;
        } else {
            ok = code > LOADER_OK && code < LOADER_ERR_WRITE &&
                 err.code == code && err.message[0] && rig_untouched(&r);
            if (ok) {
                refused[code]++;
            }
        }
        /* Now and then the same image from a file must fare the same. */
        if (ok && iter % 50 == 0) {
            char *path = write_temp(img.b, img.size, 0);
            LoaderElfInfo finfo = { 0 };
            LoaderError ferr = { .code = LOADER_OK, .message = "" };
            rig_reset(&r, secure);
            ok = loader_elf_load_file(path, &r.t.as, secure, &finfo,
                                      &ferr) == code &&
                 strcmp(ferr.message, err.message) == 0 &&
                 memcmp(&finfo, &info, sizeof(info)) == 0 &&
                 (code == LOADER_OK || rig_untouched(&r));
            remove_temp(path);
        }
        if (!CHECK(ok)) {
            printf("    seed 0x%llx iteration %u: code %d, %s\n",
                   (unsigned long long)seed, iter, (int)code, err.message);
            break;
        }
    }
    printf("  loader fuzz: %u loaded; refused: %u not ELF, %u unsupported, "
           "%u format, %u range, %u too big\n", loaded,
           refused[LOADER_ERR_NOT_ELF], refused[LOADER_ERR_UNSUPPORTED],
           refused[LOADER_ERR_FORMAT], refused[LOADER_ERR_RANGE],
           refused[LOADER_ERR_TOO_BIG]);
    /* The mutations must reach both sides of the checks. */
    CHECK(loaded > 100);
    CHECK(refused[LOADER_ERR_FORMAT] > 100 && refused[LOADER_ERR_RANGE] > 100);
    testspace_destroy(&r.t);
}
