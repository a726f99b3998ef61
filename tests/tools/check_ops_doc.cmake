# docs/ops.md must be exactly what `plinth plugins --markdown` prints for the built-in plugin, with
# a fixed header. Regenerate with tools/update_ops_doc.sh.
execute_process(COMMAND ${PLINTH_CLI} plugins --no-default-plugins --plugin ${BUILTIN_PLUGIN} --markdown
                OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "plinth plugins --markdown failed")
endif()
file(READ ${SOURCE_DIR}/tools/ops_doc_header.md header)
file(READ ${SOURCE_DIR}/docs/ops.md committed)
if(NOT committed STREQUAL "${header}${table}")
  message(FATAL_ERROR "docs/ops.md is out of date with the built-in plugin's registrations: run tools/update_ops_doc.sh")
endif()
