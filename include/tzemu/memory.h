/*
 * The memory API: regions (RAM, ROM, ROM devices, MMIO, containers, aliases,
 * IOMMU regions, reservations) arranged in trees, rendered into flat views,
 * and accessed through address spaces with transaction attributes.
 * Vocabulary and semantics follow QEMU's memory API (docs/devel/memory.rst);
 * where tzemu differs, the doc block says so. Single-threaded: all calls on
 * one host thread.
 */
#ifndef TZEMU_MEMORY_H
#define TZEMU_MEMORY_H

#include <stddef.h>
#include <stdio.h>

#include "tzemu/memattrs.h"

/*
 * Sizes: a region's size is a uint64_t; UINT64_MAX stands for 2^64 (the whole
 * 64-bit space), as in QEMU. A size of 0 is an error.
 */
#define MEMORY_SIZE_2_64 UINT64_MAX

/* How deep an IOMMU chain may go before it is reported as a loop. */
#define MEMORY_IOMMU_MAX_DEPTH 16

/* The size of each address space's bounce buffer (address_space_map). */
#define MEMORY_BOUNCE_SIZE 4096

typedef struct MemoryRegion MemoryRegion;
typedef struct FlatView FlatView;
typedef struct AddressSpace AddressSpace;

/* ---------------------------------------------------------------- errors */

/**
 * MemErrCode - why a configuration call failed (none of these is a guest
 * error; guest accesses answer with MemTxResult).
 * MEM_ERR_INVAL: a bad argument: zero size, bad ops constraints, wrong kind
 *                of region for the call, an fd that cannot be used.
 * MEM_ERR_RANGE: a size or offset overflows 64 bits, or RAM grows beyond
 *                what was allocated for it.
 * MEM_ERR_BUSY:  the region already has a parent.
 * MEM_ERR_NOENT: the region is not a child of that parent.
 * MEM_ERR_LOOP:  the change would make the region graph cyclic.
 * MEM_ERR_NOMEM: host memory or a file descriptor could not be had.
 */
typedef enum MemErrCode {
    MEM_OK = 0,
    MEM_ERR_INVAL,
    MEM_ERR_RANGE,
    MEM_ERR_BUSY,
    MEM_ERR_NOENT,
    MEM_ERR_LOOP,
    MEM_ERR_NOMEM,
} MemErrCode;

/* A failed call's code and a sentence naming the regions involved. */
typedef struct MemError {
    MemErrCode code;
    char message[256];
} MemError;

