/*
 * The TZ-MPC in front of main RAM (SIE-200 register map; see tzemu's
 * docs/reference devices.md 1.1): every block Non-secure but the carve-out
 * at the top, which only Secure accesses reach; a blocked access (RAZ/WI,
 * CTRL.SEC_RESP 0) raises the MPC's interrupt, which tzmon logs and clears.
 */
#include "tzmon.h"

#define MPC_CTRL 0x000u
#define MPC_BLK_MAX 0x010u
#define MPC_BLK_CFG 0x014u
#define MPC_BLK_IDX 0x018u
#define MPC_BLK_LUT 0x01cu
#define MPC_INT_CLEAR 0x024u
#define MPC_INT_EN 0x028u
#define MPC_INT_INFO1 0x02cu
#define MPC_INT_INFO2 0x030u
#define CTRL_AUTOINC (1u << 8)
#define INFO2_HMASTER 0xffffu
#define INFO2_HNONSEC (1u << 16)
#define INFO2_CFG_NS (1u << 17)

/* The RAM base the MPC's offsets count from. */
static uint32_t mpc_ram_base;

void mpc_setup(uint32_t ram_base, uint32_t ram_size, uint32_t carve_base)
{
    uint32_t block = 1u << ((mmio_read(MPC_BASE + MPC_BLK_CFG) & 0xfu) + 5);
    uint32_t words = mmio_read(MPC_BASE + MPC_BLK_MAX) + 1;
    uint32_t first_secure = (carve_base - ram_base) / block;
    uint32_t nr_blocks = ram_size / block;
    mpc_ram_base = ram_base;
    mmio_write(MPC_BASE + MPC_CTRL, CTRL_AUTOINC);
    mmio_write(MPC_BASE + MPC_BLK_IDX, 0);
    for (uint32_t w = 0; w < words; w++) {
        /* LUT bit n of word w: block 32w + n, 1 = Non-secure. */
        uint32_t ns = 0;
        for (unsigned bit = 0; bit < 32; bit++) {
            uint32_t b = w * 32 + bit;
            ns |= (uint32_t)(b < first_secure || b >= nr_blocks) << bit;
        }
        mmio_write(MPC_BASE + MPC_BLK_LUT, ns);
    }
    mmio_write(MPC_BASE + MPC_INT_CLEAR, 1);
    mmio_write(MPC_BASE + MPC_INT_EN, 1);
}

/* INT_INFO1 holds the offset in the protected memory (tzemu's MPC, as
 * QEMU's); only the first blocked access is kept until INT_CLEAR. */
void mpc_interrupt(void)
{
    uint32_t info1 = mmio_read(MPC_BASE + MPC_INT_INFO1);
    uint32_t info2 = mmio_read(MPC_BASE + MPC_INT_INFO2);
    con_printf("tzmon: MPC blocked a %s access to 0x%08x (a %s block), "
               "master %u\n",
               info2 & INFO2_HNONSEC ? "Non-secure" : "Secure",
               mpc_ram_base + info1,
               info2 & INFO2_CFG_NS ? "Non-secure" : "Secure",
               info2 & INFO2_HMASTER);
    mmio_write(MPC_BASE + MPC_INT_CLEAR, 1);
}
