/*
 * Device tree fixups at boot, after QEMU 7.2's hw/arm/boot.c (arm_load_dtb,
 * fdt_add_psci_node): the same nodes and properties for a generated tree
 * and a -dtb file, so a guest sees what it would see on QEMU.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "dtb.h"
#include "loader_internal.h"
#include "text.h"

/* PSCI 0.2+ function IDs, SMC32 (ARM DEN 0022D, 5.1). */
#define PSCI_FN_CPU_SUSPEND 0x84000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON 0x84000003u
#define PSCI_FN_MIGRATE 0x84000005u

void *dtb_load_file(const char *path, size_t *size, char *err, size_t len)
{
    LoaderError le;
    uint64_t file_size;
    int fd = loader_open(path, &file_size, &le);
    if (fd < 0) {
        text_fail(err, len, "%s", le.message);
        return NULL;
    }
    void *fdt = NULL;
    if (file_size < sizeof(struct fdt_header) ||
        file_size > DTB_MAX_FILE_SIZE) {
        text_fail(err, len, "a device tree blob has %zu to %u bytes, not "
                  "%llu", sizeof(struct fdt_header), DTB_MAX_FILE_SIZE,
                  (unsigned long long)file_size);
    } else if (!(fdt = malloc(DTB_FILE_ROOM(file_size)))) {
        text_fail(err, len, "out of host memory");
    } else if (loader_pread(fd, fdt, file_size, 0, &le) != LOADER_OK) {
        text_fail(err, len, "%s", le.message);
        free(fdt);
        fdt = NULL;
    }
    close(fd);
    if (!fdt) {
        return NULL;
    }
    int rc = fdt_check_full(fdt, file_size);
    if (!rc) {
        rc = fdt_open_into(fdt, fdt, (int)DTB_FILE_ROOM(file_size));
    }
    if (rc) {
        text_fail(err, len, "not a valid device tree blob (%s)",
                  fdt_strerror(rc));
        free(fdt);
        return NULL;
    }
    *size = DTB_FILE_ROOM(file_size);
    return fdt;
}

static uint32_t root_cells(const void *fdt, const char *name)
{
    int plen;
    const fdt32_t *p = fdt_getprop(fdt, 0, name, &plen);
    return p && plen == 4 ? fdt32_to_cpu(*p) : 0;
}

/* reg = <@addr @size> in @ac and @sc cells (1 or 2 each). */
static int setprop_reg(void *fdt, int node, uint32_t ac, uint64_t addr,
                       uint32_t sc, uint64_t size)
{
    fdt32_t buf[4];
    int k = 0;
    if (ac == 2) {
        buf[k++] = cpu_to_fdt32((uint32_t)(addr >> 32));
    }
    buf[k++] = cpu_to_fdt32((uint32_t)addr);
    if (sc == 2) {
        buf[k++] = cpu_to_fdt32((uint32_t)(size >> 32));
    }
    buf[k++] = cpu_to_fdt32((uint32_t)size);
    return fdt_setprop(fdt, node, "reg", buf, k * (int)sizeof(buf[0]));
}

/* NOPs every root node named memory or memory@...; one node is left. */
static int fixup_memory(void *fdt, const DtbBoot *b, uint32_t ac,
                        uint32_t sc)
{
    int node;
    /* A NOPed node ends the walk through it: start again after each. */
    for (bool again = true; again;) {
        again = false;
        fdt_for_each_subnode(node, fdt, 0) {
            const char *name = fdt_get_name(fdt, node, NULL);
            if (name && strncmp(name, "memory", 6) == 0 &&
                (name[6] == '\0' || name[6] == '@')) {
                int rc = fdt_nop_node(fdt, node);
                if (rc) {
                    return rc;
                }
                again = true;
                break;
            }
        }
    }
    char path[32];
    snprintf(path, sizeof(path), "memory@%llx",
             (unsigned long long)b->ram_base);
    node = fdt_add_subnode(fdt, 0, path);
    if (node < 0) {
        return node;
    }
    int rc = fdt_setprop_string(fdt, node, "device_type", "memory");
    if (!rc) {
        rc = setprop_reg(fdt, node, ac, b->ram_base, sc, b->ram_size);
    }
    return rc;
}

