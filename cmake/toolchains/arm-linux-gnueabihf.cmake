# Cross build for 32-bit ARMv7-A with NEON and the hard-float ABI (32-bit Raspberry Pi OS) with
# Debian's g++-arm-linux-gnueabihf; tests run under qemu-arm. Debian's armhf baseline is
# ARMv7 + VFPv3-D16 without NEON, so NEON is asked for here; every ARMv7 CPU in a Raspberry Pi 2
# or later has it. Preset: armv7.
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(PLINTH_CROSS_TRIPLE arm-linux-gnueabihf)
set(PLINTH_QEMU_ARCH arm)
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
set(CMAKE_CXX_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/cross-linux-gnu-common.cmake)
