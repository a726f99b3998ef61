# plinth_add_plugin(<target> <sources>...)
#
# Builds a Plinth plugin: a MODULE library that exports only `plinth_plugin_entry` (version script,
# hidden visibility) and is loaded with dlopen. Used in-tree and, installed with the SDK, by
# out-of-tree plugins after find_package(Plinth).
set(PLINTH_PLUGIN_EXPORT_MAP "${CMAKE_CURRENT_LIST_DIR}/plinth_plugin.map")

function(plinth_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  if(TARGET Plinth::sdk)
    target_link_libraries(${target} PRIVATE Plinth::sdk)
  else()
    target_link_libraries(${target} PRIVATE plinth_sdk)
  endif()
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    PREFIX "lib")
  target_link_options(${target} PRIVATE "-Wl,--version-script=${PLINTH_PLUGIN_EXPORT_MAP}")
  # Catch missing symbols at link time, except in sanitizer builds (ours, or a user's with
  # -fsanitize= in CMAKE_CXX_FLAGS), where the sanitizer runtime lives in the executable and
  # resolves only at load time.
  if(NOT PLINTH_SANITIZE AND NOT PLINTH_TSAN AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
    target_link_options(${target} PRIVATE "-Wl,--no-undefined")
  endif()
endfunction()
