#!/usr/bin/env bash
# The one place that names Plinth's dependencies: Debian 12 packages only.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang pkg-config python3 python3-venv
  # sanitizers and libFuzzer runtimes, llvm-symbolizer for their reports
  libclang-rt-14-dev llvm-14
  # schema and core
  flatbuffers-compiler libflatbuffers-dev libabsl-dev libpthreadpool-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libopenblas-dev
  # GPU delegate: OpenCL ICD loader, headers, and PoCL as the CPU OpenCL device for tests
  ocl-icd-libopencl1 ocl-icd-opencl-dev opencl-headers pocl-opencl-icd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "install_deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
