/*
 * The ELF loader: 32-bit little-endian ARM executables (ELF gABI, "ELF for
 * the Arm Architecture" IHI 0044), PT_LOAD segments placed at p_paddr as
 * qemu-system-arm's load_elf() does. Fields are decoded byte by byte, so
 * neither the host's byte order nor the buffer's alignment matters.
 * Everything is checked before the first write; section headers, symbols,
 * e_ident[EI_OSABI], e_ehsize and e_flags (EABI version, float ABI) are not
 * looked at.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader_internal.h"

/* Where the image comes from: a caller's buffer, or a file read on demand. */
typedef struct ElfSource {
    const uint8_t *buf;
    int fd;
    uint64_t size;
} ElfSource;

/* One PT_LOAD segment worth loading (p_memsz > 0). */
typedef struct ElfSegment {
    unsigned index;
    uint32_t offset;
    uint32_t filesz;
    uint32_t paddr;
    uint32_t memsz;
    uint32_t vaddr;
    uint32_t flags;
    const uint8_t *data;
} ElfSegment;

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386:
        return " (x86)";
    case EM_X86_64:
        return " (x86-64)";
    case EM_AARCH64:
        return " (AArch64)";
    case EM_RISCV:
        return " (RISC-V)";
    case EM_MIPS:
        return " (MIPS)";
    case EM_PPC:
        return " (PowerPC)";
    default:
        return "";
    }
}

static const char *type_name(unsigned t)
{
    switch (t) {
    case ET_NONE:
        return "ET_NONE, no file type";
    case ET_REL:
        return "ET_REL, a relocatable object";
    case ET_DYN:
        return "ET_DYN, a shared object or position-independent executable";
    case ET_CORE:
        return "ET_CORE, a core dump";
    default:
        return "unknown";
    }
}

/* @len bytes at @off, known to be inside the source. */
static LoaderErrCode source_read(const ElfSource *src, uint64_t off,
                                 void *dst, size_t len, LoaderError *err)
{
    if (src->buf) {
        memcpy(dst, src->buf + off, len);
        return LOADER_OK;
    }
    return loader_pread(src->fd, dst, len, off, err);
}

/* The ELF header's identification and the fields that say what it is. */
static LoaderErrCode check_header(const uint8_t *eh, uint64_t file_size,
                                  LoaderError *err)
{
    if (file_size == 0) {
        return loader_error_set(err, LOADER_ERR_FORMAT, "the file is empty");
    }
    if (file_size < SELFMAG || memcmp(eh, ELFMAG, SELFMAG) != 0) {
        return loader_error_set(err, LOADER_ERR_NOT_ELF,
                                "not an ELF file (no \\177ELF magic at the "
                                "start)");
    }
    if (file_size < sizeof(Elf32_Ehdr)) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "truncated ELF header: the file has %llu "
                                "bytes, a 32-bit ELF header needs %zu",
                                (unsigned long long)file_size,
                                sizeof(Elf32_Ehdr));
    }
    unsigned cls = eh[EI_CLASS], data = eh[EI_DATA];
    if (cls == ELFCLASS64) {
        return loader_error_set(err, LOADER_ERR_UNSUPPORTED,
                                "a 64-bit ELF (ELFCLASS64); only 32-bit ARM "
                                "images (ELFCLASS32) can be loaded");
    }
    if (cls != ELFCLASS32) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "invalid ELF class %u (e_ident[EI_CLASS])",
                                cls);
    }
    if (data == ELFDATA2MSB) {
        return loader_error_set(err, LOADER_ERR_UNSUPPORTED,
                                "a big-endian ELF (ELFDATA2MSB); only "
                                "little-endian images (ELFDATA2LSB) can be "
                                "loaded");
    }
    if (data != ELFDATA2LSB) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "invalid ELF data encoding %u "
                                "(e_ident[EI_DATA])", data);
    }
    if (eh[EI_VERSION] != EV_CURRENT) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "ELF version %u in e_ident[EI_VERSION], "
                                "expected %u (EV_CURRENT)", eh[EI_VERSION],
                                EV_CURRENT);
    }
    uint32_t version = le32(eh + offsetof(Elf32_Ehdr, e_version));
    if (version != EV_CURRENT) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "ELF version %u in e_version, expected %u "
                                "(EV_CURRENT)", version, EV_CURRENT);
    }
    unsigned machine = le16(eh + offsetof(Elf32_Ehdr, e_machine));
    if (machine != EM_ARM) {
        return loader_error_set(err, LOADER_ERR_UNSUPPORTED,
                                "ELF machine %u%s in e_machine, not ARM "
                                "(EM_ARM, %u)", machine,
                                machine_name(machine), EM_ARM);
    }
    unsigned type = le16(eh + offsetof(Elf32_Ehdr, e_type));
    if (type != ET_EXEC) {
        return loader_error_set(err, LOADER_ERR_UNSUPPORTED,
                                "ELF type %u (%s) in e_type; only "
                                "executables (ET_EXEC) can be loaded", type,
                                type_name(type));
    }
    return LOADER_OK;
}

