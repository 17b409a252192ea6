/*
 * Intel/Sharp command-set NOR flash with a CFI query table (JEDEC JESD68,
 * Intel AP-646 "Common Flash Interface"), keeping the guest-visible
 * behaviour of qemu-system-arm 7.2's hw/block/pflash_cfi01.c (Debian's
 * 7.2.22, whose write to buffer stages the data as QEMU 9.0 does):
 * operations finish at once, erase happens at the erase command, the ID and
 * CFI answers follow QEMU's offset arithmetic. Not modelled (as in QEMU):
 * timing, block locking (lock commands are accepted, every block reads as
 * unlocked), suspend/resume, protection registers, read-only drives, the
 * legacy mode without a device width.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devlog.h"
#include "pflash_cfi01.h"

/* The CFI query table's length, as QEMU's. */
#define PFLASH_CFI_LEN 0x52

/* Status register: a program failed (also for write to buffer). */
#define STATUS_PROGRAM_ERROR 0x10

/* Second-cycle command codes. */
#define CMD_CONFIRM 0xd0
#define CMD_LOCK 0x01
#define CMD_READ_ARRAY 0xff

/* What a read returns while a command is current. */
typedef enum PflashReadMode {
    READ_ARRAY = 0,
    READ_STATUS,
    READ_ID,
    READ_CFI,
} PflashReadMode;

typedef struct PflashCommand PflashCommand;

struct Pflash {
    char *name;
    MemoryRegion *mem;
    uint8_t *storage;
    uint64_t size;
    uint64_t sector_len;
    unsigned bank_width;
    unsigned device_width;
    uint16_t ident[2];
    uint8_t cfi_table[PFLASH_CFI_LEN];
    /* The command in progress; NULL in read-array mode. */
    const PflashCommand *cmd;
    /* Bus cycles of @cmd seen so far (0: the next write is a command). */
    unsigned wcycle;
    uint8_t status;
    /* Write to buffer: data words still expected, minus one. */
    uint32_t counter;
    /*
     * Write to buffer, from the count cycle to the confirm: a copy of the
     * aligned @writeblock_size bytes at @blk_offset (the chips' buffers
     * side by side) taking the data, written to the array at the confirm,
     * dropped otherwise.
     */
    uint32_t writeblock_size;
    uint8_t *blk_bytes;
    hwaddr blk_offset;
    FILE *log;
    unsigned log_count;
};

/**
 * PflashCommand - one command of the set, entered by a first bus cycle
 * whose low byte is @code (the chips' data lines 7:0; QEMU ignores the
 * rest).
 * @mode:  what reads return while the command is current.
 * @one_cycle: the command is complete at once (read status, read ID): the
 *   next write is a new command.
 * @first: the first cycle's side effect, if any.
 * @next:  the later cycles (wcycle >= 1).
 * A command whose @mode is READ_ARRAY returns to read-array mode at once.
 */
struct PflashCommand {
    uint8_t code;
    const char *name;
    PflashReadMode mode;
    bool one_cycle;
    void (*first)(Pflash *s, hwaddr offset);
    void (*next)(Pflash *s, hwaddr offset, uint32_t value, unsigned size);
};

/* ------------------------------------------------------------- helpers */

static void pflash_log(Pflash *s, const char *category, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void pflash_log(Pflash *s, const char *category, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    devlog_vprintf(s->log, &s->log_count, category, s->name, fmt, ap);
    va_end(ap);
}

/* @value with bits [@start, @start + @len) replaced by @field's low bits. */
static uint32_t deposit32(uint32_t value, unsigned start, unsigned len,
                          uint32_t field)
{
    assert(len > 0 && start + len <= 32);
    uint32_t mask = (~0u >> (32 - len)) << start;
    return (value & ~mask) | ((field << start) & mask);
}

/* One chip's answer repeated for every chip of the bank. */
static uint32_t pflash_replicate(const Pflash *s, uint32_t resp)
{
    for (unsigned i = s->device_width; i < s->bank_width;
         i += s->device_width) {
        resp = deposit32(resp, 8 * i, 8 * s->device_width, resp);
    }
    return resp;
}

/*
 * The chips see bus word addresses: a byte offset shifted by the bank
 * width's log2 is the address each chip decodes (QEMU adds a correction
 * for chips used narrower than their maximum width, not modelled).
 */
static hwaddr pflash_chip_address(const Pflash *s, hwaddr offset)
{
    return offset >> __builtin_ctz(s->bank_width);
}

static void pflash_enter_read_array(Pflash *s)
{
    s->cmd = NULL;
    s->wcycle = 0;
    memory_region_rom_device_set_romd(s->mem, true);
}

static uint32_t pflash_data_read(const Pflash *s, hwaddr offset,
                                 unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint32_t)s->storage[offset + i] << (8 * i);
    }
    return v;
}