static int fixup_chosen(void *fdt, const DtbBoot *b)
{
    int node = fdt_path_offset(fdt, "/chosen");
    if (node == -FDT_ERR_NOTFOUND) {
        node = fdt_add_subnode(fdt, 0, "chosen");
    }
    if (node < 0) {
        return node;
    }
    int rc = 0;
    if (b->bootargs && *b->bootargs) {
        rc = fdt_setprop_string(fdt, node, "bootargs", b->bootargs);
    }
    /* QEMU 7.2 writes both as one cell whatever #address-cells says. */
    if (!rc && b->initrd_size) {
        rc = fdt_setprop_u32(fdt, node, "linux,initrd-start",
                             (uint32_t)b->initrd_start);
    }
    if (!rc && b->initrd_size) {
        rc = fdt_setprop_u32(fdt, node, "linux,initrd-end",
                             (uint32_t)(b->initrd_start + b->initrd_size));
    }
    return rc;
}

/* A /psci the guest may have brought names IDs tzemu does not answer:
 * replaced whole (arm,psci binding, PSCI 1.0 compatible). */
static int fixup_psci(void *fdt)
{
    int node = fdt_path_offset(fdt, "/psci");
    if (node >= 0 && (node = fdt_nop_node(fdt, node)) != 0) {
        return node;
    }
    node = fdt_add_subnode(fdt, 0, "psci");
    if (node < 0) {
        return node;
    }
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    int rc = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
    if (!rc) {
        rc = fdt_setprop_string(fdt, node, "method", "hvc");
    }
    if (!rc) {
        rc = fdt_setprop_u32(fdt, node, "cpu_suspend", PSCI_FN_CPU_SUSPEND);
    }
    if (!rc) {
        rc = fdt_setprop_u32(fdt, node, "cpu_off", PSCI_FN_CPU_OFF);
    }
    if (!rc) {
        rc = fdt_setprop_u32(fdt, node, "cpu_on", PSCI_FN_CPU_ON);
    }
    if (!rc) {
        rc = fdt_setprop_u32(fdt, node, "migrate", PSCI_FN_MIGRATE);
    }
    return rc;
}

int dtb_fixup(void *fdt, const DtbBoot *b, char *err, size_t len)
{
    uint32_t ac = root_cells(fdt, "#address-cells");
    uint32_t sc = root_cells(fdt, "#size-cells");
    if (ac == 0 || sc == 0 || ac > 2 || sc > 2) {
        return text_fail(err, len, "the device tree's root #address-cells "
                         "and #size-cells must be 1 or 2 (they are %u and "
                         "%u)", ac, sc);
    }
    if (sc < 2 && b->ram_size >= (1ull << 32)) {
        return text_fail(err, len, "the device tree has one size cell: it "
                         "cannot describe 4 GiB of RAM or more");
    }
    int rc = fixup_memory(fdt, b, ac, sc);
    if (!rc) {
        rc = fixup_chosen(fdt, b);
    }
    if (!rc && b->psci) {
        rc = fixup_psci(fdt);
    }
    if (rc) {
        return text_fail(err, len, "cannot update the device tree: %s",
                         fdt_strerror(rc));
    }
    return 0;
}

int dtb_write_file(const void *fdt, const char *path, char *err, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t size = fdt_totalsize(fdt);
    if (fd < 0) {
        return text_fail(err, len, "dumpdtb %s: %s", path, strerror(errno));
    }
    const uint8_t *p = fdt;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, p + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int e = errno;
            close(fd);
            return text_fail(err, len, "dumpdtb %s: %s", path, strerror(e));
        }
        done += (size_t)n;
    }
    if (close(fd) != 0) {
        return text_fail(err, len, "dumpdtb %s: %s", path, strerror(errno));
    }
    return 0;
}