/* The program header table's place and shape. */
static LoaderErrCode check_phdr_table(uint32_t phoff, unsigned phentsize,
                                      unsigned phnum, uint64_t file_size,
                                      LoaderError *err)
{
    if (phnum == 0 || phoff == 0) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "no program header table (e_phoff 0x%x, "
                                "e_phnum %u): nothing to load", phoff, phnum);
    }
    if (phentsize != sizeof(Elf32_Phdr)) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "e_phentsize %u, expected %zu (the size of "
                                "an Elf32_Phdr)", phentsize,
                                sizeof(Elf32_Phdr));
    }
    if (phnum > LOADER_ELF_MAX_PHNUM) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "e_phnum %u: more program headers than the "
                                "%u accepted", phnum, LOADER_ELF_MAX_PHNUM);
    }
    if (phoff < sizeof(Elf32_Ehdr)) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "e_phoff 0x%x points inside the ELF header",
                                phoff);
    }
    uint64_t end = (uint64_t)phoff + (uint64_t)phnum * phentsize;
    if (end > file_size) {
        return loader_error_set(err, LOADER_ERR_FORMAT,
                                "program headers at e_phoff 0x%x-0x%llx "
                                "(e_phnum %u) go past the end of the file "
                                "(%llu bytes)", phoff,
                                (unsigned long long)(end - 1), phnum,
                                (unsigned long long)file_size);
    }
    return LOADER_OK;
}

/*
 * One program header: a PT_LOAD worth loading goes into @seg (returns 1),
 * anything else is skipped (0), a bad one is an error (< 0 as -code).
 */
static int parse_segment(const uint8_t *ph, unsigned index,
                         uint64_t file_size, ElfSegment *seg,
                         LoaderError *err)
{
    if (le32(ph + offsetof(Elf32_Phdr, p_type)) != PT_LOAD) {
        return 0;
    }
    ElfSegment s = {
        .index = index,
        .offset = le32(ph + offsetof(Elf32_Phdr, p_offset)),
        .filesz = le32(ph + offsetof(Elf32_Phdr, p_filesz)),
        .paddr = le32(ph + offsetof(Elf32_Phdr, p_paddr)),
        .memsz = le32(ph + offsetof(Elf32_Phdr, p_memsz)),
        .vaddr = le32(ph + offsetof(Elf32_Phdr, p_vaddr)),
        .flags = le32(ph + offsetof(Elf32_Phdr, p_flags)),
    };
    if (s.filesz > s.memsz) {
        return -(int)loader_error_set(err, LOADER_ERR_FORMAT,
                                      "segment %u: p_filesz 0x%x is larger "
                                      "than p_memsz 0x%x", index, s.filesz,
                                      s.memsz);
    }
    if (s.memsz == 0) {
        return 0;
    }
    if (s.filesz && (uint64_t)s.offset + s.filesz > file_size) {
        return -(int)loader_error_set(err, LOADER_ERR_FORMAT,
                                      "segment %u: file data at p_offset "
                                      "0x%x-0x%llx goes past the end of the "
                                      "file (%llu bytes)", index, s.offset,
                                      (unsigned long long)s.offset +
                                          s.filesz - 1,
                                      (unsigned long long)file_size);
    }
    if ((uint64_t)s.paddr + s.memsz > (1ull << 32)) {
        return -(int)loader_error_set(err, LOADER_ERR_RANGE,
                                      "segment %u: p_paddr 0x%x + p_memsz "
                                      "0x%x goes past the 4 GiB 32-bit "
                                      "address space", index, s.paddr,
                                      s.memsz);
    }
    *seg = s;
    return 1;
}