/* Fills @err (if not NULL) with @code and a formatted message. */
void memory_error_set(MemError *err, MemErrCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ MMIO */

/* Byte order of a device's registers; NATIVE is the target's (little). */
typedef enum DeviceEndian {
    DEVICE_NATIVE_ENDIAN = 0,
    DEVICE_LITTLE_ENDIAN,
    DEVICE_BIG_ENDIAN,
} DeviceEndian;

/**
 * MemoryRegionOps - callbacks and access rules of an MMIO or ROM device
 * region.
 * @read/@write: called with the offset inside the region, a size the
 *   implementation accepts (@impl) and the transaction's attributes; return
 *   MEMTX_OK or an error. @read stores the register value in *@data.
 * @endianness: the byte order of @data; the core swaps as the bus needs.
 * @valid: what the modelled hardware accepts. Sizes outside
 *   [min_access_size, max_access_size] (0 means 1 and 8), an offset not a
 *   multiple of the size unless @unaligned, or @accepts returning false, make
 *   the access fail with MEMTX_ERROR without calling the device.
 * @impl: what the callbacks implement (0 means 1 and 4). A wider access is
 *   split into naturally aligned pieces; a narrower one is widened to the
 *   aligned @impl.min_access_size unit that holds it. A widened read returns
 *   just the requested bytes. A widened write is NOT read-modify-write (a
 *   read could have side effects): the bytes outside the request are sent as
 *   zero. With @impl.unaligned the pieces start at the access's own offset.
 */
typedef struct MemoryRegionOps {
    MemTxResult (*read)(void *opaque, hwaddr addr, uint64_t *data,
                        unsigned size, MemTxAttrs attrs);
    MemTxResult (*write)(void *opaque, hwaddr addr, uint64_t data,
                         unsigned size, MemTxAttrs attrs);
    DeviceEndian endianness;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
} MemoryRegionOps;

/* ----------------------------------------------------------------- IOMMU */

typedef enum IOMMUAccessFlags {
    IOMMU_NONE = 0,
    IOMMU_RO = 1,
    IOMMU_WO = 2,
    IOMMU_RW = 3,
} IOMMUAccessFlags;

/**
 * IOMMUTLBEntry - one translation.
 * @target_as: where the translated access goes (NULL: nowhere, denied).
 * @iova: the input address, aligned down to the granule.
 * @translated_addr: the output address (only bits above @addr_mask count).
 * @addr_mask: granule size - 1 (0xfff for 4 KiB).
 * @perm: what the translation allows; an access needing more is denied
 *   with MEMTX_ACCESS_ERROR.
 * Output address = (translated_addr & ~addr_mask) | (input & addr_mask).
 */
typedef struct IOMMUTLBEntry {
    AddressSpace *target_as;
    hwaddr iova;
    hwaddr translated_addr;
    hwaddr addr_mask;
    IOMMUAccessFlags perm;
} IOMMUTLBEntry;

/**
 * IOMMUMemoryRegionOps - what an IOMMU region's owner provides.
 * @translate: translate @addr (offset inside the IOMMU region) for index
 *   @iommu_idx. @flag is the access wanted (IOMMU_NONE: report the full
 *   permissions); the result must depend only on @addr and @iommu_idx, so a
 *   caller may cache it until the owner announces a change.
 * @attrs_to_index: the index a transaction uses (NULL: always 0), so a
 *   translation can depend on secure/non-secure and user/privileged.
 * @num_indexes: how many indexes there are (0 means 1).
 */
typedef struct IOMMUMemoryRegionOps {
    IOMMUTLBEntry (*translate)(void *opaque, hwaddr addr,
                               IOMMUAccessFlags flag, int iommu_idx);
    int (*attrs_to_index)(void *opaque, MemTxAttrs attrs);
    int num_indexes;
} IOMMUMemoryRegionOps;

typedef enum IOMMUNotifierFlag {
    IOMMU_NOTIFIER_UNMAP = 1,
    IOMMU_NOTIFIER_MAP = 2,
} IOMMUNotifierFlag;

typedef struct IOMMUNotifier IOMMUNotifier;

/**
 * IOMMUNotifier - a watcher of one IOMMU index over [@start, @end].
 * @notify: called with the event type and the entry the owner announced
 *   (for UNMAP, @perm is IOMMU_NONE). Must not (un)register notifiers.
 * @flags: which event types to receive.
 * The rest is private to the memory API.
 */
struct IOMMUNotifier {
    void (*notify)(IOMMUNotifier *n, IOMMUNotifierFlag type,
                   const IOMMUTLBEntry *entry);
    IOMMUNotifierFlag flags;
    hwaddr start;
    hwaddr end;
    int iommu_idx;
    MemoryRegion *iommu;
    IOMMUNotifier *next;
};

/* --------------------------------------------------------------- regions */

/*
 * Lifetime. Every region is created with one reference, the creator's. A
 * parent holds a reference on each subregion, an alias on its target, an
 * address space on its root, a flat view on every region it shows, and an
 * address_space_map() of RAM on that RAM until unmap. A region is freed when
 * its last reference goes; freeing a container drops its subregions.
 * The owner of an MMIO, ROM-device or IOMMU region calls
 * memory_region_destroy() before freeing its opaque state: the region leaves
 * its parent, forgets its callbacks and answers MEMTX_DECODE_ERROR to
 * whatever still reaches it (an alias elsewhere, say); no callback runs after
 * destroy returns.
 */

/**
 * memory_region_new_container - a pure grouping region; unclaimed addresses
 * fall through to lower-priority siblings. NULL and @err filled on failure.
 */
MemoryRegion *memory_region_new_container(const char *name, uint64_t size,
                                          MemError *err);
/** memory_region_new_ram - private anonymous host memory, zero-filled. */
MemoryRegion *memory_region_new_ram(const char *name, uint64_t size,
                                    MemError *err);
/**
 * memory_region_new_ram_shared - RAM backed by a new memfd, mapped shared,
 * so another process given the fd (memory_region_get_fd) sees the same bytes.
 * The memfd is sealed against shrinking (F_SEAL_SHRINK | F_SEAL_SEAL), so
 * that process can never truncate pages under this one's mapping.
 */
MemoryRegion *memory_region_new_ram_shared(const char *name, uint64_t size,
                                           MemError *err);
/**
 * memory_region_new_ram_from_fd - RAM backed by @fd (a memfd or a file) at
 * @offset, mapped shared. The region keeps its own duplicate of @fd; the
 * caller still owns @fd. The file must already be @offset + @size long.
 */
MemoryRegion *memory_region_new_ram_from_fd(const char *name, uint64_t size,
                                            int fd, uint64_t offset,
                                            MemError *err);
/** memory_region_new_rom - RAM that refuses non-debug writes. */
MemoryRegion *memory_region_new_rom(const char *name, uint64_t size,
                                    MemError *err);
/**
 * memory_region_new_rom_device - reads come from host memory while in ROMD
 * mode (the default) and from @ops->read otherwise; writes always go to
 * @ops->write. Models flash.
 */
MemoryRegion *memory_region_new_rom_device(const char *name, uint64_t size,
                                           const MemoryRegionOps *ops,
                                           void *opaque, MemError *err);
/** memory_region_new_io - an MMIO region served by @ops with @opaque. */
MemoryRegion *memory_region_new_io(const char *name, uint64_t size,
                                   const MemoryRegionOps *ops, void *opaque,
                                   MemError *err);
/**
 * memory_region_new_alias - a window of @size bytes into @target starting at
 * @offset. Takes a reference on @target. Parts of the window beyond
 * @target's size are holes. An alias cannot have subregions.
 */
MemoryRegion *memory_region_new_alias(const char *name, MemoryRegion *target,
                                      hwaddr offset, uint64_t size,
                                      MemError *err);
/** memory_region_new_iommu - a region translated by @ops at each access. */
MemoryRegion *memory_region_new_iommu(const char *name, uint64_t size,
                                      const IOMMUMemoryRegionOps *ops,
                                      void *opaque, MemError *err);
/**
 * memory_region_new_reservation - claims address space (listeners and dumps
 * see it) but answers every access with MEMTX_DECODE_ERROR.
 */
MemoryRegion *memory_region_new_reservation(const char *name, uint64_t size,
                                            MemError *err);

void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);
/** memory_region_destroy - the owner's release; see "Lifetime" above. */
void memory_region_destroy(MemoryRegion *mr);

