/*
 * The IOMMU benchmark's guest: reads a word from each of 128 consecutive
 * pages in turn, the window of pages sliding one page every 2048 reads
 * through a 64 MiB working set, and every N reads asks the controller to
 * flip one block (a different one each time). The host sets the inputs:
 * r0 working-set base, r2 its size - 1, r6 N (0: never), r7 the
 * controller, r9 how many reads. At the end it writes the sum of what it
 * read to the controller's second register, which stops the run.
 */
    .syntax unified
    .arm
    .global _start
_start:
    mov     r1, #0              @ reads done
    mov     r4, #0              @ sum
    mov     r8, #0              @ the block to flip next
    movw    r11, #7919          @ step between flipped blocks (a prime)
    subs    r5, r6, #0          @ reads until the next flip
    mvneq   r5, #0
loop:
    and     r3, r1, #127        @ page in the window
    lsr     r10, r1, #7
    lsl     r10, r10, #8        @ window base and word offset
    add     r3, r10, r3, lsl #12
    and     r3, r3, r2
    ldr     r10, [r0, r3]
    add     r4, r4, r10
    add     r1, r1, #1
    subs    r5, r5, #1
    bne     next
    mov     r5, r6
    add     r8, r8, r11
    str     r8, [r7]
next:
    cmp     r1, r9
    bne     loop
    str     r4, [r7, #4]
    b       .
