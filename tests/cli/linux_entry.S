@ A stand-in for a Linux image: loaded raw at RAM + 0x10000 and entered
@ through the boot stub, it prints (semihosting SYS_WRITE0, one hex word a
@ line) what the boot protocol hands it: r0, r1, r2, the CPSR's mode and
@ mask bits (the flags are UNKNOWN out of reset, ARM DDI 0406C B1.3.3), and
@ the device tree's magic and totalsize at r2 (big-endian words read as
@ little-endian), and GICD_IGROUPR0, which reads as zero from the
@ Non-secure world (GIC v2 spec 4.3.12) and shows from the Secure one how
@ the GIC was left. Then SYS_EXIT.
    .arm
    .global _start
_start:
    adr     r10, vals
    mrs     r3, cpsr
    bic     r3, r3, #0xf0000000
    ldr     r4, [r2]
    ldr     r5, [r2, #4]
    ldr     r6, =0x08000080
    ldr     r6, [r6]
    stmia   r10, {r0-r6}
    mov     r11, #0
1:  ldr     r0, [r10, r11, lsl #2]
    bl      hex
    add     r11, r11, #1
    cmp     r11, #7
    blt     1b
    mov     r0, #0x18
    ldr     r1, =0x20026
    svc     0x123456

@ Prints r0 as eight hex digits and a newline.
hex:
    adr     r1, buf
    mov     r2, #28
2:  lsr     r3, r0, r2
    and     r3, r3, #15
    cmp     r3, #10
    addlt   r3, r3, #'0'
    addge   r3, r3, #('a' - 10)
    strb    r3, [r1], #1
    subs    r2, r2, #4
    bge     2b
    mov     r0, #4
    adr     r1, buf
    svc     0x123456
    bx      lr

    .ltorg
    .align  2
vals:
    .space  28
buf:
    .space  8
    .byte   10, 0
