// args: -M virt,secure=on
/*
 * The generic timer test from Secure SVC on `virt,secure=on`: the CNTP_*
 * registers reach the Secure physical timer, whose interrupt is ID 29.
 */
#include "timer.c"
