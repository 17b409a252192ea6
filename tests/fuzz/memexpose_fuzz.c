/*
 * libFuzzer target for the memexpose message parser. The first input byte
 * is a descriptor count; the rest is decoded as one message (whatever
 * decodes must encode back to the same bytes), then fed as a stream to a
 * device that exposes a page of RAM and then reads its window, so framing,
 * validation and the device's handling of every accepted message (replies
 * included) all run on hostile bytes.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../src/hw/memexpose.h"
#include "../../src/hw/memexpose_proto.h"

static void fuzz_decode(const uint8_t *data, size_t size)
{
    MemExposeMsg m;
    MemExposeProtoError err;
    if (!size || !memexpose_decode(data + 1, size - 1, data[0] % 4, &m,
                                   &err)) {
        return;
    }
    uint8_t again[MEMEXPOSE_MAX_MSG];
    if (memexpose_encode(&m, again) != size - 1 ||
        memcmp(again, data + 1, size - 1) != 0) {
        abort(); /* accepted bytes must be exactly what encoding makes */
    }
}

static void fuzz_device(const uint8_t *data, size_t size)
{
    MemoryRegion *root = memory_region_new_container("root", 0x10000, NULL);
    MemoryRegion *ram = memory_region_new_ram("ram", 0x1000, NULL);
    memory_region_add_subregion(root, 0, ram, NULL);
    AddressSpace as;
    address_space_init(&as, root, "fuzz");
    MemExpose *d = memexpose_new(&(MemExposeConfig){
        .name = "fuzz", .as_ns = &as, .expose_size = 0x1000,
        .window_size = 0x1000, .timeout_ms = 1 }, NULL);
    memexpose_set_log(d, NULL);
    /* The window too, so a peer's EXPOSE and replies meet real accesses. */
    memory_region_add_subregion(root, 0x8000, memexpose_window(d), NULL);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
        memexpose_connect(d, sv[0]);
        /* A HELLO first, so later messages reach the device's handlers. */
        uint8_t hello[MEMEXPOSE_MAX_MSG];
        size_t n = memexpose_encode(&(MemExposeMsg){
            .type = MEMEXPOSE_HELLO,
            .hello = { .version = MEMEXPOSE_VERSION } }, hello);
        if (write(sv[1], hello, n) == (ssize_t)n &&
            write(sv[1], data, size < 65536 ? size : 65536) >= 0) {
            memexpose_poll(d);
            uint64_t v;
            address_space_read(&as, 0x8000, (MemTxAttrs){ 0 }, &v,
                               sizeof(v));
            memexpose_poll(d);
        }
        close(sv[1]);
        memexpose_poll(d);
    }
    memexpose_free(d);
    address_space_destroy(&as);
    memory_region_unref(ram);
    memory_region_unref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decode(data, size);
    if (size) {
        fuzz_device(data + 1, size - 1);
    }
    return 0;
}
