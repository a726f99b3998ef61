# `plinth new-plugin` end to end, as a user does it: install Plinth into a scratch prefix, generate
# a plugin folder with the installed CLI, configure it against the prefix with find_package(Plinth),
# build it, run its test, load it with the installed CLI and run a model using the op. Generating,
# configuring, building and testing must take under a minute (on an idle machine).
# Variables: PLINTH_BUILD_DIR, WORK_DIR, CTEST, USER_CXX_COMPILER and USER_CXX_FLAGS (the
# sanitizer flags of a sanitizer build, whose libplinth the user's test program links).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_failure pattern)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT "${out}${err}" MATCHES "${pattern}")
    message(FATAL_ERROR "expected a failure matching '${pattern}' from: ${ARGN}\n${out}${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${PLINTH_BUILD_DIR} --prefix ${WORK_DIR}/prefix)
set(plinth ${WORK_DIR}/prefix/bin/plinth)
set(folder ${WORK_DIR}/plugins/my_op)

string(TIMESTAMP start "%s")
run(${plinth} new-plugin MyOp --dir ${WORK_DIR}/plugins)
foreach(file CMakeLists.txt my_op.cc my_op_test.cc single_op_model.h README.md)
  if(NOT EXISTS ${folder}/${file})
    message(FATAL_ERROR "new-plugin did not write ${file}")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${folder} -B ${folder}/build -G Ninja -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_CXX_COMPILER=${USER_CXX_COMPILER}
    "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror ${USER_CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${folder}/build)
run(${CTEST} --test-dir ${folder}/build --output-on-failure)
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${start}")
# A minute on an idle machine; on a machine busy with other builds (load average above its core
# count) the limit grows with the load, so the check measures the template, not the neighbours.
cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
set(limit 60)
set(load 0)
if(EXISTS /proc/loadavg)
  file(READ /proc/loadavg loadavg)
  string(REGEX MATCH "^[0-9]+" load "${loadavg}")
  if(load GREATER cores)
    math(EXPR limit "60 * ${load} / ${cores}")
  endif()
endif()
message(STATUS "generate + configure + build + test: ${seconds} s (limit ${limit} s, ${cores} cores, load ${load})")
if(seconds GREATER limit)
  message(FATAL_ERROR "the template took ${seconds} s, more than ${limit} s")
endif()

# The test program's own check, and the model it writes, run by the installed CLI.
run(${folder}/build/my_op_test ${folder}/build/libplinth_my_op.so ${WORK_DIR}/my_op.tflite)
if(NOT last_output MATCHES "all 16 outputs match")
  message(FATAL_ERROR "unexpected test output:\n${last_output}")
endif()
run(${plinth} plugins --plugin ${folder}/build/libplinth_my_op.so)
if(NOT last_output MATCHES "plugin 'my_op'.*custom MyOp v1-1: FLOAT32")
  message(FATAL_ERROR "the installed CLI does not list the new plugin:\n${last_output}")
endif()
run(${plinth} run ${WORK_DIR}/my_op.tflite --plugin ${folder}/build/libplinth_my_op.so)
if(NOT last_output MATCHES "cpu \\(my_op\\): 1 node")
  message(FATAL_ERROR "the model did not run on the new plugin:\n${last_output}")
endif()

# Making it another elementwise op is two lines: Compute() and Reference(). Softsign here.
file(READ ${folder}/my_op.cc op)
string(REPLACE "return scale_ * x;" "return x / (1.f + std::fabs(x));" op "${op}")
file(WRITE ${folder}/my_op.cc "${op}")
file(READ ${folder}/my_op_test.cc test)
string(REPLACE "return kScale * x;" "return x / (1.f + std::fabs(x));" test "${test}")
file(WRITE ${folder}/my_op_test.cc "${test}")
if(NOT op MATCHES "std::fabs" OR NOT test MATCHES "std::fabs")
  message(FATAL_ERROR "the template no longer has the lines this test edits")
endif()
run(${CMAKE_COMMAND} --build ${folder}/build)
run(${CTEST} --test-dir ${folder}/build --output-on-failure)
run(${folder}/build/my_op_test ${folder}/build/libplinth_my_op.so)
if(NOT last_output MATCHES "all 16 outputs match")
  message(FATAL_ERROR "the two-line Softsign edit fails:\n${last_output}")
endif()

# Refusals: an existing folder is never overwritten; names must be identifiers.
expect_failure("exists and is not empty" ${plinth} new-plugin MyOp --dir ${WORK_DIR}/plugins)
expect_failure("not a usable op name" ${plinth} new-plugin 1bad --dir ${WORK_DIR}/plugins)
expect_failure("usage: plinth new-plugin NAME" ${plinth} new-plugin)
