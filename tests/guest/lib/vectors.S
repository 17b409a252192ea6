/*
 * Exception vector tables for the guest tests: exc_vectors (for VBAR) and
 * mon_vectors (for MVBAR). Every handler saves r0-r12 and LR on its mode's
 * stack, calls exc_dispatch (lib/exc.c) with the frame, and returns with
 * LDM ^ to the address and SPSR the frame then holds. A32 only.
 */
    .syntax unified
    .arm
    .arch_extension sec
    .text

    .align 5
    .global exc_vectors
exc_vectors:
    b   .                   @ reset: not used
    b   exc_und
    b   exc_svc
    b   exc_pabt
    b   exc_dabt
    b   .                   @ Hyp trap: no Hyp mode here
    b   exc_irq
    b   exc_fiq

/* The same handlers again, for a second VBAR value (Non-secure world). */
    .align 5
    .global exc_vectors2
exc_vectors2:
    b   .
    b   exc_und
    b   exc_svc
    b   exc_pabt
    b   exc_dabt
    b   .
    b   exc_irq
    b   exc_fiq

    .align 5
    .global mon_vectors
mon_vectors:
    b   .
    b   .
    b   mon_smc
    b   mon_pabt
    b   mon_dabt
    b   .
    b   mon_irq
    b   mon_fiq

.macro HANDLER name, type
\name:
    push {r0-r12, lr}
    mov r1, #\type
    b   exc_common
.endm

    HANDLER exc_und, 1
    HANDLER exc_svc, 2
    HANDLER exc_pabt, 3
    HANDLER exc_dabt, 4
    HANDLER exc_irq, 6
    HANDLER exc_fiq, 7
    HANDLER mon_smc, 0x12
    HANDLER mon_pabt, 0x13
    HANDLER mon_dabt, 0x14
    HANDLER mon_irq, 0x16
    HANDLER mon_fiq, 0x17

exc_common:
    mrs r2, spsr
    push {r1, r2}           @ ExcFrame: type, spsr, r0-r12, lr
    mov r0, sp
    bl  exc_dispatch
    pop {r1, r2}
    msr spsr_fsxc, r2
    ldm sp!, {r0-r12, pc}^

/* uint32_t run_in_mode(uint32_t mode, uint32_t (*fn)(uint32_t), uint32_t arg) */
    .global run_in_mode
run_in_mode:
    push {r4-r11, lr}
    mrs r4, cpsr
    bic r4, r4, #0x1f
    orr r4, r4, r0
    mov r0, r2
    msr cpsr_c, r4
    blx r1
    svc #0xf0               @ SVC_TO_SVC: back to SVC mode, r0 kept
    pop {r4-r11, pc}

/* uint32_t smc_call(uint32_t cmd, uint32_t a1, uint32_t a2) */
    .global smc_call
smc_call:
    smc #0
    bx  lr

/* void mon_install(void): MVBAR and a Monitor stack (Secure PL1 only). */
    .global mon_install
mon_install:
    ldr r0, =mon_vectors
    mcr p15, 0, r0, c12, c0, 1
    isb
    mrs r1, cpsr
    cps #0x16
    ldr sp, =mon_stack_top
    msr cpsr_c, r1
    bx  lr

    .bss
    .align 3
mon_stack:
    .space 4096
mon_stack_top:
