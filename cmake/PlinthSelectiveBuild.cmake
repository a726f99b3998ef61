# plinth_selective_entry(<out_var> <dir> <op list files>...)
#
# Generates <binary dir>/<dir>/selected_ops.inc from op list files (written by
# tools/selective_build/plinth_selective.py ops) and sets <out_var> to the sources of a selective
# entry point: builtin_ops/selective_entry.cc plus the generated table. The target compiling them
# needs <binary dir>/<dir> on its include path. Regenerates when a list or a kernel file changes.
function(plinth_selective_entry out_var dir)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
  set(script ${PROJECT_SOURCE_DIR}/tools/selective_build/plinth_selective.py)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${dir})
  set(lists)
  foreach(f ${ARGN})
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${PROJECT_BINARY_DIR})
    if(NOT EXISTS ${abs} AND NOT IS_ABSOLUTE ${f})
      get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
    endif()
    list(APPEND lists ${abs})
  endforeach()
  file(GLOB_RECURSE kernel_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/builtin_ops/*.cc)
  file(MAKE_DIRECTORY ${out_dir})
  add_custom_command(OUTPUT ${out_dir}/selected_ops.inc
    COMMAND ${Python3_EXECUTABLE} ${script} gen --ops ${lists}
            --sources ${PROJECT_SOURCE_DIR}/builtin_ops -o ${out_dir}/selected_ops.inc
    DEPENDS ${lists} ${script} ${kernel_sources}
    COMMENT "selective build: ops of ${ARGN}"
    VERBATIM)
  set(${out_var} ${PROJECT_SOURCE_DIR}/builtin_ops/selective_entry.cc ${out_dir}/selected_ops.inc
      PARENT_SCOPE)
endfunction()
