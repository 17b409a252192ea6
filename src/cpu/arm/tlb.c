/*
 * The TLB's fill and slow path. A page is cached as RAM only when one RAM
 * section covers all of it in the address space the access goes to, and
 * for writes only if it is writable; everything else takes the slow path
 * each time, so devices see every access.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

static void tlb_topology_changed(MemoryListener *l)
{
    arm_tlb_flush(((ArmTlbListener *)l)->tlb);
}

ArmTlb *arm_tlb_new(ArmCpu *cpu)
{
    ArmTlb *tlb = calloc(1, sizeof(*tlb));
    assert(tlb != NULL);
    tlb->cpu = cpu;
    arm_tlb_flush(tlb);
    for (int i = 0; i < 2; i++) {
        if (i == 1 && cpu->as[1] == cpu->as[0]) {
            break;
        }
        tlb->watch[i].tlb = tlb;
        tlb->watch[i].listener.commit = tlb_topology_changed;
        memory_listener_register(&tlb->watch[i].listener, cpu->as[i]);
    }
    return tlb;
}

void arm_tlb_free(ArmTlb *tlb)
{
    for (int i = 0; i < 2; i++) {
        memory_listener_unregister(&tlb->watch[i].listener);
    }
    free(tlb);
}

void arm_tlb_flush(ArmTlb *tlb)
{
    arm_cpu_drop_fetch_page(tlb->cpu);
    for (unsigned m = 0; m < ARM_NR_MMU_IDX; m++) {
        for (unsigned i = 0; i < ARM_TLB_SIZE; i++) {
            tlb->e[m][i] = (ArmTlbEntry){ ARM_TLB_INVALID, ARM_TLB_INVALID,
                                          ARM_TLB_INVALID, NULL };
        }
    }
}

/* Caches @page for @acc if one plain RAM section serves all of it. */
static void tlb_fill(const ArmTlb *tlb, ArmTlbEntry *e, uint32_t page,
                     ArmAccess acc, AddressSpace *as, MemTxAttrs attrs)
{
    bool is_write = acc == ARM_ACC_WRITE;
    hwaddr len = 1u << ARM_PAGE_BITS;
    MemoryRegionSection s;
    hwaddr xlat;
    if (address_space_translate(as, page, &len, is_write, attrs, &s,
                                &xlat) != MEMTX_OK ||
        len < (1u << ARM_PAGE_BITS)) {
        return;
    }
    uint8_t *ram = memory_region_get_ram_ptr(s.mr);
    bool plain = memory_region_is_ram(s.mr);
    /* ROM device arrays are direct for reads in ROMD mode only. */
    bool direct = is_write ? plain && !s.readonly : plain || s.romd;
    if (!ram || !direct || tlb->cpu->no_fast_path) {
        return;
    }
    uint8_t *host = ram + xlat;
    if (e->host != host) {
        *e = (ArmTlbEntry){ ARM_TLB_INVALID, ARM_TLB_INVALID,
                            ARM_TLB_INVALID, host };
    }
    switch (acc) {
    case ARM_ACC_READ:
        e->tag_read = page;
        break;
    case ARM_ACC_WRITE:
        e->tag_write = page;
        break;
    case ARM_ACC_FETCH:
        e->tag_code = page;
        break;
    }
}

static void put_le(uint8_t *buf, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        buf[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *buf, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

/* One access of 1, 2, 4 or 8 bytes, handed to a device whole. */
static MemTxResult single_access(AddressSpace *as, uint32_t pa, unsigned size,
                                 bool is_write, MemTxAttrs attrs, uint8_t *buf)
{
    MemTxResult r;
    if (is_write) {
        uint64_t v = get_le(buf, size);
        switch (size) {
        case 1:
            address_space_stb(as, pa, (uint8_t)v, attrs, &r);
            break;
        case 2:
            address_space_stw_le(as, pa, (uint16_t)v, attrs, &r);
            break;
        case 4:
            address_space_stl_le(as, pa, (uint32_t)v, attrs, &r);
            break;
        default:
            address_space_stq_le(as, pa, v, attrs, &r);
            break;
        }
        return r;
    }
    uint64_t v;
    switch (size) {
    case 1:
        v = address_space_ldub(as, pa, attrs, &r);
        break;
    case 2:
        v = address_space_lduw_le(as, pa, attrs, &r);
        break;
    case 4:
        v = address_space_ldl_le(as, pa, attrs, &r);
        break;
    default:
        v = address_space_ldq_le(as, pa, attrs, &r);
        break;
    }
    put_le(buf, v, size);
    return r;
}

MemTxResult arm_tlb_access(ArmCpu *cpu, uint32_t va, unsigned size,
                           ArmAccess acc, bool user, uint8_t *buf)
{
    bool secure = arm_is_secure(cpu);
    MemTxAttrs attrs = { .secure = secure, .user = user };
    AddressSpace *as = cpu->as[secure ? ARM_AS_S : ARM_AS_NS];
    ArmTlbEntry *e = &cpu->tlb->e[arm_mmu_idx(cpu, user)]
                                 [(va >> ARM_PAGE_BITS) & (ARM_TLB_SIZE - 1)];
    /* With the MMU off the physical address is the virtual one. */
    uint32_t pa = va;
    tlb_fill(cpu->tlb, e, va & ARM_PAGE_MASK, acc, as, attrs);
    uint8_t *host = arm_tlb_host(cpu, va, size, acc, user);
    bool is_write = acc == ARM_ACC_WRITE;
    if (host) {
        if (is_write) {
            memcpy(host, buf, size);
        } else {
            memcpy(buf, host, size);
        }
        return MEMTX_OK;
    }
    if ((pa & ~ARM_PAGE_MASK) + size > (1u << ARM_PAGE_BITS) ||
        (size & (size - 1))) {
        /* Crossing a page: each byte where it belongs. */
        return address_space_rw(as, pa, attrs, buf, size, is_write);
    }
    return single_access(as, pa, size, is_write, attrs, buf);
}

MemTxResult arm_cpu_memory_rw(ArmCpu *cpu, uint32_t va, void *buf,
                              uint32_t len, bool is_write)
{
    bool secure = arm_is_secure(cpu);
    MemTxAttrs attrs = { .secure = secure, .user = arm_is_user(cpu) };
    /* With the MMU off the physical address is the virtual one. */
    return address_space_rw(cpu->as[secure ? ARM_AS_S : ARM_AS_NS], va, attrs,
                            buf, len, is_write);
}