/*
 * e_entry is a virtual address. The CPU starts with the MMU off, so an
 * entry inside the file data of an executable segment linked at another
 * virtual address (a vmlinux at 0xc0008000 loaded at 0x40008000) is moved
 * to where that segment was loaded, as QEMU's load_elf() does.
 */
static uint32_t physical_entry(uint32_t entry, const ElfSegment *segs,
                               unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        const ElfSegment *s = &segs[i];
        if ((s->flags & PF_X) && s->vaddr != s->paddr &&
            entry - s->vaddr < s->filesz) {
            return entry - s->vaddr + s->paddr;
        }
    }
    return entry;
}

static int by_paddr(const void *a, const void *b)
{
    const ElfSegment *x = a, *y = b;
    return (x->paddr > y->paddr) - (x->paddr < y->paddr);
}

static LoaderErrCode check_overlaps(const ElfSegment *segs, unsigned n,
                                    LoaderError *err)
{
    ElfSegment *sorted = malloc(n * sizeof(*sorted));
    if (!sorted) {
        return loader_error_set(err, LOADER_ERR_NOMEM, "out of host memory");
    }
    memcpy(sorted, segs, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), by_paddr);
    LoaderErrCode code = LOADER_OK;
    for (unsigned i = 1; i < n && code == LOADER_OK; i++) {
        const ElfSegment *a = &sorted[i - 1], *b = &sorted[i];
        uint64_t a_last = (uint64_t)a->paddr + a->memsz - 1;
        if (b->paddr <= a_last) {
            /* Name them in program header order. */
            if (a->index > b->index) {
                const ElfSegment *t = a;
                a = b;
                b = t;
            }
            code = loader_error_set(
                err, LOADER_ERR_RANGE,
                "segments %u (0x%x-0x%llx) and %u (0x%x-0x%llx) overlap",
                a->index, a->paddr,
                (unsigned long long)a->paddr + a->memsz - 1, b->index,
                b->paddr, (unsigned long long)b->paddr + b->memsz - 1);
        }
    }
    free(sorted);
    return code;
}

