# End-to-end checks of the tzemu binary.
CHECK_DEPS += $(BUILD)/tzemu
CHECK_CMDS += tests/cli/test_cli.sh
