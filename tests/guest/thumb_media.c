/*
 * media.c built as Thumb code (module.mk builds thumb*.c with -mthumb):
 * the same parallel add/subtract, saturation, packing, extension,
 * reversal, bit-field and sum-of-differences operations through their
 * 32-bit Thumb encodings, so the output is media.c's.
 */
#include "media.c"
