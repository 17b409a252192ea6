# Devices: one file per device, plus the interrupt lines they raise.
HW_SRCS := $(wildcard src/hw/*.c)
