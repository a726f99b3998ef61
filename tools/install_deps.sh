#!/usr/bin/env bash
# The one place that names Plinth's dependencies: Debian 12 packages only.
#
# Cross builds (presets aarch64 and armv7, tested under qemu-user) need Debian's cross compilers,
# qemu-user and the target's libraries through multiarch: PLINTH_CROSS=1 installs them too (about
# 400 MB; tools/run_tests.sh does so for its ARM stage, which CI runs).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang pkg-config python3 python3-venv
  # the style check (tests/style)
  clang-format
  # sanitizers and libFuzzer runtimes, llvm-symbolizer for their reports
  libclang-rt-14-dev llvm-14
  # schema and core
  flatbuffers-compiler libflatbuffers-dev libabsl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libopenblas-dev
  # GPU delegate: OpenCL ICD loader, headers, and PoCL as the CPU OpenCL device for tests
  ocl-icd-libopencl1 ocl-icd-opencl-dev opencl-headers pocl-opencl-icd
)

# Cross targets: Debian triple and dpkg architecture. flatc stays the host's.
cross_targets=("aarch64-linux-gnu:arm64" "arm-linux-gnueabihf:armhf")
# Target libraries that co-install through multiarch (Multi-Arch: same).
cross_multiarch_libs=(libabsl-dev libflatbuffers-dev libgtest-dev libgmock-dev)
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
with_cross=0
if [ "${PLINTH_CROSS:-0}" = 1 ]; then with_cross=1; fi
if [ $with_cross = 1 ]; then
  packages+=(qemu-user)
  for t in "${cross_targets[@]}"; do
    triple=${t%%:*}
    arch=${t##*:}
    packages+=("g++-$triple")
    for lib in "${cross_multiarch_libs[@]}"; do packages+=("$lib:$arch"); done
    if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
      "${sudo_cmd[@]}" dpkg --add-architecture "$arch"
    fi
  done
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages present"
else
  echo "install_deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q || true  # a foreign index mid-sync must not stop the rest
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi

