/*
 * A Non-secure payload for tzmon in the shape of a Linux zImage (the
 * magic word and the start/end words at 0x24, arch/arm/boot/compressed/
 * head.S), so tzmon enters it as it enters Linux: Non-secure SVC at
 * RAM + 0x10000. CPU_ON brings the other CPU in at secondary_entry.
 */
    .syntax unified
    .arm
    .section .start, "ax"
    .global _start
_start:
    b       primary_entry
    .space  0x24 - 4
    .word   0x016f2818                  @ zImage magic
    .word   0                           @ start
    .word   __image_size                @ end: the whole file

primary_entry:
    ldr     sp, =__stack_top
    bl      payload_main
1:  wfi
    b       1b

    .global secondary_entry
secondary_entry:
    ldr     sp, =__stack_top
    sub     sp, sp, #0x1000
    bl      payload_secondary           @ r0: CPU_ON's context id
1:  wfi
    b       1b
