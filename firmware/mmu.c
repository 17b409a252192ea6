/*
 * The Secure MMU, on only while tzmon reads and moves the device tree: a
 * flat map of 1 MiB sections (ARM ARM B3.5.1) in which RAM is reached with
 * Non-secure accesses (the section's NS bit, B3.5.2), because the MPC lets
 * only Non-secure accesses into RAM's Non-secure blocks. Flash and the
 * Secure RAM are Normal memory, the rest Device; domain 0 is a manager
 * domain, so no permission is checked (B3.7.3).
 */
#include "tzmon.h"

#define SECTION 2u
#define SECTION_B (1u << 2)
#define SECTION_C (1u << 3)
#define SECTION_AP_RW (3u << 10)
#define SECTION_NS (1u << 19)
#define SCTLR_M 1u
#define DACR_D0_MANAGER 3u
/* Flash (64 MiB) and the Secure RAM at 0x0e000000 (16 MiB). */
#define FLASH_END 0x04000000u
#define SECURE_RAM_BASE 0x0e000000u
#define SECURE_RAM_END 0x0f000000u

/* The first-level table: 4096 entries, 16 KiB aligned (TTBR0, B4.1.154). */
static uint32_t l1_table[4096] __attribute__((aligned(16384)));

static uint32_t section(uint32_t base)
{
    bool normal = base < FLASH_END ||
                  (base >= SECURE_RAM_BASE && base < SECURE_RAM_END);
    if (base >= RAM_BASE) {
        return base | SECTION | SECTION_AP_RW | SECTION_C | SECTION_B |
               SECTION_NS;
    }
    return base | SECTION | SECTION_AP_RW |
           (normal ? SECTION_C | SECTION_B : SECTION_B);
}

static void tlb_invalidate(void)
{
    __asm__ volatile("mcr p15, 0, %0, c8, c7, 0\n\tdsb\n\tisb" ::"r"(0)
                     : "memory");
}

static uint32_t sctlr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}

static void sctlr_write(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" ::"r"(v) : "memory");
}

void mmu_ns_ram_on(void)
{
    for (uint32_t i = 0; i < 4096; i++) {
        l1_table[i] = section(i << 20);
    }
    /* TTBCR 0: TTBR0 translates everything, short descriptors. */
    __asm__ volatile("mcr p15, 0, %0, c2, c0, 2\n\t"
                     "mcr p15, 0, %1, c2, c0, 0\n\t"
                     "mcr p15, 0, %2, c3, c0, 0\n\tisb"
                     ::"r"(0), "r"((uint32_t)l1_table), "r"(DACR_D0_MANAGER)
                     : "memory");
    tlb_invalidate();
    sctlr_write(sctlr_read() | SCTLR_M);
}

void mmu_off(void)
{
    sctlr_write(sctlr_read() & ~SCTLR_M);
    tlb_invalidate();
}
