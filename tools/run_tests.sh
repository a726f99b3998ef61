#!/usr/bin/env bash
# The whole test suite, as CI runs it: dependencies, the TFLite oracle for differential tests
# (pinned, from PyPI, into build/oracle-venv), the Release build and its tests, then the hardening
# stages: every test again under AddressSanitizer+UndefinedBehaviorSanitizer, each libFuzzer
# harness for about a minute (a fixed, seeded number of inputs, so a failure reproduces), and the
# concurrency tests under ThreadSanitizer.
# Last, the ARM stage: with the cross toolchains (PLINTH_CROSS=1 tools/install_deps.sh, started
# in the background right after the host dependencies) it cross-compiles with the presets aarch64
# and armv7 and runs a test subset under qemu-user: the core tests, the kernel tests of every op
# with SIMD variants (NEON there), the golden models and the CLI's report of the NEON kernels it
# picked (tests/CMakeLists.txt, PLINTH_CROSS_TESTS).
# PLINTH_CROSS_PRESETS names the presets of that stage (default "aarch64 armv7"; empty skips it).
# PLINTH_SKIP_SANITIZERS=1 stops after the Release tests (a quicker local loop; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { echo "== run_tests: $1 (at $(( $(date +%s) - start )) s)"; }

stage "dependencies"
tools/install_deps.sh
cross_presets=${PLINTH_CROSS_PRESETS-aarch64 armv7}
if [ "${PLINTH_SKIP_SANITIZERS:-0}" = 1 ]; then cross_presets=; fi
# The cross toolchains (about 400 MB of packages) download and install while the host builds
# compile; the ARM stage waits for them.
cross_deps_pid=
if [ -n "$cross_presets" ]; then
  mkdir -p build
  PLINTH_CROSS=1 tools/install_deps.sh > build/cross-deps.log 2>&1 &
  cross_deps_pid=$!
fi
if [ ! -x build/oracle-venv/bin/python3 ]; then
  python3 -m venv build/oracle-venv
fi
build/oracle-venv/bin/python3 -m pip install -q --disable-pip-version-check \
  -r tests/differential/requirements.txt

stage "release build and tests"
cmake --preset release
cmake --build --preset release
ctest --preset release

if [ "${PLINTH_SKIP_SANITIZERS:-0}" != 1 ]; then
  stage "asan+ubsan build and tests"
  cmake --preset asan
  cmake --build --preset asan
  ctest --preset asan
  stage "fuzzers"
  PLINTH_FUZZ_REPRODUCIBLE=1 tools/run_fuzzers.sh "${PLINTH_FUZZ_SECONDS:-60}"
  stage "tsan build and concurrency tests"
  cmake --preset tsan
  cmake --build --preset tsan
  ctest --preset tsan
  if [ -n "$cross_deps_pid" ]; then
    stage "cross dependencies (installed in the background since the start)"
    if ! wait "$cross_deps_pid"; then
      cat build/cross-deps.log
      echo "run_tests: installing the cross toolchains failed (log above)" >&2
      exit 1
    fi
    tail -n 3 build/cross-deps.log
  fi
  for preset in $cross_presets; do
    stage "$preset cross build and tests under qemu"
    cmake --preset "$preset"
    cmake --build --preset "$preset"
    ctest --preset "$preset"
  done
fi
echo "run_tests: all passed in $(( $(date +%s) - start )) s"