static LoaderErrCode elf_load(const ElfSource *src, AddressSpace *as,
                              bool secure, LoaderElfInfo *info,
                              LoaderError *err)
{
    uint8_t eh[sizeof(Elf32_Ehdr)] = { 0 };
    size_t eh_len = src->size < sizeof(eh) ? (size_t)src->size : sizeof(eh);
    LoaderErrCode code = source_read(src, 0, eh, eh_len, err);
    if (code != LOADER_OK) {
        return code;
    }
    code = check_header(eh, src->size, err);
    if (code != LOADER_OK) {
        return code;
    }
    uint32_t phoff = le32(eh + offsetof(Elf32_Ehdr, e_phoff));
    unsigned phentsize = le16(eh + offsetof(Elf32_Ehdr, e_phentsize));
    unsigned phnum = le16(eh + offsetof(Elf32_Ehdr, e_phnum));
    code = check_phdr_table(phoff, phentsize, phnum, src->size, err);
    if (code != LOADER_OK) {
        return code;
    }

    uint8_t *phdrs = malloc((size_t)phnum * phentsize);
    ElfSegment *segs = malloc(phnum * sizeof(*segs));
    uint8_t *file_data = NULL;
    unsigned n = 0;
    uint64_t to_read = 0;
    if (!phdrs || !segs) {
        code = loader_error_set(err, LOADER_ERR_NOMEM, "out of host memory");
        goto out;
    }
    code = source_read(src, phoff, phdrs, (size_t)phnum * phentsize, err);
    for (unsigned i = 0; i < phnum && code == LOADER_OK; i++) {
        int r = parse_segment(phdrs + (size_t)i * phentsize, i, src->size,
                              &segs[n], err);
        if (r < 0) {
            code = (LoaderErrCode)-r;
        } else if (r > 0) {
            to_read += segs[n++].filesz;
        }
    }
    if (code != LOADER_OK) {
        goto out;
    }
    if (n == 0) {
        code = loader_error_set(err, LOADER_ERR_FORMAT,
                                "no PT_LOAD segment with anything to load");
        goto out;
    }
    if (to_read > LOADER_MAX_IMAGE_SIZE) {
        code = loader_error_set(err, LOADER_ERR_TOO_BIG,
                                "the segments hold %llu bytes of file data, "
                                "more than the %llu a loader reads",
                                (unsigned long long)to_read,
                                (unsigned long long)LOADER_MAX_IMAGE_SIZE);
        goto out;
    }
    code = check_overlaps(segs, n, err);
    for (unsigned i = 0; i < n && code == LOADER_OK; i++) {
        char what[32];
        snprintf(what, sizeof(what), "segment %u", segs[i].index);
        code = loader_check_range(as, segs[i].paddr, segs[i].memsz, secure,
                                  what, err);
    }
    if (code != LOADER_OK) {
        goto out;
    }

    /* Every check passed: fetch the file data, then write. */
    if (!src->buf && to_read) {
        file_data = malloc((size_t)to_read);
        if (!file_data) {
            code = loader_error_set(err, LOADER_ERR_NOMEM,
                                    "out of host memory for %llu bytes of "
                                    "segment data",
                                    (unsigned long long)to_read);
            goto out;
        }
    }
    size_t pos = 0;
    for (unsigned i = 0; i < n && code == LOADER_OK; i++) {
        if (!segs[i].filesz) {
            continue;
        }
        if (src->buf) {
            segs[i].data = src->buf + segs[i].offset;
        } else {
            segs[i].data = file_data + pos;
            code = source_read(src, segs[i].offset, file_data + pos,
                               segs[i].filesz, err);
            pos += segs[i].filesz;
        }
    }
    LoaderElfInfo placed = {
        .entry = physical_entry(le32(eh + offsetof(Elf32_Ehdr, e_entry)),
                                segs, n),
        .low = UINT64_MAX,
    };
    for (unsigned i = 0; i < n && code == LOADER_OK; i++) {
        const ElfSegment *s = &segs[i];
        if (s->filesz) {
            code = loader_write(as, s->paddr, s->data, s->filesz, secure,
                                err);
        }
        if (code == LOADER_OK && s->memsz > s->filesz) {
            code = loader_write(as, (hwaddr)s->paddr + s->filesz, NULL,
                                s->memsz - s->filesz, secure, err);
        }
        hwaddr last = (hwaddr)s->paddr + s->memsz - 1;
        placed.low = s->paddr < placed.low ? s->paddr : placed.low;
        placed.high = last > placed.high ? last : placed.high;
        placed.loaded += s->memsz;
    }
    if (code == LOADER_OK && info) {
        *info = placed;
    }
out:
    free(file_data);
    free(segs);
    free(phdrs);
    return code;
}

LoaderErrCode loader_elf_load_file(const char *path, AddressSpace *as,
                                   bool secure, LoaderElfInfo *info,
                                   LoaderError *err)
{
    ElfSource src = { .buf = NULL };
    src.fd = loader_open(path, &src.size, err);
    if (src.fd < 0) {
        return LOADER_ERR_IO;
    }
    LoaderErrCode code = elf_load(&src, as, secure, info, err);
    close(src.fd);
    return code;
}

LoaderErrCode loader_elf_load_buffer(const void *data, size_t size,
                                     AddressSpace *as, bool secure,
                                     LoaderElfInfo *info, LoaderError *err)
{
    /* A non-NULL pointer even for an empty buffer marks it as one. */
    static const uint8_t empty[1];
    ElfSource src = { .buf = data && size ? data : empty, .fd = -1,
                      .size = data ? size : 0 };
    return elf_load(&src, as, secure, info, err);
}
