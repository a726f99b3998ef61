# The plugins of plugins/ build as users build them: install Plinth into a scratch prefix, then
# configure each plugin folder on its own against it (find_package(Plinth) only), build it with
# warnings as errors, and list what it registers with the installed CLI.
# Variables: PLINTH_BUILD_DIR, PLINTH_SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${PLINTH_BUILD_DIR} --prefix ${WORK_DIR}/prefix)

# folder;library;a line `plinth plugins` must print
set(plugins
  "detection_postprocess|plinth_detection_postprocess|custom TFLite_Detection_PostProcess v1-1: FLOAT32, UINT8, INT8"
  "mediapipe|plinth_mediapipe_ops|custom MaxUnpooling2D v1-1: FLOAT32")
foreach(entry ${plugins})
  string(REPLACE "|" ";" fields "${entry}")
  list(GET fields 0 folder)
  list(GET fields 1 library)
  list(GET fields 2 expected)
  run(${CMAKE_COMMAND} -S ${PLINTH_SOURCE_DIR}/plugins/${folder} -B ${WORK_DIR}/${folder}
      -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
      "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror")
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/${folder})
  run(${WORK_DIR}/prefix/bin/plinth plugins --plugin ${WORK_DIR}/${folder}/lib${library}.so)
  string(FIND "${last_output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "plinth plugins does not list '${expected}':\n${last_output}")
  endif()
endforeach()