/* Program: the bytes are stored as given, not ANDed in (QEMU). */
static void pflash_data_write(Pflash *s, hwaddr offset, uint32_t value,
                              unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        s->storage[offset + i] = (uint8_t)(value >> (8 * i));
    }
}

/* ----------------------------------------------------------- read modes */

static uint32_t pflash_status_read(const Pflash *s, unsigned size)
{
    /* Once per chip the access covers whole. */
    uint32_t v = s->status;
    unsigned dw_bits = 8 * s->device_width;
    for (unsigned shift = dw_bits; shift + dw_bits <= 8 * size;
         shift += dw_bits) {
        v |= (uint32_t)s->status << shift;
    }
    return v;
}

static uint32_t pflash_id_query(const Pflash *s, hwaddr offset)
{
    /*
     * Chip address bits above 7 select the block whose lock status
     * address 2 reports; 0 is the manufacturer, 1 the device, the rest
     * (lock status included: unlocked) read as 0, not replicated.
     */
    hwaddr a = pflash_chip_address(s, offset) & 0xff;
    if (a > 1) {
        return 0;
    }
    return pflash_replicate(s, s->ident[a]);
}

static uint32_t pflash_cfi_query(const Pflash *s, hwaddr offset)
{
    hwaddr a = pflash_chip_address(s, offset);
    if (a >= PFLASH_CFI_LEN) {
        return 0;
    }
    return pflash_replicate(s, s->cfi_table[a]);
}

/*
 * An access wider than the bank combines the answers of consecutive bus
 * words. QEMU asks for offset + i * bank_width for the word at byte i
 * (so its second word is further away than the bus's next word); kept.
 * Bits the answers do not cover stay all ones; the bus keeps only the
 * bytes of the access.
 */
static uint32_t pflash_query(const Pflash *s, hwaddr offset, unsigned size,
                             uint32_t (*query)(const Pflash *, hwaddr))
{
    uint32_t v = ~0u;
    for (unsigned i = 0; i < size; i += s->bank_width) {
        v = deposit32(v, 8 * i, 8 * s->bank_width,
                      query(s, offset + i * s->bank_width));
    }
    return v;
}

/* ------------------------------------------------------------- commands */

static void pflash_clear_status(Pflash *s, hwaddr offset)
{
    (void)offset;
    s->status = 0;
}

/* Erase happens at the setup cycle, before the confirm (QEMU). */
static void pflash_erase_first(Pflash *s, hwaddr offset)
{
    hwaddr block = offset & ~(s->sector_len - 1);
    memset(s->storage + block, 0xff, s->sector_len);
    s->status |= PFLASH_STATUS_READY;
}

static void pflash_bad_sequence(Pflash *s, hwaddr offset, uint32_t value)
{
    pflash_log(s, "unimp",
               "unimplemented command sequence: %s (0x%02x), cycle %u, "
               "write of 0x%x at offset 0x%llx; back to read array",
               s->cmd->name, s->cmd->code, s->wcycle, value,
               (unsigned long long)offset);
    pflash_enter_read_array(s);
}

static void pflash_program_next(Pflash *s, hwaddr offset, uint32_t value,
                                unsigned size)
{
    pflash_data_write(s, offset, value, size);
    s->status |= PFLASH_STATUS_READY;
    /* Reads keep returning the status until a read-array command. */
    s->wcycle = 0;
}

static void pflash_erase_next(Pflash *s, hwaddr offset, uint32_t value,
                              unsigned size)
{
    (void)size;
    uint8_t cmd = (uint8_t)value;
    if (cmd == CMD_CONFIRM) {
        s->wcycle = 0;
        s->status |= PFLASH_STATUS_READY;
    } else if (cmd == CMD_READ_ARRAY) {
        pflash_enter_read_array(s);
    } else {
        pflash_bad_sequence(s, offset, value);
    }
}

