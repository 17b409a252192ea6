/*
 * VFPv3-D32 on the Cortex-A15 (ARM ARM DDI 0406C A2.7, A7, A8, B6.1), without
 * Advanced SIMD: the decoder entry point shared by the A32 and T32
 * decoders, and the VFP identification registers.
 */
#ifndef TZEMU_CPU_ARM_VFP_H
#define TZEMU_CPU_ARM_VFP_H

#include <stdbool.h>
#include <stdint.h>

#include "a32.h"

/* FPSID, MVFR0 and MVFR1 of the Cortex-A15 with the Advanced SIMD fields
 * of MVFR1 cleared: VFPv3 with half-precision conversions, 32 double
 * registers, FZ and DN (B6.1.3, B6.1.4, B6.1.5). */
#define VFP_FPSID 0x410430f0u
#define VFP_MVFR0 0x10110222u
#define VFP_MVFR1 0x01000011u

/**
 * arm_vfp_decode - decode a coprocessor 10/11 instruction into @in.
 * @word: the instruction in A32 layout (T32 words with the top nibble set
 * to 0xE); the condition field is the caller's.
 * Returns false, leaving @in alone, when @word is no VFP instruction.
 * The execution functions read only @in's fields, never @in->raw, and
 * check CPACR, NSACR and FPEXC when they run.
 */
bool arm_vfp_decode(uint32_t word, ArmInsn *in);

#endif
