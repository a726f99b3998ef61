# Installs Plinth into a scratch prefix, builds the example plugin against it with
# find_package(Plinth) from outside the tree, and runs a model using the plugin's op through the
# installed CLI. Variables: PLINTH_BUILD_DIR, PLINTH_SOURCE_DIR, WORK_DIR, MAKE_MODEL, CHECK_OUTPUT.
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
run(${CMAKE_COMMAND} -S ${PLINTH_SOURCE_DIR}/plugins/examples/softsign -B ${WORK_DIR}/plugin
    -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/plugin)
run(${MAKE_MODEL} ${WORK_DIR}/softsign.tflite ${WORK_DIR}/input.bin)
# The installed CLI finds the installed built-in plugin in its default directory on its own.
run(${WORK_DIR}/prefix/bin/plinth run ${WORK_DIR}/softsign.tflite
    --plugin ${WORK_DIR}/plugin/libplinth_softsign.so --input 0=${WORK_DIR}/input.bin
    --output-dir ${WORK_DIR}/out)
message(STATUS "${last_output}")
if(NOT last_output MATCHES "cpu \\(softsign\\): 1 node; cpu \\(builtin_ops\\): 1 node")
  message(FATAL_ERROR "placement does not show both plugins:\n${last_output}")
endif()
run(${CHECK_OUTPUT} ${WORK_DIR}/input.bin ${WORK_DIR}/out/output0.bin)
# And the installed default plugin directory is where the built-in plugin landed.
run(${WORK_DIR}/prefix/bin/plinth plugins)
if(NOT last_output MATCHES "prefix/lib/plinth/plugins/libplinth_builtin_ops.so")
  message(FATAL_ERROR "the installed built-in plugin is not in the default directory:\n${last_output}")
endif()
