# Board models: address maps and wiring.
BOARD_SRCS := $(wildcard src/boards/*.c)