static void pflash_lock_next(Pflash *s, hwaddr offset, uint32_t value,
                             unsigned size)
{
    (void)size;
    uint8_t cmd = (uint8_t)value;
    if (cmd == CMD_CONFIRM || cmd == CMD_LOCK) {
        /* Accepted; lock bits are not modelled. */
        s->wcycle = 0;
        s->status |= PFLASH_STATUS_READY;
    } else if (cmd == CMD_READ_ARRAY) {
        pflash_enter_read_array(s);
    } else {
        pflash_log(s, "guest error",
                   "block lock setup followed by 0x%x at offset 0x%llx, "
                   "not 0x01 or 0xd0; back to read array", value,
                   (unsigned long long)offset);
        pflash_enter_read_array(s);
    }
}

static void pflash_query_next(Pflash *s, hwaddr offset, uint32_t value,
                              unsigned size)
{
    (void)offset;
    (void)size;
    /* Only read array leaves query mode; anything else is ignored. */
    if ((uint8_t)value == CMD_READ_ARRAY) {
        pflash_enter_read_array(s);
    }
}

static void pflash_buffer_first(Pflash *s, hwaddr offset)
{
    (void)offset;
    s->status |= PFLASH_STATUS_READY;
}

/*
 * The buffer is the aligned block holding the address of the count cycle
 * (QEMU 9.0 before its May 2024 fix, as Debian's 7.2.22 behaves); a data
 * word outside it sets the program error bit, which then fails the
 * confirm.
 */
static void pflash_buffer_data(Pflash *s, hwaddr offset, uint32_t value,
                               unsigned size)
{
    if (offset < s->blk_offset ||
        offset + size > s->blk_offset + s->writeblock_size) {
        pflash_log(s, "guest error",
                   "write to buffer: data at offset 0x%llx is outside the "
                   "0x%x-byte buffer at 0x%llx; program error",
                   (unsigned long long)offset, s->writeblock_size,
                   (unsigned long long)s->blk_offset);
        s->status |= STATUS_PROGRAM_ERROR;
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        s->blk_bytes[offset - s->blk_offset + i] = (uint8_t)(value >> (8 * i));
    }
}

static void pflash_buffer_next(Pflash *s, hwaddr offset, uint32_t value,
                               unsigned size)
{
    switch (s->wcycle) {
    case 1:
        /* The word count minus one, as one chip reads it. */
        s->counter = s->device_width == 4
                         ? value : value & ((1u << (8 * s->device_width)) - 1);
        s->wcycle = 2;
        s->blk_offset = offset & ~(hwaddr)(s->writeblock_size - 1);
        memcpy(s->blk_bytes, s->storage + s->blk_offset, s->writeblock_size);
        break;
    case 2:
        /* Any write is data here, whatever its value or width (QEMU). */
        pflash_buffer_data(s, offset, value, size);
        s->status |= PFLASH_STATUS_READY;
        if (s->counter == 0) {
            s->wcycle = 3;
        }
        s->counter--;
        break;
    default:
        if ((uint8_t)value == CMD_CONFIRM &&
            !(s->status & STATUS_PROGRAM_ERROR)) {
            memcpy(s->storage + s->blk_offset, s->blk_bytes,
                   s->writeblock_size);
            s->wcycle = 0;
            s->status |= PFLASH_STATUS_READY;
        } else {
            pflash_log(s, "guest error", "write to buffer %s (0x%x at offset "
                       "0x%llx): the data is dropped; back to read array",
                       (uint8_t)value == CMD_CONFIRM
                           ? "confirmed with the program error bit set"
                           : "not confirmed",
                       value, (unsigned long long)offset);
            pflash_enter_read_array(s);
        }
        break;
    }
}

static const PflashCommand pflash_commands[] = {
    { .code = 0xff, .name = "read array", .mode = READ_ARRAY },
    /* Not a CFI command: QEMU's own name for read-array mode. */
    { .code = 0x00, .name = "read array (0x00)", .mode = READ_ARRAY },
    /* The AMD command set's reset, which probing software sends. */
    { .code = 0xf0, .name = "AMD reset", .mode = READ_ARRAY },
    { .code = 0x50, .name = "clear status register", .mode = READ_ARRAY,
      .first = pflash_clear_status },
    { .code = 0x70, .name = "read status register", .mode = READ_STATUS,
      .one_cycle = true },
    { .code = 0x90, .name = "read identifier", .mode = READ_ID,
      .one_cycle = true },
    { .code = 0x98, .name = "CFI query", .mode = READ_CFI,
      .next = pflash_query_next },
    { .code = 0x10, .name = "program", .mode = READ_STATUS,
      .next = pflash_program_next },
    { .code = 0x40, .name = "program", .mode = READ_STATUS,
      .next = pflash_program_next },
    { .code = 0x20, .name = "block erase", .mode = READ_STATUS,
      .first = pflash_erase_first, .next = pflash_erase_next },
    { .code = 0x60, .name = "block lock setup", .mode = READ_STATUS,
      .next = pflash_lock_next },
    { .code = 0xe8, .name = "write to buffer", .mode = READ_STATUS,
      .first = pflash_buffer_first, .next = pflash_buffer_next },
};

