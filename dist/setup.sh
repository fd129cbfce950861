#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu, the zip unpacked in /autograder/source): it installs the Debian
# packages grading needs and builds the grader and the lab's spec tests.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v make >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make
fi
make -C ipclab build GRADING_ONLY=1
