# Warnings and sanitizers for every target of the project (not for out-of-tree plugins).
add_compile_options(-Wall -Wextra)
if(PLINTH_WERROR)
  add_compile_options(-Werror)
endif()
# Out-of-tree builds that tests make against this build's install (plugins and programs linking
# libplinth) need the same sanitizer runtime: PLINTH_SANITIZER_FLAGS carries it to them.
set(PLINTH_SANITIZER_FLAGS "")
if(PLINTH_SANITIZE)
  set(PLINTH_SANITIZER_FLAGS "-fsanitize=address,undefined")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(PLINTH_TSAN)
  set(PLINTH_SANITIZER_FLAGS "-fsanitize=thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(PLINTH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PLINTH_FUZZ needs clang (libFuzzer); configure with the asan preset")
  endif()
  # Coverage instrumentation everywhere; the fuzz targets add libFuzzer's main at link time.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
