# End-to-end checks of the tzemu binary.
tests/cli/test_cli.sh: $(BUILD)/tzemu

CHECK_BINS += tests/cli/test_cli.sh