/* -------------------------------------------------------------- topology */

/*
 * Every call below is a topology change: it re-renders the flat views that
 * contain the region and tells their listeners, at once or at the outermost
 * memory_transaction_commit().
 */

/**
 * memory_region_add_subregion_overlap - map @child at @offset in @parent with
 * @priority. Among overlapping siblings the higher priority wins; with equal
 * priorities the one added last wins (it is inserted before every sibling of
 * equal or lower priority). A container child only shadows lower siblings
 * where it has something mapped. Takes a reference on @child.
 * Errors: MEM_ERR_BUSY (@child has a parent), MEM_ERR_RANGE (@offset + size
 * overflows), MEM_ERR_INVAL (@parent is an alias or IOMMU, or @child is
 * @parent), MEM_ERR_LOOP (@parent is reachable from @child).
 */
MemErrCode memory_region_add_subregion_overlap(MemoryRegion *parent,
                                               hwaddr offset,
                                               MemoryRegion *child,
                                               int priority, MemError *err);
/** memory_region_add_subregion - the same with priority 0. */
MemErrCode memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                       MemoryRegion *child, MemError *err);
/** memory_region_del_subregion - unmap; MEM_ERR_NOENT if not @parent's. */
MemErrCode memory_region_del_subregion(MemoryRegion *parent,
                                       MemoryRegion *child, MemError *err);
/** memory_region_set_enabled - a disabled region and its subtree vanish. */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/**
 * memory_region_set_address - move inside the parent; MEM_ERR_RANGE. As in
 * QEMU a move counts as re-adding: the region becomes the newest of its
 * equal-priority siblings.
 */
MemErrCode memory_region_set_address(MemoryRegion *mr, hwaddr addr,
                                     MemError *err);
/**
 * memory_region_set_size - resize; RAM cannot grow beyond its allocation and
 * no region may come to overflow its parent's 64-bit space (MEM_ERR_RANGE).
 */
MemErrCode memory_region_set_size(MemoryRegion *mr, uint64_t size,
                                  MemError *err);
/** memory_region_set_readonly - refuse non-debug writes in the subtree. */
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
/** memory_region_set_alias_offset - MEM_ERR_INVAL if not an alias. */
MemErrCode memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset,
                                          MemError *err);
/** memory_region_rom_device_set_romd - switch a ROM device's read path. */
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd);

/**
 * memory_transaction_begin/commit - batch topology changes: flat views are
 * rendered and listeners told once, at the outermost commit. Nests. The
 * depth is per host thread; which views re-render is decided per root, so
 * two machines in one process never render each other's views.
 */
void memory_transaction_begin(void);
void memory_transaction_commit(void);

