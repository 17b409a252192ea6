# The ARM CPU: decode and execute, TLB, cp15, exceptions.
CPU_ARM_SRCS := $(wildcard src/cpu/arm/*.c)
