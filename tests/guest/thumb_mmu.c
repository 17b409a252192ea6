/*
 * Thumb instruction fetch at a page boundary with the MMU on (built as
 * Thumb code): a 32-bit instruction whose first halfword is the last one
 * of a mapped page and whose second lies in an unmapped page takes the
 * prefetch abort for the instruction, IFAR the second halfword's address
 * (ARM ARM B3.12); so does a branch into the unmapped page and a 16-bit
 * instruction running into it. Everything else is mapped flat.
 */
#include <stdint.h>
#include <stdio.h>

#include "lib/guest.h"
#include "lib/thumb.h"

#define CODE_VA 0x50000000u

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2[256] __attribute__((aligned(1024)));
static uint16_t page[2048] __attribute__((aligned(4096)));

int main(void)
{
    exc_install();
    /* Sections, full access, domain 0; CODE_VA's megabyte through l2:
     * its first page is `page`, the second unmapped. */
    for (uint32_t i = 0; i < 4096; i++) {
        l1[i] = (i << 20) | (3u << 10) | 2;
    }
    l1[CODE_VA >> 20] = (uint32_t)l2 | 1;
    l2[0] = (uint32_t)page | (3u << 4) | 2;
    MCR(0, 2, 0, 0, (uint32_t)l1);
    MCR(0, 2, 0, 2, 0);
    MCR(0, 3, 0, 0, 1);
    MCR(0, 8, 7, 0, 0);
    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) | 1);
    printf("MMU on\n");

    /* MOVW r0, #0x1234's first halfword in the page's last one. */
    page[2047] = 0xf241;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    branch_and_resume((CODE_VA + 0xffe) | 1);
    exc_print("32-bit insn across into an unmapped page", CODE_VA + 0xffe);
    branch_and_resume((CODE_VA + 0x1000) | 1);
    exc_print("bx into the unmapped page", CODE_VA + 0x1000);
    /* MOVS r0, #5, then the next fetch falls into the unmapped page. */
    page[2047] = 0x2005;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    branch_and_resume((CODE_VA + 0xffe) | 1);
    exc_print("16-bit insn, then the next page", CODE_VA + 0xffe);

    MCR(0, 1, 0, 0, MRC(0, 1, 0, 0) & ~1u);
    printf("done\n");
    return 0;
}
