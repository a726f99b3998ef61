#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, Release build and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
tools/install_deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
echo "run_tests: all passed in $(( $(date +%s) - start )) s"
