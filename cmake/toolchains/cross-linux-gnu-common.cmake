# Shared part of the Debian cross toolchain files (aarch64-linux-gnu.cmake,
# arm-linux-gnueabihf.cmake): the includer sets PLINTH_CROSS_TRIPLE and CMAKE_SYSTEM_PROCESSOR.
#
# Debian's cross compilers search the multiarch directories (/usr/include,
# /usr/lib/<triple>) by themselves, where tools/install_deps.sh installs the target's abseil,
# flatbuffers and googletest (dpkg --add-architecture). Programs (flatc, python3) are the
# host's.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${PLINTH_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${PLINTH_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${PLINTH_CROSS_TRIPLE})

set(CMAKE_FIND_ROOT_PATH /usr/${PLINTH_CROSS_TRIPLE})
# Target packages live in the host's multiarch tree, so "/" stays searchable for libraries and
# packages; CMAKE_LIBRARY_ARCHITECTURE keeps the search in /usr/lib/<triple>.
list(APPEND CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Tests (ctest, gtest_discover_tests) and build-time programs (the sample model writer) run under
# qemu-user with the target's loader and libc from multiarch (/lib/ld-linux-*.so,
# /lib/<triple>), which the target's packages install. Not `-L /usr/<triple>`: that loader comes
# from the cross toolchain's libc, finds the multiarch libc.so.6 through the host's ld.so.cache,
# and a loader and libc of different builds hang or crash in pthread_create.
find_program(PLINTH_QEMU qemu-${PLINTH_QEMU_ARCH} REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${PLINTH_QEMU})