/* -------------------------------------------------------------- queries */

const char *memory_region_name(const MemoryRegion *mr);
/** memory_region_size - the size; UINT64_MAX for 2^64. */
uint64_t memory_region_size(const MemoryRegion *mr);
/** memory_region_is_ram - whether @mr is RAM or ROM (not a ROM device). */
bool memory_region_is_ram(const MemoryRegion *mr);
/** memory_region_get_ram_ptr - host memory of RAM/ROM/ROM device, or NULL. */
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/** memory_region_get_fd - the backing fd of shared RAM (-1 if none). */
int memory_region_get_fd(const MemoryRegion *mr, uint64_t *offset);

/* ------------------------------------------------------------ listeners */

/**
 * MemoryRegionSection - one range of a flat view: guest addresses
 * [@addr, @last] served by @mr from @offset_in_region on.
 */
typedef struct MemoryRegionSection {
    MemoryRegion *mr;
    hwaddr addr;
    hwaddr last;
    hwaddr offset_in_region;
    bool readonly;
    bool romd;
} MemoryRegionSection;

typedef struct MemoryListener MemoryListener;

/**
 * MemoryListener - told how an address space's flat view changed.
 * At each commit that changed the view: @begin, then @region_del for every
 * section that went away (exactly as it was), @region_add for every section
 * that appeared, then @commit. Unchanged sections are not reported. On
 * registration, every current section is reported through @region_add.
 * Any callback may be NULL. Callbacks must not change the topology.
 */
struct MemoryListener {
    void (*begin)(MemoryListener *l);
    void (*region_add)(MemoryListener *l, const MemoryRegionSection *s);
    void (*region_del)(MemoryListener *l, const MemoryRegionSection *s);
    void (*commit)(MemoryListener *l);
    AddressSpace *as;
    MemoryListener *next;
};

void memory_listener_register(MemoryListener *l, AddressSpace *as);
void memory_listener_unregister(MemoryListener *l);

/* -------------------------------------------------------- address spaces */

/**
 * MemTxEvent - one access as an address space's observer sees it.
 * @data holds @size bytes in bus order: what was written, or what was read
 * (zero where the read failed). @big_endian says how the issuer meant the
 * bytes (the ld/st *_be helpers); memtx_event_value() reads them that way.
 */
typedef struct MemTxEvent {
    const AddressSpace *as;
    hwaddr addr;
    hwaddr size;
    bool is_write;
    bool big_endian;
    const uint8_t *data;
    MemTxAttrs attrs;
    MemTxResult result;
} MemTxEvent;

typedef void (*MemTxObserver)(void *opaque, const MemTxEvent *ev);

/* The value of an event of at most 8 bytes, in the issuer's byte order. */
uint64_t memtx_event_value(const MemTxEvent *ev);

/* A short name for a transaction result, for logs: "ok", "decode-error",
 * "access-denied", "device-error" (the first that applies). */
const char *memtx_result_name(MemTxResult r);

typedef struct MemoryMapping MemoryMapping;

/* An address space: a root region seen by a bus master. Fields are private. */
struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;
    AddressSpace *next_on_root;
    MemoryListener *listeners;
    MemTxObserver observer;
    void *observer_opaque;
    struct {
        uint8_t *buffer;
        bool busy;
        hwaddr addr;
        hwaddr len;
        MemTxAttrs attrs;
    } bounce;
    MemoryMapping *mappings;
};

/**
 * address_space_init - show @root (at address 0, whatever its own offset) to
 * a bus master. Address spaces rooted on the same region share one flat view.
 * Takes a reference on @root.
 */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
/** address_space_destroy - all mappings must have been unmapped. */
void address_space_destroy(AddressSpace *as);

/**
 * address_space_set_observer - call @fn for every access issued on @as
 * (NULL to stop). Translated accesses are reported on the address space the
 * master used, with the address it used.
 */
void address_space_set_observer(AddressSpace *as, MemTxObserver fn,
                                void *opaque);

/**
 * address_space_rw - transfer @len bytes. The access is split where regions
 * end, and into the widest pieces each device's @valid rules allow. Bytes
 * past 2^64 - 1 fail with MEMTX_DECODE_ERROR.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf, hwaddr len);

/*
 * Typed accesses: one access of 1, 2, 4 or 8 bytes in the named byte order,
 * given to a device as a single access of that size (so its @valid rules
 * judge it). Only an access that straddles two regions is split. @res may be
 * NULL.
 */
uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                           MemTxResult *res);
uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *res);
uint16_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *res);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *res);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *res);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *res);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *res);
void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxAttrs attrs, MemTxResult *res);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *res);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *res);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *res);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *res);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *res);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *res);

/**
 * address_space_translate - resolve @addr through IOMMUs to the region that
 * serves it. On MEMTX_OK, *@section is that region's section, *@xlat the
 * offset inside the region, and *@plen is shortened to what the section (and
 * each IOMMU granule on the way) covers. On failure (unassigned, denied,
 * looping) *@plen is still shortened to the failing range.
 */
MemTxResult address_space_translate(AddressSpace *as, hwaddr addr,
                                    hwaddr *plen, bool is_write,
                                    MemTxAttrs attrs,
                                    MemoryRegionSection *section,
                                    hwaddr *xlat);

/**
 * IOMMUHop - one IOMMU region an access crossed on its way.
 * @iommu: the region; @iommu_idx: the index the access's attributes chose
 *   on it; @addr: the address inside it that was translated.
 * @target_as: where it sent the access (NULL: it refused it).
 */
typedef struct IOMMUHop {
    MemoryRegion *iommu;
    int iommu_idx;
    hwaddr addr;
    AddressSpace *target_as;
} IOMMUHop;

/**
 * address_space_translate_hops - address_space_translate() that also says
 * which IOMMUs the access went through, in order: the first @max_hops in
 * @hops (NULL: none kept) and how many there were, possibly more than
 * @max_hops, in *@nr_hops. On failure the hops up to the refusing one are
 * reported. A caller that keeps the result learns that it went stale from
 * notifiers on those IOMMUs and listeners on their target spaces.
 */
MemTxResult address_space_translate_hops(AddressSpace *as, hwaddr addr,
                                         hwaddr *plen, bool is_write,
                                         MemTxAttrs attrs,
                                         MemoryRegionSection *section,
                                         hwaddr *xlat, IOMMUHop *hops,
                                         unsigned max_hops,
                                         unsigned *nr_hops);

/**
 * address_space_map - a host pointer to up to *@plen bytes at @addr, for a
 * transfer in one direction. RAM (and, for reads, a ROM device in ROMD mode)
 * is mapped directly and *@plen shortened where host memory stops being
 * contiguous. Anything else goes through the address space's one bounce
 * buffer (at most MEMORY_BOUNCE_SIZE bytes), read in now for reads.
 * Returns NULL with *@plen = 0: *@res is MEMTX_OK when the bounce buffer is
 * busy (retry after an unmap), else why the address cannot be accessed.
 * @res may be NULL.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs, MemTxResult *res);
/**
 * address_space_unmap - end a mapping. For a write through the bounce
 * buffer, the first @access_len bytes are written back with the attributes
 * the mapping was made with; the result of that write is returned.
 */
MemTxResult address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                                bool is_write, hwaddr access_len);

/* ----------------------------------------------------------------- IOMMU */

/** memory_region_iommu_attrs_to_index - the index @attrs use on @iommu. */
int memory_region_iommu_attrs_to_index(MemoryRegion *iommu, MemTxAttrs attrs);
int memory_region_iommu_num_indexes(MemoryRegion *iommu);
/**
 * memory_region_register_iommu_notifier - watch @iommu. Errors:
 * MEM_ERR_INVAL (not an IOMMU region, index out of range, start > end, no
 * flags, already registered).
 */
MemErrCode memory_region_register_iommu_notifier(MemoryRegion *iommu,
                                                 IOMMUNotifier *n,
                                                 MemError *err);
void memory_region_unregister_iommu_notifier(IOMMUNotifier *n);
/**
 * memory_region_notify_iommu - the owner announces that the translation of
 * [@entry->iova, @entry->iova + @entry->addr_mask] for @iommu_idx changed:
 * every notifier of that index whose range overlaps and whose flags include
 * @type is called. A changed mapping is announced as UNMAP then MAP.
 */
void memory_region_notify_iommu(MemoryRegion *iommu, int iommu_idx,
                                IOMMUNotifierFlag type,
                                const IOMMUTLBEntry *entry);

/* ---------------------------------------------------------------- dumps */

/**
 * memory_dump_tree - the region trees of @spaces in the shape of QEMU's
 * `info mtree`: address spaces sharing a root are listed together, then
 * every alias target as "memory-region:".
 */
void memory_dump_tree(FILE *out, AddressSpace *const *spaces, size_t n);
/** memory_dump_flat - the flat views, in the shape of `info mtree -f`. */
void memory_dump_flat(FILE *out, AddressSpace *const *spaces, size_t n);

#endif
