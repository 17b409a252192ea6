/*
 * The IOMMU benchmark's guest: reads a word from each of 128 consecutive
 * pages in turn, the window of pages sliding one page every 2048 reads
 * through a 64 MiB working set behind a TZ-MPC, and every N reads flips
 * one MPC block to Non-secure and back (a different block each time)
 * through the MPC's BLK_IDX and BLK_LUT: two changes the MPC announces,
 * and the data the guest reads stays the same. The host sets the inputs:
 * r0 working-set base, r2 its size - 1, r6 N (0: never), r7 the
 * controller (the MPC's registers 0x1000 above it), r9 how many reads. At
 * the end it writes the sum of what it read to the controller's second
 * register, which stops the run.
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
    ubfx    r12, r8, #0, #14    @ the block (16384 of them)
    add     r3, r7, #0x1000     @ the MPC's registers
    lsr     r10, r12, #5
    str     r10, [r3, #0x18]    @ BLK_IDX: its look-up table word
    and     r12, r12, #31
    mov     lr, #1
    lsl     lr, lr, r12         @ its bit
    ldr     r12, [r3, #0x1c]    @ BLK_LUT (each access moves BLK_IDX on)
    str     r10, [r3, #0x18]
    eor     r12, r12, lr
    str     r12, [r3, #0x1c]    @ the block Non-secure
    str     r10, [r3, #0x18]
    eor     r12, r12, lr
    str     r12, [r3, #0x1c]    @ and Secure again
next:
    cmp     r1, r9
    bne     loop
    str     r4, [r7, #4]
    b       .
