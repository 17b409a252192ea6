/*
 * tzmon's entry points: the Secure vectors at the reset address, the
 * Monitor vectors (MVBAR) for SMC and FIQ, the way into the Non-secure
 * world, and the stacks. Every CPU starts here in Secure SVC (ARM ARM
 * B1.9.1: reset is taken in Secure state).
 */
    .syntax unified
    .arm

    .equ MODE_SVC, 0x13
    .equ MODE_MON, 0x16
    .equ PSR_F, 0x40
    .equ PSR_I, 0x80
    .equ PSR_A, 0x100
    .equ PSR_T, 0x20
    .equ SCR_FOR_NS, 0x25        @ NS, FIQ to Monitor, AW (main.c)
    .equ STACK_PER_CPU, 0x2000   @ Monitor's 4 KiB above SVC's 4 KiB
    .equ SCTLR_RESET, 0x00c50078 @ Cortex-A15 TRM 4.3.27

    .section .vectors, "ax"
    .global _start
_start:
    b       reset
    b       trap_undef
    b       trap_svc
    b       trap_pabt
    b       trap_dabt
    b       trap_unused
    b       trap_irq
    b       trap_fiq

/* Monitor vectors: 32-byte aligned (MVBAR's low five bits are zero). */
    .balign 32
monitor_vectors:
    b       trap_unused
    b       trap_unused
    b       smc_entry
    b       trap_pabt
    b       trap_dabt
    b       trap_unused
    b       trap_irq
    b       fiq_entry

    .text
/* r0 = this CPU's stack top (its Monitor stack), from MPIDR.Aff0. */
cpu_stack_top:
    mrc     p15, 0, r0, c0, c0, 5
    and     r0, r0, #0xff
    ldr     r1, =__stacks_end
    sub     r0, r1, r0, lsl #13
    bx      lr

reset:
    cpsid   aif
    bl      cpu_stack_top
    cps     #MODE_MON
    mov     sp, r0
    sub     r0, r0, #STACK_PER_CPU / 2
    cps     #MODE_SVC
    mov     sp, r0
    ldr     r0, =monitor_vectors
    mcr     p15, 0, r0, c12, c0, 1      @ MVBAR
    isb
    mrc     p15, 0, r0, c0, c0, 5
    ands    r0, r0, #0xff
    bne     tzmon_secondary             @ r0 = CPU index
    ldr     r0, =__data_start           @ CPU 0: .data from flash, .bss 0
    ldr     r1, =__data_load
    ldr     r2, =__data_end
1:  cmp     r0, r2
    ldrlo   r3, [r1], #4
    strlo   r3, [r0], #4
    blo     1b
    ldr     r0, =__bss_start
    ldr     r2, =__bss_end
    mov     r3, #0
2:  cmp     r0, r2
    strlo   r3, [r0], #4
    blo     2b
    bl      tzmon_main
    b       tzmon_halt

/* SMC from the Non-secure world: a PSCI call in r0-r3, the result in r0;
 * every other register is preserved (SMCCC). */
smc_entry:
    push    {r4-r12, lr}
    push    {r0-r3}
    mov     r0, sp
    bl      psci_call
    add     sp, sp, #4
    pop     {r1-r3}
    pop     {r4-r12, lr}
    movs    pc, lr

/* FIQ, routed to Monitor mode by SCR.FIQ: the MPC's interrupt. */
fiq_entry:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      tzmon_fiq
    pop     {r0-r3, r12, lr}
    movs    pc, lr

/* tzmon_enter_ns(entry, r0, r1, r2): Non-secure SVC at entry (bit 0:
 * Thumb) with IRQs and aborts masked, FIQs not (SCR.FW 0 keeps them out
 * of the Non-secure world's hands, and they go to Monitor mode), and the
 * Non-secure SCTLR as at reset: a CPU that PSCI turned off and on again
 * starts with its MMU and caches off (DEN 0022D 6.4.3). */
    .global tzmon_enter_ns
tzmon_enter_ns:
    cps     #MODE_MON
    ldr     r12, =(MODE_SVC | PSR_I | PSR_A)
    tst     r0, #1
    orrne   r12, r12, #PSR_T
    bic     lr, r0, #1
    msr     spsr_cxsf, r12
    mov     r0, #SCR_FOR_NS
    mcr     p15, 0, r0, c1, c1, 0       @ SCR
    isb
    ldr     r0, =SCTLR_RESET
    mcr     p15, 0, r0, c1, c0, 0       @ the Non-secure SCTLR (SCR.NS)
    isb
    mov     r0, r1
    mov     r1, r2
    mov     r2, r3
    movs    pc, lr

/* A CPU that PSCI turned off: back on its own Monitor stack, Secure, it
 * waits for CPU_ON. */
    .global tzmon_hold
tzmon_hold:
    bl      cpu_stack_top
    mov     sp, r0
    mrc     p15, 0, r0, c1, c1, 0
    bic     r0, r0, #1                  @ SCR.NS
    mcr     p15, 0, r0, c1, c1, 0
    isb
    mrc     p15, 0, r0, c0, c0, 5
    and     r0, r0, #0xff
    b       psci_hold

    .global tzmon_halt
tzmon_halt:
    cpsid   aif
1:  wfi
    b       1b

/* Unexpected exceptions: report from Monitor mode (its stack is set). */
    .macro trap name, vector
trap_\name:
    mov     r0, #\vector
    mov     r1, lr
    mrs     r2, spsr
    cps     #MODE_MON
    b       tzmon_trap
    .endm
    trap undef, 0x04
    trap svc, 0x08
    trap pabt, 0x0c
    trap dabt, 0x10
    trap unused, 0x14
    trap irq, 0x18
    trap fiq, 0x1c

    .section .stacks, "aw", %nobits
    .balign 8
    .space STACK_PER_CPU * 8
    .global __stacks_end
__stacks_end:
