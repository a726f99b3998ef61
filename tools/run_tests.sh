#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, the TFLite oracle for differential tests
# (pinned, from PyPI, into build/oracle-venv), Release build and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
tools/install_deps.sh
if [ ! -x build/oracle-venv/bin/python3 ]; then
  python3 -m venv build/oracle-venv
fi
build/oracle-venv/bin/python3 -m pip install -q --disable-pip-version-check \
  -r tests/differential/requirements.txt
cmake --preset release
cmake --build --preset release
ctest --preset release
echo "run_tests: all passed in $(( $(date +%s) - start )) s"