#define PFLASH_NR_COMMANDS \
    (sizeof(pflash_commands) / sizeof(pflash_commands[0]))

static const PflashCommand *pflash_find_command(uint8_t code)
{
    for (size_t i = 0; i < PFLASH_NR_COMMANDS; i++) {
        if (pflash_commands[i].code == code) {
            return &pflash_commands[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ bus side */

static MemTxResult pflash_read(void *opaque, hwaddr addr, uint64_t *data,
                               unsigned size, MemTxAttrs attrs)
{
    Pflash *s = opaque;
    (void)attrs; /* both worlds alike; virt's flash has no Secure mode */
    PflashReadMode mode = s->cmd ? s->cmd->mode : READ_ARRAY;
    uint32_t v = 0;
    switch (mode) {
    case READ_ARRAY:
        /* Only when ROMD is off, which read-array mode never leaves. */
        v = pflash_data_read(s, addr, size);
        break;
    case READ_STATUS:
        v = pflash_status_read(s, size);
        break;
    case READ_ID:
        v = pflash_query(s, addr, size, pflash_id_query);
        break;
    case READ_CFI:
        v = pflash_query(s, addr, size, pflash_cfi_query);
        break;
    }
    *data = v;
    return MEMTX_OK;
}

static MemTxResult pflash_write(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size, MemTxAttrs attrs)
{
    Pflash *s = opaque;
    (void)attrs;
    uint32_t value = (uint32_t)data;
    if (s->wcycle > 0) {
        assert(s->cmd && s->cmd->next);
        s->cmd->next(s, addr, value, size);
        return MEMTX_OK;
    }
    const PflashCommand *c = pflash_find_command((uint8_t)value);
    if (!c) {
        pflash_log(s, "unimp", "unimplemented command 0x%02x (write of 0x%x "
                   "at offset 0x%llx); back to read array", value & 0xff,
                   value, (unsigned long long)addr);
        pflash_enter_read_array(s);
        return MEMTX_OK;
    }
    if (c->first) {
        c->first(s, addr);
    }
    if (c->mode == READ_ARRAY) {
        pflash_enter_read_array(s);
        return MEMTX_OK;
    }
    s->cmd = c;
    s->wcycle = c->one_cycle ? 0 : 1;
    /* Reads now come from the device. */
    memory_region_rom_device_set_romd(s->mem, false);
    return MEMTX_OK;
}

/*
 * QEMU's ops set no rules: any aligned access of 1 to 8 bytes, the
 * callbacks seeing 1, 2 or 4 bytes at the access's own offset.
 */
static const MemoryRegionOps pflash_ops = {
    .read = pflash_read,
    .write = pflash_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---------------------------------------------------------- CFI table */

/*
 * The fixed part of QEMU's table, by CFI query address (JESD68 names):
 * the "QRY" string, the primary command set and its extended table, the
 * voltages, the timings, the interface, the Intel extended table "PRI".
 */
static const uint8_t pflash_cfi_fixed[PFLASH_CFI_LEN] = {
    [0x10] = 'Q', [0x11] = 'R', [0x12] = 'Y',
    [0x13] = 0x01, [0x14] = 0x00, /* primary command set: Intel/Sharp */
    [0x15] = 0x31, [0x16] = 0x00, /* its extended table at 0x31 */
    [0x1b] = 0x45, [0x1c] = 0x55, /* Vcc 4.5 V to 5.5 V; no Vpp */
    [0x1f] = 0x07,                /* typical word program 2^7 us */
    [0x20] = 0x07,                /* typical buffer write 2^7 us */
    [0x21] = 0x0a,                /* typical block erase 2^10 ms */
    [0x22] = 0x00,                /* no chip erase */
    [0x23] = 0x04, [0x24] = 0x04, [0x25] = 0x04, /* maxima: 2^4 x typical */
    [0x28] = 0x02, [0x29] = 0x00, /* interface: x8/x16 */
    [0x2c] = 0x01,                /* one erase block region */
    [0x31] = 'P', [0x32] = 'R', [0x33] = 'I', [0x34] = '1', [0x35] = '0',
    [0x3f] = 0x01,                /* one protection field */
};

/* Each chip's write buffer: 2^N bytes (QEMU: 256 on a byte-wide bank). */
static unsigned pflash_buffer_log2(unsigned bank_width)
{
    return bank_width == 1 ? 8 : 11;
}

/* The geometry as each chip states it: QEMU's "new multiple chip" rules. */
static void pflash_fill_cfi_table(Pflash *s)
{
    memcpy(s->cfi_table, pflash_cfi_fixed, sizeof(s->cfi_table));
    unsigned chips = s->bank_width / s->device_width;
    uint64_t blocks = s->size / s->sector_len;
    uint64_t chip_sector = s->sector_len / chips;
    uint64_t chip_size = chip_sector * blocks;
    /* 2^N bytes per chip; QEMU counts the low 32 bits' trailing zeros. */
    uint32_t low = (uint32_t)chip_size;
    s->cfi_table[0x27] = (uint8_t)(low ? __builtin_ctz(low) : 32);
    s->cfi_table[0x2a] = (uint8_t)pflash_buffer_log2(s->bank_width);
    s->cfi_table[0x2b] = 0x00;
    /* Erase block region 1: blocks - 1, then block size / 256. */
    s->cfi_table[0x2d] = (uint8_t)(blocks - 1);
    s->cfi_table[0x2e] = (uint8_t)((blocks - 1) >> 8);
    s->cfi_table[0x2f] = (uint8_t)(chip_sector >> 8);
    s->cfi_table[0x30] = (uint8_t)(chip_sector >> 16);
}

/* ------------------------------------------------------------ lifetime */

static bool pflash_width_ok(unsigned w)
{
    return w == 1 || w == 2 || w == 4;
}

void pflash_reset(Pflash *s)
{
    pflash_enter_read_array(s);
    s->status = PFLASH_STATUS_READY;
    s->counter = 0;
}

Pflash *pflash_new(const char *name, uint64_t size, uint64_t sector_len,
                   unsigned bank_width, unsigned device_width,
                   uint16_t manufacturer, uint16_t device, MemError *err)
{
    if (!pflash_width_ok(bank_width) || !pflash_width_ok(device_width) ||
        device_width > bank_width) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "flash '%s': bank width %u and device width %u "
                         "must be 1, 2 or 4, the device no wider", name,
                         bank_width, device_width);
        return NULL;
    }
    /* The bank's buffer: every chip's side by side. */
    uint32_t writeblock_size = (1u << pflash_buffer_log2(bank_width)) *
                               (bank_width / device_width);
    if (size == 0 || sector_len == 0 || (sector_len & (sector_len - 1)) ||
        size % sector_len || size / sector_len > UINT32_MAX ||
        sector_len < writeblock_size) {
        memory_error_set(err, MEM_ERR_INVAL,
                         "flash '%s': size 0x%llx must be a non-zero "
                         "multiple of the sector length 0x%llx, a power of "
                         "two of at least the write buffer's 0x%x bytes",
                         name, (unsigned long long)size,
                         (unsigned long long)sector_len, writeblock_size);
        return NULL;
    }
    Pflash *s = calloc(1, sizeof(*s));
    if (!s || !(s->name = strdup(name)) ||
        !(s->blk_bytes = malloc(writeblock_size))) {
        if (s) {
            free(s->name);
        }
        free(s);
        memory_error_set(err, MEM_ERR_NOMEM, "flash '%s': out of memory",
                         name);
        return NULL;
    }
    s->mem = memory_region_new_rom_device(name, size, &pflash_ops, s, err);
    if (!s->mem) {
        free(s->blk_bytes);
        free(s->name);
        free(s);
        return NULL;
    }
    s->storage = memory_region_get_ram_ptr(s->mem);
    s->size = size;
    s->sector_len = sector_len;
    s->bank_width = bank_width;
    s->device_width = device_width;
    s->writeblock_size = writeblock_size;
    s->ident[0] = manufacturer;
    s->ident[1] = device;
    s->log = stderr;
    pflash_fill_cfi_table(s);
    pflash_reset(s);
    return s;
}

MemoryRegion *pflash_region(Pflash *s)
{
    return s->mem;
}

void pflash_set_log(Pflash *s, FILE *log)
{
    s->log = log;
}

void pflash_free(Pflash *s)
{
    if (!s) {
        return;
    }
    memory_region_destroy(s->mem);
    free(s->blk_bytes);
    free(s->name);
    free(s);
}
