# Cross build for 64-bit ARM Linux (Raspberry Pi 4/5 on a 64-bit OS, Android-class CPUs) with
# Debian's g++-aarch64-linux-gnu; tests run under qemu-aarch64. NEON is baseline on AArch64; the
# dot-product kernels are chosen at run time (builtin_ops/gemm/isa.h). Preset: aarch64.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(PLINTH_CROSS_TRIPLE aarch64-linux-gnu)
set(PLINTH_QEMU_ARCH aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/cross-linux-gnu-common.cmake)
